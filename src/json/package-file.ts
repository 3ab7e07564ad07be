import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Reads a JSON file shipped at the package root (e.g. `schemas/…`), whether
 * this module runs from src/ (tests, tsx) or from dist/src/ (the build), by
 * looking in each parent directory in turn. The file belongs to the tool, so
 * a missing or broken one is an installation error and throws.
 */
export function readPackageJson(relativePath: string): unknown {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(directory, relativePath);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, "utf8")) as unknown;
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`opes-rules is installed incompletely: ${relativePath} is missing`);
    directory = parent;
  }
}
