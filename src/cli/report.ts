import { styleText } from "node:util";
import { allDiagnostics } from "../diagnostics/catalog/index.js";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import { readPackageJson } from "../json/index.js";
import { formatGithubAnnotations } from "./github.js";
import { toSarif, type SarifTool } from "./sarif.js";

/** Every way `check`, `lint` and `compile` can print their diagnostics. */
export type DiagnosticFormat = "human" | "json" | "sarif" | "github";

/** The formats of commands that print results rather than only diagnostics (`opes test`). */
export type OutputFormat = "human" | "json";

export interface RenderOptions {
  readonly format: DiagnosticFormat;
  readonly color: boolean;
  /** Source texts, for the human format's code frames. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** How many rule files were read, for the human format's summary line. */
  readonly fileCount: number;
  /** Where relative paths start: SARIF's source root, and what annotations are made relative to. */
  readonly cwd: string;
}

/** Diagnostics in the chosen format, ready for standard output. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  switch (options.format) {
    case "human":
      return formatHuman(diagnostics, options.sources, options.color) + summarize(diagnostics, options.fileCount);
    case "json":
      return formatJson(diagnostics);
    case "sarif":
      return `${JSON.stringify(toSarif(diagnostics, opesTool(), allDiagnostics, { sourceRoot: options.cwd }), null, 2)}\n`;
    case "github":
      return formatGithubAnnotations(diagnostics, { root: options.cwd });
  }
}

/** The tool as SARIF names it. */
export function opesTool(): SarifTool {
  const manifest = readPackageJson("package.json") as { version?: unknown };
  return { name: "opes", version: typeof manifest.version === "string" ? manifest.version : "0.0.0" };
}

/** The JSON shape of design §7: flat, 1-based positions, stable code and name. */
export function diagnosticToJson(d: Diagnostic): Record<string, unknown> {
  return {
    file: d.range.file,
    line: d.range.line,
    column: d.range.column,
    endLine: d.range.endLine,
    endColumn: d.range.endColumn,
    severity: d.severity,
    code: d.code,
    name: d.name,
    stage: d.stage,
    message: d.message,
    ...(d.related ? { related: d.related.map((r) => ({ file: r.range.file, line: r.range.line, column: r.range.column, message: r.message })) } : {}),
    ...(d.fix
      ? {
          fix: {
            message: d.fix.message,
            edits: d.fix.edits.map((e) => ({ line: e.range.line, column: e.range.column, endLine: e.range.endLine, endColumn: e.range.endColumn, newText: e.newText })),
          },
        }
      : {}),
  };
}

export function formatJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify({ diagnostics: diagnostics.map(diagnosticToJson) }, null, 2) + "\n";
}

type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

const severityStyle: Record<Severity, Parameters<typeof styleText>[0]> = { error: "red", warning: "yellow", info: "cyan" };

/** Compiler-style text: a location line, then a code frame with the span underlined. */
export function formatHuman(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>, color: boolean): string {
  const paint: Paint = color ? (style, text) => styleText(style, text) : (_style, text) => text;
  return diagnostics.map((d) => formatOne(d, sources.get(d.range.file), paint)).join("");
}

function formatOne(d: Diagnostic, source: SourceFile | undefined, paint: Paint): string {
  const location = `${d.range.file}:${d.range.line}:${d.range.column}`;
  let out = `${paint("bold", location)} ${paint(severityStyle[d.severity], d.severity)} ${paint("dim", `${d.code} ${d.name}`)}: ${d.message}\n`;
  if (source) out += codeFrame(source, d.range.line, d.range.column, d.range.endLine, d.range.endColumn, paint);
  for (const related of d.related ?? []) out += `  ${paint("dim", "note:")} ${related.range.file}:${related.range.line}:${related.range.column}: ${related.message}\n`;
  if (d.fix) out += `  ${paint("green", "fix:")} ${d.fix.message}\n`;
  return out;
}

function codeFrame(source: SourceFile, line: number, column: number, endLine: number, endColumn: number, paint: Paint): string {
  const text = source.lineText(line).replace(/\t/g, " ");
  const gutter = String(line).length;
  const width = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, text.length - column + 1);
  const caret = " ".repeat(Math.max(0, column - 1)) + "^".repeat(Math.min(width, Math.max(1, text.length - column + 2)));
  return `  ${paint("dim", `${line} |`)} ${text}\n  ${" ".repeat(gutter)} ${paint("dim", "|")} ${paint("red", caret)}\n`;
}

export function summarize(diagnostics: readonly Diagnostic[], fileCount: number): string {
  const count = (severity: Severity) => diagnostics.filter((d) => d.severity === severity).length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return `${plural(count("error"), "error")}, ${plural(count("warning"), "warning")} in ${plural(fileCount, "file")}\n`;
}
