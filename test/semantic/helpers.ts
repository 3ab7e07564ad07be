import "../../src/polyfills.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { analyzeProgram, type AnalyzeOptions, type SemanticResult } from "../../src/semantic/index.js";
import { parseSource, type ParseResult } from "../../src/syntax/index.js";

export interface Checked {
  readonly parse: ParseResult;
  readonly result: SemanticResult;
  /** Syntax and semantic diagnostics together, as `opes check` reports them. */
  readonly diagnostics: readonly Diagnostic[];
}

/** Parses and analyses one P source. */
export function check(text: string, options: AnalyzeOptions = {}, path = "input.p"): Checked {
  const parse = parseSource(path, text);
  const result = analyzeProgram(parse, options);
  return { parse, result, diagnostics: [...parse.diagnostics, ...result.diagnostics] };
}

/** One line per diagnostic: code, name, line:column, message (and the fix-it's replacement text). */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return "(no diagnostics)\n";
  return diagnostics
    .map((d) => {
      const fix = d.fix ? `\n    fix: ${d.fix.message}: ${d.fix.edits.map((e) => `${e.range.line}:${e.range.column}-${e.range.endLine}:${e.range.endColumn} → ${JSON.stringify(e.newText)}`).join(", ")}` : "";
      return `${d.code} ${d.name} ${d.range.line}:${d.range.column} ${d.severity}: ${d.message}${fix}`;
    })
    .join("\n")
    .concat("\n");
}
