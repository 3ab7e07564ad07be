import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { noBugTriggers } from "./bug-triggers.js";
import { handWrittenCases } from "./cases.js";
import { scenarioArbitrary } from "./generators.js";
import { expectSameDecision, loadBoth } from "./harness.js";

/**
 * The decision graph against the AST interpreter (design §5): random rule
 * sets, site policies and transactions must get identical decisions. A
 * failure prints the files, the policy, the context and both decisions; the
 * seed fast-check prints replays it. Shrinking is off: shrinking whole rule
 * sets takes long and says little more than the printed case.
 */
describe("the compiled decision graph decides like the AST interpreter", () => {
  it("on 300 random rule sets × 10 transactions", () => {
    fc.assert(
      fc.property(scenarioArbitrary({ triggers: { ...noBugTriggers, absentCondition: true, requestHostForms: true, branchBoundParameter: true, branchBoundAlternate: true, rulesetLevelService: true, zeroDivisor: true, otherwiseOnAbsent: true, idCase: true }, transactions: 10 }), ({ ruleSet, policy, transactions }) => {
        const pair = loadBoth(ruleSet.files, policy);
        for (const context of transactions) expectSameDecision(pair, context, ruleSet.files, policy);
      }),
      { numRuns: 300, endOnFailure: true },
    );
  });
});

describe("hand-written cases: the oracle gives the answers worked out by hand, and the runtime the oracle's", () => {
  it.each(handWrittenCases.map((c) => [c.name, c] as const))("%s", (_name, { files, policy, expectations }) => {
    const pair = loadBoth(files, policy);
    for (const expected of expectations) {
      const decision = pair.oracle.decide(expected.context);
      expect({
        services: decision.services.map((s) => s.uri),
        refused: decision.refused.map((r) => `${r.uri} ${r.reason}`),
        stop: decision.stop,
        fail: decision.fail?.reason ?? null,
      }).toEqual({ services: expected.services, refused: expected.refused ?? [], stop: expected.stop ?? false, fail: expected.fail ?? null });
      expected.also?.(decision);
      expectSameDecision(pair, expected.context, files, policy);
    }
  });
});
