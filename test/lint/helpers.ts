import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import type { Range } from "../../src/diagnostics/source.js";
import { lintSources, type LintResult } from "../../src/lint/index.js";

export const fixturesDirectory = fileURLToPath(new URL("fixtures/", import.meta.url));

/** Lints one fixture file, named by its path relative to the fixtures directory. */
export function lintFixture(name: string): LintResult {
  return lintSources([{ path: name, text: readFileSync(`${fixturesDirectory}${name}`, "utf8") }]);
}

export function lintText(text: string, path = "rules.p"): readonly Diagnostic[] {
  return lintSources([{ path, text }]).diagnostics;
}

function span(range: Range): string {
  return `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`;
}

/** The golden form: one line per diagnostic, then its related locations and fix-it edits indented. */
export function goldenText(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.flatMap((d) => [
    `${span(d.range)} ${d.code} ${d.name} (${d.severity}): ${d.message}`,
    ...(d.related ?? []).map((r) => `  note ${span(r.range)}: ${r.message}`),
    ...(d.fix ? [`  fix: ${d.fix.message}`, ...d.fix.edits.map((e) => `    ${span(e.range)} -> ${JSON.stringify(e.newText)}`)] : []),
  ]);
  return `${lines.join("\n")}\n`;
}
