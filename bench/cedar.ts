/**
 * The same rules as a Cedar policy set, evaluated by @cedar-policy/cedar-wasm.
 *
 * Each rule becomes one `permit`: principal is the consumer
 * (`User::"user3"`, or `in Group::"subscribers"` for a group ruleset; any
 * principal for a provider's ruleset, whose provider is tested in `when`),
 * action `Action::"apply"`, resource the requested service, and the rule's
 * conditions plus its activation point in `when`. Cedar has no regular
 * expressions: a regex becomes a disjunction of `like` patterns
 * (`Mobile|Android` → `like "*Mobile*" || like "*Android*"`), which is
 * case-sensitive where the P regex is not; the context pool uses the
 * patterns' own letter case, so the two agree on it (checked before timing).
 * Cedar returns allow/deny, not a plan: no parameters, order or origins.
 *
 * The question asked per transaction is the one Cedar answers best: "may
 * service S run for this transaction?", one call, where S is the first
 * service our engine plans for it (allow), or when it plans none a service
 * that could run at that point (deny). The policy set is parsed
 * once with preparsePolicySet and each decision is statefulIsAuthorized; the
 * call includes building Cedar's request (entities, context) from the
 * transaction context, as our engine's decide() includes reading the message.
 */
import * as cedar from "@cedar-policy/cedar-wasm/nodejs";
import type { TransactionContext } from "../src/runtime/index.js";
import { mediaType, type Condition, type ModuleSpec, type Property, type RuleSetSpec, type RuleSpec } from "./workload.js";

export type CedarDecision = "allow" | "deny";

function cedarString(text: string): string {
  return JSON.stringify(text);
}

/** A `like` pattern literal: its text is already wildcard syntax (`*`), with no literal `*` or `\` in this workload. */
function likePattern(pattern: string): string {
  if (/[\\]/.test(pattern)) throw new Error(`unsupported like pattern ${pattern}`);
  return cedarString(pattern);
}

function cedarCondition(condition: Condition): string {
  const subject = `context.${condition.property}`;
  switch (condition.kind) {
    case "equal":
      return `${subject} == ${cedarString(condition.value)}`;
    case "beginsWith":
      return `${subject} like ${likePattern(`${condition.value}*`)}`;
    case "matches":
      return `(${condition.pattern.like.map((p) => `${subject} like ${likePattern(p)}`).join(" || ")})`;
  }
}

function cedarPolicy(ruleset: RuleSetSpec, rule: RuleSpec): string {
  const endpoint = ruleset.endpoint;
  const principal = endpoint.kind === "consumer" ? `principal == User::${cedarString(endpoint.id)}` : endpoint.kind === "consumerGroup" ? `principal in Group::${cedarString(endpoint.id)}` : "principal";
  const conditions = [`context.point == ${cedarString(rule.point)}`, ...(endpoint.kind === "provider" ? [`context.provider == ${cedarString(endpoint.id)}`] : []), ...rule.conditions.map(cedarCondition)];
  return `permit (${principal}, action == Action::"apply", resource == Service::${cedarString(rule.service)}) when { ${conditions.join(" && ")} };`;
}

/** One `permit` per rule, in document order. */
export function cedarPolicyText(modules: readonly ModuleSpec[]): string {
  return modules.flatMap((m) => m.rulesets.flatMap((ruleset) => ruleset.rules.map((rule) => cedarPolicy(ruleset, rule)))).join("\n");
}

/** The Cedar context of a transaction: the properties the rules test, "" when the message lacks them. */
function cedarContext(context: TransactionContext): Record<Property | "point" | "provider", string> {
  const header = (headers: readonly (readonly [string, string])[] | undefined, name: string) => headers?.find(([n]) => n.toLowerCase() === name)?.[1];
  const requestHeaders = context.request?.headers;
  const contentType = header(context.response?.headers, "content-type");
  return {
    point: context.point,
    provider: context.provider?.id ?? "",
    host: /^[a-z]+:\/\/([^/:?#]+)/i.exec(context.request?.uri ?? "")?.[1]?.toLowerCase() ?? "",
    contentType: contentType === undefined ? "" : mediaType(contentType),
    userAgent: header(requestHeaders, "user-agent") ?? "",
    acceptLanguage: header(requestHeaders, "accept-language") ?? "",
  };
}

let policySets = 0;

/** A policy set parsed once inside cedar-wasm, answering one question per call. */
export class CedarAuthorizer {
  private readonly policySetId: string;
  readonly policies: number;

  constructor(policyText: string) {
    this.policySetId = `bench-${policySets++}`;
    const parsed = cedar.preparsePolicySet(this.policySetId, { staticPolicies: policyText });
    if (parsed.type !== "success") throw new Error(`Cedar rejected the policy set: ${parsed.errors.map((e) => e.message).join("; ")}`);
    this.policies = policyText.split("\n").length;
  }

  /** May `service` run for this transaction? */
  isAuthorized(context: TransactionContext, service: string): CedarDecision {
    const consumer = context.consumer?.id ?? "";
    const answer = cedar.statefulIsAuthorized({
      principal: { type: "User", id: consumer },
      action: { type: "Action", id: "apply" },
      resource: { type: "Service", id: service },
      context: cedarContext(context),
      preparsedPolicySetId: this.policySetId,
      entities: [{ uid: { type: "User", id: consumer }, attrs: {}, parents: (context.consumer?.groups ?? []).map((g) => ({ type: "Group", id: g })) }],
    });
    if (answer.type !== "success") throw new Error(`Cedar failed: ${answer.errors.map((e) => e.message).join("; ")}`);
    // A policy that errors is skipped by Cedar; here none may, or the comparison would be off.
    const [error] = answer.response.diagnostics.errors;
    if (error) throw new Error(`Cedar policy ${error.policyId} failed: ${error.error.message}`);
    return answer.response.decision;
  }
}

export function cedarVersion(): string {
  return cedar.getCedarVersion();
}
