import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { lintProgram } from "../../src/lint/index.js";

function lintWithThreshold(text: string, indexHintThreshold: number) {
  const compiled = compileSources([{ path: "r.p", text }], { checkOnly: true });
  const files = compiled.check.files.map((f) => ({ program: f.parse.program, source: f.parse.source, model: f.model! }));
  return lintProgram(compiled.lowered!, files, { indexHintThreshold }).filter((d) => d.code === "P4009");
}

const block = (point: string, tests: string[]) =>
  `  at ${point} {\n${tests.map((t, i) => `    if (${t}) { Services.applyOne(Services.findOne("urn:example:svc:${point}${i}")); }\n`).join("")}  }\n`;

describe("not-indexable hints (P4009)", () => {
  it("sums up every point of a ruleset in one hint, at its header", () => {
    const text =
      'ruleset authorized_by provider "www.example.com" protocol HTTP {\n' +
      block("request_in", ['Http.request.path contains "a"', 'Http.request.path contains "b"', 'Http.request.host equal "x.example"']) +
      block("response_out", ['Http.request.path contains "c"', 'Http.request.path contains "d"']) +
      "}\n";
    const [hint, ...others] = lintWithThreshold(text, 2);
    expect(others).toEqual([]);
    expect(hint!.range.line).toBe(1);
    expect(hint!.message).toMatch(/^the decision graph tries 2 of the 3 actions at request_in, 2 of the 2 actions at response_out on every message/);
    expect(hint!.related!.map((r) => r.range.line)).toEqual([3, 4]);
  });

  it("says nothing below the threshold", () => {
    const text = `ruleset authorized_by provider "www.example.com" protocol HTTP {\n${block("request_in", ['Http.request.path contains "a"', 'Http.request.path contains "b"'])}}\n`;
    expect(lintWithThreshold(text, 3)).toEqual([]);
    expect(lintWithThreshold(text, 2)).toHaveLength(1);
  });
});
