import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");
/** `opes-rules/runtime`: everything a processor embeds. */
const entryPoints = ["src/runtime/index.ts"];

/** Every module reachable from the entry points: project files by path, packages by name. */
function importGraph(entries: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const pending = [...entries];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (!file.startsWith("src/")) continue;
    const text = readFileSync(join(root, file), "utf8");
    for (const [, specifier] of text.matchAll(/(?:import|export)[^"';]*?from\s+"([^"]+)"/g)) {
      pending.push(specifier!.startsWith(".") ? relative(root, join(root, dirname(file), specifier!)).replace(/\.js$/, ".ts") : specifier!);
    }
  }
  return seen;
}

describe("the embeddable runtime (opes-rules/runtime)", () => {
  it("reach no front-end stage and no front-end package", () => {
    const reached = [...importGraph(entryPoints)];
    const forbidden = reached.filter((module) =>
      /^src\/(syntax|semantic|policy|compile|lint|cli)\/|^(chevrotain|commander|saxes)(\/|$)/.test(module),
    );
    expect(forbidden).toEqual([]);
    const outsideRuntime = reached.filter((module) => module.startsWith("src/") && !module.startsWith("src/runtime/"));
    expect(outsideRuntime.filter((module) => !/^src\/(json\/|diagnostics\/(source|diagnostic)\.ts$)/.test(module))).toEqual([]);
    // The walk does follow every edge: through src/json to ajv.
    expect(reached).toEqual(expect.arrayContaining(["src/runtime/engine.ts", "src/runtime/decide.ts", "src/runtime/message/http.ts", "src/runtime/regex/index.ts", "src/json/schema.ts", "ajv/dist/2020.js"]));
  });
});
