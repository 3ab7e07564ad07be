import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCheck } from "../../src/cli/commands/check.js";
import { watchAndRerun } from "../../src/cli/watch.js";
import { captureIo } from "./io.js";

const validRules = 'ruleset authorized_by consumer "c" protocol HTTP {\n  at response_out { Services.applyOne(Services.findOne("urn:svc:x")); }\n}\n';

/** Resolves when `condition` holds, polling; fails the test after `timeoutMs`. */
async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for the watcher");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("watchAndRerun", () => {
  it("re-runs `opes check` when a file in a watched directory changes, until closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-watch-"));
    mkdirSync(join(dir, "rules"));
    const file = join(dir, "rules", "bob.p");
    writeFileSync(file, validRules);
    const { io, stdout, stderr } = captureIo();
    let runs = 0;
    const session = watchAndRerun([dir], () => (runs++, runCheck([dir], { format: "human", color: false, catalogs: [] }, io)), io, { debounceMs: 50 });
    await until(() => runs === 1 && stderr().includes("watching"));
    expect(stdout()).toContain("0 errors, 0 warnings in 1 file");

    writeFileSync(file, validRules.replace("Services.applyOne", "Services.applyOne(")); // a syntax error
    await until(() => runs === 2);
    expect(stderr()).toContain(`--- ${file} changed: running again ---`);
    expect(stdout()).toMatch(/1 error, 0 warnings in 1 file\n$/);

    session.close();
    expect(await session.done).toBe(1);
    writeFileSync(file, validRules);
    await sleep(150);
    expect(runs).toBe(2);
  });

  it("takes a burst of changes together and ignores hidden and swap files", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-watch-"));
    const { io } = captureIo();
    let runs = 0;
    const session = watchAndRerun([dir], () => (runs++, 0), io, { debounceMs: 80 });
    await until(() => runs === 1);
    writeFileSync(join(dir, ".bob.p.swp"), "x");
    writeFileSync(join(dir, "bob.p~"), "x");
    await sleep(200);
    expect(runs).toBe(1);
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, `r${i}.p`), "x");
    await until(() => runs === 2);
    await sleep(200);
    expect(runs).toBe(2);
    session.close();
    await session.done;
  });

  it("watches a named file through its directory, ignoring its neighbours", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-watch-"));
    const file = join(dir, "bob.p");
    writeFileSync(file, "a");
    const { io } = captureIo();
    let runs = 0;
    const session = watchAndRerun([file], () => (runs++, 0), io, { debounceMs: 50 });
    await until(() => runs === 1);
    writeFileSync(join(dir, "other.p"), "x");
    await sleep(150);
    expect(runs).toBe(1);
    writeFileSync(file, "b");
    await until(() => runs === 2);
    session.close();
    await session.done;
  });

  it("never overlaps runs: a change during a run causes one more run after it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-watch-"));
    const { io } = captureIo();
    let active = 0;
    let overlapped = false;
    let runs = 0;
    const session = watchAndRerun(
      [dir],
      async () => {
        runs++;
        overlapped ||= active > 0;
        active++;
        if (runs === 2) writeFileSync(join(dir, "during.p"), "x"); // a change while this run is busy
        await sleep(100);
        active--;
        return 0;
      },
      io,
      { debounceMs: 50 },
    );
    await until(() => runs === 1);
    writeFileSync(join(dir, "bob.p"), "x");
    await until(() => runs === 3);
    await sleep(200);
    expect(runs).toBe(3);
    expect(overlapped).toBe(false);
    session.close();
    await session.done;
  });

  it("stops on SIGINT and removes its handler", async () => {
    const dir = mkdtempSync(join(tmpdir(), "opes-watch-"));
    const { io } = captureIo();
    const before = process.listenerCount("SIGINT");
    const session = watchAndRerun([dir], () => 0, io);
    expect(process.listenerCount("SIGINT")).toBe(before + 1);
    const handler = process.listeners("SIGINT").at(-1)!;
    handler("SIGINT");
    expect(await session.done).toBe(0);
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  it("runs once and stops when nothing can be watched", async () => {
    const { io, stderr } = captureIo();
    let runs = 0;
    const session = watchAndRerun([join(tmpdir(), "opes-no-such-dir", "x")], () => (runs++, 2), io);
    expect(await session.done).toBe(2);
    expect(runs).toBe(1);
    expect(stderr()).toContain("cannot watch");
    expect(stderr()).toContain("nothing to watch");
  });
});
