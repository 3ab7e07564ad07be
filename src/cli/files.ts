import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { SourceFile } from "../diagnostics/source.js";
import type { CliIo } from "./io.js";

const ruleFile = /\.(p|xml|irml)$/i;

/** Plain code-unit order: the same on every machine, whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Expands the command line's paths: files as given, directories walked (in
 * sorted order, hidden folders and node_modules skipped) for the files whose
 * name `accept` takes. Without repeats, sorted, so output is stable.
 */
export function expandPaths(paths: readonly string[], accept: (name: string) => boolean): { files: string[]; missing: string[] } {
  const files = new Set<string>();
  const missing: string[] = [];
  for (const path of paths) {
    const kind = statKind(path);
    if (kind === "file") files.add(path);
    else if (kind === "directory") for (const file of walk(path, accept)) files.add(file);
    else missing.push(path);
  }
  return { files: [...files].sort(compareText), missing };
}

/** Rule files: `.p`, `.xml`, `.irml`. */
export function expandRuleFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  return expandPaths(paths, (name) => ruleFile.test(name));
}

function walk(directory: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareText(a.name, b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) out.push(...walk(path, accept));
    else if (entry.isFile() && accept(entry.name)) out.push(path);
  }
  return out;
}

export function statKind(path: string): "file" | "directory" | undefined {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}

/** Reads a file the user named; reports an unreadable one on stderr and returns undefined (a usage error). */
export function readNamedFile(path: string, io: CliIo): SourceFile | undefined {
  try {
    return new SourceFile(path, readFileSync(path, "utf8"));
  } catch {
    io.stderr(`opes: cannot read '${path}': no such file or directory\n`);
    return undefined;
  }
}
