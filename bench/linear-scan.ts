/**
 * The baseline: the same compiled bundle, evaluated without its decision
 * graph. For every action at the transaction's point it checks that the
 * action's ruleset belongs to this transaction's endpoints, then evaluates
 * every part of the guard with a plain recursive term evaluator — no
 * per-decision cache of term values (a predicate many rules share is
 * recomputed for each), no switches, no relevance dispatch.
 *
 * What it shares with the engine, so that only the evaluation strategy
 * differs: context validation, the message model (which parses the request
 * URI and header lists once per message), the operator semantics (`binary`),
 * the regex engine (patterns compiled once at load, as the engine does),
 * precedence between requests for one service, and the site's order
 * constraints (`orderServices`). It implements no run-time refusals
 * (consent, blocks, bypass): the benchmark's policy and contexts trigger
 * none, and the equivalence check asserts that.
 */
import type { Action, Bundle, RuleSetInfo } from "../src/runtime/bundle.js";
import { graphKey } from "../src/runtime/bundle.js";
import { validateContext, type TransactionContext } from "../src/runtime/context.js";
import { orderServices, type ParameterValue } from "../src/runtime/decide.js";
import { messageView, type MessageView } from "../src/runtime/message/index.js";
import { compileEre, type CompiledRegex } from "../src/runtime/regex/index.js";
import { binary, textOf } from "../src/runtime/terms.js";
import { ABSENT, isRuntimeObject, type Value } from "../src/runtime/values.js";

export interface ScannedService {
  readonly uri: string;
  readonly params: Readonly<Record<string, ParameterValue>>;
  readonly origin: { readonly ruleset: string; readonly file: string; readonly line: number };
}

export interface ScanDecision {
  readonly point: string;
  readonly services: readonly ScannedService[];
  readonly stop: boolean;
  readonly fail: string | null;
}

interface ScannedAction {
  readonly action: Action;
  readonly ruleset: RuleSetInfo;
}

export class LinearScan {
  /** Actions by `PROTOCOL/point`, in bundle (document) order: the only grouping the scan uses. */
  private readonly actionsAt = new Map<string, ScannedAction[]>();
  private readonly regexes: (CompiledRegex | undefined)[];

  constructor(private readonly bundle: Bundle) {
    bundle.actions.forEach((action) => {
      const rule = bundle.rules[action.rule]!;
      const ruleset = bundle.rulesets[rule.ruleset]!;
      const key = graphKey(ruleset.protocol, rule.point);
      const list = this.actionsAt.get(key) ?? [];
      list.push({ action, ruleset });
      this.actionsAt.set(key, list);
    });
    this.regexes = bundle.terms.map((term) => (term.t === "match" ? compileEre(term.pattern, { caseInsensitive: term.ci }) : undefined));
  }

  decide(input: unknown): ScanDecision {
    const checked = validateContext(input);
    if (!checked.ok) throw checked.errors[0]!;
    const context = checked.context;
    const view = messageView(context);
    const providerSide: ScannedAction[] = [];
    const consumerSide: ScannedAction[] = [];
    let stop = false;
    let fail: string | null = null;
    for (const scanned of this.actionsAt.get(graphKey(context.protocol, context.point)) ?? []) {
      if (!relevant(scanned.ruleset, context)) continue;
      if (!scanned.action.guard.every((part) => this.evaluate(part.term, view) === true)) continue;
      if (scanned.action.kind === "stop") stop = true;
      else if (scanned.action.kind === "fail") fail ??= scanned.action.reason;
      else (scanned.ruleset.endpoint === "provider" ? providerSide : consumerSide).push(scanned);
    }
    const towardsConsumer = this.bundle.graphs[graphKey(context.protocol, context.point)]?.towardsConsumer ?? false;
    const fired = towardsConsumer ? [...providerSide, ...consumerSide] : [...consumerSide, ...providerSide];
    return { point: context.point, services: this.plan(fired, context, view), stop, fail };
  }

  /**
   * One request per service — the best precedence rank wins, the first of
   * equals, planned where the service was first asked for (as the engine
   * does) — then drops services already run, resolves parameters and applies
   * the site's order.
   */
  private plan(fired: readonly ScannedAction[], context: TransactionContext, view: MessageView): ScannedService[] {
    const chosen = new Map<string, ScannedAction>();
    for (const scanned of fired) {
      if (scanned.action.kind !== "apply") continue;
      const current = chosen.get(scanned.action.service.uri);
      // Map.set on an existing key keeps that key's place.
      if (!current || rank(scanned) < rank(current)) chosen.set(scanned.action.service.uri, scanned);
    }
    const already = new Set(context.alreadyRun ?? []);
    const services: ScannedService[] = [];
    for (const { action, ruleset } of chosen.values()) {
      if (action.kind !== "apply" || already.has(action.service.uri)) continue;
      const params: Record<string, ParameterValue> = {};
      for (const param of action.service.params) params[param.name] = parameterValue(this.evaluate(param.value, view));
      services.push({ uri: action.service.uri, params, origin: { ruleset: ruleset.id, file: this.bundle.rules[action.rule]!.file, line: action.line } });
    }
    return orderServices(services, this.bundle.order);
  }

  /** Recursive, uncached: each call recomputes the whole term. */
  private evaluate(id: number, view: MessageView): Value {
    const term = this.bundle.terms[id]!;
    switch (term.t) {
      case "lit":
        return term.v;
      case "root":
        return view.root(term.module);
      case "get": {
        const object = this.evaluate(term.of, view);
        return isRuntimeObject(object) ? object.member(term.name, term.path) : ABSENT;
      }
      case "call": {
        const object = this.evaluate(term.of, view);
        return isRuntimeObject(object) ? object.call(term.name, term.args.map((a) => this.evaluate(a, view)), term.path) : ABSENT;
      }
      case "match": {
        const text = textOf(this.evaluate(term.arg, view));
        return text === undefined ? false : this.regexes[id]!.test(text) !== term.negate;
      }
      case "ite":
        return this.evaluate(term.cond, view) === true ? this.evaluate(term.then, view) : this.evaluate(term.else, view);
      case "op":
        return this.operator(term.op, term.args, view);
    }
  }

  private operator(op: string, args: readonly number[], view: MessageView): Value {
    const at = (i: number) => this.evaluate(args[i]!, view);
    switch (op) {
      case "and":
        return args.every((a) => this.evaluate(a, view) === true);
      case "or":
        return args.some((a) => this.evaluate(a, view) === true);
      case "not": {
        const value = at(0);
        return typeof value === "boolean" ? !value : ABSENT;
      }
      case "xor": {
        const [a, b] = [at(0), at(1)];
        return typeof a === "boolean" && typeof b === "boolean" ? a !== b : ABSENT;
      }
      case "otherwise": {
        const first = at(0);
        return first === ABSENT ? at(1) : first;
      }
      case "neg": {
        const value = at(0);
        return typeof value === "number" ? -value : ABSENT;
      }
      default:
        return binary(op, at(0), at(1));
    }
  }
}

function rank(scanned: ScannedAction): number {
  return scanned.ruleset.rank ?? Number.MAX_SAFE_INTEGER;
}

function parameterValue(value: Value): ParameterValue {
  if (value === ABSENT) return null;
  return typeof value === "object" ? (textOf(value) ?? null) : value;
}

/**
 * Whether a ruleset applies to this transaction: the consumer's id (its IP
 * when it has none) or one of its groups; the provider's id or groups. Two
 * things the engine also does are left out, as the benchmark never needs
 * them: the request host standing in for a provider without id (its
 * contexts always name the provider), and the site policy's group members
 * (its policy declares none).
 */
function relevant(ruleset: RuleSetInfo, context: TransactionContext): boolean {
  if (ruleset.endpoint === "consumer") {
    return ruleset.group ? (context.consumer?.groups ?? []).includes(ruleset.id) : ruleset.id === (context.consumer?.id ?? context.consumer?.ip);
  }
  return ruleset.group ? (context.provider?.groups ?? []).includes(ruleset.id) : ruleset.id === context.provider?.id;
}
