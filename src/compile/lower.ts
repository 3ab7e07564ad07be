import { createDiagnostic, type Diagnostic, type DiagnosticDefinition } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { compileDiagnostics as codes } from "../diagnostics/catalog/semantic.js";
import type { FailureMode, GuardPart, RuleInfo, ServiceParameter, ServiceRequest } from "../runtime/bundle.js";
import type { Binding, Resolution, SemanticModel } from "../semantic/model.js";
import type * as A from "../syntax/ast.js";
import type { LoweredAction, LoweredProgram, LoweredRuleSet, LoweredServiceSpan } from "./ir.js";
import { TermTable } from "./terms.js";

/** One checked file, as the compiler receives it. */
export interface CheckedFile {
  readonly program: A.Program;
  readonly source: SourceFile;
  readonly model: SemanticModel;
}

/** How the site policy places a plain P file (one without rulesets). */
export interface PlainFileAssignment {
  readonly protocol: string;
  readonly points: readonly string[];
  readonly endpoint: "consumer" | "provider";
  readonly id: string;
  readonly group: boolean;
}

export interface LowerOptions {
  readonly plainFiles?: (path: string) => PlainFileAssignment | undefined;
  /** Most statements one point block may expand to through named code objects (P §3.6 reuse). */
  readonly maxExpansion?: number;
  /** Leave plain files without a policy assignment out instead of reporting them (checking only). */
  readonly skipUnassignedPlainFiles?: boolean;
  /** The failure mode of a service whose rule sets none: the site policy's default for it (else abort). */
  readonly defaultFailure?: (uri: string) => "abort" | "ignore" | undefined;
}

/**
 * Lowers checked programs to guarded actions (docs/compiler.md): control flow,
 * named expressions, code objects, `otherwise`, `stop()` and `fail()` all
 * disappear into the guards, so each action can be decided on its own.
 */
export function lowerPrograms(files: readonly CheckedFile[], options: LowerOptions = {}): { program: LoweredProgram; diagnostics: Diagnostic[] } {
  const lowerer = new Lowerer(options);
  for (const file of files) lowerer.file(file);
  return { program: { terms: lowerer.terms, rulesets: lowerer.rulesets, rules: lowerer.rules, actions: lowerer.actions }, diagnostics: lowerer.diagnostics };
}

// ---------------------------------------------------------------- values

interface ServiceBuilder {
  readonly uri: string;
  readonly name: string | undefined;
  readonly params: ServiceParameter[];
  onFailure?: FailureMode;
  /** Fallbacks from `findOne(a) otherwise findOne(b)`. */
  readonly fallbacks: ServiceBuilder[];
  /** The guard it was created under: configuration must happen under the same one. */
  readonly guard: readonly GuardPart[];
  readonly span: Span;
  readonly paramSpans: Map<string, Span>;
  /** The program (one point's blocks) that made it; another one configures a copy of its own. */
  readonly owner: PointScope;
}

/** One way a name may be bound to a service: the service, and the condition under which it is that one. */
interface ServiceChoice {
  readonly when: number;
  readonly service: ServiceBuilder;
}

type Value =
  | { readonly kind: "term"; readonly id: number }
  | { readonly kind: "module"; readonly name: string }
  | { readonly kind: "service"; readonly service: ServiceBuilder }
  | { readonly kind: "code"; readonly body: readonly A.Statement[]; readonly env: Env }
  /** A name bound differently in exclusive branches: each value with the condition under which it holds. */
  | { readonly kind: "choice"; readonly options: readonly { readonly when: number; readonly value: Value }[] };

/** Bindings visible at a point of the program; branches get a child so their bindings can be merged. */
class Env {
  // The first binding made here is held in two fields, the others in a map
  // made for the second: most blocks bind nothing and most branches one name,
  // and a map for each of those was a tenth of what the lowering allocated.
  private first: Binding | undefined;
  private firstValue: Value | undefined;
  private others: Map<Binding, Value> | undefined;
  constructor(readonly parent?: Env) {}

  get(binding: Binding): Value | undefined {
    for (let env: Env | undefined = this; env; env = env.parent) {
      const value = env.local(binding);
      if (value) return value;
    }
    return undefined;
  }

  /** The value bound in this env itself, not in its parents. */
  local(binding: Binding): Value | undefined {
    return binding === this.first ? this.firstValue : this.others?.get(binding);
  }

  set(binding: Binding, value: Value): void {
    if (this.first === undefined || binding === this.first) {
      this.first = binding;
      this.firstValue = value;
    } else (this.others ??= new Map()).set(binding, value);
  }

  /** The bindings made in this env itself, in the order first made. */
  bindings(): Iterable<Binding> {
    if (this.first === undefined) return [];
    return this.others ? [this.first, ...this.others.keys()] : [this.first];
  }
}

/** A branch of an if statement: the bindings it made, and the condition under which it runs. */
interface BranchEnv {
  readonly when: number;
  readonly env: Env;
}

/** The value of a name bound in exactly one branch to one value, with none before the if: no choice to make. */
function onlyBinding(branches: readonly BranchEnv[], binding: Binding): Value | undefined {
  let only: Value | undefined;
  for (const branch of branches) {
    const value = branch.env.local(binding);
    if (!value) continue;
    if (only || value.kind === "choice") return undefined;
    only = value;
  }
  return only;
}

/** When a list of statements stops early (relative to its entry guard). */
interface Exits {
  readonly fail: number;
  readonly stop: number;
}

/** What the point blocks of one ruleset at one point share: they run as one program. */
interface PointScope {
  readonly env: Env;
}

interface Frame {
  readonly file: CheckedFile;
  readonly scope: PointScope;
  readonly ruleset: number;
  readonly rule: number;
  readonly point: string;
  /** Inside the left operand of `otherwise`: a `fail()` there is caught, not reported. */
  readonly catching: boolean;
  readonly budget: { remaining: number };
}

// ---------------------------------------------------------------- lowering

class Lowerer {
  readonly terms = new TermTable();
  readonly rulesets: LoweredRuleSet[] = [];
  readonly rules: RuleInfo[] = [];
  readonly actions: LoweredAction[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private readonly noExit: Exits;

  constructor(private readonly options: LowerOptions) {
    this.noExit = { fail: this.terms.FALSE, stop: this.terms.FALSE };
  }

  /** The failure mode of a service whose rule sets none. */
  private readonly defaultFailure = (uri: string): FailureMode => this.options.defaultFailure?.(uri) ?? "abort";

  file(file: CheckedFile): void {
    const global = new Env();
    const rulesets = file.program.items.filter((item): item is A.RuleSet => item.kind === "RuleSet");
    const statements = file.program.items.filter((item): item is A.Statement => item.kind !== "RuleSet");
    if (rulesets.length === 0) {
      this.plainFile(file, statements, global);
      return;
    }
    this.bindOnly(file, statements, global);
    for (const ruleset of rulesets) this.ruleSet(file, ruleset, global);
  }

  /** A plain P file: the whole program is one rule at each point the site policy gives it. */
  private plainFile(file: CheckedFile, statements: readonly A.Statement[], global: Env): void {
    const assignment = this.options.plainFiles?.(file.source.path);
    if (!assignment) {
      if (statements.length > 0 && !this.options.skipUnassignedPlainFiles) {
        this.report(file, codes.unassignedPlainFile, { start: 0, end: 0 }, "a plain P file (no ruleset) compiles only when the site policy assigns it an endpoint and points under `files`");
      }
      return;
    }
    const index = this.rulesets.length;
    const position = file.source.position(0);
    this.rulesets.push({
      endpoint: assignment.endpoint,
      group: assignment.group,
      id: assignment.id,
      protocol: assignment.protocol,
      file: file.source.path,
      line: position.line,
      span: { start: 0, end: 0 },
      endpointSpan: { start: 0, end: 0 },
      assignedByPolicy: true,
    });
    for (const point of assignment.points) {
      const rule = this.addRule(index, point, file, { start: 0, end: 0 });
      const scope: PointScope = { env: new Env(global) };
      this.statements(statements, [], new Env(scope.env), this.frame(file, scope, index, rule, point));
    }
  }

  private ruleSet(file: CheckedFile, ruleset: A.RuleSet, global: Env): void {
    const index = this.rulesets.length;
    const header = file.program.header;
    const field = (fields: readonly A.HeaderField[], key: A.HeaderFieldName) => fields.find((f) => f.key === key)?.value.value;
    const authorId = header ? field(header.fields, "id") : undefined;
    const authorName = header ? field(header.fields, "name") : undefined;
    const name = field(ruleset.fields, "name");
    this.rulesets.push({
      endpoint: ruleset.endpoint,
      group: ruleset.group,
      id: ruleset.authorizedBy.value,
      protocol: ruleset.protocol.name,
      ...(name !== undefined ? { name } : {}),
      ...(header && authorId !== undefined ? { author: { kind: header.author, id: authorId, ...(authorName !== undefined ? { name: authorName } : {}) } } : {}),
      file: file.source.path,
      line: file.source.position(ruleset.span.start).line,
      span: ruleset.span,
      endpointSpan: ruleset.endpointSpan,
      ...(header ? { authorSpan: header.authorSpan } : {}),
      assignedByPolicy: false,
    });
    const env = new Env(global);
    const statements = ruleset.body.filter((s) => s.kind !== "PointBlock");
    this.bindOnly(file, statements, env);
    // Point blocks of one point form that point's program, in document order:
    // a stop() or fail() in one ends the ruleset's later blocks at that point.
    const byPoint = new Map<string, A.PointBlock[]>();
    for (const block of ruleset.body) {
      if (block.kind !== "PointBlock") continue;
      const point = file.model.points.get(block)?.name;
      if (!point) continue;
      let blocks = byPoint.get(point);
      if (!blocks) byPoint.set(point, (blocks = []));
      blocks.push(block);
    }
    for (const [point, blocks] of byPoint) {
      let exited = this.terms.FALSE;
      const scope: PointScope = { env: new Env(env) };
      for (const block of blocks) {
        const rule = this.addRule(index, point, file, block.span);
        const frame = this.frame(file, scope, index, rule, point);
        const guard = exited === this.terms.FALSE ? [] : [this.exitPart(exited, file, block.span)];
        const exits = this.statements(block.body.body, guard, new Env(scope.env), frame);
        exited = this.terms.or2(exited, this.terms.and2(this.terms.notHolds(exited), this.terms.or2(exits.fail, exits.stop)));
      }
    }
  }

  private addRule(ruleset: number, point: string, file: CheckedFile, span: Span): number {
    this.rules.push({ ruleset, point, file: file.source.path, line: file.source.position(span.start).line });
    return this.rules.length - 1;
  }

  private frame(file: CheckedFile, scope: PointScope, ruleset: number, rule: number, point: string): Frame {
    return { file, scope, ruleset, rule, point, catching: false, budget: { remaining: this.options.maxExpansion ?? 10_000 } };
  }

  /** Statements outside point blocks only bind names (the checker rejects actions there). */
  private bindOnly(file: CheckedFile, statements: readonly A.Statement[], env: Env): void {
    for (const statement of statements) {
      if (statement.kind === "Assignment") this.assign(statement, env, [], { file, scope: { env }, ruleset: -1, rule: -1, point: "", catching: false, budget: { remaining: 0 } });
    }
  }

  // ----- statements

  private statements(list: readonly A.Statement[], guard: readonly GuardPart[], env: Env, frame: Frame): Exits {
    const t = this.terms;
    let exits = this.noExit;
    for (const statement of list) {
      if (exits.fail === t.FALSE && exits.stop === t.FALSE) {
        // Nothing before it can end the list: it runs under the list's guard and its exits are the list's.
        exits = this.statement(statement, guard, env, frame);
        continue;
      }
      const exited = t.or2(exits.fail, exits.stop);
      const statementGuard = exited === t.FALSE ? guard : [...guard, this.exitPart(exited, frame.file, statement.span)];
      const own = this.statement(statement, statementGuard, env, frame);
      const reached = t.notHolds(exited);
      const fail = t.or2(exits.fail, t.and2(reached, own.fail));
      exits = { fail, stop: t.or2(exits.stop, t.and2(reached, own.stop)) };
    }
    return exits;
  }

  private statement(statement: A.Statement, guard: readonly GuardPart[], env: Env, frame: Frame): Exits {
    switch (statement.kind) {
      case "Assignment":
        this.assign(statement, env, guard, frame);
        return this.noExit;
      case "Block":
        return this.statements(statement.body, guard, env, frame);
      case "If":
        return this.ifStatement(statement, guard, env, frame);
      case "ExpressionStatement":
        return this.effect(statement.expression, guard, env, frame);
      case "Empty":
      case "PointBlock":
        return this.noExit;
    }
  }

  private ifStatement(statement: A.IfStatement, guard: readonly GuardPart[], env: Env, frame: Frame): Exits {
    const t = this.terms;
    const count = statement.branches.length + (statement.otherwise ? 1 : 0);
    // Sized up front and filled in order: a pushed-to empty array reserves room for 16 (one per if statement).
    const branchEnvs = new Array<BranchEnv>(count);
    // The negated conditions of the branches before: only an elsif or else needs them.
    let earlier: GuardPart[] | undefined;
    // Only the exits that can happen: `or` drops the false ones anyway.
    const fails: number[] = [];
    const stops: number[] = [];
    for (let index = 0; index < count; index++) {
      const branch = statement.branches[index];
      const condition = branch?.condition;
      const own = condition ? this.guardParts(condition, env, frame) : noParts;
      const parts = earlier ? [...earlier, ...own] : own;
      const when = this.conjunction(parts);
      const branchEnv = new Env(env);
      const exits = this.statements(branch ? branch.body.body : statement.otherwise!.body, guard.length === 0 ? parts : [...guard, ...parts], branchEnv, frame);
      branchEnvs[index] = { when, env: branchEnv };
      const fail = t.and2(when, exits.fail);
      if (fail !== t.FALSE) fails.push(fail);
      const stop = t.and2(when, exits.stop);
      if (stop !== t.FALSE) stops.push(stop);
      if (condition) {
        // Interned after the last branch too, where no part needs it: term numbers are part of the bundle.
        const negated = t.notHolds(this.conjunction(own));
        if (index < count - 1) (earlier ??= []).push(this.negatePart(negated, condition, frame));
      }
    }
    this.mergeBranches(env, branchEnvs);
    const fail = t.or(fails);
    const stop = t.or(stops);
    return fail === t.FALSE && stop === t.FALSE ? this.noExit : { fail, stop };
  }

  /** After an if statement, a name bound in some branches takes the value of the branch that ran. */
  private mergeBranches(env: Env, branches: readonly BranchEnv[]): void {
    let bindings: Iterable<Binding>;
    if (branches.length === 1) bindings = branches[0]!.env.bindings();
    else {
      const all = new Set<Binding>();
      for (const branch of branches) for (const binding of branch.env.bindings()) all.add(binding);
      bindings = all;
    }
    for (const binding of bindings) {
      // A value from before the if (a service a branch configured a copy of) holds where no branch replaced it.
      const before = env.get(binding);
      const only = before ? undefined : onlyBinding(branches, binding);
      env.set(binding, only ?? this.choice(binding, branches, before));
    }
  }

  /** The value a name has after an if statement: each branch's value under its condition, else the value from before. */
  private choice(binding: Binding, branches: readonly BranchEnv[], before: Value | undefined): Value {
    const options: { when: number; value: Value }[] = [];
    const setters: number[] = [];
    for (const { when, env: branchEnv } of branches) {
      const value = branchEnv.local(binding);
      if (!value) continue;
      setters.push(when);
      if (value.kind !== "choice") options.push({ when, value });
      else for (const option of value.options) options.push({ when: this.terms.and2(when, option.when), value: option.value });
    }
    if (before) options.push({ when: this.terms.notHolds(this.terms.or(setters)), value: before });
    return options.length === 1 ? options[0]!.value : { kind: "choice", options };
  }

  private assign(statement: A.AssignmentStatement, env: Env, guard: readonly GuardPart[], frame: Frame): void {
    const binding = frame.file.model.bindingOf.get(statement);
    if (!binding) return;
    const value = this.value(statement.value, env, frame, guard);
    if (value) env.set(binding, value);
  }

  /** An expression statement: a service request, stop, fail, a code object run, or a pure value (no effect). */
  private effect(expression: A.Expression, guard: readonly GuardPart[], env: Env, frame: Frame): Exits {
    if (expression.kind === "Binary" && expression.operator === "otherwise") return this.otherwise(expression, guard, env, frame);
    if (expression.kind === "Unary" && expression.operator === "try") return this.effect(expression.operand, guard, env, frame);
    if (expression.kind === "Code") return this.statements(expression.body, guard, new Env(env), frame);
    if (expression.kind === "Name") {
      const value = this.nameValue(expression, env, frame);
      if (value?.kind === "code" && this.chargeExpansion(value.body, expression.span, frame)) return this.statements(value.body, guard, new Env(value.env), frame);
      return this.noExit;
    }
    if (expression.kind !== "Call") return this.noExit;
    const callee = this.resolution(frame, expression);
    const path = callee?.kind === "call" && callee.method ? callee.method.path : undefined;
    switch (path) {
      case "Services.applyOne":
        this.apply([expression], guard, env, frame, expression.span);
        return this.noExit;
      case "Core.interpreter.stop":
        this.emit({ kind: "stop" }, guard, frame, expression.span);
        return { fail: this.terms.FALSE, stop: this.terms.TRUE };
      case "Core.interpreter.fail": {
        const reason = expression.args[0];
        const text = reason?.kind === "StringLiteral" ? reason.value : undefined;
        if (reason && text === undefined) this.report(frame.file, codes.uncompilable, reason.span, "the reason given to fail() must be a string literal");
        if (!frame.catching) this.emit({ kind: "fail", reason: text ?? "" }, guard, frame, expression.span);
        return { fail: this.terms.TRUE, stop: this.terms.FALSE };
      }
      case "service.onFailure":
        this.configure(expression, guard, env, frame);
        return this.noExit;
      default:
        if (callee?.kind === "call" && callee.serviceParameter !== undefined) this.configure(expression, guard, env, frame);
        return this.noExit;
    }
  }

  /**
   * Running a named code object copies its statements here; the copies of one
   * point block are bounded, since code objects that run each other twice
   * double at every level (reported once, P2052).
   */
  private chargeExpansion(body: readonly A.Statement[], span: Span, frame: Frame): boolean {
    if (frame.budget.remaining < 0) return false;
    frame.budget.remaining -= countStatements(body);
    if (frame.budget.remaining >= 0) return true;
    this.report(frame.file, codes.expansionTooLarge, span, `running named code objects here expands this point block by more than ${this.options.maxExpansion ?? 10_000} statements`);
    return false;
  }

  /**
   * `a otherwise b`: between service requests, the primary and its ordered
   * alternates; between code, b runs when a fails (a fail() in a is caught).
   */
  private otherwise(expression: A.BinaryExpression, guard: readonly GuardPart[], env: Env, frame: Frame): Exits {
    const chain = flattenOtherwise(expression);
    if (chain.every((e) => this.isApply(e, frame))) {
      this.apply(chain as A.CallExpression[], guard, env, frame, expression.span);
      return this.noExit;
    }
    const left = this.effect(expression.left, guard, env, { ...frame, catching: true });
    const caught = this.part(left.fail, "the left side of 'otherwise' failed", frame.file, expression.left.span);
    const right = this.effect(expression.right, [...guard, caught], env, frame);
    return {
      fail: this.terms.and2(left.fail, right.fail),
      stop: this.terms.or2(left.stop, this.terms.and2(left.fail, right.stop)),
    };
  }

  private isApply(expression: A.Expression, frame: Frame): boolean {
    if (expression.kind !== "Call") return false;
    const resolution = this.resolution(frame, expression);
    return resolution?.kind === "call" && resolution.method?.path === "Services.applyOne";
  }

  /** `Services.applyOne(s)` (with alternates from an otherwise chain): one request per way `s` may be bound. */
  private apply(calls: readonly A.CallExpression[], guard: readonly GuardPart[], env: Env, frame: Frame, span: Span): void {
    // Filled by a loop: a closure here would make every request allocate a context for it.
    const choices = new Array<ServiceChoice[]>(calls.length);
    for (let i = 0; i < calls.length; i++) choices[i] = this.requestedChoices(calls[i]!, env, frame);
    // One request per combination of the ways the primary and each alternate may be bound.
    for (const combination of combinations(choices)) {
      // `and` of one term is that term: most requests name one service bound one way.
      const when = combination.length === 1 ? combination[0]!.when : this.terms.and(combination.map((c) => c.when));
      const requests = expandFallbacks(combination.map((c) => c.service));
      const service = buildRequest(requests, this.defaultFailure);
      const parts = when === this.terms.TRUE ? guard : [...guard, this.part(when, "the binding of this service", frame.file, span)];
      this.emit({ kind: "apply", service }, parts, frame, span, requests.map(serviceSpan));
    }
  }

  /** The services one `Services.applyOne(s)` may request. */
  private requestedChoices(call: A.CallExpression, env: Env, frame: Frame): ServiceChoice[] {
    if (call.args.length > 1) this.report(frame.file, codes.uncompilable, call.args[1]!.span, "Services.applyOne takes one service; give parameters with service methods such as s.level(\"high\")");
    const argument = call.args[0];
    return argument ? this.serviceChoices(argument, env, frame) : [];
  }

  private serviceChoices(expression: A.Expression, env: Env, frame: Frame): ServiceChoice[] {
    const value = this.value(expression, env, frame, noParts);
    if (value?.kind === "service") return [{ when: this.terms.TRUE, service: value.service }];
    const choices = this.services(value, this.terms.TRUE);
    if (choices.length === 0) this.report(frame.file, codes.uncompilable, expression.span, "this must be a service found with Services.findOne(\"uri\")");
    return choices;
  }

  /** The services a value may be, each with the condition under which it is that one. */
  private services(value: Value | undefined, when: number): ServiceChoice[] {
    if (!value) return [];
    if (value.kind === "service") return [{ when, service: value.service }];
    if (value.kind === "choice") return value.options.flatMap((o) => this.services(o.value, this.terms.and2(when, o.when)));
    return [];
  }

  /** `s.level("high")` or `s.onFailure("ignore")`: configures the service bound to `s`. */
  private configure(call: A.CallExpression, guard: readonly GuardPart[], env: Env, frame: Frame): void {
    if (call.callee.kind !== "Member") return;
    const target = this.value(call.callee.object, env, frame, guard);
    if (target?.kind !== "service") {
      this.report(frame.file, codes.uncompilable, call.callee.object.span, "configure a service through the name it was bound to with Services.findOne");
      return;
    }
    if (!sameConditions(target.service.guard, guard)) {
      this.report(frame.file, codes.conditionalServiceConfiguration, call.span, "configure a service under the same conditions as its Services.findOne; bind another service in the branch instead");
      return;
    }
    const service = this.ownService(target.service, call.callee.object, frame);
    const argument = call.args[0];
    if (!argument) return;
    const name = call.callee.property.name;
    if (name === "onFailure" && argument.kind === "StringLiteral") {
      service.onFailure = argument.value as FailureMode;
      return;
    }
    const value = this.term(argument, env, frame);
    if (value === undefined) return;
    const existing = indexOfParameter(service.params, name);
    if (existing >= 0) service.params.splice(existing, 1);
    service.params.push({ name, value });
    service.paramSpans.set(name, argument.span);
  }

  /**
   * A service bound at ruleset or program level is shared by every point
   * block; a block that configures it gets its own copy, so the parameters it
   * sets do not leak into the requests of other points.
   */
  private ownService(service: ServiceBuilder, binding: A.Expression, frame: Frame): ServiceBuilder {
    if (service.owner === frame.scope || binding.kind !== "Name") return service;
    const resolution = this.resolution(frame, binding);
    if (resolution?.kind !== "binding") return service;
    const copy: ServiceBuilder = { ...service, params: [...service.params], fallbacks: [...service.fallbacks], paramSpans: new Map(service.paramSpans), owner: frame.scope };
    frame.scope.env.set(resolution.binding, { kind: "service", service: copy });
    return copy;
  }

  private emit(action: LoweredAction["action"], guard: readonly GuardPart[], frame: Frame, span: Span, serviceSpans?: readonly LoweredServiceSpan[]): void {
    const position = this.position(frame.file, span);
    const lowered: { -readonly [K in keyof LoweredAction]: LoweredAction[K] } = {
      action,
      ruleset: frame.ruleset,
      rule: frame.rule,
      point: frame.point,
      guard: this.withoutTrue(guard),
      file: frame.file.source.path,
      span,
      line: position.line,
      column: position.column,
    };
    if (serviceSpans) lowered.serviceSpans = serviceSpans;
    this.actions.push(lowered);
  }

  /** The guard without its parts that always hold (the guard itself when it has none). */
  private withoutTrue(guard: readonly GuardPart[]): readonly GuardPart[] {
    for (const part of guard) if (part.term === this.terms.TRUE) return this.withoutTrueParts(guard);
    return guard;
  }

  /** Apart from `withoutTrue`: its closure would make every action allocate a context, not only those with parts to drop. */
  private withoutTrueParts(guard: readonly GuardPart[]): GuardPart[] {
    const TRUE = this.terms.TRUE;
    return guard.filter((p) => p.term !== TRUE);
  }

  // ----- values and terms

  private value(expression: A.Expression, env: Env, frame: Frame, guard: readonly GuardPart[]): Value | undefined {
    switch (expression.kind) {
      case "Code":
        return { kind: "code", body: expression.body, env };
      case "Name":
        return this.nameValue(expression, env, frame);
      case "Call": {
        const resolution = this.resolution(frame, expression);
        if (resolution?.kind === "call" && resolution.method?.path === "Services.findOne") return this.findOne(expression, frame, guard);
        break;
      }
      case "Binary":
        if (expression.operator === "otherwise") {
          const left = this.value(expression.left, env, frame, guard);
          const right = this.value(expression.right, env, frame, guard);
          if (left?.kind === "service" && right?.kind === "service") {
            left.service.fallbacks.push(right.service, ...right.service.fallbacks);
            return left;
          }
        }
        break;
      case "Unary":
        if (expression.operator === "import") {
          const module = frame.file.model.imports.get(expression);
          return module ? { kind: "module", name: module.name } : undefined;
        }
        break;
      default:
        break;
    }
    const term = this.term(expression, env, frame);
    return term === undefined ? undefined : { kind: "term", id: term };
  }

  private nameValue(expression: A.NameExpression, env: Env, frame: Frame): Value | undefined {
    const resolution = this.resolution(frame, expression);
    if (resolution?.kind === "binding") return env.get(resolution.binding);
    if (resolution?.kind === "module") return { kind: "module", name: resolution.module.name };
    return undefined;
  }

  private findOne(call: A.CallExpression, frame: Frame, guard: readonly GuardPart[]): Value {
    const [uri, name] = call.args;
    const service: ServiceBuilder = {
      uri: uri?.kind === "StringLiteral" ? uri.value : "",
      name: name?.kind === "StringLiteral" ? name.value : undefined,
      params: [],
      fallbacks: [],
      guard,
      span: call.span,
      paramSpans: new Map(),
      owner: frame.scope,
    };
    return { kind: "service", service };
  }

  /** A pure expression as a term; undefined (with a diagnostic) for what has no value at decision time. */
  private term(expression: A.Expression, env: Env, frame: Frame): number | undefined {
    const t = this.terms;
    switch (expression.kind) {
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return t.lit(expression.value);
      case "Name": {
        // A module name is its root term: no module value is made for it.
        const resolution = this.resolution(frame, expression);
        if (resolution?.kind === "module") return t.root(resolution.module.name);
        const value = resolution?.kind === "binding" ? env.get(resolution.binding) : undefined;
        return value ? this.valueTerm(value, expression, frame) : this.uncompilable(frame, expression);
      }
      case "Member": {
        const resolution = this.resolution(frame, expression);
        if (resolution?.kind === "module") return t.root(resolution.module.name);
        if (resolution?.kind !== "member") return this.uncompilable(frame, expression);
        if (resolution.member.kind === "object" && resolution.module && resolution.member.path === resolution.module.name) return t.root(resolution.module.name);
        const object = this.term(expression.object, env, frame);
        return object === undefined ? undefined : t.get(object, expression.property.name, resolution.member.path);
      }
      case "Call": {
        const resolution = this.resolution(frame, expression);
        if (resolution?.kind !== "call" || expression.callee.kind !== "Member") return this.uncompilable(frame, expression);
        const callee = expression.callee;
        const object = this.term(callee.object, env, frame);
        if (object === undefined) return undefined;
        if (!resolution.method) {
          // An accessor property called with `()` (Http.request.headers()).
          const member = resolution.callee.kind === "member" ? resolution.callee.member.path : callee.property.name;
          return t.get(object, callee.property.name, member);
        }
        if (resolution.method.requiresPoint || resolution.method.path.startsWith("Services.") && resolution.method.path !== "Services.variable") return this.uncompilable(frame, expression);
        const args = this.argumentTerms(expression.args, env, frame);
        return args && t.call(object, callee.property.name, resolution.method.path, args);
      }
      case "Unary": {
        if (expression.operator === "import") {
          const module = frame.file.model.imports.get(expression);
          return module ? t.root(module.name) : this.uncompilable(frame, expression);
        }
        const operand = this.term(expression.operand, env, frame);
        if (operand === undefined) return undefined;
        if (expression.operator === "not") return t.not(operand);
        if (expression.operator === "-") return t.op1("neg", operand);
        if (expression.operator === "+") return operand;
        return this.uncompilable(frame, expression);
      }
      case "Binary": {
        const left = this.term(expression.left, env, frame);
        const right = this.term(expression.right, env, frame);
        if (left === undefined || right === undefined) return undefined;
        switch (expression.operator) {
          case "matches":
          case "not_matches":
          case "matches_cs":
          case "not_matches_cs": {
            const pattern = expression.right.kind === "StringLiteral" ? expression.right.value : undefined;
            if (pattern === undefined) return this.uncompilable(frame, expression.right);
            return t.match(left, pattern, !expression.operator.endsWith("_cs"), expression.operator.startsWith("not_"));
          }
          case "and":
            return t.and2(left, right);
          case "or":
            return t.or2(left, right);
          default:
            return t.op2(expression.operator, left, right);
        }
      }
      case "Code":
      case "Missing":
        return this.uncompilable(frame, expression);
    }
  }

  /**
   * The terms of a call's arguments, undefined when one has none (each such
   * argument is reported). A method of its own: a closure in `term` would
   * make every call of it allocate a context for the closure's variables.
   */
  private argumentTerms(args: readonly A.Expression[], env: Env, frame: Frame): number[] | undefined {
    const terms = args.map((a) => this.term(a, env, frame));
    return terms.includes(undefined) ? undefined : (terms as number[]);
  }

  private valueTerm(value: Value, at: A.Expression, frame: Frame): number | undefined {
    switch (value.kind) {
      case "term":
        return value.id;
      case "module":
        return this.terms.root(value.name);
      case "choice": {
        let result: number | undefined;
        for (const option of [...value.options].reverse()) {
          const term = this.valueTerm(option.value, at, frame);
          if (term === undefined) return undefined;
          result = result === undefined ? term : this.terms.ite(option.when, term, result);
        }
        return result;
      }
      default:
        return this.uncompilable(frame, at);
    }
  }

  private uncompilable(frame: Frame, expression: A.Expression): undefined {
    this.report(frame.file, codes.uncompilable, expression.span, "this expression has no value the compiler can evaluate at decision time (a service, code object or action is not a condition)");
    return undefined;
  }

  // ----- guards

  /**
   * A condition as guard parts: its `and` operands one by one, so that each
   * equality test can be indexed by a switch and explanations can name the
   * first operand that was false.
   */
  private guardParts(condition: A.Expression, env: Env, frame: Frame): GuardPart[] {
    const into = new Array<GuardPart>(conjunctionLength(condition));
    this.guardPartsInto(condition, env, frame, into, 0);
    return into;
  }

  /** Writes the parts of a condition from `at` on, and returns where the next part goes. */
  private guardPartsInto(condition: A.Expression, env: Env, frame: Frame, into: GuardPart[], at: number): number {
    if (condition.kind === "Binary" && condition.operator === "and") {
      const next = this.guardPartsInto(condition.left, env, frame, into, at);
      return this.guardPartsInto(condition.right, env, frame, into, next);
    }
    const term = this.term(condition, env, frame) ?? this.terms.FALSE;
    into[at] = this.part(term, this.text(frame, condition.span), frame.file, condition.span);
    return at + 1;
  }

  /** `not (condition)` as one part: what an elsif or else branch requires of the branches before it. */
  private negatePart(negated: number, condition: A.Expression, frame: Frame): GuardPart {
    return this.part(negated, `not (${this.text(frame, condition.span)})`, frame.file, condition.span);
  }

  /** The source text of a condition on one line, its runs of white space made one space. */
  private text(frame: Frame, span: Span): string {
    const text = frame.file.source.text.slice(span.start, span.end);
    return hasSpaceToCollapse(text) ? text.replace(/\s+/g, " ") : text;
  }

  private exitPart(exited: number, file: CheckedFile, span: Span): GuardPart {
    return this.part(this.terms.notHolds(exited), "no earlier stop() or fail() ended the ruleset", file, span);
  }

  /** The term that holds when every part does. */
  private conjunction(parts: readonly GuardPart[]): number {
    if (parts.length === 1) return parts[0]!.term;
    if (parts.length === 2) return this.terms.and2(parts[0]!.term, parts[1]!.term);
    return this.terms.and(parts.map((p) => p.term));
  }

  private part(term: number, text: string, file: CheckedFile, span: Span): GuardPart {
    const { line, column } = this.position(file, span);
    return { term, text, line, column };
  }

  private position(file: CheckedFile, span: Span): { line: number; column: number } {
    return file.source.position(span.start);
  }

  private resolution(frame: Frame, expression: A.NameExpression | A.MemberExpression | A.CallExpression): Resolution | undefined {
    return frame.file.model.resolutions.get(expression);
  }

  private report(file: CheckedFile, definition: DiagnosticDefinition, span: Span, message: string): void {
    this.diagnostics.push(createDiagnostic(definition, file.source.range(span), message));
  }
}

/**
 * White space that `\s+` → " " would change: anything but a single space.
 * Most conditions have none, and keep their source text as it is.
 */
const spaceToCollapse = /[^\S ]| {2}/;

/** `spaceToCollapse.test(text)`, without the regular expression for ASCII text (every condition, so worth it). */
function hasSpaceToCollapse(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 32 && c < 127) continue;
    if (c === 32) {
      if (text.charCodeAt(i + 1) === 32) return true;
    } else if (c < 32) {
      // Tab, line feed, vertical tab, form feed, carriage return: the ASCII white space but the space.
      if (c >= 9 && c <= 13) return true;
    } else return spaceToCollapse.test(text);
  }
  return false;
}

/** The guard of an else branch: it adds no condition of its own. */
const noParts: readonly GuardPart[] = [];

/** How many parts `guardParts` makes of a condition: its operands of `and`. */
function conjunctionLength(condition: A.Expression): number {
  return condition.kind === "Binary" && condition.operator === "and" ? conjunctionLength(condition.left) + conjunctionLength(condition.right) : 1;
}

/** Statements in a body, counting nested blocks, branches and code literals. */
function countStatements(body: readonly A.Statement[]): number {
  let count = 0;
  for (const statement of body) {
    count += 1;
    if (statement.kind === "Block") count += countStatements(statement.body);
    else if (statement.kind === "If") count += statement.branches.reduce((n, b) => n + countStatements(b.body.body), 0) + countStatements(statement.otherwise?.body ?? []);
    else if (statement.kind === "ExpressionStatement" && statement.expression.kind === "Code") count += countStatements(statement.expression.body);
  }
  return count;
}

/** Every way to pick one item from each list (none when a list is empty). */
function combinations<T>(lists: readonly (readonly T[])[]): readonly (readonly T[])[] {
  // One list of one item (one service, bound one way) is its own only combination.
  if (lists.length === 1 && lists[0]!.length === 1) return lists;
  if (lists.every((list) => list.length === 1)) return [lists.map((list) => list[0]!)];
  return lists.reduce<T[][]>((acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])), [[]]);
}

/** Whether two guards test the same terms in the same order. */
function sameConditions(a: readonly GuardPart[], b: readonly GuardPart[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.term !== b[i]!.term) return false;
  return true;
}

/** Where a parameter is in a service's list; a loop, since a closure would capture the name at every call of `configure`. */
function indexOfParameter(params: readonly ServiceParameter[], name: string): number {
  for (let i = 0; i < params.length; i++) if (params[i]!.name === name) return i;
  return -1;
}

function flattenOtherwise(expression: A.Expression): A.Expression[] {
  if (expression.kind === "Binary" && expression.operator === "otherwise") return [...flattenOtherwise(expression.left), ...flattenOtherwise(expression.right)];
  return [expression];
}

/** A chain of requested services, each followed by the fallbacks of its `findOne(a) otherwise findOne(b)`. */
function expandFallbacks(chain: readonly ServiceBuilder[]): readonly ServiceBuilder[] {
  return chain.some((s) => s.fallbacks.length > 0) ? chain.flatMap((s) => [s, ...s.fallbacks]) : chain;
}

/** Where a request and its parameters were written, for the policy checks' diagnostics. */
function serviceSpan(service: ServiceBuilder): LoweredServiceSpan {
  return { uri: service.uri, span: service.span, params: service.paramSpans };
}

/**
 * The primary request with its alternates; every service but the last tries
 * the next one when it fails, the last does what its rule or the policy says.
 */
function buildRequest(chain: readonly ServiceBuilder[], defaultFailure: (uri: string) => FailureMode): ServiceRequest {
  const last = chain.length - 1;
  const alternates: ServiceRequest[] = [];
  for (let i = 1; i <= last; i++) alternates.push(serviceRequest(chain[i]!, failureMode(chain[i]!, i === last, defaultFailure), []));
  return serviceRequest(chain[0]!, failureMode(chain[0]!, last === 0, defaultFailure), alternates);
}

function failureMode(service: ServiceBuilder, last: boolean, defaultFailure: (uri: string) => FailureMode): FailureMode {
  return last ? (service.onFailure ?? defaultFailure(service.uri)) : "try-alternate";
}

/** A request as the bundle writes it (fields in this order), with the parameters set so far. */
function serviceRequest(s: ServiceBuilder, onFailure: FailureMode, alternates: readonly ServiceRequest[]): ServiceRequest {
  const params = [...s.params];
  return s.name !== undefined ? { uri: s.uri, name: s.name, params, onFailure, alternates } : { uri: s.uri, params, onFailure, alternates };
}
