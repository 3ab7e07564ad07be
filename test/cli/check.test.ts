import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "opes-check-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const threeErrors = "ok := 1;\nx := 1 +;\nfine := 2;\ny := (2;\nz := 3 4;\n";

describe("opes check", () => {
  it("exits 0 on a clean file", async () => {
    const dir = workspace({ "clean.p": "x := 1 + 2;\n" });
    const run = await runCli(["check", join(dir, "clean.p")]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toBe("0 errors, 0 warnings in 1 file\n");
  });

  it("reports all three syntax errors of a file as JSON with the contract's fields, exit 1", async () => {
    const dir = workspace({ "bad.p": threeErrors });
    const run = await runCli(["check", join(dir, "bad.p"), "--format", "json"]);
    expect(run.code).toBe(1);
    const { diagnostics } = JSON.parse(run.stdout) as { diagnostics: Record<string, unknown>[] };
    expect(diagnostics.map((d) => [d["line"], d["column"], d["code"]])).toEqual([
      [2, 9, "P1001"],
      [4, 8, "P1001"],
      [5, 8, "P1001"],
    ]);
    expect(diagnostics[0]).toEqual({
      file: join(dir, "bad.p"),
      line: 2,
      column: 9,
      endLine: 2,
      endColumn: 10,
      severity: "error",
      code: "P1001",
      name: "unexpected-token",
      stage: "syntax",
      message: "expected an expression but found ';'",
    });
  });

  it("shows a code frame with the span underlined in human output", async () => {
    const dir = workspace({ "bad.p": "value := Http.makeHeader(\"A\") := 2;\n" });
    const run = await runCli(["check", join(dir, "bad.p")]);
    expect(run.code).toBe(1);
    expect(run.stdout.replace(dir, "<dir>")).toBe(
      [
        "<dir>/bad.p:1:31 error P1001 unexpected-token: expected ';' but found ':='",
        "  1 | value := Http.makeHeader(\"A\") := 2;",
        "    |                               ^^",
        "1 error, 0 warnings in 1 file",
        "",
      ].join("\n"),
    );
  });

  it("keeps warnings from failing the run and prints fix-its", async () => {
    const dir = workspace({ "legacy.p": "flag := ! true;\n" });
    const run = await runCli(["check", join(dir, "legacy.p")]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("warning P1010 legacy-negation");
    expect(run.stdout).toContain("fix: replace '!' with 'not'");
    const json = JSON.parse((await runCli(["check", join(dir, "legacy.p"), "--format", "json"])).stdout);
    expect(json.diagnostics[0].fix).toEqual({ message: "replace '!' with 'not'", edits: [{ line: 1, column: 9, endLine: 1, endColumn: 10, newText: "not " }] });
  });

  it("walks directories for rule files in a stable order", async () => {
    const dir = workspace({ "b.p": "x := ;\n", "a.p": "y := ;\n", "notes.txt": "ignored" });
    const run = await runCli(["check", dir, "--format", "json"]);
    const files = JSON.parse(run.stdout).diagnostics.map((d: { file: string }) => d.file);
    expect(files).toEqual([join(dir, "a.p"), join(dir, "b.p")]);
  });

  it("exits 2 on usage errors: missing file, unknown option, unknown format, no arguments", async () => {
    expect((await runCli(["check", "/no/such/file.p"])).code).toBe(2);
    expect((await runCli(["check", "--bogus", "x.p"])).code).toBe(2);
    expect((await runCli(["check", "x.p", "--format", "xml"])).code).toBe(2);
    expect((await runCli(["check"])).code).toBe(2);
    expect((await runCli(["frobnicate"])).code).toBe(2);
  });

  it("exits 0 for --help and --version", async () => {
    const help = await runCli(["check", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect((await runCli(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
