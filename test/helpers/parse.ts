import { SourceFile } from "../../src/diagnostics/source.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { parseP, type ReaderLimits } from "../../src/syntax/parser.js";

export function parseText(text: string, path = "test.p", limits: Partial<ReaderLimits> = {}) {
  return parseP(new SourceFile(path, text), limits);
}

/** `line:column code name: message`, the compact form golden files use. */
export function describeDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.name}: ${d.message}`);
}

/** Drops spans so trees can be compared for meaning. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === "span" || key.endsWith("Span")) continue;
      out[key] = stripSpans(child);
    }
    return out;
  }
  return value;
}
