import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { semanticDiagnostics } from "../../src/diagnostics/catalog/semantic.js";
import { loadCatalogPaths, type AnalyzeOptions } from "../../src/semantic/index.js";
import { check, formatDiagnostics } from "./helpers.js";

/**
 * typescript-eslint-style fixtures: fixtures/<case>/input.p with the golden
 * diagnostics.txt next to it, and an optional options.json
 * ({ "pointsForPlainFile": [...], "catalogs": ["extra.json"] }).
 * A folder named after a semantic diagnostic (optionally followed by
 * `--detail`) must produce it; a folder named clean-* must produce nothing.
 */
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const cases = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, "input.p"))).sort();
const diagnosticNames = new Set(Object.values(semanticDiagnostics).map((d) => d.name));

interface FixtureOptions {
  readonly pointsForPlainFile?: string[];
  readonly catalogs?: string[];
}

function optionsFor(dir: string): AnalyzeOptions {
  const file = path.join(dir, "options.json");
  if (!fs.existsSync(file)) return {};
  const raw = JSON.parse(fs.readFileSync(file, "utf8")) as FixtureOptions;
  const loaded = raw.catalogs ? loadCatalogPaths(raw.catalogs.map((c) => path.join(dir, c))) : undefined;
  if (loaded && loaded.diagnostics.length > 0) throw new Error(`fixture catalog is invalid: ${loaded.diagnostics[0]!.message}`);
  return { ...(raw.pointsForPlainFile ? { pointsForPlainFile: raw.pointsForPlainFile } : {}), ...(loaded ? { catalogs: loaded.catalogs } : {}) };
}

describe("semantic fixtures", () => {
  it("has a fixture for every semantic diagnostic", () => {
    const missing = [...diagnosticNames].filter((name) => !cases.includes(name));
    expect(missing).toEqual([]);
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = path.join(root, name);
      const text = fs.readFileSync(path.join(dir, "input.p"), "utf8");
      const { diagnostics } = check(text, optionsFor(dir), `${name}/input.p`);
      await expect(formatDiagnostics(diagnostics)).toMatchFileSnapshot(path.join(dir, "diagnostics.txt"));
      if (name.startsWith("clean-")) expect(diagnostics).toEqual([]);
      const expected = name.split("--")[0]!;
      if (diagnosticNames.has(expected)) expect(diagnostics.map((d) => d.name)).toContain(expected);
      else expect(name.startsWith("clean-"), `fixture ${name} must be named clean-* or after a diagnostic`).toBe(true);
    });
  }
});
