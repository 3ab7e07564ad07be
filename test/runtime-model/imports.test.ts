import { describe, expect, it } from "vitest";
import { importGraph } from "../helpers/import-graph.js";

/** `opes-rules/runtime`: everything a processor embeds. */
const entryPoints = ["src/runtime/index.ts"];

describe("the embeddable runtime (opes-rules/runtime)", () => {
  it("reach no front-end stage and no front-end package", () => {
    const reached = [...importGraph(entryPoints)];
    const forbidden = reached.filter((module) =>
      /^src\/(syntax|semantic|policy|compile|lint|cli)\/|^(chevrotain|commander|saxes)(\/|$)/.test(module),
    );
    // Nor ajv: the runtime's schemas come compiled (src/json/validators/), and that code
    // reaches only ajv's small runtime helpers (through require, which this walk does not follow).
    expect(reached.filter((module) => /^ajv(\/|$)|^ajv-formats$|^src\/json\/(ajv|user-schema)\.ts$/.test(module))).toEqual([]);
    expect(forbidden).toEqual([]);
    const outsideRuntime = reached.filter((module) => module.startsWith("src/") && !module.startsWith("src/runtime/"));
    expect(outsideRuntime.filter((module) => !/^src\/(json\/|diagnostics\/(source|diagnostic)\.ts$)/.test(module))).toEqual([]);
    // The walk does follow every edge: into src/json and out to packages.
    expect(reached).toEqual(
      expect.arrayContaining(["src/runtime/engine.ts", "src/runtime/decide.ts", "src/runtime/message/http.ts", "src/runtime/regex/index.ts", "src/json/schema.ts", "src/json/validators/bundle.ts", "node:module"]),
    );
  });
});
