import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { lintDiagnostics } from "../../src/diagnostics/catalog/lint.js";
import { extractFencedBlocks } from "../docs/markdown-examples.js";
import { lintText } from "./helpers.js";

const blocks = extractFencedBlocks(readFileSync(new URL("../../docs/lint.md", import.meta.url), "utf8"));
const examples = blocks.filter((b) => b.language === "p-lint-bad" || b.language === "p-lint-good");

describe("docs/lint.md", () => {
  it("has a bad and a good example for every lint rule", () => {
    for (const { code } of Object.values(lintDiagnostics)) {
      expect(examples.filter((b) => b.attributes[0] === code).map((b) => b.language)).toEqual(["p-lint-bad", "p-lint-good"]);
    }
  });

  it.each(examples.map((b) => [b.line, b.language, b.attributes[0], b] as const))("line %i (%s %s)", (_line, language, code, block) => {
    const diagnostics = lintText(block.code, `docs/lint.md:${block.line}`);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (language === "p-lint-bad") expect(diagnostics.map((d) => d.code)).toContain(code);
    else expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  });
});
