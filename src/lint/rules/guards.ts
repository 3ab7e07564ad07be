import type { LoweredAction } from "../../compile/ir.js";
import { lintDiagnostics as codes } from "../../diagnostics/catalog/lint.js";
import type { RelatedInformation } from "../../diagnostics/diagnostic.js";
import type { GuardPart, ServiceRequest } from "../../runtime/bundle.js";
import type { LintContext } from "../context.js";
import { allTrue, anchorKey, factsOf, findContradiction, type Contradiction } from "../facts.js";
import { isBranchNegation, partOrigin } from "../parts.js";

/**
 * P4001, P4002 and P4003, read off the lowered actions: each action's guard
 * is the conjunction of every condition on the way to it, including the
 * "no earlier stop() or fail()" parts, so a guard that contradicts itself is
 * an action that never runs, and a guard that implies an earlier request's
 * guard makes a request that never takes effect.
 */
export function lintGuards(context: LintContext): void {
  const contradictions = context.program.actions.map((action) => findContradiction(context.terms, action.guard.map((p) => p.term)));
  const reported = new Set<string>();
  /** Many actions share one cause (every request under one impossible condition): report it once. */
  const once = (key: string): boolean => {
    if (reported.has(key)) return false;
    reported.add(key);
    return true;
  };
  const alwaysShadowed = new Map<string, number[]>();

  context.program.actions.forEach((action, index) => {
    const contradiction = contradictions[index];
    if (!contradiction) return;
    const verdict = classify(context, action, contradiction);
    const part = action.guard[contradiction.index]!;
    const cause = contradiction.cause === undefined ? undefined : action.guard[contradiction.cause];
    const key = `${action.file}:${part.line}:${part.column}:${cause?.line}:${cause?.column}`;
    switch (verdict) {
      case "silent":
        return;
      case "shadowed-always": {
        const group = `${action.ruleset}/${action.point}`;
        if (alwaysShadowed.has(group)) alwaysShadowed.get(group)!.push(index);
        else alwaysShadowed.set(group, [index]);
        return;
      }
      case "shadowed-when":
        if (once(key)) reportShadowedWhen(context, index, part);
        return;
      case "otherwise-never-fails":
        if (once(key)) context.report(codes.unreachableRule, action.file, action.span, `this never runs: nothing on the left side of 'otherwise' (line ${part.line}) can fail(), so the right side is never tried`);
        return;
      case "always-false":
        if (once(key)) context.report(codes.unreachableRule, action.file, context.partSpan(action, part), "this condition is false on every message where it is reached: the statements under it never run");
        return;
      case "contradiction":
        if (once(key)) reportContradiction(context, action, part, cause);
        return;
    }
  });
  for (const indices of alwaysShadowed.values()) reportShadowedAlways(context, indices);
  lintRedundantRequests(context, contradictions);
}

type Verdict = "silent" | "shadowed-always" | "shadowed-when" | "otherwise-never-fails" | "always-false" | "contradiction";

function classify(context: LintContext, action: LoweredAction, contradiction: Contradiction): Verdict {
  const part = action.guard[contradiction.index]!;
  const origin = partOrigin(part);
  if (contradiction.byItself) {
    switch (origin) {
      case "no-earlier-exit":
        return "shadowed-always";
      case "otherwise-failed":
        return "otherwise-never-fails";
      case "service-binding":
        // The branch that binds the service is reported where its condition is.
        return "silent";
      case "condition":
        return context.isReportedConstant(action, part) ? "silent" : "always-false";
    }
  }
  const cause = contradiction.cause === undefined ? undefined : action.guard[contradiction.cause];
  if (origin === "no-earlier-exit" || (cause && partOrigin(cause) === "no-earlier-exit")) return "shadowed-when";
  return "contradiction";
}

function reportContradiction(context: LintContext, action: LoweredAction, part: GuardPart, cause: GuardPart | undefined): void {
  const at = partOrigin(part) === "condition" ? context.partSpan(action, part) : action.span;
  if (!cause) {
    context.report(codes.unreachableRule, action.file, at, "this condition can never hold together with the conditions around it: the statements under it never run");
    return;
  }
  const causeSpan = context.partSpan(action, cause);
  const source = context.source(action.file);
  if (source && isBranchNegation(source, cause)) {
    const earlier = cause.text.slice("not (".length, -1);
    const related = context.related(action.file, causeSpan, "the earlier branch");
    context.report(codes.unreachableRule, action.file, at, `this condition can never hold here: the earlier branch \`${earlier}\` (line ${cause.line}) already takes every message where it would, so the statements under it never run`, { related });
    return;
  }
  const related = context.related(action.file, causeSpan, "the condition it contradicts");
  context.report(codes.unreachableRule, action.file, at, `this condition can never hold where \`${cause.text}\` (line ${cause.line}) does: the statements under it never run`, { related });
}

/** Stop and fail actions of the same ruleset and point before `index`: where the ruleset may already have ended. */
function earlierExits(context: LintContext, index: number): LoweredAction[] {
  const target = context.program.actions[index]!;
  return context.program.actions.slice(0, index).filter((action) => action.ruleset === target.ruleset && action.point === target.point && action.action.kind !== "apply");
}

function exitName(action: LoweredAction): string {
  return action.action.kind === "fail" ? "fail()" : "stop()";
}

function reportShadowedAlways(context: LintContext, indices: readonly number[]): void {
  const first = context.program.actions[indices[0]!]!;
  const exit = earlierExits(context, indices[0]!).at(-1);
  const more = indices.length > 1 ? ` (nor do the ${indices.length - 1} actions after it)` : "";
  const cause = exit ? `the ${exitName(exit)} at line ${exit.line}` : "an earlier stop() or fail()";
  const related = exit ? context.related(exit.file, exit.span, `this ${exitName(exit)} always ends the ruleset at ${first.point}`) : [];
  context.report(codes.shadowedRule, first.file, first.span, `this never runs: ${cause} always ends the ruleset at ${first.point} before it${more}`, { related });
}

function reportShadowedWhen(context: LintContext, index: number, part: GuardPart): void {
  const action = context.program.actions[index]!;
  const at = partOrigin(part) === "condition" ? context.partSpan(action, part) : action.span;
  const related: RelatedInformation[] = earlierExits(context, index)
    .slice(0, 3)
    .flatMap((exit) => context.related(exit.file, exit.span, `the ruleset may end here (${exitName(exit)})`));
  context.report(codes.shadowedRule, action.file, at, `this never runs: whenever it would, an earlier stop() or fail() at ${action.point} has already ended the ruleset`, { related });
}

interface Request {
  readonly action: LoweredAction;
  readonly service: ServiceRequest;
  readonly guard: readonly number[];
  readonly position: number;
}

/** P4003: a request whose guard implies the guard of an earlier request of the same service in the same ruleset and point. */
function lintRedundantRequests(context: LintContext, contradictions: readonly (Contradiction | undefined)[]): void {
  // Requests that can run, grouped by ruleset, point and service, in document order.
  const groups = new Map<string, Request[]>();
  context.program.actions.forEach((action, index) => {
    if (action.action.kind !== "apply" || contradictions[index]) return;
    const key = JSON.stringify([action.ruleset, action.point, action.action.service.uri]);
    const group = groups.get(key) ?? [];
    if (group.length === 0) groups.set(key, group);
    group.push({ action, service: action.action.service, guard: action.guard.map((p) => p.term), position: group.length });
  });
  for (const requests of groups.values()) {
    // Earlier requests filed under the first test of their guard (anchorKey): a later request can only
    // imply those whose test its own facts can make true, so thousands of requests are not compared pairwise.
    const unfiled: Request[] = [];
    const filed = new Map<string, Request[]>();
    for (const later of requests) {
      const facts = factsOf(context.terms, later.guard);
      const candidates = [...unfiled, ...[...facts.anchors()].flatMap((key) => filed.get(key) ?? [])].sort((a, b) => a.position - b.position);
      const earlier = candidates.find((candidate) => allTrue(facts, candidate.guard));
      if (earlier) reportRedundant(context, earlier, later);
      const key = later.guard.map((term) => anchorKey(context.terms, term)).find((k) => k !== undefined);
      if (key === undefined) unfiled.push(later);
      else if (filed.has(key)) filed.get(key)!.push(later);
      else filed.set(key, [later]);
    }
  }
}

function reportRedundant(context: LintContext, earlier: Request, later: Request): void {
  const first = earlier.action;
  const uri = later.service.uri;
  const ignored = JSON.stringify(earlier.service) === JSON.stringify(later.service) ? "" : " (its parameters, failure mode and alternates are ignored)";
  const related = context.related(first.file, first.span, `the earlier request of ${uri}`);
  context.report(
    codes.redundantRequest,
    later.action.file,
    later.action.span,
    `${uri} is already requested at line ${first.line} whenever this request is made, and the plan keeps the first request: this one never takes effect${ignored}`,
    { related },
  );
}
