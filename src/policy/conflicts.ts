import type { LoweredAction, LoweredProgram, LoweredRuleSet } from "../compile/ir.js";
import type { GuardPart, Scalar, ServiceRequest, Term } from "../runtime/bundle.js";
import { switchKey } from "../runtime/switch-key.js";
import type { Authority } from "./authority.js";
import type { ParameterSettings } from "./parameters.js";
import type { PolicyIndex } from "./policy-index.js";

/** Two requests that must not both be decided by load order: `action` is reported, `other` is named. */
export interface Conflict {
  readonly action: number;
  readonly other: number;
  /** What differs, such as `level = "light" against level = "aggressive"`. */
  readonly difference: string;
}

/**
 * Finds requests that the precedence ranks cannot settle (RFC 3838 §4.2.1,
 * RFC 3835 §2.1.1): two rulesets of equal rank that can apply to the same
 * transaction request one service at one point with different static
 * parameters, and their guards are not provably exclusive. Each conflicting
 * request is reported once, naming one request it conflicts with, so both
 * sides of every conflict are reported.
 *
 * Rulesets can apply to the same transaction when they are of different
 * endpoint classes (any consumer may fetch any provider's content), have the
 * same endpoint, or are an individual and a group the site policy lists it
 * in (or two groups with a listed member in common). Two different
 * individuals of one class never share a transaction.
 */
export function findConflicts(program: LoweredProgram, policy: PolicyIndex, authorities: readonly Authority[], settings: ParameterSettings): Conflict[] {
  const terms = program.terms.terms;
  const buckets = new Buckets();
  const endpointKeys = program.rulesets.map(endpointKey);
  const rulesetBuckets = program.rulesets.map((ruleset, i) => {
    const authority = authorities[i];
    return !authority || authority.kind === "refused" ? undefined : buckets.ofRuleset(ruleset.protocol, policy.rank(authority.requester));
  });
  program.actions.forEach((action, index) => {
    const byPoint = rulesetBuckets[action.ruleset];
    if (action.action.kind !== "apply" || !byPoint) return;
    const bucket = getOrAdd(getOrAdd(byPoint, action.point, newMap), action.action.service.uri, newList);
    const ruleset = program.rulesets[action.ruleset]!;
    bucket.push(new Candidate(index, action, ruleset, endpointKeys[action.ruleset]!, action.action.service, terms, settings));
  });
  const conflicts: Conflict[] = [];
  for (const bucket of buckets.all()) for (const conflict of bucketConflicts(bucket, policy)) conflicts.push(conflict);
  return conflicts.sort((a, b) => a.action - b.action);
}

function bucketConflicts(bucket: readonly Candidate[], policy: PolicyIndex): Conflict[] {
  if (bucket.length < 2) return [];
  const endpoints = new EndpointTable(bucket, policy);
  const conflicts: Conflict[] = [];
  for (const candidate of bucket) {
    const other = endpoints.firstConflicting(candidate);
    if (other) conflicts.push({ action: candidate.index, other: other.candidate.index, difference: other.difference });
  }
  return conflicts;
}

/** One requested service with what the conflict check compares. */
class Candidate {
  /** The parameters as the check sees them: requests with one profile never conflict. */
  readonly profile: number;
  /** The profile with the parameters in the order the request sets them, which the messages follow. */
  readonly orderedProfile: number;
  private facts?: GuardFacts;

  constructor(
    readonly index: number,
    private readonly action: LoweredAction,
    readonly ruleset: LoweredRuleSet,
    readonly endpointKey: string,
    readonly request: ServiceRequest,
    private readonly terms: readonly Term[],
    settings: ParameterSettings,
  ) {
    this.orderedProfile = settings.ordered(request.params);
    this.profile = settings.unordered(request.params);
  }

  /** A static parameter's literal, or "dynamic"; undefined when the request does not set it. */
  parameter(name: string): { readonly value: Scalar } | "dynamic" | undefined {
    const param = this.request.params.find((p) => p.name === name);
    if (!param) return undefined;
    const term = this.terms[param.value]!;
    return term.t === "lit" ? { value: term.v } : "dynamic";
  }

  guard(): GuardFacts {
    this.facts ??= guardFacts(this.action.guard, this.terms);
    return this.facts;
  }
}

/**
 * Consecutive requests of one profile from one ruleset. A ruleset's requests
 * are never in conflict with each other, so a search for a conflicting one
 * passes over the candidate's own ruleset a run at a time: a big ruleset
 * costs one step, not one per request.
 */
interface RulesetRun {
  readonly ruleset: LoweredRuleSet;
  readonly members: Candidate[];
}

/** One endpoint's requests in a bucket. */
class EndpointRequests {
  private readonly candidates: Candidate[];
  /** The ruleset of all these requests; undefined once they come from several. */
  private soleRuleset: LoweredRuleSet | undefined;
  private runs?: readonly (readonly RulesetRun[])[];

  constructor(first: Candidate) {
    this.candidates = [first];
    this.soleRuleset = first.ruleset;
  }

  add(candidate: Candidate): void {
    this.candidates.push(candidate);
    if (candidate.ruleset !== this.soleRuleset) this.soleRuleset = undefined;
  }

  /**
   * The runs of each profile in bucket order, which a search for a request
   * of another ruleset than `ruleset` walks; none when all requests here are
   * of that ruleset. Most endpoints hold one ruleset, so the runs are built
   * on first use: most are never needed.
   */
  runsFor(ruleset: LoweredRuleSet): readonly (readonly RulesetRun[])[] {
    if (ruleset === this.soleRuleset) return noRuns;
    this.runs ??= runsByProfile(this.candidates);
    return this.runs;
  }
}

const noRuns: readonly (readonly RulesetRun[])[] = [];

function runsByProfile(candidates: readonly Candidate[]): RulesetRun[][] {
  const byProfile = new Map<number, RulesetRun[]>();
  for (const candidate of candidates) {
    const runs = byProfile.get(candidate.profile);
    const last = runs?.[runs.length - 1];
    if (last?.ruleset === candidate.ruleset) last.members.push(candidate);
    else if (runs) runs.push({ ruleset: candidate.ruleset, members: [candidate] });
    else byProfile.set(candidate.profile, [{ ruleset: candidate.ruleset, members: [candidate] }]);
  }
  return [...byProfile.values()];
}

/** The first request, in bucket order, of another ruleset whose guard can hold together with the candidate's. */
function firstCompatible(runs: readonly RulesetRun[], candidate: Candidate): Candidate | undefined {
  for (const run of runs) {
    if (run.ruleset === candidate.ruleset) continue;
    const other = run.members.find((o) => !exclusive(candidate.guard(), o.guard()));
    if (other) return other;
  }
  return undefined;
}

/** The buckets of one protocol and rank, by point, then service URI. */
type BucketsByPoint = Map<string, Map<string, Candidate[]>>;

/**
 * Candidates by protocol, rank, point and service: only these can conflict.
 * Nested maps, keyed by strings the program already holds, spare building a
 * key string for every request; protocol and rank are looked up once per
 * ruleset, as all its requests share them. Which bucket comes first does not
 * matter: each request is in one, and conflicts are sorted by request.
 */
class Buckets {
  private readonly byProtocol = new Map<string, Map<number, BucketsByPoint>>();

  ofRuleset(protocol: string, rank: number): BucketsByPoint {
    return getOrAdd(getOrAdd(this.byProtocol, protocol, newMap), rank, newMap);
  }

  *all(): Iterable<Candidate[]> {
    for (const byRank of this.byProtocol.values()) for (const byPoint of byRank.values()) for (const byUri of byPoint.values()) yield* byUri.values();
  }
}

const newMap = <K, V>() => new Map<K, V>();
const newList = <V>(): V[] => [];

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => NoInfer<V>): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const noKeys: readonly string[] = [];

function endpointKey(ruleset: Pick<LoweredRuleSet, "endpoint" | "group" | "id">): string {
  return `${ruleset.endpoint}\u0000${ruleset.group ? "group" : "one"}\u0000${ruleset.id}`;
}

/**
 * The candidates of one bucket by endpoint and parameter profile, answering
 * which of them conflicts with a given one. Endpoints that never share a
 * transaction and requests with equal parameters are skipped without
 * looking at their guards, so a large rule set of one endpoint class costs
 * time in proportion to the requests that really differ.
 */
class EndpointTable {
  private readonly byKey = new Map<string, EndpointRequests>();
  /** The endpoints by class, in bucket order: an endpoint shares traffic with every endpoint of the other class. */
  private readonly endpointsByClass = new Map<string, EndpointRequests[]>();
  private readonly groupsByMember = new Map<string, string[]>();
  /** The related keys of each group of the bucket (see {@link relatedKeys}), computed once per group. */
  private readonly groupRelations = new Map<string, readonly string[]>();
  /** differingParameter by the ordered profiles of the two requests, the only thing it reads. */
  private readonly differences = new Map<number, Map<number, string | undefined>>();

  constructor(bucket: readonly Candidate[], private readonly policy: PolicyIndex) {
    for (const candidate of bucket) {
      const requests = this.byKey.get(candidate.endpointKey);
      if (requests) requests.add(candidate);
      else {
        const first = new EndpointRequests(candidate);
        this.byKey.set(candidate.endpointKey, first);
        appendTo(this.endpointsByClass, candidate.ruleset.endpoint, first);
        if (candidate.ruleset.group) this.indexMembers(candidate.ruleset, candidate.endpointKey);
      }
    }
  }

  /**
   * A request of another ruleset that can apply with this one and asks for
   * other parameters, if any: searched in the endpoint's own requests, then
   * those of same-class endpoints related through listed group members, then
   * those of the other class. Whether some request of another ruleset can
   * hold together with it is asked before the difference is described (a
   * message), as most profiles have none: most rule sets have no conflict.
   */
  firstConflicting(candidate: Candidate): { candidate: Candidate; difference: string } | undefined {
    const own = this.firstConflictingIn(this.byKey.get(candidate.endpointKey)!, candidate);
    if (own) return own;
    for (const key of this.relatedKeys(candidate.ruleset, candidate.endpointKey)) {
      const requests = this.byKey.get(key);
      const found = requests && this.firstConflictingIn(requests, candidate);
      if (found) return found;
    }
    for (const [endpointClass, endpoints] of this.endpointsByClass) {
      if (endpointClass === candidate.ruleset.endpoint) continue;
      for (const requests of endpoints) {
        const found = this.firstConflictingIn(requests, candidate);
        if (found) return found;
      }
    }
    return undefined;
  }

  private firstConflictingIn(requests: EndpointRequests, candidate: Candidate): { candidate: Candidate; difference: string } | undefined {
    for (const runs of requests.runsFor(candidate.ruleset)) {
      if (runs[0]!.members[0]!.profile === candidate.profile) continue;
      const other = firstCompatible(runs, candidate);
      if (!other) continue;
      const difference = this.difference(candidate, runs[0]!.members[0]!);
      if (difference !== undefined) return { candidate: other, difference };
    }
    return undefined;
  }

  private difference(a: Candidate, b: Candidate): string | undefined {
    let row = this.differences.get(a.orderedProfile);
    if (!row) {
      row = new Map();
      this.differences.set(a.orderedProfile, row);
    }
    if (!row.has(b.orderedProfile)) row.set(b.orderedProfile, differingParameter(a, b));
    return row.get(b.orderedProfile);
  }

  /**
   * Same-class endpoints related to this one through listed group members,
   * without itself: for an individual the groups listing it, for a group its
   * members and the groups listing them.
   */
  private relatedKeys(ruleset: LoweredRuleSet, key: string): readonly string[] {
    if (!ruleset.group) return this.groupsByMember.get(key) ?? noKeys;
    let keys = this.groupRelations.get(key);
    if (!keys) {
      const related = new Set(
        this.members(ruleset).flatMap((member) => {
          const individual = endpointKey({ endpoint: ruleset.endpoint, group: false, id: member });
          return [individual, ...(this.groupsByMember.get(individual) ?? [])];
        }),
      );
      related.delete(key);
      keys = [...related];
      this.groupRelations.set(key, keys);
    }
    return keys;
  }

  private indexMembers(ruleset: LoweredRuleSet, groupKey: string): void {
    for (const member of this.members(ruleset)) {
      const key = endpointKey({ endpoint: ruleset.endpoint, group: false, id: member });
      const groups = this.groupsByMember.get(key);
      if (!groups) this.groupsByMember.set(key, [groupKey]);
      else if (!groups.includes(groupKey)) groups.push(groupKey);
    }
  }

  private members(ruleset: LoweredRuleSet): readonly string[] {
    const group = this.policy.group(ruleset.id);
    return group?.class === ruleset.endpoint ? group.members : [];
  }
}

/**
 * The first parameter whose values make the requests incompatible: static in
 * both with different values, or static in one and not set in the other.
 * A dynamic value may equal anything, so it never proves a difference.
 */
function differingParameter(a: Candidate, b: Candidate): string | undefined {
  const names = [...new Set([...a.request.params, ...b.request.params].map((p) => p.name))];
  for (const name of names) {
    const [left, right] = [a.parameter(name), b.parameter(name)];
    if (left === "dynamic" || right === "dynamic" || (left === undefined && right === undefined)) continue;
    if (left !== undefined && right !== undefined && left.value === right.value) continue;
    return `${describeSetting(name, left)} against ${describeSetting(name, right)}`;
  }
  return undefined;
}

function describeSetting(name: string, setting: { readonly value: Scalar } | undefined): string {
  return setting === undefined ? `no ${name}` : `${name} = ${JSON.stringify(setting.value)}`;
}

/** What a guard says that makes another guard exclusive with it. */
interface GuardFacts {
  readonly parts: ReadonlySet<number>;
  /**
   * For each part written `not X` (also what elsif and else branches
   * require), the conjuncts of X: the part is false wherever all of them hold.
   */
  readonly negated: readonly (readonly number[])[];
  /** Equality tests with a literal: subject term → the literal's switch keys (case-sensitive, case-insensitive). */
  readonly equalities: ReadonlyMap<number, readonly EqualityTest[]>;
}

interface EqualityTest {
  readonly value: Scalar;
  readonly caseInsensitive: boolean;
}

const equalityOperators: Readonly<Record<string, boolean>> = { equal: false, EqualS: true, "==": false };

function guardFacts(guard: readonly GuardPart[], terms: readonly Term[]): GuardFacts {
  const parts = new Set<number>();
  const negated: number[][] = [];
  const equalities = new Map<number, EqualityTest[]>();
  for (const part of guard) {
    parts.add(part.term);
    const term = terms[part.term]!;
    if (term.t !== "op") continue;
    if (term.op === "not") negated.push(conjuncts(term.args[0]!, terms));
    const caseInsensitive = equalityOperators[term.op];
    if (caseInsensitive === undefined) continue;
    const [left, right] = term.args.map((arg) => ({ id: arg, term: terms[arg]! }));
    const literal = left?.term.t === "lit" ? left : right?.term.t === "lit" ? right : undefined;
    const subject = literal === left ? right : left;
    if (!literal || literal.term.t !== "lit" || !subject || subject.term.t === "lit") continue;
    equalities.set(subject.id, [...(equalities.get(subject.id) ?? []), { value: literal.term.v, caseInsensitive }]);
  }
  return { parts, negated, equalities };
}

/**
 * A cheap, sound test that two guards can never both hold: one requires a
 * part the other negates, or both test one value for equality with literals
 * no value can equal at once.
 */
function exclusive(a: GuardFacts, b: GuardFacts): boolean {
  const contradicts = (negated: readonly number[], parts: ReadonlySet<number>) => negated.every((term) => parts.has(term));
  if (a.negated.some((n) => contradicts(n, b.parts)) || b.negated.some((n) => contradicts(n, a.parts))) return true;
  for (const [subject, tests] of a.equalities) {
    const others = b.equalities.get(subject) ?? [];
    if (tests.some((test) => others.some((other) => !canBothHold(test, other)))) return true;
  }
  return false;
}

function conjuncts(id: number, terms: readonly Term[]): number[] {
  const term = terms[id]!;
  return term.t === "op" && term.op === "and" ? [...term.args] : [id];
}

function canBothHold(a: EqualityTest, b: EqualityTest): boolean {
  const caseInsensitive = a.caseInsensitive || b.caseInsensitive;
  return switchKey(a.value, caseInsensitive) === switchKey(b.value, caseInsensitive);
}
