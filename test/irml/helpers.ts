import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import type { Program } from "../../src/syntax/ast.js";
import { readIrml, type IrmlParseResult, type IrmlReadOptions } from "../../src/syntax/irml/index.js";
import { stripSpans } from "../helpers/parse.js";

/** Reads IRML text; no detached signature exists unless the test says so. */
export function readXml(text: string, path = "test.xml", options: IrmlReadOptions = {}): IrmlParseResult {
  return readIrml(new SourceFile(path, text), { signatureFileExists: () => false, ...options });
}

/** `line:column code name: message`, without the unsigned-module warning that almost every test input earns. */
export function codesAndPositions(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.filter((d) => d.name !== "irml-unsigned").map((d) => `${d.range.line}:${d.range.column} ${d.code} ${d.name}`);
}

/**
 * Golden rendering: each diagnostic with the source line it points at and a
 * caret underline, so a reviewer sees at a glance what it underlines.
 */
export function renderDiagnostics(source: SourceFile, diagnostics: readonly Diagnostic[]): string {
  const out: string[] = [];
  for (const d of diagnostics) {
    out.push(`${d.range.line}:${d.range.column} ${d.severity} ${d.code} ${d.name}: ${d.message}`);
    const line = source.lineText(d.range.line);
    const width = d.range.endLine === d.range.line ? Math.max(1, d.range.endColumn - d.range.column) : Math.max(1, line.length - d.range.column + 1);
    out.push(`  | ${line}`, `  | ${" ".repeat(d.range.column - 1)}${"^".repeat(width)}`);
    for (const related of d.related ?? []) out.push(`  = ${related.range.line}:${related.range.column} ${related.message}`);
    if (d.fix) out.push(`  fix: ${d.fix.message}`);
  }
  return out.join("\n") + "\n";
}

/** A program's meaning: the tree without spans, file name and source language. */
export function meaning(program: Program): unknown {
  return stripSpans({ ...program, file: "", language: "" });
}
