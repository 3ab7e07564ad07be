import { isAbsolute, relative, sep } from "node:path";
import type { Diagnostic, Severity } from "../diagnostics/diagnostic.js";

/**
 * GitHub Actions workflow commands: one `::error …::message` line per
 * diagnostic, which the runner turns into an annotation on the file and
 * line of a pull request's diff.
 */

const commands: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

export interface GithubOptions {
  /** Absolute paths under this directory (the repository checkout) are written relative to it, as annotations need. */
  readonly root?: string;
}

export function formatGithubAnnotations(diagnostics: readonly Diagnostic[], options: GithubOptions = {}): string {
  return diagnostics.map((d) => annotation(d, options)).join("");
}

function annotation(d: Diagnostic, options: GithubOptions): string {
  const properties: [string, string | number][] = [
    ["file", annotationPath(d.range.file, options.root)],
    ["line", d.range.line],
    ["col", d.range.column],
    ["endLine", d.range.endLine],
    ["endColumn", d.range.endColumn],
    ["title", `${d.code} ${d.name}`],
  ];
  const notes = [
    ...(d.related ?? []).map((r) => `note: ${r.range.file}:${r.range.line}:${r.range.column}: ${r.message}`),
    ...(d.fix ? [`fix: ${d.fix.message}`] : []),
  ];
  const message = [d.message, ...notes].join("\n");
  return `::${commands[d.severity]} ${properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",")}::${escapeData(message)}\n`;
}

function annotationPath(path: string, root: string | undefined): string {
  if (root === undefined || !isAbsolute(path)) return path;
  const inside = relative(root, path);
  return inside.startsWith("..") || isAbsolute(inside) ? path : inside.split(sep).join("/");
}

/** The message after `::`: the runner decodes %25, %0D and %0A there. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: also `:` and `,`, which would end the value. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
