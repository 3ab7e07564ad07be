import type {
  AssignmentStatement,
  BinaryExpression,
  CallExpression,
  CodeExpression,
  Expression,
  IfStatement,
  MemberExpression,
  NameExpression,
  PointBlock,
  Program,
  RuleSet,
  Statement,
  UnaryExpression,
} from "../syntax/ast.js";
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition, type DiagnosticOptions } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { semanticDiagnostics as codes } from "../diagnostics/catalog/semantic.js";
import {
  resolvePoint,
  type Catalogs,
  type MemberInfo,
  type MethodMember,
  type ModuleInfo,
  type ObjectShape,
  type ProtocolInfo,
  type SignatureInfo,
} from "./catalog.js";
import { Binder, includesAll, mergeConstraints, sameChecks, uncheckedContext, violatedConstraint, type PointContext } from "./binder.js";
import { checkArguments, selectSignature } from "./calls.js";
import { ModelBuilder, type CallResolution, type ExpressionRecords, type PointConstraint, type Resolution, type ServiceParameterResolution } from "./model.js";
import { checkOperator, type OperandInfo } from "./operators.js";
import { didYouMean } from "./suggest.js";
import { CatalogIndex } from "./catalog-index.js";
import { booleanType, codeType, describeType, numberType, sameType, stringType, unknownType, type Type } from "./types.js";
import { checkImport, checkImportChain, importChain } from "./imports.js";

/** An expression's type and the availability constraints of the properties it reads. */
export interface Info {
  readonly type: Type;
  readonly requires: readonly PointConstraint[];
}

const noConstraints: readonly PointConstraint[] = [];
const unknownInfo: Info = { type: unknownType, requires: noConstraints };
const stringInfo: Info = { type: stringType, requires: noConstraints };
const numberInfo: Info = { type: numberType, requires: noConstraints };
const booleanInfo: Info = { type: booleanType, requires: noConstraints };

/** An operator's result: one shared object for the common results that read no point-bound property. */
function infoOf(type: Type, requires: readonly PointConstraint[]): Info {
  if (requires.length === 0) {
    if (type === booleanType) return booleanInfo;
    if (type === numberType) return numberInfo;
    if (type === stringType) return stringInfo;
  }
  return { type, requires };
}

/** What checker helpers need to report problems and look things up. */
export interface CheckerHost {
  readonly catalogs: Catalogs;
  readonly source: SourceFile;
  readonly binder: Binder;
  readonly model: ModelBuilder;
  report(definition: DiagnosticDefinition, span: Span, message: string, options?: DiagnosticOptions): void;
  /** 1-based line of an offset, for messages that point elsewhere. */
  line(offset: number): number;
  /** Checks an expression used as a value. */
  value(expression: Expression): Info;
  /** Records an expression's type and requirements, when this check records them (see {@link ModelBuilder}). */
  record(expression: Expression, type: Type, requires?: readonly PointConstraint[]): void;
}

export interface CheckOptions {
  /** Canonical names of the points the site policy assigns to a plain file. */
  readonly pointsForPlainFile?: readonly string[];
}

/**
 * One walk over the program in source order: the binder tracks scopes and
 * which names are assigned on the current path, the checker computes every
 * expression's type and availability and records both in the model.
 */
export class Checker implements CheckerHost {
  readonly diagnostics: Diagnostic[] = [];
  readonly model: ModelBuilder;
  readonly binder: Binder;
  readonly index: CatalogIndex;
  private protocol: ProtocolInfo | undefined;
  /** Constraints gathered inside code objects, innermost last. */
  private readonly collectors: PointConstraint[][] = [];
  /** Code objects that run where they are written (`{ … } otherwise { … };`), not where a name is used. */
  private readonly immediateCode = new Set<CodeExpression>();
  /** Each service parameter method the file sets (`service.level`), by service shape and name: made once and shared by its uses. */
  private readonly serviceParameters = new Map<ObjectShape, Map<string, { readonly resolution: ServiceParameterResolution; readonly info: Info }>>();

  /** Call resolutions made so far, by callee resolution: see {@link callResolution}. */
  private readonly callResolutions = new Map<Resolution, CallResolution[]>();

  constructor(
    readonly catalogs: Catalogs,
    readonly source: SourceFile,
    private readonly program: Program,
    options: CheckOptions,
    private readonly records?: ExpressionRecords,
  ) {
    this.model = new ModelBuilder(catalogs, () => recordExpressions(catalogs, source, program, options));
    this.index = CatalogIndex.of(catalogs);
    this.binder = new Binder(program, this.index, this.programContext(options));
  }

  report(definition: DiagnosticDefinition, span: Span, message: string, options?: DiagnosticOptions): void {
    this.diagnostics.push(createDiagnostic(definition, this.source.range(span), message, options));
  }

  line(offset: number): number {
    return this.source.position(offset).line;
  }

  private get context(): PointContext {
    return this.binder.scope.context;
  }

  check(): void {
    for (const item of this.program.items) {
      if (item.kind === "RuleSet") this.ruleSet(item);
      else this.statement(item);
    }
  }

  /** A file without rulesets runs at the points the site policy gives it, if it gives any. */
  private programContext(options: CheckOptions): PointContext {
    if (this.program.items.some((i) => i.kind === "RuleSet") || !options.pointsForPlainFile) return uncheckedContext;
    const points = options.pointsForPlainFile.filter((p) => this.catalogs.points.has(p));
    return points.length > 0 ? { points, mode: "all", origin: "policy", rulesetLevel: false } : uncheckedContext;
  }

  // -------------------------------------------------------------------------
  // Rulesets, point blocks and statements.

  private ruleSet(ruleSet: RuleSet): void {
    const name = ruleSet.protocol.name;
    const protocol = this.catalogs.protocols.get(name);
    if (!protocol) {
      const known = [...this.catalogs.protocols.keys()];
      this.report(codes.unknownProtocol, ruleSet.protocol.span, `unknown protocol ${name}${didYouMean(name, known)}; the catalogs define ${known.join(", ")}`);
    }
    const module = protocol ? this.index.protocolModule(protocol.name) : undefined;
    this.model.rulesets.set(ruleSet, protocol ? (module ? { protocol, module } : { protocol }) : {});
    const context: PointContext = protocol ? this.index.rulesetContext(protocol) : { ...uncheckedContext, rulesetLevel: true };
    this.protocol = protocol;
    this.binder.within("ruleset", ruleSet, ruleSet.body, context, (scope) => {
      if (module) scope.addModule(module);
      this.statements(ruleSet.body);
    });
    this.protocol = undefined;
  }

  private pointBlock(block: PointBlock): void {
    const written = block.point.kind === "Identifier" ? block.point.name : block.point.value;
    const point = resolvePoint(this.catalogs, written, this.protocol?.name);
    if (point) this.model.points.set(block, point);
    else this.reportUnknownPoint(block, written);
    const context = point ? this.index.pointContext(point) : uncheckedContext;
    this.binder.within("point", block, block.body.body, context, () => this.statements(block.body.body));
  }

  private reportUnknownPoint(block: PointBlock, written: string | number): void {
    const points = this.protocol?.points ?? [...this.catalogs.points.values()];
    const listing = points.map((p) => (p.alias !== undefined ? `${p.name} (${p.alias})` : p.name)).join(", ");
    const owner = this.protocol ? this.protocol.name : "no protocol";
    const what = typeof written === "number" ? `no point numbered ${written}` : `no point "${written}"${didYouMean(written, points.map((p) => p.name))}`;
    this.report(codes.unknownPoint, block.point.span, `${owner} has ${what}; its points are ${listing}`);
  }

  private statements(statements: readonly Statement[]): void {
    for (const statement of statements) this.statement(statement);
  }

  private statement(statement: Statement): void {
    switch (statement.kind) {
      case "Assignment":
        return this.assignment(statement);
      case "ExpressionStatement":
        markImmediateCode(statement.expression, this.immediateCode);
        this.collect(this.value(statement.expression).requires);
        return;
      case "Block":
        return this.statements(statement.body);
      case "If":
        return this.ifStatement(statement);
      case "PointBlock":
        return this.pointBlock(statement);
      case "Empty":
        return;
    }
  }

  private ifStatement(statement: IfStatement): void {
    const otherwise = statement.otherwise;
    const branches = this.binder.startBranches(otherwise !== undefined);
    for (const branch of statement.branches) {
      this.condition(branch.condition);
      this.statements(branch.body.body);
      this.binder.endBranch(branches);
    }
    if (otherwise) {
      this.statements(otherwise.body);
      this.binder.endBranch(branches);
    }
    this.binder.mergeBranches(branches);
  }

  private condition(expression: Expression): void {
    const info = this.value(expression);
    this.collect(info.requires);
    if (info.type.kind !== "unknown" && !(info.type.kind === "primitive" && info.type.name === "boolean")) {
      this.report(codes.conditionNotBoolean, expression.span, `a condition must be boolean, but this is ${describeType(info.type)}; P converts nothing to true or false`);
    }
  }

  private assignment(statement: AssignmentStatement): void {
    const info = this.value(statement.value);
    this.collect(info.requires);
    const name = statement.name.name;
    const prior = this.binder.assignedBefore(name);
    if (prior) {
      const first = prior.declarations[0]!;
      this.report(codes.rebinding, statement.name.span, `\`${name}\` is already bound on this path (line ${this.line(first.span.start)}); P binds a name once, so give the new expression a new name`, {
        related: [{ range: this.source.range(first.name.span), message: `\`${name}\` is first bound here` }],
      });
      this.model.bindingOf.set(statement, prior);
      return;
    }
    if (this.reportShadowing(statement, info.type)) return;
    const binding = this.binder.assign(statement, info.type, info.requires);
    if (binding.declarations.length === 1) this.model.bindings.push(binding);
    else if (!sameType(binding.type, info.type)) {
      const first = binding.declarations[0]!;
      this.report(codes.inconsistentBindingType, statement.name.span, `\`${name}\` is ${describeType(binding.type)} where line ${this.line(first.span.start)} binds it, but ${describeType(info.type)} here; every branch must bind the same type`, {
        related: [{ range: this.source.range(first.name.span), message: `bound to ${describeType(binding.type)} here` }],
      });
    }
    this.model.bindingOf.set(statement, binding);
  }

  /** A binding may not take the name of a visible module or of a module member visible unqualified. */
  private reportShadowing(statement: AssignmentStatement, type: Type): boolean {
    const name = statement.name.name;
    const module = this.binder.moduleNamed(name);
    // `Http := import "Http"` inside an HTTP ruleset names the module it already sees: harmless.
    const sameModule = module && !module.implicit && type.kind === "module" && type.module === module;
    if (module && !sameModule) {
      const what = module.implicit ? `the built-in module ${module.name}` : `module ${module.name}, which this ${this.protocol?.name ?? ""} ruleset sees without an import`;
      this.report(codes.builtinModuleRebinding, statement.name.span, `\`${name}\` names ${what}; bind the value to another name`);
      return true;
    }
    const exporter = this.binder.exporters(name)[0];
    if (!module && exporter) {
      this.report(codes.bindingHidesMember, statement.name.span, `\`${name}\` is a member of module ${exporter.module.name}, visible here without a prefix; bind another name (the member stays reachable as ${exporter.member.path})`);
      return true;
    }
    return false;
  }

  /** Adds constraints to the innermost code object being checked. */
  private collect(requires: readonly PointConstraint[]): void {
    if (this.collectors.length === 0 || requires.length === 0) return;
    this.collectors[this.collectors.length - 1]!.push(...requires);
  }

  // -------------------------------------------------------------------------
  // Expressions.

  /** An expression used as a value: a method must be called. */
  value(expression: Expression): Info {
    const info = this.expression(expression);
    if (info.type.kind !== "method") return info;
    const method = info.type.method;
    const takesNothing = method.signatures.some((s) => s.params.every((p) => p.optional || p.variadic));
    this.report(codes.methodNotCalled, expression.span, `\`${method.path}\` is a method; call it with (…)`, {
      ...(takesNothing ? { fix: { message: "call it", edits: [{ range: this.source.range({ start: expression.span.end, end: expression.span.end }), newText: "()" }] } } : {}),
    });
    return { type: unknownType, requires: info.requires };
  }

  /** Checks an expression, recording its type and requirements when this check records them. */
  expression(expression: Expression): Info {
    const info = this.compute(expression);
    this.record(expression, info.type, info.requires);
    return info;
  }

  record(expression: Expression, type: Type, requires: readonly PointConstraint[] = noConstraints): void {
    if (!this.records) return;
    this.records.types.set(expression, type);
    if (requires.length > 0) this.records.requirements.set(expression, requires);
  }

  private compute(expression: Expression): Info {
    switch (expression.kind) {
      case "StringLiteral":
        return stringInfo;
      case "NumberLiteral":
        return numberInfo;
      case "BooleanLiteral":
        return booleanInfo;
      case "Name":
        return this.name(expression);
      case "Member":
        return this.member(expression);
      case "Call":
        return this.call(expression);
      case "Unary":
        return this.unary(expression);
      case "Binary":
        return this.binary(expression);
      case "Code":
        return this.code(expression);
      case "Missing":
        return unknownInfo;
    }
  }

  private name(expression: NameExpression): Info {
    const found = this.binder.lookup(expression.name);
    switch (found.kind) {
      case "binding": {
        const binding = found.binding;
        this.model.resolutions.set(expression, found);
        const violated = sameChecks(binding.context, this.context) ? undefined : this.newlyViolated(noConstraints, binding.requirements);
        if (violated) this.reportUnavailable(expression, violated, `\`${expression.name}\` reads \`${violated.path}\`, which`);
        return binding.info;
      }
      case "module":
        this.model.resolutions.set(expression, found);
        return this.index.moduleInfo(found.module);
      case "member":
        return this.memberFound(expression, found.member, found.module, noConstraints);
      case "ambiguous": {
        const modules = found.modules.map((m) => m.name);
        const sources = found.binding
          ? `it is bound at line ${this.line(found.binding.declarations[0]!.span.start)} and module ${modules.join(" and ")}, imported later, exports it too`
          : `modules ${modules.join(" and ")} both export it`;
        const qualified = found.modules.map((m) => `${m.name}.${expression.name}`).join(" or ");
        this.report(codes.ambiguousName, expression.span, `\`${expression.name}\` is ambiguous: ${sources}; write ${qualified} (P §4.2)`);
        return unknownInfo;
      }
      case "unassigned":
        this.reportUnassigned(expression, found.assignment, found.maybe);
        return unknownInfo;
      case "unknown":
        this.reportUnknownName(expression);
        return unknownInfo;
    }
  }

  private reportUnassigned(expression: NameExpression, assignment: AssignmentStatement, maybe: boolean): void {
    const line = this.line(assignment.span.start);
    const message = maybe
      ? `\`${expression.name}\` may be unassigned here: not every path to this use runs its assignment (line ${line})`
      : assignment.span.start > expression.span.start
        ? `\`${expression.name}\` is used before its assignment at line ${line}`
        : `\`${expression.name}\` is not assigned on this path (line ${line} assigns it on another one)`;
    this.report(codes.useBeforeAssignment, expression.span, message, { related: [{ range: this.source.range(assignment.name.span), message: "assigned here" }] });
  }

  private reportUnknownName(expression: NameExpression): void {
    const name = expression.name;
    const importable = [...this.catalogs.modules.values()].find((m) => m.shortNames.includes(name));
    if (importable) {
      this.report(codes.unknownName, expression.span, `\`${name}\` is not defined here; import the module first: ${name} := import "${name}";`);
      return;
    }
    this.report(codes.unknownName, expression.span, `\`${name}\` is not defined${didYouMean(name, this.binder.visibleNames())}`);
  }

  private member(expression: MemberExpression): Info {
    const object = this.expression(expression.object);
    const name = expression.property.name;
    const type = object.type;
    if (type.kind === "unknown") return { type: unknownType, requires: object.requires };
    if (type.kind === "method") {
      this.report(codes.methodNotCalled, expression.object.span, `\`${type.method.path}\` is a method; call it with (…) before reading its members`);
      return { type: unknownType, requires: object.requires };
    }
    if (type.kind === "primitive") {
      this.report(codes.unknownMember, expression.property.span, `${describeType(type)} has no members`);
      return { type: unknownType, requires: object.requires };
    }
    const shape = type.kind === "module" ? type.module.shape : type.shape;
    const module = type.module;
    const member = shape.members.get(name);
    if (member) return this.memberFound(expression, member, module, object.requires);
    if (shape.openMethod) return this.serviceParameter(expression, shape, object.requires);
    this.report(codes.unknownMember, expression.property.span, `${this.describeOwner(type, shape)} has no member \`${name}\`${didYouMean(name, [...shape.members.keys()])}`);
    return { type: unknownType, requires: object.requires };
  }

  private describeOwner(type: Type, shape: ObjectShape): string {
    if (type.kind === "module") return `module ${type.module.name}`;
    return this.catalogs.types.get(shape.name) === shape ? `a value of type ${shape.name}` : `\`${shape.name}\``;
  }

  /** A catalog member reached by name or through `.`: its type, and a check of where it is available. */
  private memberFound(expression: NameExpression | MemberExpression, member: MemberInfo, module: ModuleInfo | undefined, parentRequires: readonly PointConstraint[]): Info {
    const entry = this.index.member(member, module);
    const { type, constraints } = entry;
    this.model.resolutions.set(expression, entry.resolution);
    // A member inherits its parent's points; only a narrower set is a constraint of its own.
    const implied = !constraints || impliedBy(parentRequires, constraints[0]);
    const requires = implied ? parentRequires : mergeConstraints(parentRequires, constraints);
    const violated = this.newlyViolated(parentRequires, requires);
    if (violated) this.reportUnavailable(expression, violated, `\`${member.path}\``);
    // Its own requirements only (or none): the entry's info says just that.
    if (requires === constraints || (requires.length === 0 && !constraints)) return entry.info;
    return { type, requires };
  }

  /** `s.level` on a service: any other method name sets the service parameter of that name. */
  private serviceParameter(expression: MemberExpression, shape: ObjectShape, requires: readonly PointConstraint[]): Info {
    const name = expression.property.name;
    let ofShape = this.serviceParameters.get(shape);
    if (!ofShape) this.serviceParameters.set(shape, (ofShape = new Map()));
    let parameter = ofShape.get(name);
    if (!parameter) {
      const path = `${shape.name}.${name}`;
      const method: MethodMember = { kind: "method", name, path, summary: `Sets the ${shape.name} parameter ${name}.`, signatures: [shape.openMethod!], requiresPoint: false };
      parameter = { resolution: { kind: "service-parameter", parameter: name }, info: { type: { kind: "method", method }, requires: noConstraints } };
      ofShape.set(name, parameter);
    }
    this.model.resolutions.set(expression, parameter.resolution);
    return requires.length === 0 ? parameter.info : { type: parameter.info.type, requires };
  }

  /**
   * A property used where it does not exist is reported once: at the
   * innermost expression whose constraints (`after`) the context violates
   * and whose parts' constraints (`before`) it does not. Returns the
   * constraint to report there, if any.
   */
  private newlyViolated(before: readonly PointConstraint[], after: readonly PointConstraint[]): PointConstraint | undefined {
    if (after === before || violatedConstraint(this.context, before)) return undefined;
    return violatedConstraint(this.context, after);
  }

  private reportUnavailable(node: Expression, violated: PointConstraint, subject: string): void {
    const context = this.context;
    const points = context.points ?? [];
    const missing = context.mode === "all" ? points.filter((p) => !violated.points.includes(p)) : points;
    const where =
      context.origin === "ruleset"
        ? `at any point of this ${context.protocol ?? ""} ruleset`
        : `at ${missing.join(", ")}${context.origin === "policy" ? ", where the site policy runs this file" : ""}`;
    this.report(codes.propertyUnavailable, node.span, `${subject} is not available ${where}; it exists only at ${violated.points.join(", ")}`);
  }

  private call(expression: CallExpression): Info {
    const callee = this.expression(expression.callee);
    // Sized up front: an array grown by push reserves 17 slots for a call's one or two arguments.
    const args = new Array<Info>(expression.args.length);
    let requires = callee.requires;
    for (let i = 0; i < args.length; i++) {
      const info = this.value(expression.args[i]!);
      args[i] = info;
      requires = mergeConstraints(requires, info.requires);
    }
    const calleeResolution = this.model.resolutions.get(expression.callee as NameExpression | MemberExpression);
    const type = callee.type;
    if (type.kind === "method") return { type: this.methodCall(expression, type.method, args, calleeResolution), requires };
    if (calleeResolution?.kind === "member" && calleeResolution.member.kind === "property" && calleeResolution.member.accessor) {
      if (args.length > 0) this.report(codes.wrongArity, expression.span, `\`${calleeResolution.member.path}\` is a property; called with () it takes no arguments`);
      this.model.resolutions.set(expression, { kind: "call", callee: calleeResolution });
      return { type, requires };
    }
    if (type.kind !== "unknown") {
      const what = calleeResolution?.kind === "member" ? `\`${calleeResolution.member.path}\` is ${describeType(type)}` : `this is ${describeType(type)}`;
      this.report(codes.notCallable, expression.span, `${what}, not a method; it cannot be called`);
    }
    return { type: unknownType, requires };
  }

  private methodCall(expression: CallExpression, method: MethodMember, args: readonly Info[], callee: Resolution | undefined): Type {
    if (method.requiresPoint && this.context.rulesetLevel) {
      this.report(codes.callOutsidePoint, expression.span, `\`${method.path}\` acts at an activation point; inside a ruleset, call it in a point block such as \`at ${this.protocol?.points.at(-1)?.name ?? "response_out"} { … }\``);
    }
    const signature = selectSignature(this, expression, method, args);
    const parameter = callee?.kind === "service-parameter" ? callee.parameter : undefined;
    if (callee) this.model.resolutions.set(expression, this.callResolution(callee, method, parameter, signature));
    if (!signature) {
      const returns = new Set(method.signatures.map((s) => s.returns));
      return returns.size === 1 ? this.index.typeOf([...returns][0]!) : unknownType;
    }
    checkArguments(this, expression, method, signature);
    return this.index.typeOf(signature.returns);
  }

  /**
   * What a call resolves to, one immutable object shared by the calls with
   * the same callee, method and overload (rules repeat the same calls).
   */
  private callResolution(callee: Resolution, method: MethodMember, parameter: string | undefined, signature: SignatureInfo | undefined): CallResolution {
    let made = this.callResolutions.get(callee);
    if (!made) this.callResolutions.set(callee, (made = []));
    for (const resolution of made) if (resolution.method === (parameter ? undefined : method) && resolution.signature === signature) return resolution;
    const resolution = callResolution(callee, method, parameter, signature);
    made.push(resolution);
    return resolution;
  }

  private unary(expression: UnaryExpression): Info {
    if (expression.operator === "import") return checkImport(this, expression);
    const operand = this.value(expression.operand);
    return infoOf(checkOperator(this, expression, { info: operand, node: expression.operand }), operand.requires);
  }

  private binary(expression: BinaryExpression): Info {
    const chain = expression.operator === "otherwise" ? importChain(expression) : undefined;
    if (chain) return checkImportChain(this, expression, chain);
    const left: OperandInfo = { info: this.value(expression.left), node: expression.left };
    const right: OperandInfo = { info: this.value(expression.right), node: expression.right };
    const requires = mergeConstraints(left.info.requires, right.info.requires);
    return infoOf(checkOperator(this, expression, left, right), requires);
  }

  private code(expression: CodeExpression): Info {
    const collected: PointConstraint[] = [];
    this.collectors.push(collected);
    const rulesetLevel = this.immediateCode.has(expression) && this.context.rulesetLevel;
    this.binder.within("code", expression, expression.body, { ...this.context, rulesetLevel }, () => this.statements(expression.body));
    this.collectors.pop();
    return { type: codeType, requires: collected.reduce<readonly PointConstraint[]>((all, c) => mergeConstraints(all, [c]), []) };
  }
}

/** Checks the program again, recording what every expression is (see {@link ModelBuilder}). */
function recordExpressions(catalogs: Catalogs, source: SourceFile, program: Program, options: CheckOptions): ExpressionRecords {
  const records: ExpressionRecords = { types: new Map(), requirements: new Map() };
  new Checker(catalogs, source, program, options, records).check();
  return records;
}

/** What a call resolves to: a service parameter set, or a method called (with the overload chosen). */
function callResolution(callee: Resolution, method: MethodMember, parameter: string | undefined, signature: SignatureInfo | undefined): CallResolution {
  if (parameter) return signature ? { kind: "call", callee, serviceParameter: parameter, signature } : { kind: "call", callee, serviceParameter: parameter };
  return signature ? { kind: "call", callee, method, signature } : { kind: "call", callee, method };
}

/** Whether a parent's constraint already limits an expression to points where `own` holds. */
function impliedBy(parentRequires: readonly PointConstraint[], own: PointConstraint): boolean {
  for (const c of parentRequires) if (includesAll(own.points, c.points)) return true;
  return false;
}

/** The code literals a statement runs on the spot: itself, the operands of `otherwise`, the operand of `try`. */
function markImmediateCode(expression: Expression, into: Set<CodeExpression>): void {
  if (expression.kind === "Code") into.add(expression);
  else if (expression.kind === "Binary" && expression.operator === "otherwise") {
    markImmediateCode(expression.left, into);
    markImmediateCode(expression.right, into);
  } else if (expression.kind === "Unary" && expression.operator === "try") markImmediateCode(expression.operand, into);
}

