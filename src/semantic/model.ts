import type {
  AssignmentStatement,
  CallExpression,
  CodeExpression,
  Expression,
  MemberExpression,
  NameExpression,
  PointBlock,
  Program,
  RuleSet,
  UnaryExpression,
} from "../syntax/ast.js";
import type { Catalogs, MemberInfo, MethodMember, ModuleInfo, PointInfo, ProtocolInfo, SignatureInfo } from "./catalog.js";
import type { Type } from "./types.js";

/**
 * What the semantic stage learnt about one program, for the stages after it
 * (policy checks, compiler, linter, IRML converter). Every map is keyed by
 * the AST node itself, so a later stage walks the tree it already has and
 * asks the model about the nodes it meets:
 *
 * ```ts
 * const { model } = analyzeProgram(parse);
 * model.types.get(expr);          // the expression's static type
 * model.resolutions.get(member);  // what `Http.request.method` denotes
 * model.points.get(block);        // `at 4` → response_out
 * ```
 *
 * Nodes inside an expression that already had an error may have no entry.
 */
export interface SemanticModel {
  /** The catalogs the program was checked against. */
  readonly catalogs: Catalogs;
  /** The static type of every expression the checker visited. */
  readonly types: ReadonlyMap<Expression, Type>;
  /** What every Name, Member and Call expression denotes. */
  readonly resolutions: ReadonlyMap<NameExpression | MemberExpression | CallExpression, Resolution>;
  /**
   * The availability constraints of an expression: the catalog members it
   * reads that exist only at some points (directly or through a binding).
   * Absent for expressions valid at every point.
   */
  readonly requirements: ReadonlyMap<Expression, readonly PointConstraint[]>;
  /** Each point block's point, resolved to its canonical name (`at 4` → response_out). */
  readonly points: ReadonlyMap<PointBlock, PointInfo>;
  /** Each ruleset's protocol and the module implicitly visible in it. */
  readonly rulesets: ReadonlyMap<RuleSet, RuleSetInfo>;
  /** The module each `import` expression loads (unknown modules are absent). */
  readonly imports: ReadonlyMap<UnaryExpression, ModuleInfo>;
  /** Every binding, in source order of its first assignment. */
  readonly bindings: readonly Binding[];
  /** The binding each assignment statement contributes to. */
  readonly bindingOf: ReadonlyMap<AssignmentStatement, Binding>;
}

/** What a Name, Member or Call expression denotes. */
export type Resolution = BindingResolution | ModuleResolution | MemberResolution | ServiceParameterResolution | CallResolution;

/** A name bound with `:=`. */
export interface BindingResolution {
  readonly kind: "binding";
  readonly binding: Binding;
}

/** A module: `Core`, `Services`, or the implicit protocol module of a ruleset (bound names resolve to their binding). */
export interface ModuleResolution {
  readonly kind: "module";
  readonly module: ModuleInfo;
}

/**
 * A catalog member: a member of a module (`Http.request.method`, also when
 * written unqualified as `request.method` after an import), or a member of an
 * object type (`headers.get`). `member.path` is the canonical dotted path,
 * independent of the name the program gave the module.
 */
export interface MemberResolution {
  readonly kind: "member";
  readonly member: MemberInfo;
  /** The module for module members; absent for members of object types. */
  readonly module?: ModuleInfo;
}

/** `s.level` on a service object: the service parameter `level` (IRML `parameter`). */
export interface ServiceParameterResolution {
  readonly kind: "service-parameter";
  readonly parameter: string;
}

/** A call and the overload it selected. */
export interface CallResolution {
  readonly kind: "call";
  /** The method called; for an accessor property called with `()`, undefined. */
  readonly method?: MethodMember;
  readonly signature?: SignatureInfo;
  /** For `s.level("high")`: the service parameter set. */
  readonly serviceParameter?: string;
  /** What the callee resolved to (the method's member, or the accessor property). */
  readonly callee: Resolution;
}

/** A name bound with `:=` in one scope; exclusive branches may each assign it once. */
export interface Binding {
  readonly name: string;
  readonly scope: Scope;
  /** The assignments that bind it (more than one only in exclusive branches). */
  readonly declarations: readonly AssignmentStatement[];
  /** The type of its value (of the first assignment when branches disagree). */
  readonly type: Type;
  /** Availability constraints of its value, checked where the name is used. */
  readonly requirements: readonly PointConstraint[];
}

/**
 * Where names live: the program (global), a ruleset, a point block, or a
 * code object `{ … }`. Blocks and if-branches do not open scopes (P §3.6).
 */
export interface Scope {
  readonly kind: "program" | "ruleset" | "point" | "code";
  readonly node: Program | RuleSet | PointBlock | CodeExpression;
  readonly parent?: Scope;
}

/** "Reads `path`, which exists only at `points`." */
export interface PointConstraint {
  readonly path: string;
  readonly points: readonly string[];
}

export interface RuleSetInfo {
  /** Undefined when the protocol is unknown (an error was reported). */
  readonly protocol?: ProtocolInfo;
  /** The protocol's module, visible by name in the ruleset without an import. */
  readonly module?: ModuleInfo;
}

/** The static type and the requirements of every expression the checker visited. */
export interface ExpressionRecords {
  readonly types: Map<Expression, Type>;
  readonly requirements: Map<Expression, readonly PointConstraint[]>;
}

/** The mutable model the checker fills; exposed read-only as {@link SemanticModel}. */
export class ModelBuilder implements SemanticModel {
  readonly resolutions = new Map<NameExpression | MemberExpression | CallExpression, Resolution>();
  readonly points = new Map<PointBlock, PointInfo>();
  readonly rulesets = new Map<RuleSet, RuleSetInfo>();
  readonly imports = new Map<UnaryExpression, ModuleInfo>();
  readonly bindings: Binding[] = [];
  readonly bindingOf = new Map<AssignmentStatement, Binding>();
  private records: ExpressionRecords | undefined;

  /**
   * `recordExpressions` checks the program again, recording every
   * expression's type and requirements. Only tools read them, never the
   * compiler or the linter: recording one entry per expression in every
   * compile kept about a tenth of the checker's allocations alive until the
   * compile returned, so they are made on the first read instead.
   */
  constructor(
    readonly catalogs: Catalogs,
    private readonly recordExpressions: () => ExpressionRecords,
  ) {}

  get types(): ReadonlyMap<Expression, Type> {
    return (this.records ??= this.recordExpressions()).types;
  }

  get requirements(): ReadonlyMap<Expression, readonly PointConstraint[]> {
    return (this.records ??= this.recordExpressions()).requirements;
  }
}
