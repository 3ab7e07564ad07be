import type { SourceInput } from "../../check.js";
import { compileSources } from "../../compile/index.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source.js";
import { protocolPoints, type ContextOptions, type Protocol } from "../../runtime/context.js";
import { BundleError, PolicyEngine } from "../../runtime/engine.js";
import type { Catalogs } from "../../semantic/index.js";
import { compileInputs, loadPolicyAndCatalogs } from "../inputs.js";
import { ExitCode, type CliIo } from "../io.js";
import { diagnosticToJson, formatHuman } from "../report.js";
import { caseContext } from "../test-files/context.js";
import { compareDecision, type Mismatch } from "../test-files/expect.js";
import { discoverTestFiles, loadTestSuite, testFileSuffix, type SuiteInputs, type TestCaseSpec, type TestSuite } from "../test-files/load.js";
import { mismatchJson, mismatchLines, painter, type Paint } from "../test-files/report.js";
import { readRuleFiles } from "./check.js";

export interface TestCommandOptions {
  /** `human`: a line per case and diffs; `json`: one document for machines. */
  readonly format: "human" | "json";
  readonly color: boolean;
  /** Runs only the cases whose name this regular expression finds (`--run`). */
  readonly run?: string;
}

/** Why a case failed, when it is not a difference in the decision. */
type CaseError = "the test file has errors" | "its opes-test.json has errors" | "the rules did not compile" | "the transaction context is invalid";

interface CaseResult {
  readonly spec: TestCaseSpec;
  readonly passed: boolean;
  readonly mismatches: readonly Mismatch[];
  readonly error?: CaseError;
  /** Problems of this case alone (its context). */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** The rules of one (rules, policy, catalogs) combination, compiled once however many files test them. */
interface CompiledRules {
  readonly engine?: PolicyEngine;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
  readonly contextOptions: ContextOptions;
}

/**
 * `opes test [PATHS…]`: runs the policy unit tests in `*.test.json` files.
 * Prints `ok` or `FAIL` per case with a diff of the decision, then
 * `N passed, N failed` as the last line. Exit 1 when any case failed (a
 * broken test file or rules that do not compile fail their cases), 2 on a
 * usage error.
 */
export function runTests(paths: readonly string[], options: TestCommandOptions, io: CliIo): ExitCode {
  const { files, missing } = discoverTestFiles(paths);
  for (const path of missing) io.stderr(`opes: cannot read '${path}': no such file or directory\n`);
  if (missing.length > 0) return ExitCode.usage;
  if (files.length === 0) {
    io.stderr(`opes: no test files (*${testFileSuffix}) found in ${paths.join(", ")}\n`);
    return ExitCode.usage;
  }
  const selected = caseFilter(options.run, io);
  if (!selected) return ExitCode.usage;

  const paint = painter(options.color);
  const compiled = new Map<string, CompiledRules>();
  const results: CaseResult[] = [];
  const diagnostics = new UniqueDiagnostics();
  for (const path of files) {
    const suite = loadTestSuite(path);
    const cases = suite.cases.filter((c) => c.standsForFile || selected(c.name));
    if (cases.length === 0) continue;
    const rules = suite.inputs ? compiledRules(suite.inputs, compiled, io) : undefined;
    const fileResults = cases.map((spec) => runCase(spec, suite, rules));
    results.push(...fileResults);
    // Problems of a shared opes-test.json or of shared rules are shown under the first file only.
    const fileProblems = diagnostics.add([...suite.diagnostics, ...(rules?.diagnostics ?? [])]);
    for (const result of fileResults) diagnostics.add(result.diagnostics);
    const sources = new Map([...suite.sources, ...(rules?.sources ?? [])]);
    if (options.format === "human") io.stdout(fileReport(suite.path, formatHuman(fileProblems, sources, options.color), fileResults, paint, options.color));
  }

  const failed = results.filter((r) => !r.passed).length;
  if (options.run !== undefined && results.length === 0) {
    io.stderr(`opes: no test case matches --run ${JSON.stringify(options.run)}\n`);
    return ExitCode.usage;
  }
  if (options.format === "json") io.stdout(`${JSON.stringify(jsonReport(results, diagnostics.all()), null, 2)}\n`);
  else io.stdout(`${results.length - failed} passed, ${failed} failed\n`);
  return failed > 0 ? ExitCode.inputErrors : ExitCode.ok;
}

function caseFilter(pattern: string | undefined, io: CliIo): ((name: string) => boolean) | undefined {
  if (pattern === undefined) return () => true;
  try {
    const regex = new RegExp(pattern);
    return (name) => regex.test(name);
  } catch (error) {
    io.stderr(`opes: --run ${JSON.stringify(pattern)} is not a regular expression: ${(error as Error).message}\n`);
    return undefined;
  }
}

function compiledRules(inputs: SuiteInputs, cache: Map<string, CompiledRules>, io: CliIo): CompiledRules {
  const key = JSON.stringify(inputs);
  let rules = cache.get(key);
  if (!rules) {
    rules = compileRules(inputs, io);
    cache.set(key, rules);
  }
  return rules;
}

function compileRules(inputs: SuiteInputs, io: CliIo): CompiledRules {
  const loaded = loadPolicyAndCatalogs(inputs.policy, inputs.catalogs, io);
  const ruleInputs: SourceInput[] | undefined = readRuleFiles(inputs.rules, io);
  if (!loaded || !ruleInputs) return { diagnostics: [], sources: new Map(), contextOptions: {} };
  const result = hasErrors(loaded.diagnostics) ? undefined : compileSources(ruleInputs, compileInputs(loaded));
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  const sources = new Map([...loaded.sources, ...(result?.check.sources ?? [])]);
  const contextOptions = { extraPoints: extraPoints(loaded.catalogs) };
  if (!result?.bundle || hasErrors(diagnostics)) return { diagnostics, sources, contextOptions };
  try {
    return { engine: PolicyEngine.load(result.bundle), diagnostics, sources, contextOptions };
  } catch (error) {
    // The compiler wrote a bundle the runtime refuses: a bug, reported as such.
    io.stderr(`opes: internal error: the compiled bundle does not load: ${error instanceof BundleError ? error.message : String(error)}\n`);
    return { diagnostics, sources, contextOptions };
  }
}

/** Points that `--catalog`-style catalogs add, which contexts may then name. */
function extraPoints(catalogs: Catalogs): ContextOptions["extraPoints"] {
  const extra: Partial<Record<Protocol, string[]>> = {};
  for (const point of catalogs.points.values()) {
    const protocol = point.protocol as Protocol;
    if (protocol in protocolPoints && !protocolPoints[protocol].includes(point.name)) (extra[protocol] ??= []).push(point.name);
  }
  return extra;
}

function runCase(spec: TestCaseSpec, suite: TestSuite, rules: CompiledRules | undefined): CaseResult {
  const failed = (error: CaseError, diagnostics: readonly Diagnostic[] = [], sources: ReadonlyMap<string, SourceFile> = new Map()): CaseResult => ({ spec, passed: false, mismatches: [], error, diagnostics, sources });
  if (!spec.context || !spec.expect || !rules) return failed(configHasErrors(suite) ? "its opes-test.json has errors" : "the test file has errors");
  if (!rules.engine) return failed("the rules did not compile");
  const read = caseContext(spec.context, rules.contextOptions);
  if (!read.context) {
    const sources = new Map(suite.sources);
    if (read.source) sources.set(read.source.path, read.source);
    return failed("the transaction context is invalid", read.diagnostics, sources);
  }
  const decision = rules.engine.decide(read.context, rules.contextOptions);
  const mismatches = compareDecision(decision, spec.expect, { baseDir: suite.directory });
  return { spec, passed: mismatches.length === 0, mismatches, diagnostics: [], sources: new Map() };
}

function configHasErrors(suite: TestSuite): boolean {
  return suite.diagnostics.some((d) => d.severity === "error" && d.range.file === suite.config);
}

// ----- human output

function fileReport(path: string, problems: string, results: readonly CaseResult[], paint: Paint, color: boolean): string {
  return `${paint("bold", path)}\n${problems}${results.map((result) => caseReport(result, paint, color)).join("")}`;
}

function caseReport(result: CaseResult, paint: Paint, color: boolean): string {
  const { spec } = result;
  if (result.passed) return `  ${paint("green", "ok")}   ${spec.name}\n`;
  const lines = [`  ${paint("red", "FAIL")} ${spec.name} (${spec.file}:${spec.line})`];
  const detail = (text: string) => lines.push(`       ${text}`);
  if (result.error) detail(result.diagnostics.length > 0 ? `${result.error}:` : `${result.error} (see above)`);
  for (const line of formatHuman(result.diagnostics, result.sources, color).split("\n").filter(Boolean)) detail(line);
  for (const mismatch of result.mismatches) for (const line of mismatchLines(mismatch, paint)) detail(line);
  return `${lines.join("\n")}\n`;
}

// ----- JSON output

function jsonReport(results: readonly CaseResult[], diagnostics: readonly Diagnostic[]): Record<string, unknown> {
  const failed = results.filter((r) => !r.passed).length;
  return {
    passed: results.length - failed,
    failed,
    cases: results.map((r) => ({
      file: r.spec.file,
      line: r.spec.line,
      column: r.spec.column,
      name: r.spec.name,
      status: r.passed ? "passed" : "failed",
      ...(r.error ? { error: r.error } : {}),
      ...(r.mismatches.length > 0 ? { mismatches: r.mismatches.map(mismatchJson) } : {}),
    })),
    diagnostics: diagnostics.map(diagnosticToJson),
  };
}

/** Diagnostics collected over the run, each once: files that share a configuration or rules report the same problems. */
class UniqueDiagnostics {
  private readonly seen = new Set<string>();
  private readonly list: Diagnostic[] = [];

  /** Adds the diagnostics not seen before and returns those, sorted. */
  add(diagnostics: readonly Diagnostic[]): Diagnostic[] {
    const fresh = sortDiagnostics(diagnostics).filter((d) => {
      const key = `${d.range.file}\u0000${d.range.start}\u0000${d.code}\u0000${d.message}`;
      if (this.seen.has(key)) return false;
      this.seen.add(key);
      return true;
    });
    this.list.push(...fresh);
    return fresh;
  }

  all(): Diagnostic[] {
    return sortDiagnostics(this.list);
  }
}
