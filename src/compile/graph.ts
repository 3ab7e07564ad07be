import type { Action, GuardPart, PointGraph, RuleSetSlot, Switch, Term } from "../runtime/bundle.js";
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
  const byGraph = actionsByGraph(program);
  const graphs: Record<string, PointGraph> = {};
  for (const key of [...byGraph.keys()].sort()) {
    const [protocol, point] = key.split("/") as [string, string];
    const byRuleset = byGraph.get(key)!;
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

/**
 * Action indices by graph key, then by ruleset, each list in program order.
 * The actions of one rule are adjacent, so the graph key and the list are
 * looked up once per run of actions with the same ruleset and point, not per action.
 */
function actionsByGraph(program: LoweredProgram): Map<string, Map<number, number[]>> {
  const byGraph = new Map<string, Map<number, number[]>>();
  let run: LoweredAction | undefined;
  let list: number[] = [];
  program.actions.forEach((action, index) => {
    if (action.ruleset !== run?.ruleset || action.point !== run.point) {
      run = action;
      const key = graphKey(program.rulesets[action.ruleset]!.protocol, action.point);
      let byRuleset = byGraph.get(key);
      if (!byRuleset) byGraph.set(key, (byRuleset = new Map()));
      let found = byRuleset.get(action.ruleset);
      if (!found) byRuleset.set(action.ruleset, (found = []));
      list = found;
    }
    list.push(index);
  });
  return byGraph;
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

/**
 * A switch that could answer a guard part, as one number: its subject term
 * times two, plus one when it ignores ASCII case. Numbers in this order sort
 * switches by term, then case-sensitive first. -1 when no switch could.
 */
type SwitchId = number;

function switchOf(part: GuardPart, terms: readonly Term[]): SwitchId {
  const term = terms[part.term]!;
  if (term.t !== "op" || !(term.op in switchable)) return -1;
  const subject = subjectComparedWithLiteral(term.args, terms);
  return subject === undefined ? -1 : subject * 2 + (switchable[term.op]! ? 1 : 0);
}

/** The operand compared with a literal in `subject op literal` or `literal op subject`. */
function subjectComparedWithLiteral(args: readonly number[], terms: readonly Term[]): number | undefined {
  const [a, b] = args;
  if (a === undefined || b === undefined) return undefined;
  const aIsLiteral = terms[a]!.t === "lit";
  const bIsLiteral = terms[b]!.t === "lit";
  if (aIsLiteral === bIsLiteral) return undefined;
  return aIsLiteral ? b : a;
}

/** The key under which a switch files an action whose guard part it answers. */
function caseKey(part: GuardPart, terms: readonly Term[]): string {
  const term = terms[part.term] as Extract<Term, { t: "op" }>;
  const [a, b] = term.args as [number, number];
  const first = terms[a]!;
  const literal = first.t === "lit" ? first : (terms[b] as Extract<Term, { t: "lit" }>);
  return switchKey(literal.v, switchable[term.op]!);
}

function buildSlot(ruleset: number, actionIds: readonly number[], actions: readonly LoweredAction[], terms: readonly Term[]): RuleSetSlot {
  // Index each action under the property most actions of the ruleset test, so they share one switch.
  const popularity = new Map<SwitchId, number>();
  for (const id of actionIds) {
    const guard = actions[id]!.guard;
    for (let i = 0; i < guard.length; i++) {
      const candidate = switchOf(guard[i]!, terms);
      // Each switch once per action, however many of its parts it could answer.
      if (candidate >= 0 && !answeredBefore(guard, i, candidate, terms)) popularity.set(candidate, (popularity.get(candidate) ?? 0) + 1);
    }
  }
  const always: number[] = [];
  const switches = new Map<SwitchId, { term: number; caseInsensitive: boolean; cases: Record<string, number[]> }>();
  for (const id of actionIds) {
    const guard = actions[id]!.guard;
    const best = mostPopular(guard, terms, popularity);
    if (best < 0) {
      always.push(id);
      continue;
    }
    const candidate = switchOf(guard[best]!, terms);
    let entry = switches.get(candidate);
    if (!entry) switches.set(candidate, (entry = { term: candidate >> 1, caseInsensitive: (candidate & 1) === 1, cases: {} }));
    const key = caseKey(guard[best]!, terms);
    const list = entry.cases[key];
    // Most cases hold one action: an array literal of one, where an empty one pushed to reserves room for 16.
    if (list) list.push(id);
    else entry.cases[key] = [id];
  }
  const sortedSwitches: Switch[] = [...switches.keys()].sort((a, b) => a - b).map((candidate) => switches.get(candidate)!);
  return { ruleset, always, switches: sortedSwitches };
}

/** Whether a part of the guard before the i-th could be answered by the same switch. */
function answeredBefore(guard: readonly GuardPart[], i: number, candidate: SwitchId, terms: readonly Term[]): boolean {
  for (let j = 0; j < i; j++) if (switchOf(guard[j]!, terms) === candidate) return true;
  return false;
}

/** The index of the first guard part whose switch most actions of the ruleset could use; -1 when none could. */
function mostPopular(guard: readonly GuardPart[], terms: readonly Term[], popularity: ReadonlyMap<SwitchId, number>): number {
  let best = -1;
  let bestCount = 0;
  for (let i = 0; i < guard.length; i++) {
    const candidate = switchOf(guard[i]!, terms);
    if (candidate < 0) continue;
    const count = popularity.get(candidate)!;
    if (best < 0 || count > bestCount) {
      best = i;
      bestCount = count;
    }
  }
  return best;
}
