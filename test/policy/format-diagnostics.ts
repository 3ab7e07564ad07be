import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/**
 * One line per diagnostic (and one per related span), for golden files a
 * reviewer can read. `withFile` prefixes each position with its file, for
 * checks that span several files.
 */
export function formatDiagnostics(diagnostics: readonly Diagnostic[], withFile = false): string {
  const where = (range: Diagnostic["range"]) => `${withFile ? `${range.file}:` : ""}${range.line}:${range.column}-${range.endLine}:${range.endColumn}`;
  const lines = diagnostics.flatMap((d) => [
    `${where(d.range)} ${d.severity} ${d.code} ${d.name}: ${d.message}`,
    ...(d.related ?? []).map((r) => `    related ${where(r.range)}: ${r.message}`),
  ]);
  return `${lines.join("\n")}\n`;
}
