/**
 * The oracle's plan: from the services the rules requested to the decision's
 * services, refusals and trace headers, following docs/compiler.md "Plan",
 * docs/site-policy.md and design §4 — written independently of
 * src/runtime/decide.ts.
 */
import type { OrderConstraint, PolicyService, SitePolicy } from "../../src/policy/site-policy-types.js";
import type { FailureMode } from "../../src/runtime/bundle.js";
import type { HeaderField, TransactionContext } from "../../src/runtime/context.js";
import type { Origin, ParameterValue, PlannedAlternate, PlannedService, Refusal, RefusalReason } from "../../src/runtime/decide.js";

/** One service as a rule configured it when it asked for it. */
export interface RequestedService {
  readonly uri: string;
  readonly name?: string;
  readonly params: Readonly<Record<string, ParameterValue>>;
  /** As the rule set it; absent when it said nothing. */
  readonly onFailure?: string;
}

/** One `applyOne` that ran: the primary, then its alternates in order. */
export interface FiredRequest {
  readonly chain: readonly RequestedService[];
  readonly endpoint: "consumer" | "provider";
  /** The requester's precedence rank in the site policy (0 is highest). */
  readonly rank: number;
  readonly origin: Origin;
}

export interface Plan {
  readonly services: PlannedService[];
  readonly refused: Refusal[];
}

/**
 * Requests in firing order become the plan: what already ran goes; a service
 * asked for several times is planned once, where it was first asked for, as
 * the highest-ranked requester asked for it (docs/authorization.md); the
 * policy refuses what it must (a refused primary takes its alternates with
 * it); then the site's order constraints apply.
 */
export function planServices(fired: readonly FiredRequest[], context: TransactionContext, policy: SitePolicy | undefined): Plan {
  const alreadyRun = new Set(context.alreadyRun ?? []);
  const judge = new PolicyJudge(context, policy);
  const services: PlannedService[] = [];
  const refused: Refusal[] = [];
  const taken = new Set<string>();
  const winners = new Map<string, FiredRequest>();
  for (const request of fired) {
    const best = winners.get(primaryUri(request));
    if (!best || request.rank < best.rank) winners.set(primaryUri(request), request);
  }
  for (const first of fired) {
    const uri = primaryUri(first);
    if (alreadyRun.has(uri) || taken.has(uri)) continue;
    taken.add(uri);
    const request = winners.get(uri)!;
    const modes = failureModes(request.chain, policy);
    const primary = request.chain[0]!;
    const alternates = request.chain.slice(1);
    const refusal = judge.refusal(primary.uri, request.endpoint);
    if (refusal) {
      refused.push({ uri: primary.uri, ...refusal, origin: request.origin });
      continue;
    }
    const kept: PlannedAlternate[] = [];
    alternates.forEach((alternate, index) => {
      if (alreadyRun.has(alternate.uri)) return;
      const why = judge.refusal(alternate.uri, request.endpoint);
      if (why) refused.push({ uri: alternate.uri, reason: why.reason, detail: `alternate of ${primary.uri}: ${why.detail}`, origin: request.origin });
      else kept.push({ uri: alternate.uri, params: alternate.params, onFailure: modes[index + 1]! });
    });
    services.push({
      uri: primary.uri,
      ...(primary.name !== undefined ? { name: primary.name } : {}),
      params: primary.params,
      onFailure: modes[0]!,
      alternates: kept,
      bypassRefused: judge.bypassRefused(primary.uri),
      origin: request.origin,
    });
  }
  return { services: applyOrder(services, policy?.order ?? []), refused };
}

const primaryUri = (request: FiredRequest): string => request.chain[0]!.uri;

/**
 * Each service but the last of a chain tries the next; the last keeps the
 * rule's mode, else the service's default from the site policy, else abort.
 */
function failureModes(chain: readonly RequestedService[], policy: SitePolicy | undefined): FailureMode[] {
  return chain.map((service, index) => {
    if (index < chain.length - 1) return "try-alternate";
    const fallback = policy?.services.find((s) => s.uri === service.uri)?.onFailure ?? "abort";
    return (service.onFailure as FailureMode | undefined) ?? fallback;
  });
}

/** What the site policy and the transaction's endpoints allow (design §4, docs/site-policy.md). */
class PolicyJudge {
  private readonly bypass?: BypassInstruction;

  constructor(
    private readonly context: TransactionContext,
    private readonly policy: SitePolicy | undefined,
  ) {
    const values = headerValues(context.request?.headers, "OPES-Bypass");
    if (values.length > 0) this.bypass = readBypass(values);
  }

  refusal(uri: string, endpoint: "consumer" | "provider"): { reason: RefusalReason; detail: string } | undefined {
    if (!this.policy) return undefined;
    const service = this.policy.services.find((s) => s.uri === uri);
    if (!service) return { reason: "unknown-service", detail: "the site policy does not list this service" };
    const given = this.context.consumer?.consents ?? [];
    const missing = service.consents.filter((c) => !given.includes(c));
    if (missing.length > 0) return { reason: "consent-missing", detail: `needs consent: ${missing.join(", ")}` };
    const exempt = service.mandate !== "none";
    if (!exempt) {
      const refusal = this.userBlock(service) ?? (this.providerWins(endpoint) ? this.providerOptOut(service) : undefined);
      if (refusal) return refusal;
    }
    if (service.bypassable && this.bypassCovers(uri)) {
      return { reason: "bypassed", detail: this.bypass!.everything ? "OPES-Bypass asks to bypass all services" : "OPES-Bypass names this service" };
    }
    return undefined;
  }

  /** A service that cannot be bypassed but was named in OPES-Bypass runs, and says so in the trace. */
  bypassRefused(uri: string): boolean {
    const service = this.policy?.services.find((s) => s.uri === uri);
    return service !== undefined && !service.bypassable && this.bypassCovers(uri);
  }

  private userBlock(service: PolicyService): { reason: RefusalReason; detail: string } | undefined {
    const blocks = this.context.consumer?.blocks ?? [];
    if (blocks.includes(service.uri)) return { reason: "blocked-by-user", detail: "the consumer blocks this service" };
    if (blocks.includes("*")) return { reason: "blocked-by-user", detail: "the consumer blocks all OPES services" };
    if (service.transforms && noTransform(this.context.request?.headers)) return { reason: "blocked-by-user", detail: "the request carries Cache-Control: no-transform" };
    return undefined;
  }

  private providerOptOut(service: PolicyService): { reason: RefusalReason; detail: string } | undefined {
    const optOut = this.context.provider?.optOut ?? [];
    if (optOut.includes(service.uri)) return { reason: "opted-out-by-provider", detail: "the provider prohibits this service" };
    if (optOut.includes("*")) return { reason: "opted-out-by-provider", detail: "the provider prohibits all OPES services" };
    if (service.transforms && noTransform(this.context.response?.headers)) return { reason: "opted-out-by-provider", detail: "the response carries Cache-Control: no-transform" };
    return undefined;
  }

  /** The provider's opt-out binds everyone, unless the policy lets consumer-side rules override it. */
  private providerWins(endpoint: "consumer" | "provider"): boolean {
    return !(endpoint === "consumer" && this.policy?.precedence.consumerOverridesProviderOptOut);
  }

  /** OPES-Bypass names a service by `*`, its URI, the system's URI, or any URI this system does not know. */
  private bypassCovers(uri: string): boolean {
    const bypass = this.bypass;
    if (!bypass) return false;
    if (bypass.everything || bypass.uris.includes(uri)) return true;
    const system = this.policy?.system.uri;
    const unknown = (u: string) => !(this.policy?.services.some((s) => s.uri === u) ?? false);
    return bypass.uris.some((u) => u === system || unknown(u));
  }
}

interface BypassInstruction {
  /** `*`, or something this system cannot read, which it must take as `*`. */
  readonly everything: boolean;
  readonly uris: readonly string[];
}

function readBypass(values: readonly string[]): BypassInstruction {
  const entries = values.flatMap(listElements);
  const unreadable = values.some((v) => listElements(v).length === 0) || entries.some((e) => e !== "*" && !/^[A-Za-z][A-Za-z0-9+.-]*:[^\s,"]+$/.test(e));
  return { everything: entries.includes("*") || unreadable, uris: entries.filter((e) => e !== "*") };
}

function listElements(value: string): string[] {
  return value.split(",").map((e) => e.trim()).filter((e) => e !== "");
}

function headerValues(headers: readonly HeaderField[] | undefined, name: string): string[] {
  return (headers ?? []).filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v.trim());
}

function noTransform(headers: readonly HeaderField[] | undefined): boolean {
  return headerValues(headers, "Cache-Control").flatMap(listElements).some((d) => d.split("=")[0]!.trim().toLowerCase() === "no-transform");
}

/** The site's order constraints over the rules' order: the earliest service no other one must precede goes next. */
function applyOrder(services: readonly PlannedService[], order: readonly OrderConstraint[]): PlannedService[] {
  const mustPrecede = (a: string, b: string) =>
    a !== b &&
    order.some((rule) => (rule.kind === "before" ? rule.before === a && rule.after === b : rule.kind === "first" ? rule.service === a : rule.service === b));
  const remaining = [...services];
  const ordered: PlannedService[] = [];
  while (remaining.length > 0) {
    const next = remaining.findIndex((s) => !remaining.some((other) => mustPrecede(other.uri, s.uri)));
    ordered.push(...remaining.splice(Math.max(next, 0), 1));
  }
  return ordered;
}

// ---------------------------------------------------------------- trace (RFC 4236 §4)

/** OPES-System and OPES-Via when this system runs services on the message; nothing otherwise. */
export function traceHeaders(services: readonly PlannedService[], context: TransactionContext, policy: SitePolicy | undefined): Record<string, string> {
  if (!policy || services.length === 0) return {};
  // The system's entry is its URI alone (docs/site-policy.md, system).
  const system = traceEntry(policy.system.uri, []);
  // The message at this point: the response once there is one, else the request (or the mail).
  const current = context.response ?? context.request ?? context.message;
  const earlier = headerValues(current?.headers, "OPES-Via").flatMap(listElements);
  const entries = services.map((s) => traceEntry(s.uri, s.bypassRefused ? [["bypass", "refused"]] : []));
  return { "OPES-System": system, "OPES-Via": [...earlier, system, ...entries].join(", ") };
}

function traceEntry(uri: string, params: readonly (readonly [string, string])[]): string {
  const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  return [uri, ...params.map(([key, value]) => `${key}=${token.test(value) ? value : `"${value.replace(/["\\]/g, "\\$&")}"`}`)].join("; ");
}
