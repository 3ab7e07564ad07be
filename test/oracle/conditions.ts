/**
 * Message properties the generated rules read (atoms) and random conditions
 * over them, as P text. Literals and patterns come from the pools the
 * transactions are drawn from, so conditions are true often enough.
 */
import fc from "fast-check";
import type { BugTriggers } from "./bug-triggers.js";
import { pools, smtpFrom, type Protocol } from "./pools.js";

export type Draw = fc.GeneratorValue;

export const pick = <T>(g: Draw, items: readonly T[]): T => g(() => fc.constantFrom(...items));
export const between = (g: Draw, min: number, max: number): number => g(fc.integer, { min, max });
export const chance = (g: Draw, percent: number): boolean => between(g, 0, 99) < percent;

/** A P string literal. */
export const pString = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

export interface Atom {
  readonly text: string;
  readonly type: "string" | "number" | "boolean";
  /** Where it can be read: a protocol's rulesets, or anywhere (Core and Services only). */
  readonly protocol: Protocol | "any";
  /** Canonical points where it exists; absent: at every point of its protocol. */
  readonly points?: readonly string[];
  /** Values it often has. */
  readonly values: readonly (string | number)[];
  /** ERE patterns worth matching it against (P-string escaping is added when printed). */
  readonly patterns: readonly string[];
}

const responsePoints = ["response_in", "response_out"];

const headerPatterns: Record<string, readonly string[]> = {
  Cookie: ["sew=23", "^id="],
  "Accept-Language": ["^en", "fr|de"],
  "X-Mode": ["^strict$", "a"],
  "User-Agent": ["mozilla", "^curl/"],
  "Content-Type": ["^text/", "html", "^image/"],
  "Content-Language": ["^de$"],
  "X-Cache": ["^hit$"],
};

function headerAtoms(part: "request" | "response", headers: Record<string, readonly string[]>): Atom[] {
  const points = part === "response" ? responsePoints : undefined;
  return Object.entries(headers).flatMap(([name, values]): Atom[] => [
    { text: `Http.${part}.headers.get(${pString(name)})`, type: "string", protocol: "HTTP", ...(points ? { points } : {}), values, patterns: headerPatterns[name] ?? ["."] },
    { text: `Http.${part}.headers.have(${pString(name)})`, type: "boolean", protocol: "HTTP", ...(points ? { points } : {}), values: [], patterns: [] },
  ]);
}

const sampleUris = ["http://a.example/index.html", "http://shop.example/api/v1/items?id=7", "http://news.example.com/"];

const atoms: readonly Atom[] = [
  { text: "Core.system.time.hour", type: "number", protocol: "any", values: pools.hours, patterns: [] },
  { text: "Core.consumer.id", type: "string", protocol: "any", values: pools.consumerIds, patterns: ["^mailto:", "example\\.net$", "^[[:digit:].]+$"] },
  { text: "Core.consumer.ip.text", type: "string", protocol: "any", values: pools.consumerIps, patterns: ["^192\\.0\\.2\\.", ":"] },
  ...Object.entries(pools.variables).map(([name, values]): Atom => ({ text: `Services.variable(${pString(name)})`, type: "string", protocol: "any", values, patterns: ["^str", "o"] })),
  ...pools.subnets.map((subnet): Atom => ({ text: `Core.consumer.ip.in_subnet(${pString(subnet)})`, type: "boolean", protocol: "any", values: [], patterns: [] })),
  ...pools.consumerGroups.map((group): Atom => ({ text: `Core.consumer.in_group(${pString(group)})`, type: "boolean", protocol: "any", values: [], patterns: [] })),

  { text: "Http.request.host", type: "string", protocol: "HTTP", values: pools.hosts, patterns: ["^a\\.", "example$", "(news|shop)\\.", "^[[:alpha:]]+\\.example$"] },
  { text: "Http.request.method", type: "string", protocol: "HTTP", values: pools.methods, patterns: ["^(GET|HEAD)$", "post"] },
  { text: "Http.request.path", type: "string", protocol: "HTTP", values: pools.paths.map((p) => p.split("?")[0]!), patterns: ["^/$|^/index\\.html$", "\\.(jpe?g|png)$", "^/static/", "[[:digit:]]"] },
  { text: "Http.request.uri.text", type: "string", protocol: "HTTP", values: sampleUris, patterns: ["^http://", "\\.html$", "shop", "id=[[:digit:]]+"] },
  { text: "Http.request.uri.extension", type: "string", protocol: "HTTP", values: ["html", "jpg", "css"], patterns: ["^(jpe?g|png)$"] },
  { text: "Http.request.uri.port", type: "number", protocol: "HTTP", values: [80, 8080], patterns: [] },
  { text: "Http.request.uri.query", type: "string", protocol: "HTTP", values: ["id=7"], patterns: ["^id="] },
  // An accessor called like a method, and the message of the point (the request, or the response once there is one).
  { text: `Http.request.headers().get("Cookie")`, type: "string", protocol: "HTTP", values: pools.requestHeaders["Cookie"]!, patterns: ["sew=23"] },
  { text: `Http.message.headers.get("Content-Type")`, type: "string", protocol: "HTTP", values: pools.responseHeaders["Content-Type"]!, patterns: ["^text/"] },
  { text: "Core.provider.id", type: "string", protocol: "any", values: pools.providerIds, patterns: ["example$"] },
  { text: "Http.message.is_request", type: "boolean", protocol: "HTTP", values: [], patterns: [] },
  ...headerAtoms("request", pools.requestHeaders),
  ...headerAtoms("response", pools.responseHeaders),
  { text: "Http.response.content_type", type: "string", protocol: "HTTP", points: responsePoints, values: ["text/html", "image/png", "application/json"], patterns: ["^text/", "json$"] },
  { text: "Http.response.code", type: "string", protocol: "HTTP", points: responsePoints, values: ["200", "304", "404"], patterns: ["^2", "^(3|4)0"] },
  { text: "Http.response.status", type: "number", protocol: "HTTP", points: responsePoints, values: pools.statuses, patterns: [] },

  { text: "Smtp.connection.helo", type: "string", protocol: "SMTP", points: smtpFrom("helo"), values: pools.helos, patterns: ["^mx\\.", "example\\.(org|net)$"] },
  { text: "Smtp.connection.tls", type: "boolean", protocol: "SMTP", points: smtpFrom("helo"), values: [], patterns: [] },
  { text: "Smtp.mail.from", type: "string", protocol: "SMTP", points: smtpFrom("mail"), values: pools.senders, patterns: ["@bad\\.", "^alice"] },
  { text: "Smtp.rcpt.to", type: "string", protocol: "SMTP", points: ["rcpt"], values: pools.recipients, patterns: ["^bob@", "\\.org$"] },
  { text: "Smtp.recipients.count", type: "number", protocol: "SMTP", points: smtpFrom("data"), values: [1, 2], patterns: [] },
  { text: `Smtp.recipients.include("bob@example.net")`, type: "boolean", protocol: "SMTP", points: smtpFrom("data"), values: [], patterns: [] },
  { text: `Smtp.message.headers.get("Subject")`, type: "string", protocol: "SMTP", points: smtpFrom("eoh"), values: pools.subjects, patterns: ["money", "^Re:"] },
  { text: `Smtp.message.headers.have("Subject")`, type: "boolean", protocol: "SMTP", points: smtpFrom("eoh"), values: [], patterns: [] },
  { text: "Smtp.message.size", type: "number", protocol: "SMTP", points: smtpFrom("eom"), values: [100, 5000, 100000], patterns: [] },
];

/** An HTTP version the runtime cannot read makes this absent: only generated when that bug is fixed. */
const absentBoolean: Atom = { text: "Http.connection.is_persistent()", type: "boolean", protocol: "HTTP", values: [], patterns: [] };

/**
 * Where a condition is written: the protocol of its ruleset (undefined at
 * the top of a file, where only Core and Services are visible) and its point
 * (undefined at ruleset level, where it must hold at every point).
 */
export interface Place {
  readonly protocol?: Protocol;
  readonly point?: string;
  /** A name the protocol's module is imported as (`Web := import "Http";`). */
  readonly alias?: string;
}

/** What can be read here; with an alias, each protocol property also through it. */
export function atomsAt(place: Place, triggers: BugTriggers): Atom[] {
  const candidates = triggers.absentCondition ? [...atoms, absentBoolean] : atoms;
  const here = candidates.filter(
    (a) => (a.protocol === "any" || a.protocol === place.protocol) && (!a.points || (place.point !== undefined && a.points.includes(place.point))),
  );
  const alias = place.alias;
  if (alias === undefined) return here;
  return [...here, ...here.filter((a) => a.protocol !== "any").map((a) => ({ ...a, text: `${alias}${a.text.slice(a.text.indexOf("."))}` }))];
}

/** A name bound to a string, with the values it may have. */
export interface StringName {
  readonly text: string;
  readonly values: readonly (string | number)[];
  readonly patterns: readonly string[];
  /** Bound in exclusive branches (a `choice` in the compiler). */
  readonly branchBound: boolean;
}

export interface ConditionScope {
  readonly booleans: readonly string[];
  readonly strings: readonly StringName[];
}

/** A boolean condition, fully parenthesized where operators meet. */
export function condition(g: Draw, place: Place, scope: ConditionScope, triggers: BugTriggers, depth = 0): string {
  const roll = between(g, 0, 99);
  const sub = () => condition(g, place, scope, triggers, depth + 1);
  if (depth < 2 && roll < 18) return `(${sub()}) ${pick(g, ["and", "or", "xor"])} (${sub()})`;
  if (depth < 2 && roll < 24) return `not (${sub()})`;
  if (depth < 2 && roll < 27) return `(${sub()}) ${pick(g, ["==", "!="])} (${sub()})`;
  if (roll < 37 && scope.booleans.length > 0) return pick(g, scope.booleans);
  if (roll < 47 && scope.strings.length > 0) return stringTest(g, pick(g, scope.strings));
  return atomTest(g, pick(g, atomsAt(place, triggers)), triggers);
}

function atomTest(g: Draw, atom: Atom, triggers: BugTriggers): string {
  switch (atom.type) {
    case "string":
      return stringTest(g, atom);
    case "number":
      return numberTest(g, atom, triggers);
    case "boolean":
      return chance(g, 70) ? atom.text : `${atom.text} ${pick(g, ["==", "!="])} ${pick(g, ["true", "false"])}`;
  }
}

const stringOperators = ["equal", "contains", "begins_with", "ends_with", "EqualS", "ContainS", "Begins_witH", "Ends_witH"] as const;
const regexOperators = ["matches", "not_matches", "matches_cs", "not_matches_cs"] as const;

function stringTest(g: Draw, subject: { readonly text: string; readonly values: readonly (string | number)[]; readonly patterns: readonly string[] }): string {
  const roll = between(g, 0, 99);
  if (roll < 30 && subject.patterns.length > 0) return `${subject.text} ${pick(g, regexOperators)} ${pString(pick(g, subject.patterns))}`;
  const value = subject.values.length > 0 && roll < 90 ? String(pick(g, subject.values)) : pick(g, ["zzz", "", "Example"]);
  const operator = pick(g, stringOperators);
  const literal = pString(literalFor(g, operator, value));
  // The literal on the left, as `"a.example" equal Http.request.host`, is indexed too.
  if ((operator === "equal" || operator === "EqualS") && chance(g, 20)) return `${literal} ${operator} ${subject.text}`;
  return `${subject.text} ${operator} ${literal}`;
}

/** A literal the operator often accepts for this value: the value, a part of it, in another case for the case-insensitive forms. */
function literalFor(g: Draw, operator: (typeof stringOperators)[number], value: string): string {
  const start = between(g, 0, value.length);
  const end = between(g, start, value.length);
  const base = operator.toLowerCase();
  const part = base === "contains" ? value.slice(start, end) : base === "begins_with" ? value.slice(0, end) : base === "ends_with" ? value.slice(start) : value;
  const caseInsensitive = operator !== base;
  return caseInsensitive && chance(g, 50) ? [...part].map((c) => (chance(g, 50) ? c.toUpperCase() : c.toLowerCase())).join("") : part;
}

function numberTest(g: Draw, atom: Atom, triggers: BugTriggers): string {
  const comparison = pick(g, ["==", "!=", "<", "<=", ">", ">="]);
  const literal = atom.values.length > 0 ? pick(g, atom.values) : 0;
  const roll = between(g, 0, 99);
  if (roll < 10) return `${literal} ${comparison} ${atom.text}`;
  if (roll < 20) {
    const divisor = between(g, triggers.zeroDivisor ? 0 : 1, 4);
    return `(${atom.text} % ${divisor}) ${comparison} ${between(g, 0, 3)}`;
  }
  if (roll < 30) return `(${atom.text} / ${pick(g, [1, 2, 100])}) ${comparison} ${pick(g, [0, 2, 6])}`;
  if (roll < 38) return `(${atom.text} ${pick(g, ["+", "-", "*"])} ${between(g, 1, 3)}) ${comparison} ${literal}`;
  if (roll < 42) return `-${atom.text} ${comparison} -${literal}`;
  return `${atom.text} ${comparison} ${literal}`;
}

/** A string value worth binding to a name. */
export function stringAtom(g: Draw, place: Place, triggers: BugTriggers): Atom {
  return pick(g, atomsAt(place, triggers).filter((a) => a.type === "string"));
}
