import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Every module the entry points load when they are imported: project files
 * by path, packages by name. Type-only imports are erased and `import()`
 * runs later, if ever, so neither is followed.
 */
export function importGraph(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith("src/")) continue;
    const text = readFileSync(join(root, file), "utf8");
    for (const [, specifier] of text.matchAll(/^(?:import|export)(?!\s+type\b)[^"';]*?from\s+"([^"]+)"/gm)) {
      pending.push(specifier!.startsWith(".") ? relative(root, join(root, dirname(file), specifier!)).replace(/\.js$/, ".ts") : specifier!);
    }
  }
  return seen;
}
