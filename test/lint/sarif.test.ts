import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allDiagnostics } from "../../src/diagnostics/catalog/index.js";
import { lintDiagnostics } from "../../src/diagnostics/catalog/lint.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { lintSources } from "../../src/lint/index.js";
import { artifactLocation, sarifSchemaUri, toSarif, type SarifLog } from "../../src/cli/sarif.js";
import { fixturesDirectory, lintFixture } from "./helpers.js";
import { sarifValidator } from "./sarif/validator.js";

const validate = sarifValidator();
const tool = { name: "opes", version: "0.1.0" };

function expectValid(log: unknown): void {
  const valid = validate(log);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** Every fixture's diagnostics in one log: every lint rule, with related locations and fix-its. */
function allFixtureDiagnostics(): Diagnostic[] {
  return readdirSync(fixturesDirectory)
    .filter((name) => name.endsWith(".p"))
    .flatMap((name) => lintFixture(name).diagnostics);
}

describe("SARIF output", () => {
  it("is valid SARIF 2.1.0 for every lint rule, with and without a source root", () => {
    const diagnostics = allFixtureDiagnostics();
    expect(new Set(diagnostics.map((d) => d.code)).size).toBe(Object.keys(lintDiagnostics).length);
    expectValid(toSarif(diagnostics, tool, allDiagnostics));
    expectValid(toSarif(diagnostics, tool, allDiagnostics, { sourceRoot: "/work/repo" }));
  });

  it("is valid for errors of the earlier stages and for an empty run", () => {
    const broken = lintSources([{ path: "bad.p", text: "x := 1 +;\nh := \"a\" == \"b\";\n" }]).diagnostics;
    expect(broken.map((d) => d.code)).toContain("P1001");
    expectValid(toSarif(broken, tool, allDiagnostics));
    const empty = toSarif([], tool, allDiagnostics);
    expectValid(empty);
    expect(empty.runs[0]!.results).toEqual([]);
    expect(empty.runs[0]!.tool.driver.rules).toEqual([]);
  });

  it("the validator does reject what SARIF forbids", () => {
    const log = toSarif(lintFixture("unused-name.p").diagnostics, tool, allDiagnostics) as unknown as { runs: { results: Record<string, unknown>[] }[] };
    const result = log.runs[0]!.results[0]!;
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...result, level: "info" }] }] })).toBe(false);
    const noStart = { physicalLocation: { artifactLocation: { uri: "a.p" }, region: { endLine: 2 } } };
    expect(validate({ ...log, runs: [{ ...log.runs[0], results: [{ ...result, locations: [noStart] }] }] })).toBe(false);
  });

  it("maps rules, levels, regions, related locations and fixes", () => {
    const diagnostics = lintFixture("unused-name.p").diagnostics;
    const log: SarifLog = toSarif([...diagnostics, ...lintFixture("literal-regex.p").diagnostics], tool, allDiagnostics);
    expect(log.$schema).toBe(sarifSchemaUri);
    const run = log.runs[0]!;
    expect(run.columnKind).toBe("utf16CodeUnits");
    expect(run.tool.driver).toMatchObject({ name: "opes", version: "0.1.0", semanticVersion: "0.1.0" });
    expect(run.tool.driver.rules.map((r) => [r.id, r.name, r.defaultConfiguration.level])).toEqual([
      ["P4005", "unused-name", "warning"],
      ["P4008", "literal-regex", "note"],
    ]);
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex!]!.id).toBe(result.ruleId);
    const first = run.results[0]!;
    const d = diagnostics[0]!;
    expect(first).toMatchObject({ ruleId: "P4005", level: "warning", message: { text: d.message } });
    expect(first.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "unused-name.p" },
      region: { startLine: d.range.line, startColumn: d.range.column, endLine: d.range.endLine, endColumn: d.range.endColumn },
    });
    // A deletion has no inserted content; a rewrite has.
    expect(first.fixes![0]!.artifactChanges[0]!.replacements[0]).toEqual({ deletedRegion: { startLine: 3, startColumn: 1, endLine: 4, endColumn: 1 } });
    const rewrite = run.results.find((r) => r.ruleId === "P4008")!;
    expect(rewrite.fixes![0]!.artifactChanges[0]!.replacements.map((r) => r.insertedContent?.text)).toEqual(["equal", '"POST"']);
    const related = toSarif(lintFixture("redundant-request.p").diagnostics, tool, allDiagnostics).runs[0]!.results[0]!.relatedLocations!;
    expect(related[0]).toMatchObject({ id: 1, message: { text: "the earlier request of urn:example:svc:compress" }, physicalLocation: { region: { startLine: 4 } } });
  });

  it("writes paths as URI references, relative to the source root where they can be", () => {
    expect(artifactLocation("rules/bob.p")).toEqual({ uri: "rules/bob.p" });
    expect(artifactLocation("./rules/my rules #1.p", "/repo")).toEqual({ uri: "rules/my%20rules%20%231.p", uriBaseId: "%SRCROOT%" });
    expect(artifactLocation("/repo/rules/bob.p", "/repo")).toEqual({ uri: "rules/bob.p", uriBaseId: "%SRCROOT%" });
    expect(artifactLocation("/elsewhere/bob.p", "/repo")).toEqual({ uri: "file:///elsewhere/bob.p" });
    const log = toSarif(lintFixture("unused-name.p").diagnostics, tool, allDiagnostics, { sourceRoot: "/repo" });
    expect(log.runs[0]!.originalUriBaseIds).toEqual({ "%SRCROOT%": { uri: "file:///repo/" } });
  });

  it("keeps columns in UTF-16 code units, as the diagnostics count them", () => {
    const text =
      'ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at request_in {\n' +
      '    if (Http.request.host matches_cs "é😀") { Services.applyOne(Services.findOne("urn:example:svc:x")); }\n  }\n}\n';
    const [d] = lintSources([{ path: "u.p", text }]).diagnostics;
    expect(d?.code).toBe("P4008");
    const region = toSarif([d!], tool, allDiagnostics).runs[0]!.results[0]!.locations[0]!.physicalLocation.region;
    const line = new SourceFile("u.p", text).lineText(3);
    expect(line.slice(region.startColumn - 1, region.endColumn - 1)).toBe('"é😀"');
  });
});
