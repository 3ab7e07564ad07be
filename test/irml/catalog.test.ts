import { describe, expect, it } from "vitest";
import { irmlDiagnostics } from "../../src/diagnostics/catalog/irml.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import type { ReaderLimits } from "../../src/syntax/parse-result.js";
import { programToIrml } from "../../src/syntax/irml/index.js";
import { parseP } from "../../src/syntax/parser.js";
import { readXml } from "./helpers.js";

/**
 * Every IRML catalogue example really produces its code: IRML examples when
 * read, P examples when converted to IRML (as `opes convert --to irml` does).
 */
describe("the IRML diagnostic catalogue", () => {
  const definitions = Object.values(irmlDiagnostics);

  it("uses codes P1500–P1579 and IRML or P examples only", () => {
    for (const d of definitions) {
      expect(d.code).toMatch(/^P15[0-7]\d$/);
      expect(["irml", "p"]).toContain(d.example.language);
    }
  });

  it.each(definitions.map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it", (_code, _name, definition) => {
    const { language, source, limits } = definition.example;
    if (language === "irml") {
      const result = readXml(source, "example.xml", { limits: (limits ?? {}) as Partial<ReaderLimits> });
      expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
    } else {
      const parsed = parseP(new SourceFile("example.p", source));
      expect(parsed.diagnostics).toEqual([]);
      expect(programToIrml(parsed.program, parsed.source).diagnostics.map((d) => d.code)).toContain(definition.code);
    }
  });
});
