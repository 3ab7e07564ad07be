/**
 * Our POSIX ERE engine against JavaScript's RegExp: the IRML draft's patterns
 * on realistic header values, compilation, and a hostile pattern. The hostile
 * input given to RegExp stays short (about 0.1 s per search) so the run ends;
 * our engine also gets a 50,000-character one.
 * Run: npx tsx bench/regex.ts
 */
import { Bench, type Task } from "tinybench";
import { compileEre } from "../src/runtime/regex/index.js";

interface Case {
  readonly name: string;
  readonly pattern: string;
  readonly input: string;
}

const irml: Case[] = [
  { name: "exact path", pattern: "^/$|^/index.html$", input: "/index.html" },
  { name: "cookie substring", pattern: "sew=23", input: "lang=en; theme=dark; session=8f14e45fceea167a5a36dedd4bea2543; sew=23" },
  { name: "language prefix", pattern: "^de|^fr|^it|^es", input: "en-US,en;q=0.9,fr;q=0.8" },
  { name: "content type", pattern: "application/", input: "text/html; charset=utf-8" },
  { name: "html", pattern: "text/html", input: "text/html; charset=utf-8" },
  { name: "status 4xx/5xx", pattern: "^[45][0-9]{2}$", input: "404" },
];

function median(task: Task): number {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}`);
  return result.latency.p50;
}

function format(ms: number): string {
  return ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(2)} µs`;
}

async function run(bench: Bench): Promise<Map<string, number>> {
  await bench.run();
  return new Map(bench.tasks.map((task) => [task.name, median(task)]));
}

async function matching(): Promise<void> {
  const bench = new Bench({ time: 300 });
  for (const { name, pattern, input } of irml) {
    const ours = compileEre(pattern, { caseInsensitive: true });
    const theirs = new RegExp(pattern, "i");
    bench.add(`ours ${name}`, () => ours.test(input));
    bench.add(`RegExp ${name}`, () => theirs.test(input));
  }
  const medians = await run(bench);
  console.log("IRML patterns, case-insensitive search (median per test):");
  for (const { name } of irml) {
    const ours = medians.get(`ours ${name}`)!;
    const theirs = medians.get(`RegExp ${name}`)!;
    console.log(`  ${name.padEnd(18)} ours ${format(ours).padStart(10)}   RegExp ${format(theirs).padStart(10)}   ours/RegExp ${(ours / theirs).toFixed(1)}x`);
  }
}

async function compiling(): Promise<void> {
  let counter = 0;
  const bench = new Bench({ time: 300 });
  // A fresh pattern each time, so compileEre's cache does not answer.
  bench.add("compile", () => compileEre(`^/$|^/index.html$|^/p${counter++}/`, { caseInsensitive: true }));
  bench.add("RegExp compile", () => new RegExp(`^/$|^/index.html$|^/p${counter++}/`, "i"));
  const medians = await run(bench);
  console.log(`\nCompiling an IRML-sized pattern: ours ${format(medians.get("compile")!)}, RegExp ${format(medians.get("RegExp compile")!)}`);
}

async function hostile(): Promise<void> {
  const pattern = "(a+)+$";
  const hostileInput = (length: number): string => `${"a".repeat(length)}!`;
  const jsLengths = [16, 18, 20];
  const ourLengths = [20, 50_000];
  const ours = compileEre(pattern, { caseInsensitive: false });
  const theirs = new RegExp(pattern);
  const bench = new Bench({ time: 0, iterations: 5, warmup: false });
  for (const length of jsLengths) bench.add(`RegExp ${length}`, () => theirs.test(hostileInput(length)));
  for (const length of ourLengths) bench.add(`ours ${length}`, () => ours.test(hostileInput(length)));
  const medians = await run(bench);
  console.log(`\nHostile '${pattern}' on "a…a!" (n times 'a'):`);
  for (const length of jsLengths) console.log(`  RegExp n=${String(length).padEnd(6)} ${format(medians.get(`RegExp ${length}`)!).padStart(10)}`);
  for (const length of ourLengths) console.log(`  ours   n=${String(length).padEnd(6)} ${format(medians.get(`ours ${length}`)!).padStart(10)}`);
  const growth = Math.sqrt(medians.get("RegExp 20")! / medians.get("RegExp 18")!);
  const ratio = medians.get("RegExp 20")! / medians.get("ours 20")!;
  console.log(`  RegExp/ours at n=20: ${ratio.toFixed(0)}x; RegExp's time grows ${growth.toFixed(2)}x per extra 'a', ours linearly`);
}

await matching();
await compiling();
await hostile();
