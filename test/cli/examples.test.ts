import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

describe("the bundled examples", () => {
  it("pass their policy unit tests (opes test examples)", async () => {
    const run = await runCli(["test", "examples"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const last = run.stdout.trimEnd().split("\n").at(-1);
    expect(last).toMatch(/^(\d+) passed, 0 failed$/);
    expect(Number(last!.split(" ")[0])).toBeGreaterThanOrEqual(17);
  });

  it("lint clean against their site policies", async () => {
    for (const example of ["isp", "enterprise", "cdn-surrogate", "mail-gateway"]) {
      const run = await runCli(["lint", `examples/${example}`, "--policy", `examples/${example}/policy.json`, "--format", "json"]);
      expect(run.code, example).toBe(0);
      expect(JSON.parse(run.stdout).diagnostics.filter((d: { severity: string }) => d.severity !== "info"), example).toEqual([]);
    }
  });
});
