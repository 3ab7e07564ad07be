// Runs a reader in a worker thread so a test can stop it after a deadline:
// vitest's timeout cannot interrupt a synchronous infinite loop.
import { register } from "tsx/esm/api";
import { parentPort, workerData } from "node:worker_threads";

register();
const { preload, runReader } = await import("./reader-worker-impl.ts");
await preload(workerData.reader);
parentPort.on("message", (inputs) => {
  try {
    parentPort.postMessage({ ok: true, summaries: inputs.map((input) => runReader(workerData.reader, input)) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error?.stack ?? error) });
  }
});
