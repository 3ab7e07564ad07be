/**
 * The site policy after loading: every default applied, so later stages never
 * guess. The JSON form, its defaults and the requirements each field serves
 * are documented in docs/site-policy.md; the schema is
 * schemas/site-policy.schema.json.
 */

export type Protocol = "HTTP" | "SMTP";

export const httpPoints = ["request_in", "request_out", "response_in", "response_out"] as const;
export const smtpPoints = ["connect", "helo", "mail", "rcpt", "data", "eoh", "eom", "relay_out"] as const;

export type HttpPoint = (typeof httpPoints)[number];
export type SmtpPoint = (typeof smtpPoints)[number];
export type Point = HttpPoint | SmtpPoint;

/** The two kinds of endpoint that authorize rulesets (RFC 3835 §3.1 "colours"). */
export type EndpointClass = "consumer" | "provider";

/**
 * Who asks for a service: the authorizing endpoint class, and whether the
 * ruleset was written by that endpoint itself or by a delegate for it.
 */
export type RequesterClass = "consumer" | "provider" | "consumer-delegate" | "provider-delegate";

export const requesterClasses: readonly RequesterClass[] = ["consumer", "provider", "consumer-delegate", "provider-delegate"];

/** Kinds of data a callout service receives (RFC 3838 §5.5 limits are phrased in these terms). */
export type DataCategory = "identity" | "profile" | "metadata" | "content";

export const dataCategories: readonly DataCategory[] = ["identity", "profile", "metadata", "content"];

export type Mandate = "none" | "security" | "legal";

/** A service's failure default. `try-alternate` is a rule's choice, never a default. */
export type ServiceFailureMode = "abort" | "ignore";

export interface TraceIdentity {
  /** The OPES-System URI (http or https). */
  readonly uri: string;
  readonly name?: string;
  readonly version?: string;
  readonly privacyPolicy?: string;
}

export interface PolicyService {
  readonly uri: string;
  readonly name: string;
  readonly description?: string;
  readonly protocol: Protocol;
  readonly points: readonly Point[];
  readonly receives: readonly DataCategory[];
  readonly consents: readonly string[];
  readonly bypassable: boolean;
  readonly onFailure: ServiceFailureMode;
  /** JSON Schema for the parameter object; already checked to be a usable schema. */
  readonly parameters?: unknown;
  readonly mandate: Mandate;
  readonly transforms: boolean;
  readonly requestableBy: readonly RequesterClass[];
  readonly thirdParty: boolean;
  readonly privacyPolicy?: string;
}

export interface PolicyGroup {
  readonly id: string;
  readonly class: EndpointClass;
  readonly name?: string;
  readonly description?: string;
  readonly members: readonly string[];
}

export interface Delegation {
  readonly delegate: string;
  readonly name?: string;
  readonly consumers: readonly string[];
  readonly providers: readonly string[];
  readonly groups: readonly string[];
  /** Absent: any service the delegate's requester class may request. */
  readonly services?: readonly string[];
  /** Absent: any point not restricted for the endpoint class. */
  readonly points?: readonly Point[];
}

export type OrderConstraint =
  | { readonly kind: "before"; readonly before: string; readonly after: string; readonly reason?: string }
  | { readonly kind: "first"; readonly service: string; readonly reason?: string }
  | { readonly kind: "last"; readonly service: string; readonly reason?: string };

export interface Precedence {
  /** Highest first; each rank lists requester classes of equal precedence; every class appears once. */
  readonly ranks: readonly (readonly RequesterClass[])[];
  readonly consumerOverridesProviderOptOut: boolean;
}

export interface FileAssignment {
  readonly path: string;
  readonly protocol: Protocol;
  readonly points: readonly Point[];
  readonly authorizedBy: { readonly class: EndpointClass; readonly id: string; readonly group: boolean };
}

export interface SitePolicy {
  readonly system: TraceIdentity;
  /** In document order; `/services/<index>` is each one's JSON Pointer in the policy file. */
  readonly services: readonly PolicyService[];
  readonly groups: readonly PolicyGroup[];
  readonly delegations: readonly Delegation[];
  /** Points where rulesets of each endpoint class may not request services. */
  readonly pointRestrictions: Readonly<Record<EndpointClass, readonly Point[]>>;
  readonly order: readonly OrderConstraint[];
  readonly precedence: Precedence;
  readonly files: readonly FileAssignment[];
}
