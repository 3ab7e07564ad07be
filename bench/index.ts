/**
 * Issue 6 benchmarks: decision latency, compile throughput, bundle size and
 * heap at 100 … 100,000 rules, side by side in one run with a linear scan of
 * the same bundle and with @cedar-policy/cedar-wasm on the equivalent policy
 * set. docs/performance.md explains what is compared and records a run.
 *
 *   npm run bench                      all sizes
 *   BENCH_SIZES=100,1000 npm run bench fewer sizes
 *   BENCH_QUICK=1 npm run bench        smoke run: short timings, sizes 100 and 1,000
 *   BENCH_CEDAR_MAX=100000             largest size Cedar is measured at (default 10,000: see
 *                                      docs/performance.md for why 100,000 does not fit the run)
 *
 * `npm run bench` compiles this folder with tsc (tsconfig.bench.json) and runs the JavaScript,
 * so it measures the code as shipped; tsx would add its own `__name` wrappers to every named
 * closure, which cost the parser alone about a tenth of its time.
 */
import "../src/polyfills.js";
import os from "node:os";
import v8 from "node:v8";
import vm from "node:vm";
import { Bench, type Task } from "tinybench";
import { serializeBundle } from "../src/compile/index.js";
import type { SitePolicy } from "../src/policy/site-policy-types.js";
import { PolicyEngine, validateContext, type TransactionContext } from "../src/runtime/index.js";
import { CedarAuthorizer, cedarPolicyText, cedarVersion } from "./cedar.js";
import { cedarMismatches, cedarQuestions, compileWorkload, decisionMismatches, loadWorkloadPolicy, type CedarQuestion } from "./harness.js";
import { LinearScan } from "./linear-scan.js";
import { buildWorkload, ruleCount, type Workload } from "./workload.js";

const quick = process.env["BENCH_QUICK"] === "1";
const sizes = (process.env["BENCH_SIZES"] ?? (quick ? "100,1000" : "100,1000,10000,100000")).split(",").map((s) => Number(s.replace(/_/g, "")));
const cedarMax = Number(process.env["BENCH_CEDAR_MAX"] ?? 10_000);
/** Time budget per timed task, in ms. */
const taskTime = quick ? 100 : 1000;
const poolSize = 64;

/* ----- heap */

type Gc = () => void;

/** A full GC for heap figures: --expose-gc when given, else enabled at run time; the report says which. */
function findGc(): { gc: Gc | undefined; how: string } {
  const exposed = (globalThis as { gc?: Gc }).gc;
  if (typeof exposed === "function") return { gc: exposed, how: "after a full GC (--expose-gc)" };
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc = vm.runInNewContext("gc") as Gc;
    return { gc, how: "after a full GC (gc enabled at run time with v8.setFlagsFromString)" };
  } catch {
    return { gc: undefined, how: "without a forced GC (no gc available): figures include garbage" };
  }
}

const { gc, how: heapMethod } = findGc();

function heapUsed(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

/* ----- one size */

interface SizeResult {
  readonly size: number;
  readonly firstCompileMs: number;
  readonly compileMs: number;
  readonly bundleBytes: number;
  readonly loadMs: number;
  readonly heapBytes: number;
  readonly hitRate: number;
  readonly validateUs: number;
  readonly oursUs: number;
  readonly oursP99Us: number;
  readonly linearUs: number;
  readonly cedar?: { readonly preparseMs: number; readonly us: number };
  readonly cedarSkipped?: string;
}

function time<T>(run: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = run();
  return { value, ms: performance.now() - start };
}

/** Time spent on repeated compiles of one size after the first; at least three are made. */
const compileBudgetMs = quick ? 300 : 3000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Compiles a size once (`firstMs`: the JIT has not yet optimised the paths
 * this size takes, as in a CLI process that compiles once), then again
 * until the budget is spent: the median of those is the steady throughput.
 * Serializes as `opes compile` writes.
 */
function compileTimed(workload: Workload, policy: SitePolicy): { text: string; firstMs: number; compileMs: number } {
  const first = time(() => compileWorkload(workload, policy));
  if (first.value.actions.length !== workload.size) throw new Error(`expected ${workload.size} actions, the bundle has ${first.value.actions.length}`);
  const text = serializeBundle(first.value);
  const repeated: number[] = [];
  const started = performance.now();
  while (repeated.length < 3 || (performance.now() - started < compileBudgetMs && repeated.length < 500)) repeated.push(time(() => compileWorkload(workload, policy)).ms);
  return { text, firstMs: first.ms, compileMs: median(repeated) };
}

function latency(task: Task): { p50: number; p99: number } {
  const result = task.result;
  if (result.state !== "completed") throw new Error(`${task.name}: ${result.state}${"error" in result ? `: ${String(result.error)}` : ""}`);
  return { p50: result.latency.p50, p99: result.latency.p99 };
}

/** Decides the pool's contexts in turn, with at least as many calls as the pool has contexts when they are cheap. */
async function timeDecisions(name: string, decide: (index: number) => unknown): Promise<{ p50: number; p99: number }> {
  gc?.();
  const probe = time(() => decide(0)).ms;
  const iterations = Math.max(8, Math.min(poolSize, Math.floor((taskTime * 2) / Math.max(probe, 1e-3))));
  const bench = new Bench({ time: taskTime, iterations, warmupTime: taskTime / 5, warmupIterations: Math.min(iterations, 16), timestampProvider: "hrtimeNow", throws: true });
  let next = 0;
  bench.add(name, () => decide(next++ % poolSize));
  await bench.run();
  return latency(bench.getTask(name)!);
}

interface Prepared {
  readonly engine: PolicyEngine;
  readonly contexts: readonly TransactionContext[];
  /** Only for the sizes Cedar is measured at. */
  readonly cedarPolicies?: string;
  readonly firstCompileMs: number;
  readonly compileMs: number;
  readonly bundleBytes: number;
  readonly loadMs: number;
  readonly heapBytes: number;
}

/**
 * Generates, compiles, serializes and loads one size. Only what the timed
 * part needs survives it, so the decisions are timed in a heap that holds
 * the loaded engine, not the sources, the bundle text or the compiler's output.
 */
function prepare(size: number): Prepared {
  const workload = buildWorkload(size, poolSize);
  if (ruleCount(workload.modules) !== size) throw new Error(`the workload has ${ruleCount(workload.modules)} rules, not ${size}`);
  const policy = loadWorkloadPolicy(workload);
  const { text, firstMs: firstCompileMs, compileMs } = compileTimed(workload, policy);
  const before = heapUsed();
  const { value: engine, ms: loadMs } = time(() => PolicyEngine.load(JSON.parse(text)));
  return {
    engine,
    contexts: workload.contexts,
    ...(size <= cedarMax ? { cedarPolicies: cedarPolicyText(workload.modules) } : {}),
    firstCompileMs,
    compileMs,
    bundleBytes: Buffer.byteLength(text),
    loadMs,
    heapBytes: heapUsed() - before,
  };
}

async function measureCedar(size: number, policies: string | undefined, contexts: readonly TransactionContext[], questions: readonly CedarQuestion[]): Promise<Pick<SizeResult, "cedar" | "cedarSkipped">> {
  if (policies === undefined) {
    return { cedarSkipped: `above BENCH_CEDAR_MAX=${number(cedarMax)}: preparsing the policy set grows faster than linearly and every call evaluates every policy (docs/performance.md)` };
  }
  const { value: cedar, ms: preparseMs } = time(() => new CedarAuthorizer(policies));
  const mismatches = cedarMismatches(cedar, contexts, questions);
  if (mismatches.length > 0) throw new Error(`Cedar disagrees with the engine at ${size} rules:\n${mismatches.slice(0, 5).join("\n")}`);
  const { p50 } = await timeDecisions("cedar", (i) => cedar.isAuthorized(contexts[i]!, questions[i]!.service));
  return { cedar: { preparseMs, us: p50 * 1000 } };
}

async function measureSize(size: number): Promise<SizeResult> {
  const { engine, contexts, cedarPolicies, ...built } = prepare(size);
  const scan = new LinearScan(engine.bundle);
  const mismatches = decisionMismatches(engine, scan, contexts);
  if (mismatches.length > 0) throw new Error(`the linear scan disagrees with the engine at ${size} rules:\n${mismatches.slice(0, 5).join("\n")}`);
  const questions = cedarQuestions(engine, contexts);

  const validate = await timeDecisions("validate", (i) => validateContext(contexts[i]!));
  const ours = await timeDecisions("ours", (i) => engine.decide(contexts[i]!));
  const linear = await timeDecisions("linear", (i) => scan.decide(contexts[i]!));
  const cedar = await measureCedar(size, cedarPolicies, contexts, questions);
  return {
    size,
    ...built,
    hitRate: questions.filter((q) => q.expected === "allow").length / questions.length,
    validateUs: validate.p50 * 1000,
    oursUs: ours.p50 * 1000,
    oursP99Us: ours.p99 * 1000,
    linearUs: linear.p50 * 1000,
    ...cedar,
  };
}

/* ----- report */

const number = (value: number, digits = 0) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const micro = (us: number) => (us >= 1000 ? `${number(us / 1000, 1)} ms` : `${number(us, us < 10 ? 2 : 1)} µs`);
const ratio = (value: number) => `${number(value, value < 10 ? 2 : 0)}×`;

function table(results: readonly SizeResult[]): string {
  const header = ["rules", "first compile", "compile", "rules/s", "bundle", "load", "heap", "hits", "validate", "ours p50", "ours p99", "linear p50", "cedar p50", "linear/ours", "cedar/ours", "cedar parse"];
  const rows = results.map((r) => [
    number(r.size),
    `${number(r.firstCompileMs)} ms`,
    `${number(r.compileMs)} ms`,
    number((r.size / r.compileMs) * 1000),
    `${number(r.bundleBytes / 1024)} KiB`,
    `${number(r.loadMs)} ms`,
    `${number(r.heapBytes / 1024 / 1024, 1)} MiB`,
    `${number(r.hitRate * 100)} %`,
    micro(r.validateUs),
    micro(r.oursUs),
    micro(r.oursP99Us),
    micro(r.linearUs),
    r.cedar ? micro(r.cedar.us) : "skipped",
    ratio(r.linearUs / r.oursUs),
    r.cedar ? ratio(r.cedar.us / r.oursUs) : "–",
    r.cedar ? `${number(r.cedar.preparseMs)} ms` : "–",
  ]);
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

function verdicts(results: readonly SizeResult[]): string[] {
  const smallest = results[0]!;
  const largest = results[results.length - 1]!;
  const lines: string[] = [];
  if (results.length > 1) {
    const growth = largest.oursUs / smallest.oursUs;
    lines.push(`growth ours(${number(largest.size)})/ours(${number(smallest.size)}) = ${ratio(growth)} (target ≤ 2×): ${growth <= 2 ? "met" : "NOT met"}`);
  }
  const cedarSizes = results.filter((r) => r.cedar);
  const slower = cedarSizes.filter((r) => r.cedar!.us <= r.oursUs).map((r) => number(r.size));
  lines.push(`faster than cedar-wasm at every measured size (${cedarSizes.map((r) => number(r.size)).join(", ") || "none"}): ${slower.length === 0 && cedarSizes.length > 0 ? "met" : `NOT met${slower.length ? ` at ${slower.join(", ")}` : ""}`}`);
  for (const r of results.filter((x) => x.cedarSkipped)) lines.push(`cedar-wasm skipped at ${number(r.size)} rules: ${r.cedarSkipped}`);
  const slowest = Math.min(...results.map((r) => (r.size / r.compileMs) * 1000));
  lines.push(`compile ≥ 50,000 rules/s at every size: ${slowest >= 50_000 ? "met" : `NOT met (slowest ${number(slowest)} rules/s)`}`);
  return lines;
}

function machine(): string[] {
  const cpus = os.cpus();
  return [
    `machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, ${number(os.totalmem() / 1024 ** 3, 1)} GiB, ${os.type()} ${os.release()} ${os.arch()}`,
    `node ${process.version}${process.execArgv.length > 0 ? ` ${process.execArgv.join(" ")}` : ""}, V8 ${process.versions.v8}, cedar-wasm ${cedarVersion()}, load average at start ${os.loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  ];
}

async function main(): Promise<void> {
  console.log(machine().join("\n"));
  console.log(`sizes ${sizes.map((s) => number(s)).join(", ")}; ${poolSize} contexts; ${taskTime} ms per timed task; heap ${heapMethod}\n`);
  // Warm the compiler and the runtime up once, so the first size does not pay for JIT compilation.
  compileWorkload(buildWorkload(100, 4), loadWorkloadPolicy(buildWorkload(100, 4)));
  const results: SizeResult[] = [];
  for (const size of sizes) {
    const started = performance.now();
    results.push(await measureSize(size));
    console.error(`  ${number(size)} rules measured in ${number((performance.now() - started) / 1000, 1)} s`);
  }
  console.log(table(results));
  console.log(`\n${verdicts(results).join("\n")}`);
}

await main();
