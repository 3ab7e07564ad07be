import type { AssignmentStatement, CodeExpression, PointBlock, Program, RuleSet, Statement } from "../syntax/ast.js";
import type { MemberInfo, ModuleInfo } from "./catalog.js";
import type { CatalogIndex } from "./catalog-index.js";
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
  if (a === b) return true;
  const left = a.points ?? [];
  const right = b.points ?? [];
  return a.mode === b.mode && left.length === right.length && left.every((point, i) => point === right[i]);
}

/** The first constraint the context violates, if any. */
export function violatedConstraint(context: PointContext, constraints: readonly PointConstraint[]): PointConstraint | undefined {
  const points = context.points;
  if (!points) return undefined;
  for (const c of constraints) {
    if (context.mode === "all" ? !includesAll(c.points, points) : !includesAny(c.points, points)) return c;
  }
  return undefined;
}

// Loops rather than `some`/`every` with a closure: these run for every
// point-bound member a rule reads, and each closure was an allocation.

/** Whether every one of `points` is in `within`. */
export function includesAll(within: readonly string[], points: readonly string[]): boolean {
  for (const point of points) if (!within.includes(point)) return false;
  return true;
}

function includesAny(within: readonly string[], points: readonly string[]): boolean {
  for (const point of points) if (within.includes(point)) return true;
  return false;
}

/** A binding while it is being built: later branches add declarations to it. */
export class BindingRecord implements Binding {
  readonly declarations: AssignmentStatement[];
  requirements: readonly PointConstraint[] = [];
  // Private, so that the model's bindings keep only their documented fields (and no cycle).
  readonly #found: { readonly kind: "binding"; readonly binding: BindingRecord } = { kind: "binding", binding: this };
  #assigned: Assigned | undefined;

  constructor(
    first: AssignmentStatement,
    readonly name: string,
    readonly scope: ScopeFrame,
    readonly type: Type,
    readonly context: PointContext,
  ) {
    this.declarations = [first];
  }

  /**
   * Whether it holds a value on the path being checked; only {@link FlowState}
   * sets it. A field of the binding rather than a map of all bindings: the
   * map's insertions and deletions cost the binder more than its checks.
   */
  get assigned(): Assigned | undefined {
    return this.#assigned;
  }

  set assigned(state: Assigned | undefined) {
    this.#assigned = state;
  }

  #info: { readonly type: Type; readonly requires: readonly PointConstraint[] } | undefined;

  /** Its type and requirements as the checker's expression info: one object for every use while the requirements stay. */
  get info(): { readonly type: Type; readonly requires: readonly PointConstraint[] } {
    const info = this.#info;
    if (info && info.requires === this.requirements) return info;
    return (this.#info = { type: this.type, requires: this.requirements });
  }

  /** What a name denoting this binding resolves to: one object for every use. */
  get found(): { readonly kind: "binding"; readonly binding: BindingRecord } {
    return this.#found;
  }
}

export class ScopeFrame implements Scope {
  // Both maps are made on first use: most scopes bind a few names, and only rulesets and the program name modules.
  private bindingsByName: Map<string, BindingRecord> | undefined;
  /** Module names visible without a binding (Core and Services; the protocol module of a ruleset). */
  private modulesByName: Map<string, ModuleInfo> | undefined;
  /** Modules whose members this scope sees unqualified, from their import on. */
  readonly imports: ModuleInfo[] = [];
  #assignments: ReadonlyMap<string, AssignmentStatement> | undefined;

  constructor(
    readonly kind: Scope["kind"],
    readonly node: Program | RuleSet | PointBlock | CodeExpression,
    readonly parent: ScopeFrame | undefined,
    private readonly statements: readonly Statement[],
    readonly context: PointContext,
  ) {}

  /**
   * The first assignment of each name the scope assigns, before or after the
   * point being checked. Gathered on first use: only a name that is not
   * bound on the path (an error, or a member visible unqualified) needs it.
   */
  get assignments(): ReadonlyMap<string, AssignmentStatement> {
    return (this.#assignments ??= collectAssignments(this.statements));
  }

  binding(name: string): BindingRecord | undefined {
    return this.bindingsByName?.get(name);
  }

  addBinding(binding: BindingRecord): void {
    (this.bindingsByName ??= new Map()).set(binding.name, binding);
  }

  bindings(): Iterable<[string, BindingRecord]> {
    return this.bindingsByName ?? [];
  }

  module(name: string): ModuleInfo | undefined {
    return this.modulesByName?.get(name);
  }

  addModule(module: ModuleInfo): void {
    (this.modulesByName ??= new Map()).set(module.name, module);
  }

  moduleNames(): Iterable<string> {
    return this.modulesByName?.keys() ?? [];
  }
}

/** The first assignment of each name in one scope: through blocks and if-branches, not into point blocks or code objects. */
export function collectAssignments(statements: readonly Statement[]): ReadonlyMap<string, AssignmentStatement> {
  return gatherAssignments(statements, undefined) ?? noAssignments;
}

const noAssignments: ReadonlyMap<string, AssignmentStatement> = new Map();

/** Adds the first assignments in the statements to `found`, made on the first one: most code objects assign nothing. */
function gatherAssignments(statements: readonly Statement[], found: Map<string, AssignmentStatement> | undefined): Map<string, AssignmentStatement> | undefined {
  for (const statement of statements) {
    switch (statement.kind) {
      case "Assignment":
        if (!found) found = new Map();
        if (!found.has(statement.name.name)) found.set(statement.name.name, statement);
        break;
      case "Block":
        found = gatherAssignments(statement.body, found);
        break;
      case "If":
        for (const branch of statement.branches) found = gatherAssignments(branch.body.body, found);
        if (statement.otherwise) found = gatherAssignments(statement.otherwise.body, found);
        break;
      default:
        break;
    }
  }
  return found;
}

type Assigned = "definite" | "possible";

/** What a branch that assigns nothing changes. */
const unchanged: ReadonlyMap<BindingRecord, Assigned> = new Map();

/**
 * Which bindings have been assigned on the path being checked. Each binding
 * holds its state, and a journal records the changes: a branch or a scope
 * undoes its changes by rolling the journal back, so an `if` costs in
 * proportion to what its branches assign, not to every binding before it.
 * On a path a state only grows (unassigned, possible, definite).
 */
class FlowState {
  /** The journal, as two parallel lists (no object per change): each binding changed, and its state before. */
  private readonly changed: BindingRecord[] = [];
  private readonly previous: (Assigned | undefined)[] = [];

  set(binding: BindingRecord, state: Assigned): void {
    this.changed.push(binding);
    this.previous.push(binding.assigned);
    binding.assigned = state;
  }

  /** A point to roll back to. */
  mark(): number {
    return this.changed.length;
  }

  /** The bindings changed since the mark, with their current state. */
  changedSince(mark: number): ReadonlyMap<BindingRecord, Assigned> {
    if (mark === this.changed.length) return unchanged;
    const changed = new Map<BindingRecord, Assigned>();
    for (let i = mark; i < this.changed.length; i++) {
      const binding = this.changed[i]!;
      changed.set(binding, binding.assigned!);
    }
    return changed;
  }

  /** Adds the bindings changed since the mark to `into` (a binding changed twice is added twice). */
  addChangedSince(mark: number, into: BindingRecord[]): void {
    for (let i = mark; i < this.changed.length; i++) into.push(this.changed[i]!);
  }

  /** Undoes every change since the mark, latest first. */
  rollback(mark: number): void {
    while (this.changed.length > mark) this.changed.pop()!.assigned = this.previous.pop();
  }
}

/**
 * Exclusive branches being checked: where they start in the flow journal,
 * and what they assigned. Without an `else`, control may skip them all, so
 * which bindings they assign is all that matters: they are kept on the
 * binder's stack of assigned bindings, from `assignedFrom` on. With an
 * `else`, each branch's outcome is kept.
 */
export type Branches =
  | { readonly exhaustive: false; readonly before: number; readonly assignedFrom: number }
  | { readonly exhaustive: true; readonly before: number; readonly outcomes: ReadonlyMap<BindingRecord, Assigned>[] };

interface Exporter {
  readonly module: ModuleInfo;
  readonly member: MemberInfo;
}

const noExporters: readonly Exporter[] = [];
const unknownName: Lookup = { kind: "unknown" };

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
  private readonly flow = new FlowState();
  /** What the branches of the `if`s without `else` being checked assigned, innermost `if` last (see {@link Branches}). */
  private readonly assignedInBranches: BindingRecord[] = [];
  scope: ScopeFrame;

  constructor(program: Program, private readonly index: CatalogIndex, context: PointContext) {
    this.scope = new ScopeFrame("program", program, undefined, program.items.filter((i): i is Statement => i.kind !== "RuleSet"), context);
    for (const module of index.implicitModules) {
      this.scope.addModule(module);
      this.addExported(module);
      this.scope.imports.push(module);
    }
  }

  /**
   * Every name some module imported so far exports (a superset of what the
   * current scopes see): most names are no member of any, and need no search.
   */
  private readonly exported = new Set<string>();

  private addExported(module: ModuleInfo): void {
    for (const name of this.index.memberNames(module)) this.exported.add(name);
  }

  /** Runs `body` in a new scope; the scope's bindings vanish afterwards, the outer flow is unchanged. */
  within<T>(kind: Scope["kind"], node: ScopeFrame["node"], statements: readonly Statement[], context: PointContext, body: (scope: ScopeFrame) => T): T {
    const outer = this.scope;
    const outerFlow = this.flow.mark();
    this.scope = new ScopeFrame(kind, node, outer, statements, context);
    try {
      return body(this.scope);
    } finally {
      this.scope = outer;
      this.flow.rollback(outerFlow);
    }
  }

  /**
   * Exclusive branches, each checked from the state before them: call
   * `endBranch` after each one and `mergeBranches` after the last.
   * `exhaustive`: there is an `else`, so one of the branches runs.
   */
  startBranches(exhaustive: boolean): Branches {
    const before = this.flow.mark();
    return exhaustive ? { exhaustive, before, outcomes: [] } : { exhaustive, before, assignedFrom: this.assignedInBranches.length };
  }

  endBranch(branches: Branches): void {
    if (branches.exhaustive) branches.outcomes.push(this.flow.changedSince(branches.before));
    else this.flow.addChangedSince(branches.before, this.assignedInBranches);
    this.flow.rollback(branches.before);
  }

  /**
   * Merges what the branches assigned. A binding no branch assigns keeps its
   * state. One that some branch assigns is definite when it was before the
   * `if` (states only grow), or when there is an `else` and every branch
   * leaves it definite; otherwise it is possibly assigned.
   */
  mergeBranches(branches: Branches): void {
    if (!branches.exhaustive) {
      // Popped one by one: setting the length to 0 would drop the array's storage.
      const assigned = this.assignedInBranches;
      while (assigned.length > branches.assignedFrom) {
        const binding = assigned.pop()!;
        if (binding.assigned === undefined) this.flow.set(binding, "possible");
      }
      return;
    }
    const { outcomes } = branches;
    let assigned: Iterable<BindingRecord>;
    if (outcomes.length === 1) assigned = outcomes[0]!.keys();
    else {
      const all = new Set<BindingRecord>();
      for (const outcome of outcomes) for (const binding of outcome.keys()) all.add(binding);
      assigned = all;
    }
    for (const binding of assigned) {
      const prior = binding.assigned;
      const definite = prior === "definite" || outcomes.every((o) => o.get(binding) === "definite");
      this.flow.set(binding, definite ? "definite" : "possible");
    }
  }

  /** The binding of this name visible here that may already hold a value on this path. */
  assignedBefore(name: string): BindingRecord | undefined {
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      const binding = scope.binding(name);
      if (binding?.assigned !== undefined) return binding;
    }
    return undefined;
  }

  /**
   * Records an assignment; returns the binding (shared with the same name in
   * exclusive branches), new when it has this one declaration only.
   */
  assign(statement: AssignmentStatement, type: Type, requirements: readonly PointConstraint[]): BindingRecord {
    const name = statement.name.name;
    let binding = this.scope.binding(name);
    if (!binding) {
      binding = new BindingRecord(statement, name, this.scope, type, this.scope.context);
      this.scope.addBinding(binding);
    } else binding.declarations.push(statement);
    binding.requirements = mergeConstraints(binding.requirements, requirements);
    this.flow.set(binding, "definite");
    return binding;
  }

  /** Makes a module's members visible unqualified in the current scope. */
  addImport(module: ModuleInfo): void {
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) if (scope.imports.includes(module)) return;
    this.addExported(module);
    this.scope.imports.push(module);
  }

  /** A module name visible without a binding, such as `Core` or a ruleset's `Http`. */
  moduleNamed(name: string): ModuleInfo | undefined {
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      const module = scope.module(name);
      if (module) return module;
    }
    return undefined;
  }

  /** Modules visible here that export this name unqualified. */
  exporters(name: string): readonly Exporter[] {
    if (!this.exported.has(name)) return noExporters;
    let found: Exporter[] | undefined;
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      for (const module of scope.imports) {
        const member = module.shape.members.get(name);
        if (member && !found?.some((f) => f.module === module)) (found ??= []).push({ module, member });
      }
    }
    return found ?? noExporters;
  }

  /** Resolves an unqualified name: bindings first, then module names, then members of visible modules. */
  lookup(name: string): Lookup {
    const bound = this.definiteBinding(name);
    if (bound) {
      const exporters = this.exporters(name);
      if (exporters.length === 0) return bound.found;
      return { kind: "ambiguous", binding: bound, modules: exporters.map((e) => e.module) };
    }
    // An assignment to a module's name or member is rejected, so it never hides them.
    const module = this.moduleNamed(name);
    if (module) return this.index.moduleResolution(module);
    const exporters = this.exporters(name);
    if (exporters.length === 0) return this.unassigned(name) ?? unknownName;
    if (exporters.length > 1) return { kind: "ambiguous", modules: exporters.map((e) => e.module) };
    const only = exporters[0]!;
    return { kind: "member", module: only.module, member: only.member };
  }

  /** The binding of this name assigned on every path to here, innermost first. */
  private definiteBinding(name: string): BindingRecord | undefined {
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      const binding = scope.binding(name);
      if (binding?.assigned === "definite") return binding;
    }
    return undefined;
  }

  /** For a name bound on no path to here: the innermost scope's assignment of it, which has not run (or not on every path). */
  private unassigned(name: string): Extract<Lookup, { kind: "unassigned" }> | undefined {
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      const first = scope.assignments.get(name);
      if (!first) continue;
      const binding = scope.binding(name);
      return { kind: "unassigned", maybe: binding?.assigned === "possible", assignment: binding?.declarations[0] ?? first };
    }
    return undefined;
  }

  /** Every name visible here, for did-you-mean suggestions. */
  visibleNames(): string[] {
    const names = new Set<string>();
    for (let scope: ScopeFrame | undefined = this.scope; scope; scope = scope.parent) {
      for (const [name, binding] of scope.bindings()) if (binding.assigned === "definite") names.add(name);
      for (const name of scope.moduleNames()) names.add(name);
      for (const module of scope.imports) for (const name of module.shape.members.keys()) names.add(name);
    }
    return [...names];
  }
}

/** Constraints of both, each path once; `a` itself when `b` adds no path (conditions often read one object twice). */
export function mergeConstraints(a: readonly PointConstraint[], b: readonly PointConstraint[]): readonly PointConstraint[] {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  let merged: PointConstraint[] | undefined;
  for (const c of b) {
    if (hasPath(merged ?? a, c.path)) continue;
    (merged ??= a.slice()).push(c);
  }
  return merged ?? a;
}

function hasPath(constraints: readonly PointConstraint[], path: string): boolean {
  for (const c of constraints) if (c.path === path) return true;
  return false;
}
