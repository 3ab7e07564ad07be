/**
 * The benchmark workload: N rules as P source text in several rule modules,
 * the site policy that admits them, and a pool of HTTP transaction contexts
 * that hit and miss. Everything comes from a seeded PRNG, so a size always
 * gives the same sources, bundle and contexts.
 *
 * The rules are first built as a small abstract model (RuleSetSpec), which
 * renders to P here and to Cedar in bench/cedar.ts: both engines get the
 * same rules by construction.
 *
 * Mix for N rules (a rule is one guarded service application, i.e. one
 * action of the bundle):
 * - 40 %: per-consumer rulesets (consumers user0…userK, 4 rules each: a
 *   content-type and host test, a User-Agent regex with a content-type
 *   prefix, a content-type test, and at request_in an Accept-Language regex or
 *   a host test), written by an ISP delegate; the first two are self-authored;
 * - 40 %: `Http.request.host equal "siteN.example"` rules in four consumer
 *   group rulesets (one module per group), 3/4 at response_out where half
 *   also test the content type, each requesting a site service with a
 *   parameter;
 * - 20 %: per-provider rulesets (site0…siteP, 4 rules each: regexes and
 *   content-type tests; one asks for the consumers' image transcoder, so
 *   precedence between requests for one service is exercised), written by a
 *   CDN delegate; the first is self-authored.
 */
import type { SourceInput } from "../src/check.js";
import type { TransactionContext } from "../src/runtime/index.js";

/** A deterministic PRNG (mulberry32): the workload never depends on Math.random. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/* ----- the abstract rule model */

/** The message properties the rules test, by the name the Cedar context uses. */
export type Property = "host" | "contentType" | "userAgent" | "acceptLanguage";

/**
 * A regular expression and its closest Cedar `like` form: a disjunction of
 * wildcard patterns. They agree on the context pool (whose header values use
 * the patterns' own letter case), not in general: the regex is
 * case-insensitive, `like` is not.
 */
export interface PatternSpec {
  readonly regex: string;
  readonly like: readonly string[];
  /** A header value the pattern matches. */
  readonly example: string;
}

export type Condition =
  | { readonly kind: "equal"; readonly property: Property; readonly value: string }
  | { readonly kind: "beginsWith"; readonly property: Property; readonly value: string }
  | { readonly kind: "matches"; readonly property: Property; readonly pattern: PatternSpec };

export type ParamValue = string | number | { readonly property: Property };

export type Point = "response_out" | "request_in";

export interface RuleSpec {
  readonly point: Point;
  /** All must hold (`and`). */
  readonly conditions: readonly Condition[];
  readonly service: string;
  readonly params: readonly (readonly [string, ParamValue])[];
}

export type Endpoint =
  | { readonly kind: "consumer"; readonly id: string }
  | { readonly kind: "consumerGroup"; readonly id: string }
  | { readonly kind: "provider"; readonly id: string };

export interface RuleSetSpec {
  readonly endpoint: Endpoint;
  readonly rules: readonly RuleSpec[];
}

export interface ModuleSpec {
  readonly path: string;
  readonly author: { readonly kind: "self" | "delegate"; readonly id: string; readonly name: string };
  readonly rulesets: readonly RuleSetSpec[];
}

/* ----- vocabulary */

const userAgents = {
  android: "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
  iphone: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  windows: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
  linux: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  bot: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  curl: "curl/8.5.0",
} as const;

export const userAgentPatterns: readonly PatternSpec[] = [
  { regex: "Mobile|Android", like: ["*Mobile*", "*Android*"], example: userAgents.android },
  { regex: "iPhone|iPad", like: ["*iPhone*", "*iPad*"], example: userAgents.iphone },
  { regex: "bot|crawler|spider", like: ["*bot*", "*crawler*", "*spider*"], example: userAgents.bot },
  { regex: "Windows NT", like: ["*Windows NT*"], example: userAgents.windows },
];

const languages = ["de-DE,de;q=0.9,en;q=0.5", "fr-FR,fr;q=0.9", "en-US,en;q=0.8", "es-ES,es;q=0.9", "ja-JP,ja;q=0.9"] as const;

export const languagePatterns: readonly PatternSpec[] = [
  { regex: "^(de|fr)", like: ["de*", "fr*"], example: languages[0] },
  { regex: "^es", like: ["es*"], example: languages[3] },
  { regex: "^(ja|zh)", like: ["ja*", "zh*"], example: languages[4] },
];

const contentTypes = ["text/html; charset=utf-8", "image/jpeg", "image/webp", "application/pdf", "application/zip", "text/css", "application/json"] as const;

/** The media type the engines compare: `Http.response.content_type` (lower case, no parameters). */
export function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}

export const consumerGroups = ["subscribers", "mobile", "business", "students"] as const;

const siteOffers = 16;

interface ServiceSpec {
  readonly uri: string;
  readonly points: readonly Point[];
  readonly parameters?: object;
}

const services: readonly ServiceSpec[] = [
  { uri: "urn:svc:ad-strip", points: ["response_out"], parameters: { type: "object", additionalProperties: false, properties: { level: { enum: ["light", "aggressive"] } } } },
  {
    uri: "urn:svc:image-transcode",
    points: ["response_out"],
    parameters: { type: "object", additionalProperties: false, properties: { maxWidth: { type: "integer", minimum: 64, maximum: 4096 }, quality: { enum: ["low", "medium", "high"] } } },
  },
  { uri: "urn:svc:virus-scan", points: ["response_out"] },
  { uri: "urn:svc:translate", points: ["request_in"], parameters: { type: "object", properties: { target: { type: "string" } } } },
  { uri: "urn:svc:url-filter", points: ["request_in"], parameters: { type: "object", properties: { category: { type: "string" } } } },
  { uri: "urn:svc:mobile-rewrite", points: ["response_out"], parameters: { type: "object", properties: { layout: { type: "string" } } } },
  { uri: "urn:svc:minify", points: ["response_out"] },
  { uri: "urn:svc:device-detect", points: ["request_in"] },
  ...Array.from({ length: siteOffers }, (_, i): ServiceSpec => ({ uri: `urn:svc:offer-${i}`, points: ["request_in", "response_out"], parameters: { type: "object", properties: { variant: { type: "string" } } } })),
];

const ispDelegate = { kind: "delegate", id: "https://isp.example/", name: "Example ISP" } as const;
const cdnDelegate = { kind: "delegate", id: "https://cdn.example/", name: "Example CDN" } as const;

export const hostName = (i: number): string => `site${i}.example`;
export const consumerId = (i: number): string => `user${i}`;

/* ----- the rules */

export interface WorkloadShape {
  readonly consumers: number;
  readonly providers: number;
  readonly hostRules: number;
  /** Hosts the rules name: site0…site(hosts-1). */
  readonly hosts: number;
}

const rulesPerEndpoint = 4;

/** How N rules split into per-consumer, host and per-provider rules (see the file comment). */
export function workloadShape(size: number): WorkloadShape {
  const consumers = Math.floor((size * 0.4) / rulesPerEndpoint);
  const providers = Math.floor((size * 0.2) / rulesPerEndpoint);
  const hostRules = size - (consumers + providers) * rulesPerEndpoint;
  return { consumers, providers, hostRules, hosts: Math.max(hostRules, 8) };
}

const equal = (property: Property, value: string): Condition => ({ kind: "equal", property, value });
const beginsWith = (property: Property, value: string): Condition => ({ kind: "beginsWith", property, value });
const matches = (property: Property, pattern: PatternSpec): Condition => ({ kind: "matches", property, pattern });

function consumerRules(random: Random, shape: WorkloadShape): RuleSpec[] {
  const host = () => hostName(random.below(shape.hosts));
  const lastRule: RuleSpec = random.chance(0.5)
    ? { point: "request_in", conditions: [matches("acceptLanguage", random.pick(languagePatterns))], service: "urn:svc:translate", params: [["target", { property: "acceptLanguage" }]] }
    : { point: "request_in", conditions: [equal("host", host())], service: "urn:svc:url-filter", params: [["category", random.pick(["adult", "gambling", "social"])]] };
  return [
    {
      point: "response_out",
      conditions: [equal("contentType", random.pick(["text/html", "application/json"])), equal("host", host())],
      service: "urn:svc:ad-strip",
      params: [["level", random.pick(["light", "aggressive"])]],
    },
    {
      point: "response_out",
      conditions: [matches("userAgent", random.pick(userAgentPatterns)), beginsWith("contentType", "image/")],
      service: "urn:svc:image-transcode",
      params: [
        ["maxWidth", random.pick([320, 480, 640, 1024])],
        ["quality", random.pick(["low", "medium", "high"])],
      ],
    },
    { point: "response_out", conditions: [equal("contentType", random.pick(["application/pdf", "application/zip"]))], service: "urn:svc:virus-scan", params: [] },
    lastRule,
  ];
}

function providerRules(random: Random): RuleSpec[] {
  return [
    {
      point: "response_out",
      conditions: [equal("contentType", "text/html"), matches("userAgent", random.pick(userAgentPatterns))],
      service: "urn:svc:mobile-rewrite",
      params: [["layout", random.pick(["compact", "single-column"])]],
    },
    // The consumers' transcoder too: where both ask, precedence picks one request.
    { point: "response_out", conditions: [beginsWith("contentType", "image/")], service: "urn:svc:image-transcode", params: [["quality", random.pick(["low", "medium", "high"])]] },
    { point: "response_out", conditions: [equal("contentType", random.pick(["text/css", "application/json"]))], service: "urn:svc:minify", params: [] },
    { point: "request_in", conditions: [matches("userAgent", random.pick(userAgentPatterns))], service: "urn:svc:device-detect", params: [] },
  ];
}

function hostRule(random: Random, host: number): RuleSpec {
  const point: Point = random.chance(0.75) ? "response_out" : "request_in";
  const conditions = point === "response_out" && random.chance(0.5) ? [equal("host", hostName(host)), equal("contentType", "text/html")] : [equal("host", hostName(host))];
  return { point, conditions, service: `urn:svc:offer-${host % siteOffers}`, params: [["variant", `v${random.below(8)}`]] };
}

/** Consumer and provider rulesets go into modules of this many rulesets. */
const rulesetsPerModule = 250;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The rule modules of a workload, in a fixed order. */
export function ruleModules(size: number, seed = 1): ModuleSpec[] {
  const random = new Random(seed);
  const shape = workloadShape(size);
  const consumers: RuleSetSpec[] = Array.from({ length: shape.consumers }, (_, i) => ({ endpoint: { kind: "consumer", id: consumerId(i) }, rules: consumerRules(random, shape) }));
  const providers: RuleSetSpec[] = Array.from({ length: shape.providers }, (_, i) => ({ endpoint: { kind: "provider", id: hostName(i) }, rules: providerRules(random) }));
  const hostRules = consumerGroups.map((): RuleSpec[] => []);
  for (let i = 0; i < shape.hostRules; i++) hostRules[i % consumerGroups.length]!.push(hostRule(random, i));

  const selfAuthoredConsumers = consumers.slice(0, 2);
  const selfAuthoredProviders = providers.slice(0, 1);
  const selfModule = (ruleset: RuleSetSpec, path: string): ModuleSpec => ({ path, author: { kind: "self", id: ruleset.endpoint.id, name: ruleset.endpoint.id }, rulesets: [ruleset] });
  return [
    ...selfAuthoredConsumers.map((r, i) => selfModule(r, `consumers/self-${i}.p`)),
    ...chunks(consumers.slice(selfAuthoredConsumers.length), rulesetsPerModule).map((rulesets, i) => ({ path: `consumers/isp-${pad(i)}.p`, author: ispDelegate, rulesets })),
    ...consumerGroups.flatMap((group, i): ModuleSpec[] =>
      hostRules[i]!.length === 0 ? [] : [{ path: `groups/${group}.p`, author: ispDelegate, rulesets: [{ endpoint: { kind: "consumerGroup", id: group }, rules: hostRules[i]! }] }],
    ),
    ...selfAuthoredProviders.map((r, i) => selfModule(r, `providers/self-${i}.p`)),
    ...chunks(providers.slice(selfAuthoredProviders.length), rulesetsPerModule).map((rulesets, i) => ({ path: `providers/cdn-${pad(i)}.p`, author: cdnDelegate, rulesets })),
  ];
}

const pad = (i: number) => String(i).padStart(3, "0");

export function ruleCount(modules: readonly ModuleSpec[]): number {
  return modules.reduce((n, m) => n + m.rulesets.reduce((k, r) => k + r.rules.length, 0), 0);
}

/* ----- P text */

const pProperty: Record<Property, string> = {
  host: "Http.request.host",
  contentType: "Http.response.content_type",
  userAgent: 'Http.request.headers.get("User-Agent")',
  acceptLanguage: 'Http.request.headers.get("Accept-Language")',
};

const quote = (text: string) => JSON.stringify(text);

function pCondition(condition: Condition): string {
  const subject = pProperty[condition.property];
  switch (condition.kind) {
    case "equal":
      return `${subject} equal ${quote(condition.value)}`;
    case "beginsWith":
      return `${subject} begins_with ${quote(condition.value)}`;
    case "matches":
      return `${subject} matches ${quote(condition.pattern.regex)}`;
  }
}

function pParam(value: ParamValue): string {
  if (typeof value === "string") return quote(value);
  if (typeof value === "number") return String(value);
  return pProperty[value.property];
}

function pRule(rule: RuleSpec, name: string): string {
  const params = rule.params.map(([param, value]) => ` ${name}.${param}(${pParam(value)});`).join("");
  return `    if (${rule.conditions.map(pCondition).join(" and ")}) {\n      ${name} := Services.findOne(${quote(rule.service)});${params} Services.applyOne(${name});\n    }\n`;
}

function pEndpoint(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case "consumer":
      return `consumer ${quote(endpoint.id)}`;
    case "consumerGroup":
      return `consumer group ${quote(endpoint.id)}`;
    case "provider":
      return `provider ${quote(endpoint.id)}`;
  }
}

/**
 * Rules per point block: a big ruleset is written as several blocks of one
 * point (several IRML rules), as a real one would be. One block of any size
 * compiles too; the lowering's P2052 budget only counts the statements that
 * running named code objects copies.
 */
const rulesPerPointBlock = 500;

function pRuleSet(ruleset: RuleSetSpec): string {
  const blocks = (["request_in", "response_out"] as const).flatMap((point) => {
    const rules = ruleset.rules.flatMap((rule, i) => (rule.point === point ? [pRule(rule, `r${i}`)] : []));
    return chunks(rules, rulesPerPointBlock).map((block) => `  at ${point} {\n${block.join("")}  }\n`);
  });
  return `ruleset authorized_by ${pEndpoint(ruleset.endpoint)} protocol HTTP {\n${blocks.join("")}}\n`;
}

export function pModule(module: ModuleSpec): string {
  const { kind, id, name } = module.author;
  const header = `rulemodule ${quote(`urn:bench:${module.path}`)} author ${kind} {\n  name ${quote(name)}; id ${quote(id)};\n}\n`;
  return header + module.rulesets.map(pRuleSet).join("");
}

/* ----- the site policy */

/** A site policy admitting every rule: no consents, blocks or bypass, so nothing is refused; two order constraints. */
export function sitePolicyText(modules: readonly ModuleSpec[]): string {
  const endpoints = (kind: Endpoint["kind"], authorId: string) =>
    modules.filter((m) => m.author.id === authorId).flatMap((m) => m.rulesets.flatMap((r) => (r.endpoint.kind === kind ? [r.endpoint.id] : [])));
  const policy = {
    system: { uri: "http://opes.bench.example/", name: "Bench OPES", version: "1" },
    services: services.map((s) => ({
      uri: s.uri,
      name: s.uri.slice("urn:svc:".length),
      protocol: "HTTP",
      points: s.points,
      receives: ["metadata", "content"],
      bypassable: false,
      onFailure: "ignore",
      transforms: false,
      requestableBy: ["consumer", "consumer-delegate", "provider", "provider-delegate"],
      ...(s.parameters ? { parameters: s.parameters } : {}),
    })),
    groups: Object.fromEntries(consumerGroups.map((g) => [g, { class: "consumer" }])),
    delegations: [
      { delegate: ispDelegate.id, consumers: endpoints("consumer", ispDelegate.id), groups: [...consumerGroups] },
      { delegate: cdnDelegate.id, providers: endpoints("provider", cdnDelegate.id) },
    ],
    order: [{ before: "urn:svc:ad-strip", after: "urn:svc:image-transcode" }, { last: "urn:svc:virus-scan" }],
  };
  return JSON.stringify(policy, null, 1);
}

/* ----- transaction contexts */

/** What a context is made of; `undefined` headers are absent. */
export interface ContextSeed {
  readonly point: Point;
  readonly consumer: string;
  readonly groups: readonly string[];
  readonly host: string;
  readonly userAgent?: string;
  readonly acceptLanguage?: string;
  /** The Content-Type header (response_out only). */
  readonly contentType?: string;
}

export function toContext(seed: ContextSeed): TransactionContext {
  const requestHeaders: [string, string][] = [["Host", seed.host]];
  if (seed.userAgent !== undefined) requestHeaders.push(["User-Agent", seed.userAgent]);
  if (seed.acceptLanguage !== undefined) requestHeaders.push(["Accept-Language", seed.acceptLanguage]);
  return {
    protocol: "HTTP",
    point: seed.point,
    consumer: { id: seed.consumer, groups: [...seed.groups] },
    provider: { id: seed.host },
    request: { method: "GET", uri: `http://${seed.host}/index.html`, headers: requestHeaders },
    ...(seed.point === "response_out" ? { response: { status: 200, headers: seed.contentType === undefined ? [] : [["Content-Type", seed.contentType]] } } : {}),
  };
}

function randomSeed(random: Random, shape: WorkloadShape): ContextSeed {
  const point: Point = random.chance(0.75) ? "response_out" : "request_in";
  const known = shape.consumers > 0 && random.chance(0.8);
  return {
    point,
    consumer: known ? consumerId(random.below(shape.consumers)) : `visitor${random.below(1000)}`,
    groups: consumerGroups.filter(() => random.chance(0.4)),
    // A fifth of the hosts are named by no rule.
    host: hostName(random.below(Math.ceil(shape.hosts * 1.25))),
    ...(random.chance(0.9) ? { userAgent: random.pick(Object.values(userAgents)) } : {}),
    ...(random.chance(0.7) ? { acceptLanguage: random.pick(languages) } : {}),
    ...(point === "response_out" && random.chance(0.95) ? { contentType: random.pick(contentTypes) } : {}),
  };
}

/** A context built to satisfy one rule (its endpoint, point and conditions), other fields random. */
function targetedSeed(random: Random, shape: WorkloadShape, ruleset: RuleSetSpec, rule: RuleSpec): ContextSeed {
  const base = randomSeed(random, shape);
  let seed: ContextSeed = { ...base, point: rule.point, ...(rule.point === "request_in" ? { contentType: undefined } : {}) };
  const endpoint = ruleset.endpoint;
  if (endpoint.kind === "consumer") seed = { ...seed, consumer: endpoint.id };
  if (endpoint.kind === "consumerGroup") seed = { ...seed, groups: [...new Set([...seed.groups, endpoint.id])] };
  if (endpoint.kind === "provider") seed = { ...seed, host: endpoint.id };
  for (const condition of rule.conditions) seed = { ...seed, ...satisfy(condition) };
  return seed;
}

function satisfy(condition: Condition): Partial<ContextSeed> {
  const value = condition.kind === "matches" ? condition.pattern.example : condition.kind === "beginsWith" ? `${condition.value}webp` : condition.value;
  switch (condition.property) {
    case "host":
      return { host: value };
    case "contentType":
      return { contentType: value === "text/html" ? "text/html; charset=utf-8" : value };
    case "userAgent":
      return { userAgent: value };
    case "acceptLanguage":
      return { acceptLanguage: value };
  }
}

/** Half the pool is built to satisfy a randomly chosen rule, half is random (mostly misses). */
export function contextPool(modules: readonly ModuleSpec[], size: number, count: number, seed = 2): TransactionContext[] {
  const random = new Random(seed);
  const shape = workloadShape(size);
  const rules = modules.flatMap((m) => m.rulesets.flatMap((ruleset) => ruleset.rules.map((rule) => ({ ruleset, rule }))));
  return Array.from({ length: count }, (_, i) => {
    if (i % 2 === 1 || rules.length === 0) return toContext(randomSeed(random, shape));
    const { ruleset, rule } = random.pick(rules);
    return toContext(targetedSeed(random, shape, ruleset, rule));
  });
}

/* ----- everything together */

export interface Workload {
  readonly size: number;
  readonly modules: readonly ModuleSpec[];
  readonly sources: readonly SourceInput[];
  readonly policyText: string;
  readonly contexts: readonly TransactionContext[];
}

export function buildWorkload(size: number, contextCount = 64): Workload {
  const modules = ruleModules(size);
  return {
    size,
    modules,
    sources: modules.map((m) => ({ path: m.path, text: pModule(m) })),
    policyText: sitePolicyText(modules),
    contexts: contextPool(modules, size, contextCount),
  };
}
