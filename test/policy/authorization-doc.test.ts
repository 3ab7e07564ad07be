import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyDiagnostics } from "../../src/diagnostics/catalog/policy.js";

/** docs/authorization.md against the tests and the catalogue it describes. */

const doc = readFileSync(new URL("../../docs/authorization.md", import.meta.url), "utf8");
const requirementId = /R\d{4}-[0-9.x/]+-[a-z]/g;

const [mapped, notHere] = doc.split("\n## Not implemented here\n") as [string, string];
const mapIds = [...mapped.matchAll(/^\| (R\d{4}-[^ |]+) \|/gm)].map((m) => m[1]!);
const notHereIds = [...notHere.matchAll(/^Requirements: (.*)$/gm)].flatMap((m) => m[1]!.split(", "));

/** Requirement ids named at the start of a test title in this folder, with the file and title. */
function testIds(): Map<string, string[]> {
  const named = new Map<string, string[]>();
  const folder = new URL("./", import.meta.url);
  for (const file of readdirSync(folder).filter((f) => f.endsWith(".test.ts"))) {
    const text = readFileSync(new URL(file, folder), "utf8");
    for (const title of text.matchAll(/\bit(?:\.fails)?\(\s*"(R\d{4}-[^:"]+):/g)) {
      for (const id of title[1]!.match(requirementId) ?? []) named.set(id, [...(named.get(id) ?? []), file]);
    }
  }
  return named;
}

describe("docs/authorization.md", () => {
  it("maps each requirement once, and lists none both as mapped and as not implemented", () => {
    expect(new Set(mapIds).size).toBe(mapIds.length);
    expect(new Set(notHereIds).size).toBe(notHereIds.length);
    expect(mapIds.filter((id) => notHereIds.includes(id))).toEqual([]);
  });

  it("maps exactly the requirements the tests of test/policy are named after", () => {
    const named = testIds();
    expect([...named.keys()].filter((id) => !mapIds.includes(id))).toEqual([]);
    expect(mapIds.filter((id) => !named.has(id))).toEqual([]);
  });

  it("names each test file it cites for a requirement correctly", () => {
    const named = testIds();
    for (const row of mapped.matchAll(/^\| (R\d{4}-[^ |]+) \|.*\| ([^|]*) \|$/gm)) {
      const cited = [...row[2]!.matchAll(/([a-z-]+\.test\.ts):/g)].map((m) => m[1]!);
      expect(new Set(cited), row[1]).toEqual(new Set(named.get(row[1]!)));
    }
  });

  it("lists the P31xx checks of the catalogue with their names", () => {
    const listed = [...doc.matchAll(/^\| (P31\d\d) \| `([a-z-]+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const catalogue = Object.values(policyDiagnostics)
      .filter((d) => d.code >= "P3100")
      .map((d) => `${d.code} ${d.name}`);
    expect(listed).toEqual(catalogue);
  });
});
