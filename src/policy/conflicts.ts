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
  program.actions.forEach((action, index) => {
    if (action.action.kind !== "apply") return;
    const authority = authorities[action.ruleset];
    if (!authority || authority.kind === "refused") return;
    const ruleset = program.rulesets[action.ruleset]!;
    const bucket = buckets.of(ruleset.protocol, action.point, action.action.service.uri, policy.rank(authority.requester));
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

/** The first request, in bucket order, of another ruleset whose guard can hold together with the candidate's. */
function firstCompatible(runs: readonly RulesetRun[], candidate: Candidate): Candidate | undefined {
  for (const run of runs) {
    if (run.ruleset === candidate.ruleset) continue;
    const other = run.members.find((o) => !exclusive(candidate.guard(), o.guard()));
    if (other) return other;
  }
  return undefined;
}

/**
 * Candidates by protocol, point, service and rank: only these can conflict.
 * Nested maps, keyed by strings the program already holds, spare building a
 * key string for every request.
 */
class Buckets {
  private readonly byProtocol = new Map<string, Map<string, Map<string, Map<number, Candidate[]>>>>();

  of(protocol: string, point: string, uri: string, rank: number): Candidate[] {
    const byPoint = getOrAdd(this.byProtocol, protocol, () => new Map());
    const byUri = getOrAdd(byPoint, point, () => new Map());
    const byRank = getOrAdd(byUri, uri, () => new Map());
    return getOrAdd(byRank, rank, () => []);
  }

  *all(): Iterable<Candidate[]> {
    for (const byPoint of this.byProtocol.values()) for (const byUri of byPoint.values()) for (const byRank of byUri.values()) yield* byRank.values();
  }
}

function getOrAdd<K, V>(map: Map<K, V>, key: K, make: () => V): V {
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
  private readonly byKey = new Map<string, Map<number, RulesetRun[]>>();
  private readonly keysByClass = new Map<string, string[]>();
  private readonly groupsByMember = new Map<string, Set<string>>();
  private readonly sharing = new Map<string, Set<string>>();
  /** differingParameter by the ordered profiles of the two requests, the only thing it reads. */
  private readonly differences = new Map<number, Map<number, string | undefined>>();

  constructor(bucket: readonly Candidate[], private readonly policy: PolicyIndex) {
    for (const candidate of bucket) {
      let profiles = this.byKey.get(candidate.endpointKey);
      if (!profiles) {
        profiles = new Map();
        this.byKey.set(candidate.endpointKey, profiles);
        appendTo(this.keysByClass, candidate.ruleset.endpoint, candidate.endpointKey);
        if (candidate.ruleset.group) this.indexMembers(candidate.ruleset, candidate.endpointKey);
      }
      const runs = profiles.get(candidate.profile);
      const last = runs?.[runs.length - 1];
      if (last?.ruleset === candidate.ruleset) last.members.push(candidate);
      else if (runs) runs.push({ ruleset: candidate.ruleset, members: [candidate] });
      else profiles.set(candidate.profile, [{ ruleset: candidate.ruleset, members: [candidate] }]);
    }
  }

  /**
   * A request of another ruleset that can apply with this one and asks for
   * other parameters, if any. Whether some request of another ruleset can
   * hold together with it is asked before the difference is described (a
   * message), as most profiles have none: most rule sets have no conflict.
   */
  firstConflicting(candidate: Candidate): { candidate: Candidate; difference: string } | undefined {
    for (const key of this.keysSharingTraffic(candidate.ruleset, candidate.endpointKey)) {
      const profiles = this.byKey.get(key);
      if (!profiles) continue;
      for (const [profile, runs] of profiles) {
        if (profile === candidate.profile) continue;
        const other = firstCompatible(runs, candidate);
        if (!other) continue;
        const difference = this.difference(candidate, runs[0]!.members[0]!);
        if (difference !== undefined) return { candidate: other, difference };
      }
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
   * The endpoint itself, same-class endpoints related through listed group
   * members, and every endpoint of the other class; computed once per endpoint.
   */
  private keysSharingTraffic(ruleset: LoweredRuleSet, key: string): ReadonlySet<string> {
    let keys = this.sharing.get(key);
    if (!keys) {
      keys = new Set([key, ...this.relatedKeys(ruleset, key)]);
      for (const [endpointClass, classKeys] of this.keysByClass) if (endpointClass !== ruleset.endpoint) for (const k of classKeys) keys.add(k);
      this.sharing.set(key, keys);
    }
    return keys;
  }

  private relatedKeys(ruleset: LoweredRuleSet, key: string): string[] {
    if (!ruleset.group) return [...(this.groupsByMember.get(key) ?? [])];
    return this.members(ruleset).flatMap((member) => {
      const individual = endpointKey({ endpoint: ruleset.endpoint, group: false, id: member });
      return [individual, ...(this.groupsByMember.get(individual) ?? [])];
    });
  }

  private indexMembers(ruleset: LoweredRuleSet, groupKey: string): void {
    for (const member of this.members(ruleset)) {
      const key = endpointKey({ endpoint: ruleset.endpoint, group: false, id: member });
      this.groupsByMember.set(key, (this.groupsByMember.get(key) ?? new Set()).add(groupKey));
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
