/**
 * The oracle: a plain interpreter of P rule sets, straight from the AST.
 *
 * It runs each relevant ruleset's point blocks statement by statement, as a
 * P interpreter would (names by need, code objects run where used, failures
 * caught by `otherwise`, `stop()` and uncaught `fail()` ending the ruleset),
 * and builds the decision from what they requested (plan.ts). It is written
 * without src/compile and without the runtime's decision code (terms, graphs,
 * switches, plan): it shares with them only the front end (the semantic
 * model resolves names and members) and the message model (property values),
 * so a disagreement points at the decision logic itself.
 */
import type { SourceFile } from "../../src/diagnostics/source.js";
import type { SitePolicy } from "../../src/policy/site-policy-types.js";
import type { TransactionContext } from "../../src/runtime/context.js";
import type { Decision, Origin } from "../../src/runtime/decide.js";
import { messageView, type MessageView } from "../../src/runtime/message/index.js";
import { ABSENT, type RuntimeObject, type Value as ModelValue } from "../../src/runtime/values.js";
import { analyzeProgram, type Binding, type SemanticModel } from "../../src/semantic/index.js";
import type * as A from "../../src/syntax/ast.js";
import { parseSource, type ParseResult } from "../../src/syntax/index.js";
import { planServices, traceHeaders, type FiredRequest, type RequestedService } from "./plan.js";
import { textOf, toParameterValue } from "./values.js";

export type OracleDecision = Omit<Decision, "explain">;

export interface OracleSource {
  readonly path: string;
  readonly text: string;
}

interface LoadedFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly model: SemanticModel;
}

/** A ruleset (or a plain file the site policy places): whose it is and what runs at each point. */
interface Unit {
  readonly endpoint: "consumer" | "provider";
  readonly group: boolean;
  readonly id: string;
  readonly protocol: string;
  /** The precedence rank of who asks (the endpoint itself or a delegate for it) in the site policy; 0 without one. */
  readonly rank: number;
  readonly file: LoadedFile;
  /** Assignments that bind names before a point block runs: the file's top level, then the ruleset's. */
  readonly prelude: readonly A.AssignmentStatement[];
  readonly blocks: readonly { readonly point: string; readonly body: readonly A.Statement[] }[];
}

/** A file the front end has read: its syntax tree and what the semantic stage resolved in it. */
export interface CheckedSource {
  readonly parse: ParseResult;
  readonly model: SemanticModel;
}

/** Reads rule files for the oracle. Throws when a file does not check: the generators must only make valid programs. */
export function loadOracle(sources: readonly OracleSource[], policy?: SitePolicy): Oracle {
  return oracleOf(sources.map((input) => checkSource(input, policy)), policy);
}

/** The oracle over files already read (by compileSources, say), so they are not parsed twice. */
export function oracleOf(files: readonly CheckedSource[], policy?: SitePolicy): Oracle {
  // The bundle's order: files by path, then document order.
  const ordered = [...files].sort((a, b) => (a.parse.source.path < b.parse.source.path ? -1 : a.parse.source.path > b.parse.source.path ? 1 : 0));
  return new Oracle(ordered.flatMap((file) => unitsOf(file, policy)), policy);
}

function checkSource(input: OracleSource, policy: SitePolicy | undefined): CheckedSource {
  const placement = policy?.files.find((f) => f.path === input.path);
  const parse = parseSource(input.path, input.text);
  const semantic = analyzeProgram(parse, placement ? { pointsForPlainFile: placement.points } : {});
  const errors = [...parse.diagnostics, ...semantic.diagnostics].filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(`oracle: ${input.path} does not check:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}\n${input.text}`);
  return { parse, model: semantic.model };
}

function unitsOf({ parse, model }: CheckedSource, policy: SitePolicy | undefined): Unit[] {
  const path = parse.source.path;
  const placement = policy?.files.find((f) => f.path === path);
  const file: LoadedFile = { path, source: parse.source, model };
  const rulesets = parse.program.items.filter((item): item is A.RuleSet => item.kind === "RuleSet");
  const topLevel = parse.program.items.filter((item): item is A.Statement => item.kind !== "RuleSet");
  // Every requester class has a rank in a loaded policy (P3010); without a policy all rank alike.
  const rank = (requester: string) => policy?.precedence.ranks.findIndex((classes) => classes.some((c) => c === requester)) ?? 0;
  if (rulesets.length === 0) {
    if (!placement) return [];
    const { class: endpoint, id, group } = placement.authorizedBy;
    // The operator wrote it for the endpoint: a delegate (docs/site-policy.md, files).
    return [{ endpoint, group, id, protocol: placement.protocol, rank: rank(`${endpoint}-delegate`), file, prelude: [], blocks: placement.points.map((point) => ({ point, body: topLevel })) }];
  }
  const author = parse.program.header?.author;
  return rulesets.map((ruleset) => ({
    endpoint: ruleset.endpoint,
    group: ruleset.group,
    id: ruleset.authorizedBy.value,
    protocol: ruleset.protocol.name,
    rank: rank(author === "self" ? ruleset.endpoint : `${ruleset.endpoint}-delegate`),
    file,
    prelude: [...topLevel, ...ruleset.body].filter((s): s is A.AssignmentStatement => s.kind === "Assignment"),
    blocks: ruleset.body
      .filter((s): s is A.PointBlock => s.kind === "PointBlock")
      .map((block) => ({ point: file.model.points.get(block)!.name, body: block.body.body })),
  }));
}

export class Oracle {
  constructor(
    private readonly units: readonly Unit[],
    private readonly policy: SitePolicy | undefined,
  ) {}

  decide(context: TransactionContext): OracleDecision {
    const view = messageView(context);
    const fired: FiredRequest[] = [];
    let stop = false;
    let fail: OracleDecision["fail"] = null;
    for (const unit of this.relevantUnits(context, view)) {
      const outcome = new Evaluation(unit, view).run(context.point);
      fired.push(...outcome.requests);
      stop ||= outcome.stopped;
      if (outcome.failure && !fail) fail = { reason: outcome.failure.reason, origin: { ruleset: unit.id, file: unit.file.path, line: outcome.failure.line } };
    }
    const { services, refused } = planServices(fired, context, this.policy);
    return { point: context.point, services, refused, stop, fail, trace: traceHeaders(services, context, this.policy) };
  }

  /**
   * The rulesets of this transaction's endpoints, provider's first where the
   * message travels towards the consumer (HTTP responses, all of SMTP), each
   * side in bundle order. Identities compare without regard to case
   * (docs/irml.md §6 item 30); a group's declared members belong to it.
   */
  private relevantUnits(context: TransactionContext, view: MessageView): Unit[] {
    const consumer = context.consumer?.id ?? context.consumer?.ip;
    const provider = context.provider?.id ?? requestHost(view);
    const consumerGroups = [...(context.consumer?.groups ?? []), ...this.declaredGroups("consumer", consumer)];
    const providerGroups = [...(context.provider?.groups ?? []), ...this.declaredGroups("provider", provider)];
    const applies = (unit: Unit, identity: string | undefined, groups: readonly string[]) =>
      unit.group ? groups.some((g) => sameId(g, unit.id)) : identity !== undefined && sameId(identity, unit.id);
    const ofProtocol = this.units.filter((u) => u.protocol === context.protocol);
    const consumers = ofProtocol.filter((u) => u.endpoint === "consumer" && applies(u, consumer, consumerGroups));
    const providers = ofProtocol.filter((u) => u.endpoint === "provider" && applies(u, provider, providerGroups));
    const towardsConsumer = context.protocol === "SMTP" || context.point === "response_in" || context.point === "response_out";
    return towardsConsumer ? [...providers, ...consumers] : [...consumers, ...providers];
  }

  private declaredGroups(endpoint: "consumer" | "provider", identity: string | undefined): string[] {
    if (identity === undefined) return [];
    return (this.policy?.groups ?? []).filter((g) => g.class === endpoint && g.members.some((m) => sameId(m, identity))).map((g) => g.id);
  }
}

function sameId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The request host as rules see it (`Http.request.host`): from the absolute target, else from Host, without port. */
function requestHost(view: MessageView): string | undefined {
  if (view.context.protocol !== "HTTP") return undefined;
  const request = view.root("Http").member("request", "Http.request");
  const host = typeof request === "object" ? request.member("host", "Http.request.host") : ABSENT;
  return typeof host === "string" ? host : undefined;
}

// ---------------------------------------------------------------- evaluation

/** A P failure on its way to the nearest `otherwise`. */
class Failure {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {}
}

/** `Core.interpreter.stop()`: ends the ruleset at this point; `otherwise` does not catch it. */
class Stop {}

/** A `{ … }` code object: a value that runs where it is used. */
class CodeValue {
  constructor(readonly body: readonly A.Statement[]) {}
}

/** A service object from `Services.findOne`, configured by its method calls. */
class ServiceValue {
  readonly params = new Map<string, ModelValue>();
  onFailure?: string;
  /** Services from `findOne(a) otherwise findOne(b)`. */
  readonly fallbacks: ServiceValue[] = [];

  constructor(
    readonly uri: string,
    readonly name: string | undefined,
  ) {}

  snapshot(): RequestedService {
    const params = Object.fromEntries([...this.params].map(([name, value]) => [name, toParameterValue(value)]));
    return { uri: this.uri, ...(this.name !== undefined ? { name: this.name } : {}), params, ...(this.onFailure !== undefined ? { onFailure: this.onFailure } : {}) };
  }
}

type Value = ModelValue | CodeValue | ServiceValue;

/** A name's value, computed at its first use and kept (a failure too) for the rest of the evaluation. */
class Thunk {
  private value?: { readonly ok: Value } | { readonly failed: Failure };

  constructor(private readonly compute: () => Value) {}

  force(): Value {
    if (!this.value) {
      try {
        this.value = { ok: this.compute() };
      } catch (error) {
        if (!(error instanceof Failure)) throw error;
        this.value = { failed: error };
      }
    }
    if ("failed" in this.value) throw this.value.failed;
    return this.value.ok;
  }
}

interface Outcome {
  readonly requests: readonly FiredRequest[];
  readonly stopped: boolean;
  readonly failure?: Failure;
}

/** One ruleset at one point: a fresh environment, its point blocks in document order. */
class Evaluation {
  private readonly names = new Map<Binding, Thunk>();
  private readonly requests: FiredRequest[] = [];
  private readonly model: SemanticModel;

  constructor(
    private readonly unit: Unit,
    private readonly view: MessageView,
  ) {
    this.model = unit.file.model;
  }

  run(point: string): Outcome {
    for (const assignment of this.unit.prelude) this.bind(assignment);
    try {
      for (const block of this.unit.blocks) if (block.point === point) this.statements(block.body);
      return { requests: this.requests, stopped: false };
    } catch (error) {
      if (error instanceof Stop) return { requests: this.requests, stopped: true };
      if (error instanceof Failure) return { requests: this.requests, stopped: false, failure: error };
      throw error;
    }
  }

  // ----- statements

  private statements(list: readonly A.Statement[]): void {
    for (const statement of list) this.statement(statement);
  }

  private statement(statement: A.Statement): void {
    switch (statement.kind) {
      case "Assignment":
        return this.bind(statement);
      case "Block":
        return this.statements(statement.body);
      case "If":
        return this.ifStatement(statement);
      case "ExpressionStatement": {
        const value = this.evaluate(statement.expression);
        if (value instanceof CodeValue) this.runCode(value);
        return;
      }
      case "Empty":
      case "PointBlock":
        return;
    }
  }

  private bind(assignment: A.AssignmentStatement): void {
    const binding = this.model.bindingOf.get(assignment);
    if (!binding) throw new Error(`oracle: no binding for ${assignment.name.name}`);
    this.names.set(binding, new Thunk(() => this.evaluate(assignment.value)));
  }

  /** The first branch whose condition is true runs; absent or false conditions fall through. */
  private ifStatement(statement: A.IfStatement): void {
    for (const branch of statement.branches) {
      if (this.evaluate(branch.condition) === true) return this.statements(branch.body.body);
    }
    if (statement.otherwise) this.statements(statement.otherwise.body);
  }

  private runCode(code: CodeValue): true {
    this.statements(code.body);
    return true;
  }

  // ----- expressions

  private evaluate(expression: A.Expression): Value {
    switch (expression.kind) {
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return expression.value;
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
        return new CodeValue(expression.body);
      case "Missing":
        throw new Error("oracle: a missing expression");
    }
  }

  private name(expression: A.NameExpression): Value {
    const resolution = this.model.resolutions.get(expression);
    if (resolution?.kind === "module") return this.view.root(resolution.module.name);
    if (resolution?.kind !== "binding") throw new Error(`oracle: cannot resolve ${expression.name}`);
    const thunk = this.names.get(resolution.binding);
    if (!thunk) throw new Error(`oracle: ${expression.name} is not bound here`);
    return thunk.force();
  }

  private member(expression: A.MemberExpression): Value {
    const resolution = this.model.resolutions.get(expression);
    if (resolution?.kind === "module") return this.view.root(resolution.module.name);
    if (resolution?.kind !== "member") throw new Error(`oracle: cannot resolve .${expression.property.name}`);
    const object = this.evaluate(expression.object);
    return isModelObject(object) ? object.member(expression.property.name, resolution.member.path) : ABSENT;
  }

  private call(call: A.CallExpression): Value {
    const resolution = this.model.resolutions.get(call);
    if (resolution?.kind !== "call" || call.callee.kind !== "Member") throw new Error("oracle: cannot resolve a call");
    switch (resolution.method?.path) {
      case "Services.findOne":
        return this.findOne(call);
      case "Services.applyOne":
        return this.apply([call]);
      case "Core.interpreter.stop":
        throw new Stop();
      case "Core.interpreter.fail":
        throw new Failure(stringLiteral(call.args[0]) ?? "", this.line(call));
      case "service.onFailure":
        return this.configure(call.callee, call.args, "onFailure");
    }
    if (resolution.serviceParameter !== undefined) return this.configure(call.callee, call.args, "parameter");
    const object = this.evaluate(call.callee.object);
    if (!isModelObject(object)) return ABSENT;
    const name = call.callee.property.name;
    if (!resolution.method) return object.member(name, resolution.callee.kind === "member" ? resolution.callee.member.path : name);
    return object.call(name, call.args.map((a) => this.modelValue(a)), resolution.method.path);
  }

  private findOne(call: A.CallExpression): ServiceValue {
    const [uri, name] = call.args;
    return new ServiceValue(stringLiteral(uri) ?? "", stringLiteral(name));
  }

  /** `s.level(x)` sets a parameter, `s.onFailure(mode)` the failure mode, of the service object `s`. */
  private configure(callee: A.MemberExpression, args: readonly A.Expression[], what: "parameter" | "onFailure"): true {
    const service = this.evaluate(callee.object);
    if (!(service instanceof ServiceValue)) throw new Error("oracle: configuring something that is not a service");
    const value = this.modelValue(args[0]!);
    if (what === "onFailure") {
      service.onFailure = String(value);
    } else {
      // Setting a parameter again replaces it.
      service.params.delete(callee.property.name);
      service.params.set(callee.property.name, value);
    }
    return true;
  }

  /**
   * `Services.applyOne(a) otherwise Services.applyOne(b) …`: one request, the
   * primary with its alternates, each followed by its own findOne fallbacks.
   * The service's configuration is taken as it is now.
   */
  private apply(calls: readonly A.CallExpression[]): true {
    const services = calls.map((call) => {
      const service = this.evaluate(call.args[0]!);
      if (!(service instanceof ServiceValue)) throw new Error("oracle: applyOne of something that is not a service");
      return service;
    });
    const chain = services.flatMap((s) => [s, ...s.fallbacks]).map((s) => s.snapshot());
    this.requests.push({ chain, endpoint: this.unit.endpoint, rank: this.unit.rank, origin: this.origin(this.line(calls[0]!)) });
    return true;
  }

  private unary(expression: A.UnaryExpression): Value {
    switch (expression.operator) {
      case "not": {
        const value = this.evaluate(expression.operand);
        return typeof value === "boolean" ? !value : ABSENT;
      }
      case "-": {
        const value = this.evaluate(expression.operand);
        return typeof value === "number" ? -value : ABSENT;
      }
      case "+":
        return this.evaluate(expression.operand);
      case "try":
        // The code runs; a failure goes on to the nearest otherwise.
        this.runOperand(expression.operand);
        return true;
      case "import": {
        const module = this.model.imports.get(expression);
        if (!module) throw new Error("oracle: unknown import");
        return this.view.root(module.name);
      }
    }
  }

  /** An operand of `try` or `otherwise`: a code object there runs. */
  private runOperand(expression: A.Expression): Value {
    const value = this.evaluate(expression);
    return value instanceof CodeValue ? this.runCode(value) : value;
  }

  private binary(expression: A.BinaryExpression): Value {
    const { operator } = expression;
    if (operator === "otherwise") return this.otherwise(expression);
    if (operator === "and") return this.evaluate(expression.left) === true && this.evaluate(expression.right) === true;
    if (operator === "or") return this.evaluate(expression.left) === true || this.evaluate(expression.right) === true;
    const left = this.modelValue(expression.left);
    const right = this.modelValue(expression.right);
    switch (operator) {
      case "xor":
        return typeof left === "boolean" && typeof right === "boolean" ? left !== right : ABSENT;
      case "matches":
      case "not_matches":
      case "matches_cs":
      case "not_matches_cs":
        return regexOperator(operator, left, right);
      case "==":
      case "!=":
        return equality(operator, left, right);
      case "<":
      case "<=":
      case ">":
      case ">=":
        return ordering(operator, left, right);
      case "+":
      case "-":
      case "*":
      case "/":
      case "%":
        return this.arithmetic(expression, left, right);
      default:
        return stringOperator(operator, left, right);
    }
  }

  /**
   * `A otherwise B`. Between `applyOne` calls: one request with alternates;
   * between service objects: B is A's fallback; otherwise B runs only when A
   * fails (`stop()` is not a failure and goes through).
   */
  private otherwise(expression: A.BinaryExpression): Value {
    const operands = flattenOtherwise(expression);
    if (operands.every((e) => this.isApplyCall(e))) return this.apply(operands as A.CallExpression[]);
    let left: Value;
    try {
      left = this.runOperand(expression.left);
    } catch (error) {
      if (error instanceof Failure) return this.runOperand(expression.right);
      throw error;
    }
    if (left instanceof ServiceValue) {
      const right = this.evaluate(expression.right);
      if (right instanceof ServiceValue) left.fallbacks.push(right, ...right.fallbacks);
    }
    // Between values an absent left side gives the right one (language §3.6).
    return left === ABSENT ? this.runOperand(expression.right) : left;
  }

  private isApplyCall(expression: A.Expression): boolean {
    if (expression.kind !== "Call") return false;
    const resolution = this.model.resolutions.get(expression);
    return resolution?.kind === "call" && resolution.method?.path === "Services.applyOne";
  }

  /** Integer arithmetic; an absent operand, a zero divisor or an inexact result gives absent (language §5 item 22). */
  private arithmetic(expression: A.BinaryExpression, left: ModelValue, right: ModelValue): ModelValue {
    if (expression.operator === "+" && typeof left === "string" && typeof right === "string") return left + right;
    if (typeof left !== "number" || typeof right !== "number") return ABSENT;
    if ((expression.operator === "/" || expression.operator === "%") && right === 0) return ABSENT;
    const result = {
      "+": () => left + right,
      "-": () => left - right,
      "*": () => left * right,
      "/": () => Math.trunc(left / right),
      "%": () => left % right,
    }[expression.operator as "+" | "-" | "*" | "/" | "%"]();
    return Number.isSafeInteger(result) ? result : ABSENT;
  }

  /** A value the message model and the operators work on (never a code or service object in a checked program). */
  private modelValue(expression: A.Expression): ModelValue {
    const value = this.evaluate(expression);
    if (value instanceof CodeValue || value instanceof ServiceValue) throw new Error("oracle: a code or service object used as a value");
    return value;
  }

  private line(node: A.Node): number {
    return this.unit.file.source.position(node.span.start).line;
  }

  private origin(line: number): Origin {
    return { ruleset: this.unit.id, file: this.unit.file.path, line };
  }
}

function isModelObject(value: Value): value is RuntimeObject {
  return typeof value === "object" && !(value instanceof CodeValue) && !(value instanceof ServiceValue);
}

function stringLiteral(expression: A.Expression | undefined): string | undefined {
  return expression?.kind === "StringLiteral" ? expression.value : undefined;
}

function flattenOtherwise(expression: A.Expression): A.Expression[] {
  if (expression.kind === "Binary" && expression.operator === "otherwise") return [...flattenOtherwise(expression.left), ...flattenOtherwise(expression.right)];
  return [expression];
}

// ---------------------------------------------------------------- operators on values

/** ASCII-only case folding, as the case-insensitive operators compare. */
function foldCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

const stringTests: Record<string, (a: string, b: string) => boolean> = {
  equal: (a, b) => a === b,
  contains: (a, b) => a.includes(b),
  begins_with: (a, b) => a.startsWith(b),
  ends_with: (a, b) => a.endsWith(b),
};

const caseInsensitive: Record<string, string> = { EqualS: "equal", ContainS: "contains", Begins_witH: "begins_with", Ends_witH: "ends_with" };

/** Absent (or text-less) operands make every string comparison false. */
function stringOperator(operator: string, left: ModelValue, right: ModelValue): boolean {
  const a = textOf(left);
  const b = textOf(right);
  if (a === undefined || b === undefined) return false;
  const folded = caseInsensitive[operator];
  if (folded) return stringTests[folded]!(foldCase(a), foldCase(b));
  const test = stringTests[operator];
  if (!test) throw new Error(`oracle: unknown operator ${operator}`);
  return test(a, b);
}

function equality(operator: "==" | "!=", left: ModelValue, right: ModelValue): boolean {
  const comparable = (v: ModelValue) => typeof v === "number" || typeof v === "boolean" || typeof v === "string";
  if (!comparable(left) || !comparable(right) || typeof left !== typeof right) return false;
  return (left === right) === (operator === "==");
}

function ordering(operator: "<" | "<=" | ">" | ">=", left: ModelValue, right: ModelValue): boolean {
  if (typeof left !== "number" || typeof right !== "number") return false;
  return { "<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right }[operator];
}

const regexCache = new Map<string, RegExp>();

/**
 * POSIX ERE search with JavaScript's engine: the patterns the generators use
 * mean the same in both, once the bracket classes are spelled out. An absent
 * value makes `not_matches` false too.
 */
function regexOperator(operator: "matches" | "not_matches" | "matches_cs" | "not_matches_cs", left: ModelValue, right: ModelValue): boolean {
  const text = textOf(left);
  if (text === undefined || typeof right !== "string") return false;
  const flags = operator.endsWith("_cs") ? "" : "i";
  const key = `${flags}/${right}`;
  let regex = regexCache.get(key);
  if (!regex) {
    const source = right.replace(/\[:digit:\]/g, "0-9").replace(/\[:alpha:\]/g, "A-Za-z").replace(/\[:alnum:\]/g, "0-9A-Za-z").replace(/\[:space:\]/g, " \\t\\n\\r\\f\\v");
    regex = new RegExp(source, flags);
    regexCache.set(key, regex);
  }
  return regex.test(text) !== operator.startsWith("not_");
}
