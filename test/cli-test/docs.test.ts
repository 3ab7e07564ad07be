import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validate as config } from "../../src/json/validators/policy-test-config.js";
import { validate as testFile } from "../../src/json/validators/policy-test.js";
import { extractFencedBlocks } from "../docs/markdown-examples.js";

const markdown = readFileSync(new URL("../../docs/testing.md", import.meta.url), "utf8");
const blocks = extractFencedBlocks(markdown);
const jsonBlocks = blocks.filter((b) => b.language === "json").map((b) => ({ line: b.line, value: JSON.parse(b.code) as Record<string, unknown> }));

describe("docs/testing.md", () => {
  it("shows a test file and an opes-test.json that the published schema accepts", () => {
    const tests = jsonBlocks.filter((b) => "cases" in b.value && !("passed" in b.value));
    const configs = jsonBlocks.filter((b) => "rules" in b.value && !("cases" in b.value));
    expect(tests).toHaveLength(1);
    expect(configs).toHaveLength(1);
    for (const block of tests) expect(testFile(block.value), `block at line ${block.line}`).toBe(true);
    for (const block of configs) expect(config(block.value), `block at line ${block.line}`).toBe(true);
  });

  it("shows human output that opes test really prints", () => {
    const example = blocks.find((b) => b.language === "" && b.code.startsWith("tests/privacy.test.json"))!;
    const golden = readFileSync(new URL("golden/failing.txt", import.meta.url), "utf8").split("\n");
    const lines = example.code.trimEnd().split("\n").slice(1, -1);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(golden).toContain(line.replace("(tests/privacy.test.json:", "(test/cli-test/fixtures/failing/failing.test.json:"));
  });

  it("shows JSON output with the members opes test prints", () => {
    const output = jsonBlocks.find((b) => "passed" in b.value)!.value;
    const real = JSON.parse(readFileSync(new URL("golden/failing.json", import.meta.url), "utf8")) as Record<string, unknown[]>;
    expect(Object.keys(output)).toEqual(Object.keys(real));
    const failedCase = real["cases"]!.find((c) => (c as { name: string }).name === "stop, fail and trace differ") as Record<string, unknown>;
    expect(Object.keys((output["cases"] as Record<string, unknown>[])[0]!)).toEqual(Object.keys(failedCase));
  });
});
