import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runTests, type TestCommandOptions } from "../../src/cli/commands/test.js";
import { testFileDiagnosticKinds } from "../../src/cli/test-files/diagnostics.js";
import { testFileDiagnosticExamples } from "../../src/cli/test-files/examples.js";
import { loadTestSuite } from "../../src/cli/test-files/load.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { captureIo } from "./io.js";

const fixtures = "test/cli-test/fixtures";
const human: TestCommandOptions = { format: "human", color: false };

function run(paths: string[], options: TestCommandOptions = human) {
  const { io, stdout, stderr } = captureIo();
  const code = runTests(paths, options, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe("opes test: passing suites", () => {
  it("runs every case of a directory tree (opes-test.json inherited, context files, extra catalogs) and exits 0", async () => {
    const result = run([`${fixtures}/passing`]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("7 passed, 0 failed");
    await expect(result.stdout).toMatchFileSnapshot("golden/passing.txt");
  });

  it("places plain P files where the site policy says, its paths relative to the policy file", () => {
    const result = run([`${fixtures}/plain`]);
    expect(result.stdout).toMatch(/\n2 passed, 0 failed\n$/);
    expect(result.code).toBe(0);
  });

  it("passes on the project's example tests", () => {
    const result = run(["examples/tests"]);
    expect(result.stdout).toMatch(/\n5 passed, 0 failed\n$/);
    expect(result.code).toBe(0);
  });

  it("runs only the cases --run selects", () => {
    const result = run([`${fixtures}/passing`], { ...human, run: "^a blocked|context file" });
    expect(result.stdout).toContain("ok   a blocked service is refused");
    expect(result.stdout).toContain("ok   Do Not Track, from a context file");
    expect(result.stdout).not.toContain("another consumer");
    expect(result.stdout).toMatch(/\n2 passed, 0 failed\n$/);
  });
});

describe("opes test: failing suites", () => {
  it("prints a readable diff per failing case and exits 1", async () => {
    const result = run([`${fixtures}/failing`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\n1 passed, 7 failed\n$/);
    await expect(result.stdout).toMatchFileSnapshot("golden/failing.txt");
  });

  it("reports cases with status and mismatches in --format json", async () => {
    const result = run([`${fixtures}/failing`], { format: "json", color: false });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { passed: number; failed: number; cases: { name: string; status: string; mismatches?: { field: string }[]; error?: string }[]; diagnostics: { code: string }[] };
    expect([report.passed, report.failed]).toEqual([1, 7]);
    expect(report.cases.map((c) => c.status)).toEqual(["passed", ...Array(7).fill("failed")]);
    expect(report.cases[4]!.mismatches!.map((m) => m.field)).toEqual(["stop", "fail", "trace", "trace"]);
    expect(report.cases[6]!.error).toBe("the transaction context is invalid");
    expect(report.diagnostics.map((d) => d.code)).toEqual(["P3911", "P3905"]);
    await expect(result.stdout).toMatchFileSnapshot("golden/failing.json");
  });

  it("fails every case of rules that do not compile, printing their errors once", async () => {
    const result = run([`${fixtures}/broken-rules`]);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/P2030 operand-type-mismatch/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/\n0 passed, 3 failed\n$/);
    await expect(result.stdout).toMatchFileSnapshot("golden/broken-rules.txt");
  });
});

describe("opes test: malformed test files", () => {
  it("reports every problem with its line and column and fails the file's cases", async () => {
    const result = run([`${fixtures}/malformed`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\n2 passed, 12 failed\n$/);
    await expect(result.stdout).toMatchFileSnapshot("golden/malformed.txt");
  });

  it("gives each kind of problem its code, at the offending value", () => {
    const report = JSON.parse(run([`${fixtures}/malformed`], { format: "json", color: false }).stdout) as { diagnostics: { file: string; line: number; column: number; code: string }[] };
    const at = (file: string) => report.diagnostics.filter((d) => d.file.endsWith(file)).map((d) => `${d.code} ${d.line}:${d.column}`);
    expect(at("a-not-json.test.json")).toEqual(["P3920 3:14"]);
    expect(at("b-schema.test.json")).toEqual(["P3923 4:5", "P3923 4:51", "P3923 8:32", "P3923 8:80", "P3923 10:51", "P3923 11:5", "P3923 11:32"]);
    expect(at("c-duplicate-key.test.json")).toEqual(["P3922 3:3"]);
    expect(at("d-names.test.json")).toEqual(["P3926 6:15"]);
    expect(at("e-paths.test.json")).toEqual(["P3924 2:36", "P3924 3:13", "P3924 4:62"]);
    expect(at("f-no-rules.test.json")).toEqual(["P3925 1:1"]);
    expect(at("g-base-context.test.json")).toEqual(["P3908 6:60", "P3904 10:70"]);
    expect(at("h-empty.test.json")).toEqual(["P3923 1:46"]);
    expect(at("i-no-rule-files.test.json")).toEqual(["P3925 2:12"]);
  });

  it("counts a broken file even when --run selects none of its cases", () => {
    const result = run([`${fixtures}/malformed/a-not-json.test.json`, `${fixtures}/passing`], { ...human, run: "blocked" });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\n1 passed, 1 failed\n$/);
  });
});

describe("opes test: usage errors exit 2", () => {
  it("for a path that does not exist", () => {
    const result = run([`${fixtures}/nowhere`]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain("cannot read 'test/cli-test/fixtures/nowhere'");
  });

  it("for a directory without test files", () => {
    const empty = mkdtempSync(join(tmpdir(), "opes-no-tests-"));
    writeFileSync(join(empty, "rules.p"), "");
    const result = run([empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("no test files (*.test.json) found");
  });

  it("for a --run that is not a regular expression, or selects nothing", () => {
    expect(run([`${fixtures}/passing`], { ...human, run: "(" })).toMatchObject({ code: 2, stdout: "" });
    const none = run([`${fixtures}/passing`], { ...human, run: "no such case" });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no test case matches --run "no such case"');
  });
});

describe("opes test: opes-test.json", () => {
  it("reports the problems of a shared configuration once and fails the cases that inherit it", () => {
    const result = run([`${fixtures}/broken-config`]);
    expect(result.code).toBe(1);
    expect(result.stdout.match(/P3923 test-schema-violation/g)).toHaveLength(2);
    expect(result.stdout).toContain('/polcy: unknown property "polcy" (did you mean "policy"?)');
    expect(result.stdout.match(/its opes-test\.json has errors \(see above\)/g)).toHaveLength(2);
    expect(result.stdout).toMatch(/\n0 passed, 2 failed\n$/);
  });
});

describe("loadTestSuite", () => {
  it("reads a text already in memory and applies the reader's limits", () => {
    const source = new SourceFile("limits.test.json", '{ "cases": [{ "name": "deep", "context": { "consumer": { "groups": ["a"] } }, "expect": { "stop": false } }] }');
    const suite = loadTestSuite(source, { limits: { maxNestingDepth: 3 } });
    expect(suite.diagnostics.map((d) => `${d.code} ${d.name} ${d.range.line}:${d.range.column}`)).toEqual(["P3921 test-limit-exceeded 1:42"]);
    expect(suite.inputs).toBeUndefined();
    expect(suite.cases).toMatchObject([{ name: "limits.test.json", standsForFile: true }]);
  });
});

describe("the test-file diagnostics", () => {
  it.each(Object.entries(testFileDiagnosticKinds))("%s: its catalogue example produces it", (key, kind) => {
    const example = testFileDiagnosticExamples[key as keyof typeof testFileDiagnosticKinds];
    const suite = loadTestSuite(new SourceFile("example.test.json", example.source), { limits: example.limits ?? {} });
    expect(suite.diagnostics.map((d) => d.code)).toContain(kind.code);
  });

  it("have codes of the policy stage in P3920–P3939 and stable kebab-case names", () => {
    for (const kind of Object.values(testFileDiagnosticKinds)) {
      expect(kind.code).toMatch(/^P39[23]\d$/);
      expect(kind.name).toMatch(/^test(-[a-z]+)+$/);
      expect(kind.stage).toBe("policy");
    }
  });
});
