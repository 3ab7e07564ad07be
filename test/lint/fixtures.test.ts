import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintDiagnostics } from "../../src/diagnostics/catalog/lint.js";
import { fixturesDirectory, goldenText, lintFixture, lintText } from "./helpers.js";

const ruleFixtures = readdirSync(fixturesDirectory).filter((name) => name.endsWith(".p") && name !== "good.p");

describe("lint fixtures", () => {
  it("has one fixture per lint rule", () => {
    const names = Object.values(lintDiagnostics).map((d) => `${d.name}.p`);
    expect(ruleFixtures.sort()).toEqual(names.sort());
  });

  it.each(ruleFixtures)("%s reports its rule, as in the golden file", async (name) => {
    const { diagnostics } = lintFixture(name);
    const rule = name.replace(/\.p$/, "");
    expect(diagnostics.some((d) => d.name === rule)).toBe(true);
    expect(diagnostics.every((d) => d.stage === "lint")).toBe(true);
    await expect(goldenText(diagnostics)).toMatchFileSnapshot(`fixtures/${rule}.golden`);
  });

  it("suggests no string operator in IRML, which has none", () => {
    const irml = readFileSync(new URL("../irml/fixtures/appendix-d/delegate-corrected.xml", import.meta.url), "utf8");
    expect(irml).toContain('matches="application/"');
    expect(lintText(irml, "delegate.xml").map((d) => d.code)).not.toContain("P4008");
  });

  it("good.p has no diagnostic at all", () => {
    expect(lintFixture("good.p").diagnostics).toEqual([]);
  });
});
