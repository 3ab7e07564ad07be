import { describe, expect, it } from "vitest";
import { semanticDiagnostics } from "../../src/diagnostics/catalog/semantic.js";
import { check } from "./helpers.js";

describe("semantic diagnostic catalogue", () => {
  const definitions = Object.values(semanticDiagnostics);

  it("uses each code and name once, in the P2xxx range", () => {
    expect(new Set(definitions.map((d) => d.code)).size).toBe(definitions.length);
    expect(new Set(definitions.map((d) => d.name)).size).toBe(definitions.length);
    for (const d of definitions) expect(d.code).toMatch(/^P2\d{3}$/);
  });

  it.each(definitions)("$code $name: its example produces it, without syntax errors", (definition) => {
    const { parse, result } = check(definition.example.source);
    expect(parse.diagnostics).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
    expect(result.diagnostics.find((d) => d.code === definition.code)?.severity).toBe(definition.severity);
  });
});
