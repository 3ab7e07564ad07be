import { describe, expect, it } from "vitest";
import { lintDiagnostics } from "../../src/diagnostics/catalog/lint.js";
import { lintSources } from "../../src/lint/index.js";

describe("the lint catalogue", () => {
  it.each(Object.values(lintDiagnostics).map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it, compiled as `opes compile` would", (_code, _name, definition) => {
    expect(definition.stage).toBe("lint");
    const result = lintSources([{ path: "example.p", text: definition.example.source }], { checkOnly: false });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
  });
});
