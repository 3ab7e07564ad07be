import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { formatProgram } from "../../src/syntax/format.js";
import { programToIrml } from "../../src/syntax/irml/index.js";
import { parseP } from "../../src/syntax/parser.js";
import { irmlModule, irmlStyle, mutate, mutation, renderModule } from "./arbitraries.js";
import { meaning, readXml } from "./helpers.js";

/** Reads XML that must be valid; returns its program. */
function readValid(xml: string) {
  const result = readXml(xml);
  expect(result.diagnostics.filter((d) => d.name !== "irml-unsigned")).toEqual([]);
  return result;
}

describe("IRML round trips (property)", () => {
  it("generated modules read clean, and IRML → AST → IRML → AST keeps the tree", () => {
    fc.assert(
      fc.property(irmlModule, irmlStyle, (module, style) => {
        const first = readValid(renderModule(module, style));
        const converted = programToIrml(first.program, first.source);
        expect(converted.diagnostics).toEqual([]);
        const second = readValid(converted.xml);
        expect(meaning(second.program)).toEqual(meaning(first.program));
      }),
      { numRuns: 150 },
    );
  });

  it("IRML → P text → IRML keeps the meaning", () => {
    fc.assert(
      fc.property(irmlModule, irmlStyle, (module, style) => {
        const first = readValid(renderModule(module, style));
        const text = formatProgram(first.program);
        const p = parseP(new SourceFile("converted.p", text));
        expect(p.diagnostics).toEqual([]);
        expect(meaning(p.program)).toEqual(meaning(first.program));
        const back = programToIrml(p.program, p.source);
        expect(back.diagnostics).toEqual([]);
        expect(meaning(readValid(back.xml).program)).toEqual(meaning(first.program));
      }),
      { numRuns: 100 },
    );
  });
});

describe("IRML reader fuzzing (property)", () => {
  /** Whatever the input: no exception, and every diagnostic lies inside the text. */
  function expectGracefulRead(text: string): void {
    const started = Date.now();
    const result = readXml(text);
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const d of result.diagnostics) {
      expect(d.range.start).toBeGreaterThanOrEqual(0);
      expect(d.range.end).toBeLessThanOrEqual(text.length);
      expect(d.range.line).toBeGreaterThanOrEqual(1);
    }
    if (!hasErrors(result.diagnostics)) expect(result.program.header).toBeDefined();
  }

  it("never throws on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), expectGracefulRead), { numRuns: 300 });
  });

  it("never throws on mutated modules", () => {
    fc.assert(
      fc.property(irmlModule, irmlStyle, fc.array(mutation, { minLength: 1, maxLength: 4 }), (module, style, edits) => {
        expectGracefulRead(edits.reduce(mutate, renderModule(module, style)));
      }),
      { numRuns: 300 },
    );
  });
});
