/**
 * Where a compile spends its time: the stages of compileSources timed one by
 * one on the benchmark workload, warm (the median of the second half of the
 * runs), with the collector's pauses on the main thread that fell inside each
 * stage (their mean per run). docs/performance.md ("Hot spots") records a run.
 *
 *   npm run bench:stages                         1,000 and 10,000 rules
 *   BENCH_SIZES=100,1000 npm run bench:stages    other sizes
 */
import { PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import "../src/polyfills.js";
import { assembleBundle } from "../src/compile/bundle.js";
import { lowerPrograms } from "../src/compile/lower.js";
import { checkPolicy } from "../src/policy/compile-checks.js";
import { analyzeProgram } from "../src/semantic/index.js";
import { parseSource } from "../src/syntax/index.js";
import { pLexer } from "../src/syntax/tokens.js";
import { loadWorkloadPolicy } from "./harness.js";
import { buildWorkload } from "./workload.js";

const sizes = (process.env["BENCH_SIZES"] ?? "1000,10000").split(",").map(Number);
const stages = ["lex", "parse (lex included)", "semantic", "lower", "policy", "bundle"] as const;
type Stage = (typeof stages)[number];

/** When a measured stage ran, to attribute the collector's pauses to it. */
interface Window {
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
}

/** The collector's pauses, as Node reports them (after the synchronous runs, when the event loop turns). */
const pauses: PerformanceEntry[] = [];
new PerformanceObserver((list) => pauses.push(...list.getEntries())).observe({ entryTypes: ["gc"] });

/** One compile, stage by stage, as compileSources runs them; ms per stage. */
function timeStages(size: number, runs: number): { times: Record<Stage, number[]>; windows: Window[] } {
  const workload = buildWorkload(size, 4);
  const policy = loadWorkloadPolicy(workload);
  const times = Object.fromEntries(stages.map((stage) => [stage, [] as number[]])) as Record<Stage, number[]>;
  const windows: Window[] = [];
  for (let run = 0; run < runs; run++) {
    let started = performance.now();
    const lap = <T>(stage: Stage, value: T): T => {
      const now = performance.now();
      if (run >= runs / 2) {
        times[stage].push(now - started);
        windows.push({ stage, start: started, end: now });
      }
      started = now;
      return value;
    };
    lap("lex", workload.sources.forEach((s) => pLexer.tokenize(s.text)));
    const parses = lap("parse (lex included)", workload.sources.map((s) => parseSource(s.path, s.text)));
    const files = lap("semantic", parses.map((p) => ({ program: p.program, source: p.source, model: analyzeProgram(p).model! })));
    const lowered = lap("lower", lowerPrograms(files));
    lap("policy", checkPolicy(lowered.program, policy, new Map(parses.map((p) => [p.source.path, p.source]))));
    lap("bundle", assembleBundle(lowered.program, policy));
  }
  return { times, windows };
}

/** The mean pause time per measured run that fell inside each stage. */
function pausesByStage(windows: readonly Window[], runs: number): Record<Stage, number> {
  const total = Object.fromEntries(stages.map((stage) => [stage, 0])) as Record<Stage, number>;
  for (const pause of pauses) {
    const window = windows.find((w) => pause.startTime >= w.start && pause.startTime < w.end);
    if (window) total[window.stage] += pause.duration;
  }
  for (const stage of stages) total[stage] /= runs;
  return total;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

for (const size of sizes) {
  const runs = Math.max(6, Math.min(60, Math.round(60_000 / size)));
  const { times, windows } = timeStages(size, runs);
  // Node hands the entries over on a timer, not at the next turn of the loop.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const gc = pausesByStage(windows, times.lex.length);
  pauses.length = 0;
  const medians = stages.map((stage) => median(times[stage]));
  const total = medians.slice(1).reduce((sum, ms) => sum + ms, 0);
  console.log(`${size.toLocaleString("en-US")} rules: ${Math.round((size / total) * 1000).toLocaleString("en-US")} rules/s over the stages`);
  stages.forEach((stage, i) => {
    const share = i === 0 ? "     " : `  ${((medians[i]! / total) * 100).toFixed(0).padStart(3)} %`;
    console.log(`  ${stage.padEnd(22)} ${medians[i]!.toFixed(1).padStart(8)} ms${share}   collector pauses ${gc[stage].toFixed(1).padStart(6)} ms`);
  });
}
