/**
 * What the benchmark and its smoke test share: compiling a workload, and
 * checking — before anything is timed — that the three evaluators answer
 * the same on the context pool.
 */
import "../src/polyfills.js";
import { compileSources } from "../src/compile/index.js";
import { hasErrors } from "../src/diagnostics/diagnostic.js";
import { SourceFile } from "../src/diagnostics/source.js";
import { loadSitePolicy } from "../src/policy/site-policy.js";
import type { SitePolicy } from "../src/policy/site-policy-types.js";
import type { Bundle, Decision, PolicyEngine, TransactionContext } from "../src/runtime/index.js";
import type { CedarAuthorizer } from "./cedar.js";
import type { LinearScan, ScanDecision } from "./linear-scan.js";
import type { Workload } from "./workload.js";

export function loadWorkloadPolicy(workload: Workload): SitePolicy {
  const loaded = loadSitePolicy(new SourceFile("bench-policy.json", workload.policyText));
  if (!loaded.policy) throw new Error(`the generated site policy is invalid: ${loaded.diagnostics.map((d) => d.message).join("; ")}`);
  return loaded.policy;
}

/** Compiles the workload's sources; throws on any error (the workload is generated, so that is a bug). */
export function compileWorkload(workload: Workload, policy: SitePolicy): Bundle {
  const result = compileSources(workload.sources, { policy });
  if (!result.bundle || hasErrors(result.diagnostics)) {
    const first = result.diagnostics.slice(0, 3).map((d) => `${d.code} ${d.range.file}:${d.range.line}: ${d.message}`);
    throw new Error(`the workload of ${workload.size} rules does not compile: ${first.join("; ")}`);
  }
  return result.bundle;
}

/** The part of a decision both the engine and the linear scan produce. */
function comparable(decision: Decision | ScanDecision): string {
  const services = decision.services.map((s) => ({ uri: s.uri, params: s.params, ruleset: s.origin.ruleset, file: s.origin.file, line: s.origin.line }));
  const fail = decision.fail === null ? null : typeof decision.fail === "string" ? decision.fail : decision.fail.reason;
  return JSON.stringify({ point: decision.point, services, stop: decision.stop, fail });
}

/** Contexts on which the engine and the linear scan disagree (or the engine refuses something the scan cannot). */
export function decisionMismatches(engine: PolicyEngine, scan: LinearScan, contexts: readonly TransactionContext[]): string[] {
  return contexts.flatMap((context, i) => {
    const ours = engine.decide(context);
    if (ours.refused.length > 0) return [`context ${i}: the engine refused ${ours.refused.map((r) => r.uri).join(", ")}; the workload should trigger no refusal`];
    const theirs = scan.decide(context);
    return comparable(ours) === comparable(theirs) ? [] : [`context ${i}: engine ${comparable(ours)} / linear scan ${comparable(theirs)}`];
  });
}

export interface CedarQuestion {
  /** "May this service run for this transaction?" */
  readonly service: string;
  /** What our engine's plan says. */
  readonly expected: "allow" | "deny";
}

/** A service that no rule would plan at this point for a transaction that planned nothing. */
const missProbe: Record<string, string> = { response_out: "urn:svc:ad-strip", request_in: "urn:svc:translate" };

/** Per context: the first service our engine plans (allow), or when it plans none a probe service (deny). */
export function cedarQuestions(engine: PolicyEngine, contexts: readonly TransactionContext[]): CedarQuestion[] {
  return contexts.map((context) => {
    const first = engine.decide(context).services[0];
    return first ? { service: first.uri, expected: "allow" } : { service: missProbe[context.point] ?? "urn:svc:ad-strip", expected: "deny" };
  });
}

export function cedarMismatches(cedar: CedarAuthorizer, contexts: readonly TransactionContext[], questions: readonly CedarQuestion[]): string[] {
  return contexts.flatMap((context, i) => {
    const question = questions[i]!;
    const answer = cedar.isAuthorized(context, question.service);
    return answer === question.expected ? [] : [`context ${i}: Cedar says ${answer} for ${question.service}, our engine ${question.expected}`];
  });
}
