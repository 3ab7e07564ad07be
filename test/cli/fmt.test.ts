import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const messy = "x:=1+2 ; // sum\nif(x==3){Services.applyOne(s);}\n";
const tidy = "x := 1 + 2; // sum\nif (x == 3) {\n  Services.applyOne(s);\n}\n";

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "opes-fmt-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("opes fmt", () => {
  it("prints the canonical layout of one file", async () => {
    const dir = workspace({ "a.p": messy });
    expect(await runCli(["fmt", join(dir, "a.p")])).toEqual({ code: 0, stdout: tidy, stderr: "" });
  });

  it("--check lists unformatted files and exits 1; formatted files pass", async () => {
    const dir = workspace({ "a.p": messy, "b.p": tidy });
    const run = await runCli(["fmt", "--check", dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`${join(dir, "a.p")}\n`);
    expect((await runCli(["fmt", "--check", join(dir, "b.p")])).code).toBe(0);
  });

  it("--write rewrites files in place, and a second run changes nothing", async () => {
    const dir = workspace({ "a.p": messy });
    expect((await runCli(["fmt", "--write", dir])).code).toBe(0);
    expect(readFileSync(join(dir, "a.p"), "utf8")).toBe(tidy);
    expect((await runCli(["fmt", "--check", dir])).code).toBe(0);
  });

  it("refuses files with syntax errors, reporting them, exit 1", async () => {
    const dir = workspace({ "bad.p": "x := ;\n" });
    const run = await runCli(["fmt", "--write", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("P1001 unexpected-token");
    expect(readFileSync(join(dir, "bad.p"), "utf8")).toBe("x := ;\n");
  });

  it("rejects --check with --write and several files without a mode (exit 2)", async () => {
    const dir = workspace({ "a.p": tidy, "b.p": tidy });
    expect((await runCli(["fmt", "--check", "--write", dir])).code).toBe(2);
    expect((await runCli(["fmt", dir])).code).toBe(2);
  });
});
