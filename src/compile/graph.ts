import type { Action, PointGraph, RuleSetSlot, Scalar, Switch, Term } from "../runtime/bundle.js";
import { endpointKey, graphKey } from "../runtime/bundle.js";
import { switchKey } from "../runtime/switch-key.js";
import type { LoweredAction, LoweredProgram } from "./ir.js";

/**
 * Points whose messages travel towards the consumer: there the provider's
 * rules run first (design §4; IRML §4.2). Inbound mail travels from the
 * sending side (provider) to the recipient (consumer) at every SMTP point.
 */
const towardsConsumer = new Set(["response_in", "response_out", "connect", "helo", "mail", "rcpt", "data", "eoh", "eom", "relay_out"]);

/** Equality operators a switch can answer, and whether they ignore ASCII case. */
const switchable: Record<string, boolean> = { equal: false, EqualS: true, "==": false };

/**
 * Builds one decision graph per (protocol, point): relevance dispatch by
 * endpoint, then per ruleset the actions to try, with equality tests on one
 * property folded into a switch so that any number of `host equal "…"`
 * rules cost one map lookup.
 */
export function buildGraphs(program: LoweredProgram, groupMembers: ReadonlyMap<string, readonly string[]> = new Map()): { graphs: Record<string, PointGraph>; actions: Action[] } {
  const terms = program.terms.terms;
  const actions: Action[] = program.actions.map(toBundleAction);
  const byPoint = new Map<string, number[]>();
  program.actions.forEach((action, index) => {
    const key = graphKey(program.rulesets[action.ruleset]!.protocol, action.point);
    pushTo(byPoint, key, index);
  });

  const graphs: Record<string, PointGraph> = {};
  for (const key of [...byPoint.keys()].sort()) {
    const [protocol, point] = key.split("/") as [string, string];
    const byRuleset = new Map<number, number[]>();
    for (const index of byPoint.get(key)!) pushTo(byRuleset, program.actions[index]!.ruleset, index);
    const slots: RuleSetSlot[] = [];
    const dispatch = { consumers: {}, consumerGroups: {}, providers: {}, providerGroups: {} } as Record<"consumers" | "consumerGroups" | "providers" | "providerGroups", Record<string, number[]>>;
    for (const ruleset of [...byRuleset.keys()].sort((a, b) => a - b)) {
      const info = program.rulesets[ruleset]!;
      const individuals = info.endpoint === "consumer" ? dispatch.consumers : dispatch.providers;
      const groups = info.endpoint === "consumer" ? dispatch.consumerGroups : dispatch.providerGroups;
      ((info.group ? groups : individuals)[endpointKey(info.id)] ??= []).push(slots.length);
      // The policy's own group members find the group's rules even when the context does not name the group.
      if (info.group) for (const member of groupMembers.get(`${info.endpoint}/${info.id}`) ?? []) (individuals[endpointKey(member)] ??= []).push(slots.length);
      slots.push(buildSlot(ruleset, byRuleset.get(ruleset)!, program.actions, terms));
    }
    graphs[key] = { protocol, point, towardsConsumer: towardsConsumer.has(point), slots, ...dispatch };
  }
  return { graphs, actions };
}

function pushTo<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The action as the bundle writes it: its kind's fields, then where it comes from and when it fires. */
function toBundleAction({ action, rule, guard, line, column }: LoweredAction): Action {
  // Spelt out per kind: copying with a spread is several times slower here.
  switch (action.kind) {
    case "apply":
      return { kind: "apply", service: action.service, rule, guard, line, column };
    case "stop":
      return { kind: "stop", rule, guard, line, column };
    case "fail":
      return { kind: "fail", reason: action.reason, rule, guard, line, column };
  }
}

interface SwitchCandidate {
  readonly term: number;
  readonly caseInsensitive: boolean;
  readonly key: string;
  /** The switch that would answer it: the term, and how it compares. */
  readonly switchId: string;
}

/** The equality tests in an action's guard that a switch could answer. */
function candidates(action: LoweredAction, terms: readonly Term[]): SwitchCandidate[] {
  const found: SwitchCandidate[] = [];
  for (const part of action.guard) {
    const term = terms[part.term]!;
    if (term.t !== "op" || !(term.op in switchable)) continue;
    const compared = comparedWithLiteral(term.args, terms);
    if (!compared) continue;
    const caseInsensitive = switchable[term.op]!;
    found.push({ term: compared.subject, caseInsensitive, key: switchKey(compared.literal, caseInsensitive), switchId: `${compared.subject}/${caseInsensitive}` });
  }
  return found;
}

/** The operand compared with a literal in `subject op literal` or `literal op subject`. */
function comparedWithLiteral(args: readonly number[], terms: readonly Term[]): { subject: number; literal: Scalar } | undefined {
  const [a, b] = args;
  if (a === undefined || b === undefined) return undefined;
  const first = terms[a]!;
  const second = terms[b]!;
  if (first.t === "lit") return second.t === "lit" ? undefined : { subject: b, literal: first.v };
  return second.t === "lit" ? { subject: a, literal: second.v } : undefined;
}

function buildSlot(ruleset: number, actionIds: readonly number[], actions: readonly LoweredAction[], terms: readonly Term[]): RuleSetSlot {
  const options = actionIds.map((id) => candidates(actions[id]!, terms));
  // Index each action under the property most actions of the ruleset test, so they share one switch.
  const popularity = new Map<string, number>();
  for (const list of options) {
    list.forEach((c, i) => {
      // Each switch once per action, however many of its parts it could answer.
      if (list.findIndex((d) => d.switchId === c.switchId) === i) popularity.set(c.switchId, (popularity.get(c.switchId) ?? 0) + 1);
    });
  }
  const always: number[] = [];
  const switches = new Map<string, { term: number; caseInsensitive: boolean; cases: Record<string, number[]> }>();
  actionIds.forEach((id, i) => {
    const best = mostPopular(options[i]!, popularity);
    if (!best) {
      always.push(id);
      return;
    }
    const entry = switches.get(best.switchId) ?? { term: best.term, caseInsensitive: best.caseInsensitive, cases: {} };
    switches.set(best.switchId, entry);
    (entry.cases[best.key] ??= []).push(id);
  });
  const sortedSwitches: Switch[] = [...switches.values()].sort((a, b) => a.term - b.term || Number(a.caseInsensitive) - Number(b.caseInsensitive));
  return { ruleset, always, switches: sortedSwitches };
}

/** The first of the candidates whose switch most actions of the ruleset could use. */
function mostPopular(candidates: readonly SwitchCandidate[], popularity: ReadonlyMap<string, number>): SwitchCandidate | undefined {
  let best: SwitchCandidate | undefined;
  for (const candidate of candidates) if (!best || popularity.get(candidate.switchId)! > popularity.get(best.switchId)!) best = candidate;
  return best;
}
