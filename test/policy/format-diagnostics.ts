import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

/** One line per diagnostic (and one per related span), for golden files a reviewer can read. */
export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const lines = diagnostics.flatMap((d) => [
    `${where(d.range)} ${d.severity} ${d.code} ${d.name}: ${d.message}`,
    ...(d.related ?? []).map((r) => `    related ${where(r.range)}: ${r.message}`),
  ]);
  return `${lines.join("\n")}\n`;
}

function where(range: Diagnostic["range"]): string {
  return `${range.line}:${range.column}-${range.endLine}:${range.endColumn}`;
}
