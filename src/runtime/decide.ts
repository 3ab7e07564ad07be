import type { Action, Bundle, OrderRule, PointGraph, RuleSetSlot, Scalar, ServicePolicy, ServiceRequest, Switch } from "./bundle.js";
import { endpointKey, graphKey } from "./bundle.js";
import type { TransactionContext } from "./context.js";
import { fieldValues, hasField, type HeaderField } from "./message/header-list.js";
import { messageView, type MessageView } from "./message/index.js";
import { appendOpesVia, formatTraceEntry, hasNoTransform, parseOpesBypass } from "./opes-headers.js";
import { TermEvaluator, textOf, type CompiledPatterns } from "./terms.js";
import { switchKeyValue } from "./switch-key.js";
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

type Bypass = ReturnType<typeof parseOpesBypass>;

/**
 * Decides one transaction at one point with a loaded bundle. The context
 * must already be valid (see evaluate() in engine.ts for the checked entry).
 *
 * Everything that depends only on the bundle is prepared here, once: sorted
 * dispatch lists, switch tables as maps, trace entries. A decision then
 * allocates little beyond what it returns. The scratch buffers make a
 * Decider serve one decision at a time, as its TermEvaluator already does.
 */
export class Decider {
  private readonly evaluator: TermEvaluator;
  private readonly graphs: ReadonlyMap<string, LoadedGraph>;
  /** The graph of each (protocol, point) met so far, so no key string is built per decision. */
  private readonly graphsByPoint = new Map<string, Map<string, LoadedGraph | undefined>>();
  /** Two buffers that merging a slot's candidate lists alternates between. */
  private readonly mergeBuffers: [number[], number[]] = [[], []];
  private readonly systemTraceEntry: string | undefined;
  /** Formatted trace entries by service URI, plain and with `bypass=refused`. */
  private readonly traceEntries = new Map<string, string>();
  private readonly refusedTraceEntries = new Map<string, string>();
  /** Every switched term's case numbering (see CaseNumbering). */
  private readonly numberings = new CaseNumberings();
  /** The decision's case number per numbering (-1: no case), valid where its stamp is the evaluator's generation. */
  private readonly caseNumbers: Int32Array;
  private readonly caseStamps: Uint32Array;

  constructor(
    private readonly bundle: Bundle,
    compiledPatterns?: CompiledPatterns,
  ) {
    this.evaluator = new TermEvaluator(bundle.terms, compiledPatterns);
    this.graphs = new Map(Object.entries(bundle.graphs).map(([key, graph]) => [key, new LoadedGraph(graph, this.numberings)]));
    this.caseNumbers = new Int32Array(this.numberings.list.length);
    this.caseStamps = new Uint32Array(this.numberings.list.length);
    this.systemTraceEntry = bundle.system && formatTraceEntry(bundle.system.uri);
  }

  decide(context: TransactionContext, options: DecideOptions = {}): Decision {
    const graph = this.graph(context.protocol, context.point);
    const view = messageView(context);
    this.evaluator.begin(view);
    // Generation 1 starts a cycle (the first decision, or one after 2^32): stamps from an earlier cycle must go.
    if (this.evaluator.generation === 1) this.caseStamps.fill(0);
    const count = graph ? graph.collectRelevant(context, view) : 0;
    const fired: Request[] = [];
    let stop = false;
    let fail: Decision["fail"] = null;
    for (let i = 0; i < count; i++) {
      const slot = graph!.slotAt(i);
      const candidates = this.candidates(slot);
      for (let c = 0; c < candidates.length; c++) {
        const action = this.bundle.actions[candidates[c]!]!;
        if (!this.guardHolds(action)) continue;
        if (action.kind === "apply") {
          const ruleset = this.bundle.rulesets[slot.ruleset]!;
          fired.push({ action, origin: this.origin(slot.ruleset, action), rank: ruleset.rank ?? Number.MAX_SAFE_INTEGER, endpoint: ruleset.endpoint });
        } else if (action.kind === "stop") stop = true;
        else fail ??= { reason: action.reason, origin: this.origin(slot.ruleset, action) };
      }
    }
    const { services, refused } = this.plan(fired, context);
    const trace = this.trace(services, context);
    if (!options.explain) return { point: context.point, services, refused, stop, fail, trace };
    const slots = Array.from({ length: count }, (_, i) => graph!.slotAt(i));
    return { point: context.point, services, refused, stop, fail, trace, explain: this.explain(slots) };
  }

  private graph(protocol: string, point: string): LoadedGraph | undefined {
    let byPoint = this.graphsByPoint.get(protocol);
    if (byPoint === undefined) this.graphsByPoint.set(protocol, (byPoint = new Map()));
    if (byPoint.has(point)) return byPoint.get(point);
    const graph = this.graphs.get(graphKey(protocol, point));
    byPoint.set(point, graph);
    return graph;
  }

  private guardHolds(action: Action): boolean {
    const guard = action.guard;
    for (let i = 0; i < guard.length; i++) if (!this.evaluator.holds(guard[i]!.term)) return false;
    return true;
  }

  /**
   * The actions of a ruleset worth trying: those no switch rules out, in
   * document order. The lists are sorted at load, so only a slot where two
   * or more of them apply needs a merge.
   */
  private candidates(slot: LoadedSlot): readonly number[] {
    if (slot.switches.length === 0) return slot.always;
    let found: readonly number[] = slot.sortedAlways;
    let buffer = 0;
    for (const table of slot.switches) {
      const caseNumber = this.caseNumber(table.numbering);
      const hits = caseNumber < 0 ? undefined : table.cases.get(caseNumber);
      if (hits === undefined || hits.length === 0) continue;
      if (found.length === 0) found = hits;
      else {
        found = mergeSorted(found, hits, this.mergeBuffers[buffer]!);
        buffer ^= 1;
      }
    }
    return found;
  }

  /** The number of the case a switched term's value selects (-1: none), looked up once per decision and numbering. */
  private caseNumber(numbering: number): number {
    if (this.caseStamps[numbering] === this.evaluator.generation) return this.caseNumbers[numbering]!;
    const cases = this.numberings.list[numbering]!;
    const value = this.evaluator.switchValue(cases.term, cases.caseInsensitive);
    const found = value === undefined ? -1 : cases.find(value);
    this.caseNumbers[numbering] = found;
    this.caseStamps[numbering] = this.evaluator.generation;
    return found;
  }

  private origin(rulesetIndex: number, action: Action): Origin {
    const ruleset = this.bundle.rulesets[rulesetIndex]!;
    return { ruleset: ruleset.id, file: this.bundle.rules[action.rule]!.file, line: action.line };
  }

  // ----- the plan: refusals, duplicates, order

  private plan(fired: readonly Request[], context: TransactionContext): { services: PlannedService[]; refused: Refusal[] } {
    const planned: PlannedService[] = [];
    const refused: Refusal[] = [];
    if (fired.length === 0) return { services: planned, refused };
    const already = context.alreadyRun ?? noServices;
    const bypass = this.bypassRequest(context);
    for (const { action, origin, endpoint } of chooseRequests(fired)) {
      const request = action.service;
      if (already.includes(request.uri)) continue;
      const refusal = this.refusal(request.uri, context, bypass, endpoint);
      if (refusal) {
        refused.push({ uri: request.uri, ...refusal, origin });
        continue;
      }
      const alternates: PlannedAlternate[] = [];
      for (const alternate of request.alternates) {
        if (already.includes(alternate.uri)) continue;
        const alternateRefusal = this.refusal(alternate.uri, context, bypass, endpoint);
        if (alternateRefusal) refused.push({ uri: alternate.uri, reason: alternateRefusal.reason, detail: `alternate of ${request.uri}: ${alternateRefusal.detail}`, origin });
        else alternates.push(this.planned(alternate));
      }
      planned.push({
        uri: request.uri,
        params: this.params(request),
        onFailure: request.onFailure,
        ...(request.name !== undefined ? { name: request.name } : {}),
        alternates,
        bypassRefused: bypass !== undefined && this.policyOf(request.uri)?.bypassable === false && this.bypassNames(request.uri, bypass),
        origin,
      });
    }
    return { services: this.ordered(planned), refused };
  }

  private planned(request: ServiceRequest): PlannedAlternate {
    return { uri: request.uri, params: this.params(request), onFailure: request.onFailure };
  }

  private params(request: ServiceRequest): Record<string, ParameterValue> {
    const params: Record<string, ParameterValue> = {};
    for (const param of request.params) {
      const value = this.evaluator.value(param.value);
      params[param.name] = value === ABSENT ? null : typeof value === "object" ? (textOf(value) ?? null) : value;
    }
    return params;
  }

  /** The site's order constraints, sorted by only when the rules' order does not already meet them. */
  private ordered(planned: PlannedService[]): PlannedService[] {
    return planned.length < 2 || meetsOrder(planned, this.bundle.order) ? planned : orderServices(planned, this.bundle.order);
  }

  private policyOf(uri: string): ServicePolicy | undefined {
    return this.bundle.services?.[uri];
  }

  /** Why the site policy or the endpoints refuse a service here, if they do (design §4). */
  private refusal(uri: string, context: TransactionContext, bypass: Bypass | undefined, requester: "consumer" | "provider"): { reason: RefusalReason; detail: string } | undefined {
    if (!this.bundle.services) return undefined;
    const policy = this.policyOf(uri);
    if (!policy) return { reason: "unknown-service", detail: "the site policy does not list this service" };
    if (policy.consents.length > 0) {
      const consents = context.consumer?.consents ?? [];
      const missing = policy.consents.filter((c) => !consents.includes(c));
      if (missing.length > 0) return { reason: "consent-missing", detail: `needs consent: ${missing.join(", ")}` };
    }
    const mandated = policy.mandate !== "none";
    const blocks = context.consumer?.blocks;
    if (!mandated && blocks && (blocks.includes("*") || blocks.includes(uri))) return { reason: "blocked-by-user", detail: blocks.includes(uri) ? "the consumer blocks this service" : "the consumer blocks all OPES services" };
    if (!mandated && policy.transforms && hasNoTransform(context.request?.headers ?? [])) return { reason: "blocked-by-user", detail: "the request carries Cache-Control: no-transform" };
    const optOut = context.provider?.optOut;
    const providerDecides = !mandated && !(requester === "consumer" && this.bundle.consumerOverridesProviderOptOut === true);
    if (providerDecides && optOut && (optOut.includes("*") || optOut.includes(uri))) return { reason: "opted-out-by-provider", detail: optOut.includes(uri) ? "the provider prohibits this service" : "the provider prohibits all OPES services" };
    if (providerDecides && policy.transforms && hasNoTransform(context.response?.headers ?? [])) return { reason: "opted-out-by-provider", detail: "the response carries Cache-Control: no-transform" };
    if (bypass && policy.bypassable && this.bypassNames(uri, bypass)) return { reason: "bypassed", detail: bypass.all ? "OPES-Bypass asks to bypass all services" : "OPES-Bypass names this service" };
    return undefined;
  }

  /** The OPES-Bypass of the request (HTTP only; it applies to the response too). */
  private bypassRequest(context: TransactionContext): Bypass | undefined {
    const headers = context.request?.headers;
    if (!headers || !hasField(headers, "opes-bypass")) return undefined;
    return parseOpesBypass(fieldValues(headers, "opes-bypass"));
  }

  /** Whether a bypass instruction covers a service: `*`, its URI, this system, or a URI nobody here knows (RFC 3897 §4.3). */
  private bypassNames(uri: string, bypass: Bypass): boolean {
    if (bypass.all || bypass.uris.includes(uri)) return true;
    return bypass.uris.some((u) => u === this.bundle.system?.uri || this.bundle.services?.[u] === undefined);
  }

  // ----- trace (RFC 4236 §4)

  private trace(services: readonly PlannedService[], context: TransactionContext): Record<string, string> {
    const systemEntry = this.systemTraceEntry;
    if (systemEntry === undefined || services.length === 0) return {};
    // The system entry is its URI alone, which leads to the system's policy (RFC 3897 §3.2); short traces (§8.1).
    let entries = systemEntry;
    for (const service of services) entries += `, ${this.traceEntry(service)}`;
    const headers: readonly HeaderField[] = (context.response ?? context.request)?.headers ?? context.message?.headers ?? [];
    const via = hasField(headers, "opes-via") ? appendOpesVia(fieldValues(headers, "opes-via"), [entries]) : entries;
    return { "OPES-System": systemEntry, "OPES-Via": via };
  }

  private traceEntry(service: PlannedService): string {
    const entries = service.bypassRefused ? this.refusedTraceEntries : this.traceEntries;
    let entry = entries.get(service.uri);
    if (entry === undefined) {
      entry = formatTraceEntry(service.uri, service.bypassRefused ? [["bypass", "refused"]] : []);
      entries.set(service.uri, entry);
    }
    return entry;
  }

  // ----- explanations

  private explain(slots: readonly LoadedSlot[]): Explanation {
    const rules: RuleExplanation[] = [];
    for (const slot of slots) {
      const ruleset = this.bundle.rulesets[slot.ruleset]!;
      for (const id of slot.allActions()) {
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

const byNumber = (a: number, b: number): number => a - b;

/** Merges two ascending lists into `into` (repetitions kept) and returns it. */
function mergeSorted(a: readonly number[], b: readonly number[], into: number[]): number[] {
  into.length = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) into.push(a[i]! <= b[j]! ? a[i++]! : b[j++]!);
  while (i < a.length) into.push(a[i++]!);
  while (j < b.length) into.push(b[j++]!);
  return into;
}

/**
 * The list sorted: itself when it already is, as the compiler writes most
 * lists in ascending order (a copy of each made loading a large bundle
 * allocation-bound).
 */
function sorted(ids: readonly number[]): readonly number[] {
  return isAscending(ids, false) ? ids : [...ids].sort(byNumber);
}

/** The list sorted without repetitions: itself when it already is. */
function sortedUnique(ids: readonly number[]): readonly number[] {
  return isAscending(ids, true) ? ids : [...new Set(ids)].sort(byNumber);
}

function isAscending(ids: readonly number[], strictly: boolean): boolean {
  for (let i = 1; i < ids.length; i++) if (strictly ? ids[i - 1]! >= ids[i]! : ids[i - 1]! > ids[i]!) return false;
  return true;
}

/**
 * The case values of every switch on one term (in one case mode), numbered
 * at load. A decision looks the term's value up here once, and each
 * ruleset's switch then finds its case by that small number: looking the
 * value up in every ruleset's own table would hash and compare a string made
 * afresh for each decision once per ruleset, and a large graph has hundreds
 * of rulesets switching on one term (the host, the content type).
 */
class CaseNumbering {
  private readonly numbers = new Map<Scalar, number>();

  constructor(
    readonly term: number,
    readonly caseInsensitive: boolean,
  ) {}

  /** The value's number, given at load on first sight. */
  numberOf(value: Scalar): number {
    let number = this.numbers.get(value);
    if (number === undefined) this.numbers.set(value, (number = this.numbers.size));
    return number;
  }

  /** The value's number at decision time; -1 when no switch has a case for it. */
  find(value: Scalar): number {
    return this.numbers.get(value) ?? -1;
  }
}

/** The numberings of a bundle, one per switched term and case mode, each at an index. */
class CaseNumberings {
  readonly list: CaseNumbering[] = [];
  /** By term index times two, plus one when case-insensitive. */
  private readonly indices = new Map<number, number>();

  indexOf(term: number, caseInsensitive: boolean): number {
    const key = 2 * term + (caseInsensitive ? 1 : 0);
    let index = this.indices.get(key);
    if (index === undefined) {
      index = this.list.push(new CaseNumbering(term, caseInsensitive)) - 1;
      this.indices.set(key, index);
    }
    return index;
  }
}

/** A switch with its cases in a map by case number (see CaseNumbering), each case's actions sorted. */
interface LoadedSwitch {
  /** The index of the switched term's numbering in CaseNumberings. */
  readonly numbering: number;
  readonly cases: ReadonlyMap<number, readonly number[]>;
}

/** A ruleset slot prepared for the walk. */
class LoadedSlot {
  readonly ruleset: number;
  readonly always: readonly number[];
  /** `always` sorted, which is how it joins switch hits (the bundle writes it in document order already). */
  readonly sortedAlways: readonly number[];
  readonly switches: readonly LoadedSwitch[];
  private everyAction?: readonly number[];

  constructor(
    private readonly slot: RuleSetSlot,
    numberings: CaseNumberings,
  ) {
    this.ruleset = slot.ruleset;
    this.always = slot.always;
    this.sortedAlways = sorted(slot.always);
    this.switches = slot.switches.map((table) => {
      const index = numberings.indexOf(table.term, table.caseInsensitive);
      return { numbering: index, cases: numberedCases(table, numberings.list[index]!) };
    });
  }

  /** Every action of the slot, switched or not, sorted: what an explanation lists (made on first use). */
  allActions(): readonly number[] {
    this.everyAction ??= [...this.slot.always, ...this.slot.switches.flatMap((s) => Object.values(s.cases).flat())].sort(byNumber);
    return this.everyAction;
  }
}

/** A switch's cases by case number, each case's actions sorted; a key no value has is left out. */
function numberedCases(table: Switch, numbering: CaseNumbering): Map<number, readonly number[]> {
  const cases = new Map<number, readonly number[]>();
  for (const key of Object.keys(table.cases)) {
    const value = switchKeyValue(key);
    if (value !== undefined) cases.set(numbering.numberOf(value), sorted(table.cases[key]!));
  }
  return cases;
}

/**
 * A point graph with its dispatch tables as maps of sorted slot lists, and
 * a buffer for the relevant slots of the decision at hand.
 */
class LoadedGraph {
  private readonly slots: readonly LoadedSlot[];
  private readonly consumers: Map<string, readonly number[]>;
  private readonly consumerGroups: Map<string, readonly number[]>;
  private readonly providers: Map<string, readonly number[]>;
  private readonly providerGroups: Map<string, readonly number[]>;
  /**
   * The relevant slot indices: each half (consumer, provider) holds a slot at
   * most once once sorted, but the lists of an endpoint's groups may overlap
   * before that, so it grows when they need more room.
   */
  private relevant: Int32Array;

  constructor(
    private readonly graph: PointGraph,
    numberings: CaseNumberings,
  ) {
    this.slots = graph.slots.map((slot) => new LoadedSlot(slot, numberings));
    this.consumers = dispatchTable(graph.consumers);
    this.consumerGroups = dispatchTable(graph.consumerGroups);
    this.providers = dispatchTable(graph.providers);
    this.providerGroups = dispatchTable(graph.providerGroups);
    this.relevant = new Int32Array(2 * graph.slots.length);
  }

  slotAt(index: number): LoadedSlot {
    return this.slots[this.relevant[index]!]!;
  }

  /**
   * Finds the rulesets of this transaction's endpoints by hash lookups: the
   * consumer's identity (its IP only when it has none) and groups, the
   * provider's identity (the request host when it has none) and groups.
   * Ordered provider first where the message travels towards the consumer.
   * Returns how many there are; slotAt reads them.
   */
  collectRelevant(context: TransactionContext, view: MessageView): number {
    const consumer = context.consumer;
    const provider = context.provider;
    const consumerId = consumer?.id ?? consumer?.ip;
    const providerId = provider?.id ?? requestHost(view);
    if (this.graph.towardsConsumer) {
      const end = this.collect(0, this.providers, providerId, this.providerGroups, provider?.groups);
      return this.collect(end, this.consumers, consumerId, this.consumerGroups, consumer?.groups);
    }
    const end = this.collect(0, this.consumers, consumerId, this.consumerGroups, consumer?.groups);
    return this.collect(end, this.providers, providerId, this.providerGroups, provider?.groups);
  }

  /** Appends one endpoint's slots from `start` in ascending order without repetitions; returns the new end. */
  private collect(start: number, byId: Map<string, readonly number[]>, id: string | undefined, byGroup: Map<string, readonly number[]>, groups: readonly string[] | undefined): number {
    let end = start;
    let lists = 0;
    const own = id === undefined ? undefined : byId.get(endpointKey(id));
    if (own !== undefined) {
      end = this.append(own, end);
      lists++;
    }
    for (const group of groups ?? noGroups) {
      const ids = byGroup.get(endpointKey(group));
      if (ids === undefined) continue;
      end = this.append(ids, end);
      lists++;
    }
    return lists < 2 ? end : sortUniqueRange(this.relevant, start, end);
  }

  private append(ids: readonly number[], end: number): number {
    if (end + ids.length > this.relevant.length) {
      const larger = new Int32Array(2 * (end + ids.length));
      larger.set(this.relevant.subarray(0, end));
      this.relevant = larger;
    }
    for (const slot of ids) this.relevant[end++] = slot;
    return end;
  }
}

function dispatchTable(entries: Readonly<Record<string, readonly number[]>>): Map<string, readonly number[]> {
  const table = new Map<string, readonly number[]>();
  for (const key of Object.keys(entries)) table.set(key, sortedUnique(entries[key]!));
  return table;
}

const noGroups: readonly string[] = [];
const noServices: readonly string[] = [];

/** Sorts `ids[start, end)` in place, drops repetitions, and returns the new end. */
function sortUniqueRange(ids: Int32Array, start: number, end: number): number {
  if (end - start > 16) ids.subarray(start, end).sort();
  else {
    // Insertion sort: a consumer with a few groups merges a few short lists.
    for (let i = start + 1; i < end; i++) {
      const id = ids[i]!;
      let j = i;
      for (; j > start && ids[j - 1]! > id; j--) ids[j] = ids[j - 1]!;
      ids[j] = id;
    }
  }
  let out = start;
  for (let i = start; i < end; i++) if (i === start || ids[i] !== ids[out - 1]) ids[out++] = ids[i]!;
  return out;
}

/**
 * One request per service: where several rulesets ask for the same service,
 * the request of the best precedence rank wins (the first of equals), planned
 * where the service was first asked for.
 */
function chooseRequests(fired: readonly Request[]): readonly Request[] {
  if (fired.length < 2) return fired;
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
 * Whether services, each URI once, already stand in an order that meets every
 * rule, which orderServices would then keep as it is: it takes, each time,
 * the first service nothing left must precede.
 */
export function meetsOrder(services: readonly { readonly uri: string }[], rules: readonly OrderRule[]): boolean {
  const position = (uri: string): number => services.findIndex((service) => service.uri === uri);
  for (const rule of rules) {
    if (rule.kind === "before") {
      const before = position(rule.before);
      const after = position(rule.after);
      if (before >= 0 && after >= 0 && before > after) return false;
      continue;
    }
    const at = position(rule.service);
    if (at >= 0 && at !== (rule.kind === "first" ? 0 : services.length - 1)) return false;
  }
  return true;
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
