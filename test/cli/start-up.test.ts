import { describe, expect, it } from "vitest";
import { importGraph } from "../helpers/import-graph.js";

describe("the opes command's start-up", () => {
  it("loads no pipeline stage, schema or runtime before a command runs", () => {
    const reached = [...importGraph(["src/cli/main.ts"])];
    const heavy = reached.filter((module) =>
      /^src\/(syntax|semantic|policy|compile|runtime)\/|^src\/(json|check)\b|^src\/lint\/index\.ts$|^src\/cli\/commands\/|^(chevrotain|ajv|ajv-formats|saxes|jsonc-parser)(\/|$)/.test(module),
    );
    expect(heavy).toEqual([]);
    // The walk does start: commander and the argument checks load up front.
    expect(reached).toEqual(expect.arrayContaining(["commander", "src/lint/suppressions.ts", "src/cli/io.ts"]));
  });

  it("loads the commands' modules, which do reach the pipeline, when they run", () => {
    const compile = importGraph(["src/cli/commands/compile.ts"]);
    expect([...compile]).toEqual(expect.arrayContaining(["src/compile/index.ts", "chevrotain"]));
    const evaluate = importGraph(["src/cli/commands/eval.ts"]);
    expect([...evaluate].filter((module) => /^src\/(syntax|semantic|compile)\/|^chevrotain/.test(module))).toEqual([]);
  });
});
