/**
 * The compiled bundle: what `opes compile` writes and the runtime loads. The
 * runtime owns the format (the compiler imports these types, never the other
 * way round). The JSON Schema is schemas/bundle.schema.json; docs/bundle.md
 * explains each part.
 */

export const bundleFormat = "opes-rules-bundle";
export const bundleVersion = 1;

export type Scalar = string | number | boolean;

/**
 * A value computed from the message, hash-consed: every distinct term appears
 * once in `Bundle.terms` and is referred to by its index, so a predicate that
 * many rules share is evaluated once per decision.
 */
export type Term =
  /** A literal. */
  | { readonly t: "lit"; readonly v: Scalar }
  /** A module object: Core, Services, Http, Smtp. */
  | { readonly t: "root"; readonly module: string }
  /** A property read; `path` is the catalog path (`Http.request.host`). */
  | { readonly t: "get"; readonly of: number; readonly name: string; readonly path: string }
  /** A method call with evaluated arguments (`Http.request.headers.get("Cookie")`). */
  | { readonly t: "call"; readonly of: number; readonly name: string; readonly path: string; readonly args: readonly number[] }
  /** An operator of P on term arguments (`and`, `equal`, `==`, `+`, `not`, `neg`, `otherwise`, …). */
  | { readonly t: "op"; readonly op: string; readonly args: readonly number[] }
  /** A POSIX ERE search; `negate` is `not_matches` (false on an absent value, like `matches`). */
  | { readonly t: "match"; readonly arg: number; readonly pattern: string; readonly ci: boolean; readonly negate: boolean }
  /** `cond ? then : else`: a name bound differently in exclusive branches. */
  | { readonly t: "ite"; readonly cond: number; readonly then: number; readonly else: number };

export type FailureMode = "abort" | "ignore" | "try-alternate";

export interface ServiceParameter {
  readonly name: string;
  /** A literal term for a static parameter, any other term for a dynamic one. */
  readonly value: number;
}

export interface ServiceRequest {
  readonly uri: string;
  /** The descriptive name the rule gave (IRML service `name`). */
  readonly name?: string;
  readonly params: readonly ServiceParameter[];
  readonly onFailure: FailureMode;
  readonly alternates: readonly ServiceRequest[];
}

export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One condition of an action's guard, as the author wrote it (for explanations). */
export interface GuardPart {
  readonly term: number;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

export type ActionKind =
  | { readonly kind: "apply"; readonly service: ServiceRequest }
  | { readonly kind: "stop" }
  | { readonly kind: "fail"; readonly reason: string };

/**
 * What a rule asks for and when: the action fires when every part of its
 * guard is true. Guards already include the negations that `elsif`, `else`,
 * an earlier `stop()` or `fail()` imply, so actions are independent.
 */
export type Action = ActionKind & {
  readonly rule: number;
  readonly guard: readonly GuardPart[];
  readonly line: number;
  readonly column: number;
};

export type EndpointClass = "consumer" | "provider";

export interface RuleSetInfo {
  readonly endpoint: EndpointClass;
  readonly group: boolean;
  /** The authorizing endpoint (or group) identifier. */
  readonly id: string;
  readonly protocol: string;
  readonly name?: string;
  /** Who wrote it: the module author's id and whether it was the endpoint itself or a delegate. */
  readonly author?: { readonly kind: "self" | "delegate"; readonly id: string; readonly name?: string };
  readonly file: string;
  readonly line: number;
  /**
   * The site policy's precedence rank of the requester class (0 is the
   * highest): when rulesets ask for the same service, the best rank's request is planned.
   */
  readonly rank?: number;
}

/** One point block (IRML `rule`). */
export interface RuleInfo {
  readonly ruleset: number;
  readonly point: string;
  readonly file: string;
  readonly line: number;
}

/** `switch (term) { case value: actions }`: equality tests on one property answered by one lookup. */
export interface Switch {
  readonly term: number;
  /** Keys are compared after ASCII lower-casing (EqualS). */
  readonly caseInsensitive: boolean;
  /** Key `s:<string>`, `n:<number>` or `b:<boolean>` → action indices. */
  readonly cases: Readonly<Record<string, readonly number[]>>;
}

/** The actions of one ruleset at one point. */
export interface RuleSetSlot {
  readonly ruleset: number;
  /** Actions to try whatever the indexed properties are, in document order. */
  readonly always: readonly number[];
  readonly switches: readonly Switch[];
}

/** The decision graph of one (protocol, point). */
export interface PointGraph {
  readonly protocol: string;
  readonly point: string;
  /** Whether messages at this point travel towards the consumer (responses, inbound mail). */
  readonly towardsConsumer: boolean;
  readonly slots: readonly RuleSetSlot[];
  /** Relevance dispatch: endpoint identifiers and groups (lower-cased, see endpointKey) → slot indices. */
  readonly consumers: Readonly<Record<string, readonly number[]>>;
  readonly consumerGroups: Readonly<Record<string, readonly number[]>>;
  readonly providers: Readonly<Record<string, readonly number[]>>;
  readonly providerGroups: Readonly<Record<string, readonly number[]>>;
}

/** The part of a site policy service entry the evaluator needs. */
export interface ServicePolicy {
  readonly name: string;
  readonly consents: readonly string[];
  readonly bypassable: boolean;
  readonly mandate: "none" | "security" | "legal";
  readonly transforms: boolean;
  readonly onFailure: "abort" | "ignore";
}

export type OrderRule =
  | { readonly kind: "before"; readonly before: string; readonly after: string }
  | { readonly kind: "first"; readonly service: string }
  | { readonly kind: "last"; readonly service: string };

export interface TraceIdentity {
  readonly uri: string;
  readonly name?: string;
  readonly version?: string;
}

export interface BundleSignature {
  readonly algorithm: "ed25519";
  /** SHA-256 of the signer's public key (SPKI DER), hex: which key to verify with. */
  readonly keyId: string;
  /** Base64 signature over the UTF-8 bytes of `hash`. */
  readonly value: string;
}

export interface Bundle {
  readonly format: typeof bundleFormat;
  readonly version: typeof bundleVersion;
  /** `sha256-<hex>` of the canonical JSON of every field but `hash` and `signature`. */
  readonly hash: string;
  /** The OPES system's trace identity; absent when compiled without a site policy. */
  readonly system?: TraceIdentity;
  /** Site policy of each known service, by URI; absent without a site policy (no run-time refusals then). */
  readonly services?: Readonly<Record<string, ServicePolicy>>;
  readonly order: readonly OrderRule[];
  /** Whether a consumer's request overrides a provider's opt-out (site policy precedence). */
  readonly consumerOverridesProviderOptOut?: boolean;
  readonly terms: readonly Term[];
  readonly rulesets: readonly RuleSetInfo[];
  readonly rules: readonly RuleInfo[];
  readonly actions: readonly Action[];
  /** Keyed `PROTOCOL/point`, e.g. `HTTP/response_out`. */
  readonly graphs: Readonly<Record<string, PointGraph>>;
  readonly signature?: BundleSignature;
}

/** Endpoint ids and group names compare without regard to case (docs/irml.md §6 item 30): dispatch keys are lower-cased. */
export function endpointKey(id: string): string {
  return id.toLowerCase();
}

export function graphKey(protocol: string, point: string): string {
  return `${protocol}/${point}`;
}
