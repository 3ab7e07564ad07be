import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** The installed entry point, as a user runs it (npm test builds dist/ first). */
describe("bin/opes.js", () => {
  it("runs the built CLI and propagates exit codes", () => {
    expect(execFileSync(process.execPath, ["bin/opes.js", "--version"], { cwd: root, encoding: "utf8" }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const file = join(mkdtempSync(join(tmpdir(), "opes-bin-")), "bad.p");
    writeFileSync(file, "x := ;\n");
    const bad = spawnSync(process.execPath, ["bin/opes.js", "check", file, "--format", "json"], { cwd: root, encoding: "utf8" });
    expect(bad.status).toBe(1);
    expect(JSON.parse(bad.stdout).diagnostics[0]).toMatchObject({ code: "P1001", line: 1, column: 6 });
    const usage = spawnSync(process.execPath, ["bin/opes.js", "check"], { cwd: root, encoding: "utf8" });
    expect(usage.status).toBe(2);
  });
});
