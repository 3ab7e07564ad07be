import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSources, serializeBundle } from "../../src/compile/index.js";
import { noBugTriggers } from "./bug-triggers.js";
import { ruleSetArbitrary, scenarioArbitrary } from "./generators.js";

/** Design §5: the same sources and policy give the same bundle, byte for byte, whatever the file order. */
describe("bundles are deterministic", () => {
  const scenarios = scenarioArbitrary({ triggers: noBugTriggers, transactions: 0 });

  it("compiling the files in another order gives identical bytes", () => {
    fc.assert(
      fc.property(scenarios, fc.infiniteStream(fc.nat()), ({ ruleSet, policy }, keys) => {
        const options = policy ? { policy } : {};
        const shuffled = ruleSet.files.map((file) => ({ file, key: keys.next().value })).sort((a, b) => a.key - b.key).map(({ file }) => file);
        const first = compileSources(ruleSet.files, options).bundle;
        const reordered = compileSources([...shuffled].reverse(), options).bundle;
        expect(first).toBeDefined();
        expect(serializeBundle(reordered!)).toBe(serializeBundle(first!));
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });

  it("the same rule set compiled twice gets the same hash; one more rule changes it", () => {
    fc.assert(
      fc.property(ruleSetArbitrary(noBugTriggers), (ruleSet) => {
        // Without a policy, so the extra ruleset needs no author and meets no conflict check.
        const hash = (files: typeof ruleSet.files) => compileSources(files).bundle!.hash;
        const [first, ...rest] = ruleSet.files;
        const extra = `ruleset authorized_by provider "a.example" protocol HTTP { at request_in { Services.applyOne(Services.findOne("urn:svc:h0")); } }\n`;
        const grown = [{ path: first!.path, text: first!.text + extra }, ...rest];
        expect(hash(ruleSet.files)).toBe(hash(ruleSet.files));
        expect(hash(grown)).not.toBe(hash(ruleSet.files));
      }),
      { numRuns: 15, endOnFailure: true },
    );
  });
});
