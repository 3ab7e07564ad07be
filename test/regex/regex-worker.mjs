// Runs searches in a worker thread so the test can stop them after a
// deadline: vitest's timeout cannot interrupt a synchronous loop.
import { register } from "tsx/esm/api";
import { parentPort } from "node:worker_threads";

register();
const { compileEre } = await import("../../src/runtime/regex/index.ts");
parentPort.on("message", (searches) => {
  try {
    const results = searches.map(({ pattern, caseInsensitive, maxCachedStates, input }) => compileEre(pattern, { caseInsensitive, maxCachedStates }).test(input));
    parentPort.postMessage({ ok: true, results });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
});
