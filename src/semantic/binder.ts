import type { AssignmentStatement, CodeExpression, PointBlock, Program, RuleSet, Statement } from "../syntax/ast.js";
import type { MemberInfo, ModuleInfo } from "./catalog.js";
import type { Binding, PointConstraint, Scope } from "./model.js";
import type { Type } from "./types.js";

/**
 * The points an expression runs at, as far as the checker knows:
 * `all` — every listed point (a point block; a plain file the site policy assigns to points);
 * `any` — some listed point (ruleset level: named expressions are used in the ruleset's point blocks);
 * no points — not checked (a plain file the policy says nothing about).
 */
export interface PointContext {
  readonly points?: readonly string[];
  readonly mode: "all" | "any";
  /** Where the points come from, for messages. */
  readonly origin: "point" | "policy" | "ruleset" | "none";
  /** The ruleset's protocol, where there is one. */
  readonly protocol?: string;
  /** Directly in a ruleset, outside point blocks and code objects: nothing runs here. */
  readonly rulesetLevel: boolean;
}

export const uncheckedContext: PointContext = { mode: "all", origin: "none", rulesetLevel: false };

/** Two contexts that check the same points in the same way. */
export function sameChecks(a: PointContext, b: PointContext): boolean {
  return a.mode === b.mode && (a.points ?? []).join(",") === (b.points ?? []).join(",");
}

/** The first constraint the context violates, if any. */
export function violatedConstraint(context: PointContext, constraints: readonly PointConstraint[]): PointConstraint | undefined {
  const points = context.points;
  if (!points) return undefined;
  return constraints.find((c) => (context.mode === "all" ? points.some((p) => !c.points.includes(p)) : !points.some((p) => c.points.includes(p))));
}

/** A binding while it is being built: later branches add declarations to it. */
export class BindingRecord implements Binding {
  readonly declarations: AssignmentStatement[] = [];
  requirements: readonly PointConstraint[] = [];

  constructor(readonly name: string, readonly scope: ScopeFrame, readonly type: Type, readonly context: PointContext) {}
}

export class ScopeFrame implements Scope {
  readonly bindings = new Map<string, BindingRecord>();
  /** Modules whose members this scope sees unqualified, from their import on. */
  readonly imports: ModuleInfo[] = [];
  /** Module names visible without a binding (Core and Services; the protocol module of a ruleset). */
  readonly modules = new Map<string, ModuleInfo>();

  constructor(
    readonly kind: Scope["kind"],
    readonly node: Program | RuleSet | PointBlock | CodeExpression,
    readonly parent: ScopeFrame | undefined,
    /** Every assignment in the scope, in source order, known before the walk. */
    readonly assignments: ReadonlyMap<string, readonly AssignmentStatement[]>,
    readonly context: PointContext,
  ) {}

  *chain(): Generator<ScopeFrame> {
    for (let scope: ScopeFrame | undefined = this; scope; scope = scope.parent) yield scope;
  }
}

/** Assignments of one scope: through blocks and if-branches, not into point blocks or code objects. */
export function collectAssignments(statements: readonly Statement[]): Map<string, AssignmentStatement[]> {
  const found = new Map<string, AssignmentStatement[]>();
  const visit = (statement: Statement): void => {
    switch (statement.kind) {
      case "Assignment": {
        const list = found.get(statement.name.name) ?? [];
        list.push(statement);
        found.set(statement.name.name, list);
        return;
      }
      case "Block":
        statement.body.forEach(visit);
        return;
      case "If":
        for (const branch of statement.branches) branch.body.body.forEach(visit);
        statement.otherwise?.body.forEach(visit);
        return;
      default:
        return;
    }
  };
  statements.forEach(visit);
  return found;
}

/** Which bindings have been assigned on the path being checked. */
type FlowState = Map<BindingRecord, "definite" | "possible">;

export type Lookup =
  | { readonly kind: "binding"; readonly binding: BindingRecord }
  | { readonly kind: "module"; readonly module: ModuleInfo }
  | { readonly kind: "member"; readonly module: ModuleInfo; readonly member: MemberInfo }
  /** Two or more sources: a binding and modules imported after it, or several modules. */
  | { readonly kind: "ambiguous"; readonly binding?: BindingRecord; readonly modules: readonly ModuleInfo[] }
  /** Assigned in this scope, but not (or not on every path) before this use. */
  | { readonly kind: "unassigned"; readonly maybe: boolean; readonly assignment: AssignmentStatement }
  | { readonly kind: "unknown" };

/**
 * Scopes and the flow of assignments through them. P names are bound once
 * (single assignment) and exist from their assignment on; exclusive branches
 * may each bind a name, which is then bound after the `if` only when every
 * branch (including the missing `else`) binds it.
 */
export class Binder {
  private flow: FlowState = new Map();
  scope: ScopeFrame;

  constructor(program: Program, implicitModules: readonly ModuleInfo[], context: PointContext) {
    this.scope = new ScopeFrame("program", program, undefined, collectAssignments(program.items.filter((i): i is Statement => i.kind !== "RuleSet")), context);
    for (const module of implicitModules) {
      this.scope.modules.set(module.name, module);
      this.scope.imports.push(module);
    }
  }

  /** Runs `body` in a new scope; the scope's bindings vanish afterwards, the outer flow is unchanged. */
  within<T>(kind: Scope["kind"], node: ScopeFrame["node"], statements: readonly Statement[], context: PointContext, body: (scope: ScopeFrame) => T): T {
    const outer = this.scope;
    const outerFlow = this.flow;
    this.scope = new ScopeFrame(kind, node, outer, collectAssignments(statements), context);
    this.flow = new Map(outerFlow);
    try {
      return body(this.scope);
    } finally {
      this.scope = outer;
      this.flow = outerFlow;
    }
  }

  /** Checks exclusive branches, each from the state before them, and merges what they assigned. */
  branches(paths: readonly (() => void)[], exhaustive: boolean): void {
    const before = this.flow;
    const results: FlowState[] = [];
    for (const path of paths) {
      this.flow = new Map(before);
      path();
      results.push(this.flow);
    }
    if (!exhaustive) results.push(new Map(before));
    const merged: FlowState = new Map();
    for (const state of results) {
      for (const binding of state.keys()) {
        merged.set(binding, results.every((r) => r.get(binding) === "definite") ? "definite" : "possible");
      }
    }
    this.flow = merged;
  }

  /** The binding of this name visible here that may already hold a value on this path. */
  assignedBefore(name: string): BindingRecord | undefined {
    for (const scope of this.scope.chain()) {
      const binding = scope.bindings.get(name);
      if (binding && this.flow.has(binding)) return binding;
    }
    return undefined;
  }

  /** Records an assignment; returns the binding (shared with the same name in exclusive branches). */
  assign(statement: AssignmentStatement, type: Type, requirements: readonly PointConstraint[]): { binding: BindingRecord; created: boolean } {
    const name = statement.name.name;
    let binding = this.scope.bindings.get(name);
    const created = !binding;
    if (!binding) {
      binding = new BindingRecord(name, this.scope, type, this.scope.context);
      this.scope.bindings.set(name, binding);
    }
    binding.declarations.push(statement);
    binding.requirements = mergeConstraints(binding.requirements, requirements);
    this.flow.set(binding, "definite");
    return { binding, created };
  }

  /** Makes a module's members visible unqualified in the current scope. */
  addImport(module: ModuleInfo): void {
    if (![...this.scope.chain()].some((s) => s.imports.includes(module))) this.scope.imports.push(module);
  }

  /** A module name visible without a binding, such as `Core` or a ruleset's `Http`. */
  moduleNamed(name: string): ModuleInfo | undefined {
    for (const scope of this.scope.chain()) {
      const module = scope.modules.get(name);
      if (module) return module;
    }
    return undefined;
  }

  /** Modules visible here that export this name unqualified. */
  exporters(name: string): { module: ModuleInfo; member: MemberInfo }[] {
    const found: { module: ModuleInfo; member: MemberInfo }[] = [];
    for (const scope of this.scope.chain()) {
      for (const module of scope.imports) {
        const member = module.shape.members.get(name);
        if (member && !found.some((f) => f.module === module)) found.push({ module, member });
      }
    }
    return found;
  }

  /** Resolves an unqualified name: bindings first, then module names, then members of visible modules. */
  lookup(name: string): Lookup {
    const exporters = this.exporters(name);
    const declared = this.declaredBinding(name);
    // An assignment to a module's name or member is rejected, so it never hides them.
    const rejected = declared?.kind === "unassigned" && (this.moduleNamed(name) !== undefined || exporters.length > 0);
    if (declared && declared.kind !== "binding" && !rejected) return declared;
    if (declared?.kind === "binding") {
      if (exporters.length === 0) return declared;
      return { kind: "ambiguous", binding: declared.binding, modules: exporters.map((e) => e.module) };
    }
    const module = this.moduleNamed(name);
    if (module) return { kind: "module", module };
    if (exporters.length > 1) return { kind: "ambiguous", modules: exporters.map((e) => e.module) };
    const only = exporters[0];
    return only ? { kind: "member", module: only.module, member: only.member } : { kind: "unknown" };
  }

  /**
   * The binding of this name assigned on every path to here, innermost first;
   * otherwise the innermost scope's assignment that has not run yet.
   */
  private declaredBinding(name: string): Extract<Lookup, { kind: "binding" | "unassigned" }> | undefined {
    let unassigned: Extract<Lookup, { kind: "unassigned" }> | undefined;
    for (const scope of this.scope.chain()) {
      const assignments = scope.assignments.get(name);
      if (!assignments) continue;
      const binding = scope.bindings.get(name);
      const state = binding ? this.flow.get(binding) : undefined;
      if (binding && state === "definite") return { kind: "binding", binding };
      unassigned ??= { kind: "unassigned", maybe: state === "possible", assignment: binding?.declarations[0] ?? assignments[0]! };
    }
    return unassigned;
  }

  /** Every name visible here, for did-you-mean suggestions. */
  visibleNames(): string[] {
    const names = new Set<string>();
    for (const scope of this.scope.chain()) {
      for (const [name, binding] of scope.bindings) if (this.flow.get(binding) === "definite") names.add(name);
      for (const name of scope.modules.keys()) names.add(name);
      for (const module of scope.imports) for (const name of module.shape.members.keys()) names.add(name);
    }
    return [...names];
  }
}

/** Constraints of both, each path once. */
export function mergeConstraints(a: readonly PointConstraint[], b: readonly PointConstraint[]): readonly PointConstraint[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  const merged = [...a];
  for (const c of b) if (!merged.some((m) => m.path === c.path)) merged.push(c);
  return merged;
}
