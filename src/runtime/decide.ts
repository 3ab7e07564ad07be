import type { Action, Bundle, OrderRule, PointGraph, RuleSetSlot, ServicePolicy, ServiceRequest } from "./bundle.js";
import { endpointKey, graphKey } from "./bundle.js";
import type { TransactionContext } from "./context.js";
import { fieldValues, type HeaderField } from "./message/header-list.js";
import { messageView, type MessageView } from "./message/index.js";
import { appendOpesVia, formatTraceEntry, hasNoTransform, parseOpesBypass } from "./opes-headers.js";
import { TermEvaluator, textOf, valueKey } from "./terms.js";
import { ABSENT } from "./values.js";

export type RefusalReason =
  | "not-authorized"
  | "consent-missing"
  | "blocked-by-user"
  | "opted-out-by-provider"
  | "bypassed"
  | "point-not-allowed"
  | "unknown-service";

export interface Origin {
  /** The authorizing endpoint (or group) of the ruleset. */
  readonly ruleset: string;
  readonly file: string;
  readonly line: number;
}

export type ParameterValue = string | number | boolean | null;

export interface PlannedAlternate {
  readonly uri: string;
  readonly params: Readonly<Record<string, ParameterValue>>;
  readonly onFailure: ServiceRequest["onFailure"];
}

export interface PlannedService extends PlannedAlternate {
  readonly name?: string;
  readonly alternates: readonly PlannedAlternate[];
  /** The request carried OPES-Bypass for this service, which is not bypassable: it runs anyway. */
  readonly bypassRefused: boolean;
  readonly origin: Origin;
}

export interface Refusal {
  readonly uri: string;
  readonly reason: RefusalReason;
  readonly detail: string;
  readonly origin: Origin;
}

export interface RuleExplanation {
  readonly ruleset: string;
  readonly file: string;
  readonly line: number;
  readonly action: string;
  readonly matched: boolean;
  /** The first condition that was not true, as written. */
  readonly failedCondition?: { readonly text: string; readonly line: number; readonly column: number };
}

export interface Explanation {
  /** Rulesets whose endpoint is this transaction's (the others were never looked at). */
  readonly relevantRulesets: readonly string[];
  readonly rules: readonly RuleExplanation[];
}

export interface Decision {
  readonly point: string;
  readonly services: readonly PlannedService[];
  readonly refused: readonly Refusal[];
  readonly stop: boolean;
  readonly fail: { readonly reason: string; readonly origin: Origin } | null;
  readonly trace: Readonly<Record<string, string>>;
  readonly explain?: Explanation;
}

export interface DecideOptions {
  readonly explain?: boolean;
}

/** A fired service request with where it came from. */
interface Request {
  readonly action: Action & { readonly kind: "apply" };
  readonly origin: Origin;
  /** The requester's precedence rank (0 is the highest; unranked last). */
  readonly rank: number;
  readonly endpoint: "consumer" | "provider";
}

/**
 * Decides one transaction at one point with a loaded bundle. The context
 * must already be valid (see evaluate() in engine.ts for the checked entry).
 */
export class Decider {
  private readonly evaluator: TermEvaluator;
  private readonly graphs: Map<string, LoadedGraph>;

  constructor(private readonly bundle: Bundle) {
    this.evaluator = new TermEvaluator(bundle.terms);
    this.graphs = new Map(Object.entries(bundle.graphs).map(([key, graph]) => [key, new LoadedGraph(graph)]));
  }

  decide(context: TransactionContext, options: DecideOptions = {}): Decision {
    const graph = this.graphs.get(graphKey(context.protocol, context.point));
    const view = messageView(context);
    this.evaluator.begin(view);
    const slots = graph ? graph.relevantSlots(context, () => requestHost(view)) : [];
    const fired: Request[] = [];
    let stop = false;
    let fail: Decision["fail"] = null;
    for (const slot of slots) {
      const origin = (action: Action): Origin => this.origin(slot.ruleset, action);
      for (const id of this.candidates(slot)) {
        const action = this.bundle.actions[id]!;
        if (!action.guard.every((part) => this.evaluator.holds(part.term))) continue;
        if (action.kind === "apply") {
          const ruleset = this.bundle.rulesets[slot.ruleset]!;
          fired.push({ action, origin: origin(action), rank: ruleset.rank ?? Number.MAX_SAFE_INTEGER, endpoint: ruleset.endpoint });
        }
        else if (action.kind === "stop") stop = true;
        else fail ??= { reason: action.reason, origin: origin(action) };
      }
    }
    const { services, refused } = this.plan(fired, context);
    return {
      point: context.point,
      services,
      refused,
      stop,
      fail,
      trace: this.trace(services, context),
      ...(options.explain ? { explain: this.explain(slots) } : {}),
    };
  }

  /** The actions of a ruleset worth trying: those no switch rules out, in document order. */
  private candidates(slot: RuleSetSlot): number[] {
    if (slot.switches.length === 0) return slot.always as number[];
    const found = [...slot.always];
    for (const table of slot.switches) {
      const key = valueKey(this.evaluator.value(table.term), table.caseInsensitive);
      const hits = key === undefined ? undefined : table.cases[key];
      if (hits) found.push(...hits);
    }
    return found.sort((a, b) => a - b);
  }

  private origin(rulesetIndex: number, action: Action): Origin {
    const ruleset = this.bundle.rulesets[rulesetIndex]!;
    return { ruleset: ruleset.id, file: this.bundle.rules[action.rule]!.file, line: action.line };
  }

  // ----- the plan: refusals, duplicates, order

  private plan(fired: readonly Request[], context: TransactionContext): { services: PlannedService[]; refused: Refusal[] } {
    const already = new Set(context.alreadyRun ?? []);
    const bypass = this.bypassRequest(context);
    const planned: PlannedService[] = [];
    const refused: Refusal[] = [];
    for (const { action, origin, endpoint } of chooseRequests(fired)) {
      const request = action.service;
      if (already.has(request.uri)) continue;
      const refusal = this.refusal(request.uri, context, bypass, endpoint);
      if (refusal) {
        refused.push({ uri: request.uri, ...refusal, origin });
        continue;
      }
      const alternates: PlannedAlternate[] = [];
      for (const alternate of request.alternates) {
        if (already.has(alternate.uri)) continue;
        const alternateRefusal = this.refusal(alternate.uri, context, bypass, endpoint);
        if (alternateRefusal) refused.push({ uri: alternate.uri, reason: alternateRefusal.reason, detail: `alternate of ${request.uri}: ${alternateRefusal.detail}`, origin });
        else alternates.push(this.planned(alternate));
      }
      planned.push({
        ...this.planned(request),
        ...(request.name !== undefined ? { name: request.name } : {}),
        alternates,
        bypassRefused: bypass !== undefined && this.policyOf(request.uri)?.bypassable === false && this.bypassNames(request.uri, bypass),
        origin,
      });
    }
    return { services: orderServices(planned, this.bundle.order), refused };
  }

  private planned(request: ServiceRequest): PlannedAlternate {
    const params: Record<string, ParameterValue> = {};
    for (const param of request.params) {
      const value = this.evaluator.value(param.value);
      params[param.name] = value === ABSENT ? null : typeof value === "object" ? (textOf(value) ?? null) : value;
    }
    return { uri: request.uri, params, onFailure: request.onFailure };
  }

  private policyOf(uri: string): ServicePolicy | undefined {
    return this.bundle.services?.[uri];
  }

  /** Why the site policy or the endpoints refuse a service here, if they do (design §4). */
  private refusal(
    uri: string,
    context: TransactionContext,
    bypass: ReturnType<typeof parseOpesBypass> | undefined,
    requester: "consumer" | "provider",
  ): { reason: RefusalReason; detail: string } | undefined {
    if (!this.bundle.services) return undefined;
    const policy = this.policyOf(uri);
    if (!policy) return { reason: "unknown-service", detail: "the site policy does not list this service" };
    const consents = new Set(context.consumer?.consents ?? []);
    const missing = policy.consents.filter((c) => !consents.has(c));
    if (missing.length > 0) return { reason: "consent-missing", detail: `needs consent: ${missing.join(", ")}` };
    const mandated = policy.mandate !== "none";
    const blocks = context.consumer?.blocks ?? [];
    if (!mandated && (blocks.includes("*") || blocks.includes(uri))) return { reason: "blocked-by-user", detail: blocks.includes(uri) ? "the consumer blocks this service" : "the consumer blocks all OPES services" };
    if (!mandated && policy.transforms && hasNoTransform(context.request?.headers ?? [])) return { reason: "blocked-by-user", detail: "the request carries Cache-Control: no-transform" };
    const optOut = context.provider?.optOut ?? [];
    const providerDecides = !mandated && !(requester === "consumer" && this.bundle.consumerOverridesProviderOptOut === true);
    if (providerDecides && (optOut.includes("*") || optOut.includes(uri))) return { reason: "opted-out-by-provider", detail: optOut.includes(uri) ? "the provider prohibits this service" : "the provider prohibits all OPES services" };
    if (providerDecides && policy.transforms && hasNoTransform(context.response?.headers ?? [])) return { reason: "opted-out-by-provider", detail: "the response carries Cache-Control: no-transform" };
    if (bypass && policy.bypassable && this.bypassNames(uri, bypass)) return { reason: "bypassed", detail: bypass.all ? "OPES-Bypass asks to bypass all services" : "OPES-Bypass names this service" };
    return undefined;
  }

  /** The OPES-Bypass of the request (HTTP only; it applies to the response too). */
  private bypassRequest(context: TransactionContext): ReturnType<typeof parseOpesBypass> | undefined {
    const values = fieldValues(context.request?.headers ?? [], "opes-bypass");
    return values.length > 0 ? parseOpesBypass(values) : undefined;
  }

  /** Whether a bypass instruction covers a service: `*`, its URI, this system, or a URI nobody here knows (RFC 3897 §4.3). */
  private bypassNames(uri: string, bypass: ReturnType<typeof parseOpesBypass>): boolean {
    if (bypass.all || bypass.uris.includes(uri)) return true;
    return bypass.uris.some((u) => u === this.bundle.system?.uri || this.bundle.services?.[u] === undefined);
  }

  // ----- trace (RFC 4236 §4)

  private trace(services: readonly PlannedService[], context: TransactionContext): Record<string, string> {
    const system = this.bundle.system;
    if (!system || services.length === 0) return {};
    // The system entry is its URI alone, which leads to the system's policy (RFC 3897 §3.2); short traces (§8.1).
    const systemEntry = formatTraceEntry(system.uri);
    const serviceEntries = services.map((s) => formatTraceEntry(s.uri, s.bypassRefused ? [["bypass", "refused"]] : []));
    return { "OPES-System": systemEntry, "OPES-Via": appendOpesVia(this.currentHeaders(context, "opes-via"), [systemEntry, ...serviceEntries]) };
  }

  private currentHeaders(context: TransactionContext, name: string): string[] {
    const headers: readonly HeaderField[] = (context.response ?? context.request)?.headers ?? context.message?.headers ?? [];
    return fieldValues(headers, name);
  }

  // ----- explanations

  private explain(slots: readonly RuleSetSlot[]): Explanation {
    const rules: RuleExplanation[] = [];
    for (const slot of slots) {
      const ruleset = this.bundle.rulesets[slot.ruleset]!;
      const ids = [...slot.always, ...slot.switches.flatMap((s) => Object.values(s.cases).flat())].sort((a, b) => a - b);
      for (const id of ids) {
        const action = this.bundle.actions[id]!;
        const failed = action.guard.find((part) => !this.evaluator.holds(part.term));
        rules.push({
          ruleset: ruleset.id,
          file: this.bundle.rules[action.rule]!.file,
          line: action.line,
          action: action.kind === "apply" ? `apply ${action.service.uri}` : action.kind === "stop" ? "stop" : `fail "${action.reason}"`,
          matched: failed === undefined,
          ...(failed ? { failedCondition: { text: failed.text, line: failed.line, column: failed.column } } : {}),
        });
      }
    }
    return { relevantRulesets: [...new Set(slots.map((s) => this.bundle.rulesets[s.ruleset]!.id))], rules };
  }
}

/** A point graph with its dispatch tables as maps. */
class LoadedGraph {
  private readonly consumers: Map<string, readonly number[]>;
  private readonly consumerGroups: Map<string, readonly number[]>;
  private readonly providers: Map<string, readonly number[]>;
  private readonly providerGroups: Map<string, readonly number[]>;

  constructor(private readonly graph: PointGraph) {
    this.consumers = new Map(Object.entries(graph.consumers));
    this.consumerGroups = new Map(Object.entries(graph.consumerGroups));
    this.providers = new Map(Object.entries(graph.providers));
    this.providerGroups = new Map(Object.entries(graph.providerGroups));
  }

  /**
   * The rulesets of this transaction's endpoints, by hash lookups: the
   * consumer's identity (its IP only when it has none) and groups, the
   * provider's identity (the request host when it has none) and groups.
   * Ordered provider first where the message travels towards the consumer.
   */
  relevantSlots(context: TransactionContext, host: () => string | undefined): RuleSetSlot[] {
    const consumerId = context.consumer?.id ?? context.consumer?.ip;
    const providerId = context.provider?.id ?? host();
    const pick = (table: Map<string, readonly number[]>, keys: readonly (string | undefined)[]) => keys.flatMap((k) => (k === undefined ? [] : (table.get(endpointKey(k)) ?? [])));
    const consumer = [...pick(this.consumers, [consumerId]), ...pick(this.consumerGroups, context.consumer?.groups ?? [])];
    const provider = [...pick(this.providers, [providerId]), ...pick(this.providerGroups, context.provider?.groups ?? [])];
    const ordered = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);
    const sequence = this.graph.towardsConsumer ? [...ordered(provider), ...ordered(consumer)] : [...ordered(consumer), ...ordered(provider)];
    return sequence.map((i) => this.graph.slots[i]!);
  }
}

/**
 * One request per service: where several rulesets ask for the same service,
 * the request of the best precedence rank wins (the first of equals), planned
 * where the service was first asked for.
 */
function chooseRequests(fired: readonly Request[]): Request[] {
  const chosen: Request[] = [];
  const index = new Map<string, number>();
  for (const request of fired) {
    const at = index.get(request.action.service.uri);
    if (at === undefined) {
      index.set(request.action.service.uri, chosen.length);
      chosen.push(request);
    } else if (request.rank < chosen[at]!.rank) {
      chosen[at] = request;
    }
  }
  return chosen;
}

/**
 * The provider a transaction without provider id is for: `Http.request.host`,
 * read through the decision's message view, so rules and dispatch agree and
 * the request URI is parsed once.
 */
function requestHost(view: MessageView): string | undefined {
  const request = view.root("Http").member("request", "Http.request");
  if (typeof request !== "object") return undefined;
  const host = request.member("host", "Http.request.host");
  return typeof host === "string" ? host : undefined;
}

/**
 * Applies the site's order constraints on top of the rules' order: a stable
 * topological sort that moves a service only as far as a constraint needs.
 * The compiler rejects cyclic constraints, so every service is placed.
 */
export function orderServices<T extends { readonly uri: string }>(services: readonly T[], rules: readonly OrderRule[]): T[] {
  if (rules.length === 0 || services.length < 2) return [...services];
  const present = new Set(services.map((s) => s.uri));
  const edges = new Map<string, Set<string>>();
  const edge = (from: string, to: string) => {
    if (from !== to && present.has(from) && present.has(to)) (edges.get(from) ?? edges.set(from, new Set()).get(from)!).add(to);
  };
  for (const rule of rules) {
    if (rule.kind === "before") edge(rule.before, rule.after);
    else for (const other of present) rule.kind === "first" ? edge(rule.service, other) : edge(other, rule.service);
  }
  const indegree = new Map(services.map((s) => [s.uri, 0]));
  for (const targets of edges.values()) for (const to of targets) indegree.set(to, indegree.get(to)! + 1);
  const result: T[] = [];
  const remaining = [...services];
  while (remaining.length > 0) {
    const next = remaining.findIndex((s) => indegree.get(s.uri) === 0);
    const [chosen] = remaining.splice(next < 0 ? 0 : next, 1);
    result.push(chosen!);
    for (const to of edges.get(chosen!.uri) ?? []) indegree.set(to, indegree.get(to)! - 1);
  }
  return result;
}
