import type { LoweredRuleSet } from "../compile/ir.js";
import type { PolicyIndex } from "./policy-index.js";
import type { Delegation, Point, RequesterClass } from "./site-policy-types.js";

/**
 * On whose authority a ruleset's requests are made (RFC 3838 §3.2, RFC 3835
 * §3.1): the endpoint itself, a delegate under the grants that cover the
 * endpoint, or the operator for a plain file the site policy places. A
 * ruleset that has none of these is refused whole, with the reason.
 */
export type Authority =
  | { readonly kind: "operator"; readonly requester: RequesterClass }
  | { readonly kind: "self"; readonly requester: RequesterClass }
  | { readonly kind: "delegate"; readonly requester: RequesterClass; readonly delegate: string; readonly grants: readonly Delegation[] }
  | { readonly kind: "refused"; readonly reason: string };

export function authorityOf(ruleset: LoweredRuleSet, policy: PolicyIndex): Authority {
  const delegateClass: RequesterClass = ruleset.endpoint === "consumer" ? "consumer-delegate" : "provider-delegate";
  if (ruleset.assignedByPolicy) return { kind: "operator", requester: delegateClass };
  const author = ruleset.author;
  if (!author) {
    return {
      kind: "refused",
      reason: `this ruleset has no author: only a module with a \`rulemodule … author self|delegate { id "…"; }\` header may speak for ${describeEndpoint(ruleset)}`,
    };
  }
  if (author.kind === "self") return selfAuthority(ruleset, author.id);
  const grants = policy.grantsOf(author.id).filter((grant) => grantCoversEndpoint(grant, ruleset, policy));
  if (grants.length > 0) return { kind: "delegate", requester: delegateClass, delegate: author.id, grants };
  return { kind: "refused", reason: delegateRefusal(ruleset, author.id, policy) };
}

function selfAuthority(ruleset: LoweredRuleSet, authorId: string): Authority {
  if (ruleset.group) {
    return {
      kind: "refused",
      reason: `a module its author "${authorId}" wrote for itself (author self) cannot speak for group "${ruleset.id}"; only a delegate with a delegation for the group can`,
    };
  }
  if (ruleset.id !== authorId) {
    return {
      kind: "refused",
      reason: `a module written by "${authorId}" for itself (author self) may only hold rulesets authorized by "${authorId}", not by ${describeEndpoint(ruleset)}`,
    };
  }
  return { kind: "self", requester: ruleset.endpoint };
}

function delegateRefusal(ruleset: LoweredRuleSet, delegate: string, policy: PolicyIndex): string {
  const own = policy.grantsOf(delegate);
  if (own.length === 0) return `the site policy has no delegation for "${delegate}", so it may not write rules for ${describeEndpoint(ruleset)}`;
  return `no delegation of "${delegate}" covers ${describeEndpoint(ruleset)} (it may write for: ${own.map((grant) => describeGrantScope(grant, policy)).join("; ")})`;
}

/**
 * Whether a grant names the ruleset's endpoint: a group ruleset needs the
 * group itself; an individual is covered when named, or when it is a member
 * the policy lists for a granted group of its class. Membership the
 * transaction context reports at run time is not enough: a ruleset for one
 * endpoint would then reach that endpoint even outside the group.
 */
function grantCoversEndpoint(grant: Delegation, ruleset: Pick<LoweredRuleSet, "endpoint" | "group" | "id">, policy: PolicyIndex): boolean {
  if (ruleset.group) return policy.grantNames(grant, ruleset.endpoint, true, ruleset.id) && policy.group(ruleset.id)?.class === ruleset.endpoint;
  if (policy.grantNames(grant, ruleset.endpoint, false, ruleset.id)) return true;
  return grant.groups.some((id) => {
    const group = policy.group(id);
    return group?.class === ruleset.endpoint && policy.isMember(group, ruleset.id);
  });
}

/** Whether one of the grants lets the delegate request this service at this point. */
export function grantsAllow(grants: readonly Delegation[], uri: string, point: string): boolean {
  return grants.some((grant) => (grant.services?.includes(uri) ?? true) && (grant.points === undefined || listsPoint(grant.points, point)));
}

/**
 * Whether a site policy's list of points holds a request's point, which the
 * lowered program keeps as a plain string. `includes`, not a search with a
 * closure: it runs for every request of a compile.
 */
export function listsPoint(points: readonly Point[], point: string): boolean {
  return (points as readonly string[]).includes(point);
}

/** What a delegate may request under its grants, for messages: "urn:a at request_in; any service at any point". */
export function describeGrantLimits(grants: readonly Delegation[]): string {
  return grants
    .map((grant) => `${grant.services ? grant.services.join(", ") : "any service"} at ${grant.points ? grant.points.join(", ") : "any point"}`)
    .join("; ");
}

function describeGrantScope(grant: Delegation, policy: PolicyIndex): string {
  const parts = [
    ...grant.consumers.map((id) => `consumer "${id}"`),
    ...grant.providers.map((id) => `provider "${id}"`),
    ...grant.groups.map((id) => `${policy.group(id)?.class ?? "unknown"} group "${id}"`),
  ];
  return parts.join(", ");
}

/** `consumer "mailto:bob@example.net"` or `consumer group "subscribers"`. */
export function describeEndpoint(ruleset: Pick<LoweredRuleSet, "endpoint" | "group" | "id">): string {
  return `${ruleset.endpoint}${ruleset.group ? " group" : ""} "${ruleset.id}"`;
}
