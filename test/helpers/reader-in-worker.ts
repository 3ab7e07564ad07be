import { Worker } from "node:worker_threads";

/**
 * Feeds inputs to a reader running in a worker and fails if it throws or
 * does not answer before the deadline (a hang).
 */
export async function readAllInWorker(reader: string, inputs: string[], deadlineMs: number): Promise<string[][]> {
  const worker = new Worker(new URL("./reader-worker.mjs", import.meta.url), { workerData: { reader } });
  try {
    return await new Promise<string[][]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`reader '${reader}' did not finish within ${deadlineMs} ms`)), deadlineMs);
      worker.once("message", (message: { ok: boolean; summaries?: string[][]; error?: string }) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.summaries!);
        else reject(new Error(`reader '${reader}' threw: ${message.error}`));
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.postMessage(inputs);
    });
  } finally {
    await worker.terminate();
  }
}
