import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLint } from "../../src/cli/commands/lint.js";
import type { DiagnosticFormat } from "../../src/cli/report.js";
import { fixturesDirectory } from "./helpers.js";
import { sarifValidator } from "./sarif/validator.js";

/** `opes lint` in-process (the command is registered in main.ts by the lead). */
function lint(paths: string[], format: DiagnosticFormat, cwd = process.cwd()) {
  let stdout = "";
  let stderr = "";
  const code = runLint(paths, { format, color: false, catalogs: [] }, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd });
  return { code, stdout, stderr };
}

const fixture = (name: string) => join(fixturesDirectory, name);

describe("opes lint", () => {
  it("prints warnings with code frames and exits 0", () => {
    const run = lint([fixture("unused-name.p")], "human");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(`${fixture("unused-name.p")}:3:3 warning P4005 unused-name: \`limit\` is bound but never used`);
    expect(run.stdout).toContain("  3 |   limit := 3;\n    |   ^^^^^\n");
    expect(run.stdout).toContain("  fix: remove the assignment\n");
    expect(run.stdout.endsWith("0 errors, 3 warnings in 1 file\n")).toBe(true);
  });

  it("prints the design's JSON shape", () => {
    const run = lint([fixture("shadowed-rule.p")], "json");
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(diagnostics.map((d) => [d["line"], d["code"], d["name"], d["stage"], d["severity"]])).toEqual([
      [6, "P4002", "shadowed-rule", "lint", "warning"],
      [20, "P4002", "shadowed-rule", "lint", "warning"],
    ]);
  });

  it("prints a valid SARIF log whose paths are relative to the working directory", () => {
    const run = lint([join("test", "lint", "fixtures", "regex-backtracking-risk.p")], "sarif");
    expect(run.code).toBe(0);
    const log = JSON.parse(run.stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: unknown } }[] }[] }[] };
    const validate = sarifValidator();
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation).toEqual({ uri: "test/lint/fixtures/regex-backtracking-risk.p", uriBaseId: "%SRCROOT%" });
  });

  it("prints GitHub annotations", () => {
    const run = lint([fixture("literal-regex.p"), fixture("good.p")], "github", fixturesDirectory);
    expect(run.stdout.split("\n").filter(Boolean).every((line) => line.startsWith("::notice file=literal-regex.p,"))).toBe(true);
  });

  it("reports errors of earlier stages, without lint, and exits 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-lint-"));
    writeFileSync(join(dir, "bad.p"), 'unused := 1;\nx := "a" == "b";\n');
    const run = lint([join(dir, "bad.p")], "json");
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: { code: string }[] };
    expect(diagnostics.map((d) => d.code)).toEqual(["P2031"]);
  });

  it("exits 2 for a file that cannot be read", () => {
    const run = lint([fixture("no-such-file.p")], "human");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("cannot read");
  });
});
