import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { lintSources } from "../../src/lint/index.js";
import { loadTestSuite } from "../../src/cli/test-files/load.js";
import { allDiagnostics } from "../../src/diagnostics/catalog/index.js";
import type { DiagnosticDefinition } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy } from "../../src/policy/site-policy.js";
import { readContextFile } from "../../src/runtime/context.js";
import { loadCatalogs } from "../../src/semantic/index.js";
import { programToIrml } from "../../src/syntax/irml/index.js";
import { parseP } from "../../src/syntax/parser.js";
import { diagnosticsDocPath, renderDiagnosticsDoc } from "../../scripts/generate-docs.js";

/** Runs a catalogue example through the stage that reads its language; returns the codes reported. */
async function codesFor(definition: DiagnosticDefinition): Promise<string[]> {
  const example = definition.example;
  switch (example.language) {
    case "p":
    case "irml": {
      if (definition.code >= "P1560" && definition.code < "P1600") {
        // Conversion diagnostics: the example is P that IRML cannot express as written.
        const source = new SourceFile("example.p", example.source);
        return programToIrml(parseP(source).program, source).diagnostics.map((d) => d.code);
      }
      const path = example.language === "p" ? "example.p" : "example.xml";
      const policy = example.policy === undefined ? undefined : loadSitePolicy(new SourceFile("policy.json", example.policy)).policy;
      if (example.policy !== undefined) expect(policy).toBeDefined();
      const options = { limits: example.limits ?? {}, ...(policy ? { policy } : {}) };
      const result = definition.stage === "lint" ? lintSources([{ path, text: example.source }], { ...options, checkOnly: false }) : compileSources([{ path, text: example.source }], options);
      return result.diagnostics.map((d) => d.code);
    }
    case "policy":
      return loadSitePolicy(new SourceFile("example.json", example.source), { limits: example.limits ?? {} }).diagnostics.map((d) => d.code);
    case "test":
      return loadTestSuite(new SourceFile("example.test.json", example.source), { limits: example.limits ?? {} }).diagnostics.map((d) => d.code);
    case "catalog":
      return loadCatalogs([{ path: "example.json", text: example.source }]).diagnostics.map((d) => d.code);
    case "context":
      return readContextFile(new SourceFile("example.json", example.source), { limits: example.limits ?? {} }).diagnostics.map((d) => d.code);
  }
}

describe("the diagnostic catalogue", () => {
  it("has unique codes and names, codes in the stage's range", () => {
    const codes = allDiagnostics.map((d) => d.code);
    const names = allDiagnostics.map((d) => d.name);
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(names).size).toBe(names.length);
    const ranges = { syntax: /^P1\d{3}$/, semantic: /^P2\d{3}$/, policy: /^P3\d{3}$/, lint: /^P4\d{3}$/ };
    for (const d of allDiagnostics) {
      expect(d.code).toMatch(ranges[d.stage]);
      expect(d.name).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(d.summary.length).toBeGreaterThan(10);
    }
  });

  it.each(allDiagnostics.map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it", async (_code, _name, definition) => {
    expect(await codesFor(definition)).toContain(definition.code);
  });

  it("docs/diagnostics.md is up to date (run `npm run docs`)", () => {
    expect(readFileSync(diagnosticsDocPath, "utf8")).toBe(renderDiagnosticsDoc());
  });
});
