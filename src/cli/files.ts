import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ruleFile = /\.(p|xml|irml)$/i;

/**
 * Expands the command line's paths: files as given, directories walked for
 * rule files (`.p`, `.xml`, `.irml`) in sorted order so output is stable.
 */
export function expandRuleFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    const kind = statKind(path);
    if (kind === "file") files.push(path);
    else if (kind === "directory") files.push(...walk(path));
    else missing.push(path);
  }
  return { files, missing };
}

function walk(directory: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile() && ruleFile.test(entry.name)) out.push(path);
  }
  return out;
}

function statKind(path: string): "file" | "directory" | undefined {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
  } catch {
    return undefined;
  }
}
