import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";

interface Search {
  pattern: string;
  caseInsensitive: boolean;
  maxCachedStates?: number;
  input: string;
}

/** Runs the searches in a worker; rejects if they do not all finish before the deadline. */
async function searchInWorker(searches: Search[], deadlineMs: number): Promise<boolean[]> {
  const worker = new Worker(new URL("./regex-worker.mjs", import.meta.url));
  try {
    return await new Promise<boolean[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the searches did not finish within ${deadlineMs} ms`)), deadlineMs);
      worker.once("message", (message: { ok: boolean; results?: boolean[]; error?: string }) => {
        clearTimeout(timer);
        if (message.ok) resolve(message.results!);
        else reject(new Error(message.error));
      });
      worker.once("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
      worker.postMessage(searches);
    });
  } finally {
    await worker.terminate();
  }
}

const n = 50_000;
const as = "a".repeat(n);
let seed = 42;
const randomAb = Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 1 ? "a" : "b")).join("");

/** [pattern, hostile input, expected] — each would take a backtracking engine longer than a lifetime. */
const hostile: [string, string, boolean][] = [
  ["(a+)+$", `${as}!`, false],
  ["(a+)+!$", `${as}?`, false],
  ["^(a+)+$", `${as}!`, false],
  ["(a|a)*b", as, false],
  ["(a|aa)+c", as, false],
  ["(.*a){20}", as, true],
  ["(.*a){20}", `${"a".repeat(19)}${"b".repeat(n)}`, false],
  ["(.*a){20}$", `${as}b`, false],
  ["(x+x+)+y", "x".repeat(n), false],
  ["^(([a-z])+.)+[A-Z]([a-z])+$", `${as}!`, false],
  ["^([[:alnum:]]+[[:space:]]?)*$", `${"ab ".repeat(n / 3)}!`, false],
  ["(.*)*b", as, false],
  ["(a*)*b", as, false],
  ["(a|b)*a(a|b){12}$", randomAb, randomAb.at(-13) === "a"],
];

describe("no catastrophic backtracking", () => {
  it("finishes hostile searches over 50,000-character inputs (worker with a deadline)", async () => {
    const searches: Search[] = hostile.flatMap(([pattern, input]) => [
      { pattern, caseInsensitive: false, input },
      { pattern, caseInsensitive: true, input },
    ]);
    // A cache of two states forces a rebuild at almost every character: still linear per character.
    searches.push({ pattern: "(a|b)*a(a|b){12}$", caseInsensitive: false, maxCachedStates: 2, input: randomAb });
    const results = await searchInWorker(searches, 30_000);
    const expected = [...hostile.flatMap(([, , want]) => [want, want]), hostile.at(-1)![2]];
    expect(results.map((result, i) => [searches[i]!.pattern, result])).toEqual(expected.map((want, i) => [searches[i]!.pattern, want]));
  });
});
