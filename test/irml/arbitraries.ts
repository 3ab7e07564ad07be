import fc from "fast-check";
import { IRML_NAMESPACE } from "../../src/syntax/irml/vocabulary.js";

/**
 * Random valid IRML modules for property tests, rendered to XML by a writer
 * independent of the production one, with random but equivalent spellings
 * (quotes, explicit defaults, namespace prefix, comments, CDATA).
 */

export interface GenReference {
  readonly context: "req-msg" | "res-msg" | "system" | "service";
  readonly name: string;
}

export interface GenService {
  readonly label?: string;
  readonly uri: string;
  readonly parameters: readonly { readonly name: string; readonly value: { readonly static: string } | { readonly dynamic: GenReference } }[];
}

export interface GenExecute {
  readonly kind: "execute";
  /** The primary service, then its alternates. */
  readonly services: readonly GenService[];
  /** What the last service of the chain does when it fails. */
  readonly lastFailure: "abort" | "ignore";
}

export interface GenProperty {
  readonly kind: "property";
  readonly ref: GenReference;
  readonly negated: boolean;
  readonly pattern: string;
  readonly caseSensitive: boolean;
  readonly body: readonly GenAction[];
}

export type GenAction = GenExecute | GenProperty;

export interface GenRuleSet {
  readonly endpoint: "data-consumer" | "data-provider";
  readonly group: boolean;
  readonly name: string;
  readonly contact?: string;
  readonly id: string;
  readonly rules: readonly { readonly point: number; readonly body: readonly GenAction[] }[];
}

export interface GenModule {
  readonly author: "self" | "delegate";
  readonly name: string;
  readonly contact?: string;
  readonly id: string;
  readonly rulesets: readonly GenRuleSet[];
}

export interface GenStyle {
  readonly quote: '"' | "'";
  readonly explicitDefaults: boolean;
  readonly prefix: string;
  readonly comments: boolean;
  readonly cdata: boolean;
}

const SYSTEM = ["system-date", "client-ip", "request-line", "request-method", "request-path", "request-version", "request-host", "request-uri", "response-line", "response-code"];

const textChars = fc.constantFrom(..."abcXYZ019 -_.:/^$*+?()[]{}|\\<>&\"'=;é日\u{1F600}".split(/(?:)/u), "\t", "\n");
/** Any text XML can carry, blanks and markup characters included. */
export const anyText = fc.string({ unit: textChars, maxLength: 12 });
/** Text without surrounding blanks, as names, ids and URIs are read trimmed. */
const trimmedText = anyText.map((s) => s.trim()).filter((s) => s.length > 0);
const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/);
const identifier = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,8}$/).filter((s) => s !== "onFailure");
const email = fc.tuple(token, token).map(([user, host]) => `${user}@${host}.example`);
const caseMix = (word: string) => fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) => [...word].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));

const reference: fc.Arbitrary<GenReference> = fc.oneof(
  fc.constantFrom(...SYSTEM).chain(caseMix).map((name) => ({ context: "system" as const, name })),
  fc.tuple(fc.constantFrom("req-msg" as const, "res-msg" as const, "service" as const), token).map(([context, name]) => ({ context, name })),
);

const service: fc.Arbitrary<GenService> = fc.record(
  {
    label: trimmedText,
    uri: token.map((t) => `urn:example:${t}`),
    parameters: fc.uniqueArray(
      fc.record({ name: identifier, value: fc.oneof(fc.record({ static: anyText }), fc.record({ dynamic: reference })) }),
      { maxLength: 2, selector: (p) => p.name },
    ),
  },
  { requiredKeys: ["uri", "parameters"] },
);

const execute: fc.Arbitrary<GenExecute> = fc.record({
  kind: fc.constant("execute" as const),
  services: fc.array(service, { minLength: 1, maxLength: 3 }),
  lastFailure: fc.constantFrom("abort" as const, "ignore" as const),
});

const actions = fc.letrec<{ action: GenAction; property: GenProperty }>((tie) => ({
  action: fc.oneof({ maxDepth: 3, depthIdentifier: "actions" }, execute, tie("property")),
  property: fc.record({
    kind: fc.constant("property" as const),
    ref: reference,
    negated: fc.boolean(),
    pattern: anyText,
    caseSensitive: fc.boolean(),
    body: fc.array(tie("action"), { minLength: 1, maxLength: 3, depthIdentifier: "actions" }),
  }),
}));

const rules = fc.array(
  fc.record({ point: fc.integer({ min: 1, max: 4 }), body: fc.array(actions.action, { minLength: 1, maxLength: 3 }) }),
  { minLength: 1, maxLength: 2 },
);

const party = fc.record({ name: trimmedText, contact: email, id: trimmedText }, { requiredKeys: ["name", "id"] });

/** A module that respects every rule of the draft: self modules have one rule set authorized by the author. */
export const irmlModule: fc.Arbitrary<GenModule> = fc.oneof(
  fc.tuple(party, fc.constantFrom("data-consumer" as const, "data-provider" as const), rules).map(([author, endpoint, body]) => ({
    author: "self" as const,
    ...author,
    rulesets: [{ endpoint, group: false, ...author, rules: body }],
  })),
  fc.tuple(
    party,
    fc.uniqueArray(
      fc.record({ endpoint: fc.constantFrom("data-consumer" as const, "data-provider" as const), group: fc.boolean(), party, rules }),
      { minLength: 1, maxLength: 3, selector: (r) => `${r.endpoint} ${r.party.id.toLowerCase()}` },
    ),
  ).map(([author, sets]) => ({
    author: "delegate" as const,
    ...author,
    rulesets: sets.map((s) => ({ endpoint: s.endpoint, group: s.group, ...s.party, rules: s.rules })),
  })),
);

export const irmlStyle: fc.Arbitrary<GenStyle> = fc.record({
  quote: fc.constantFrom('"' as const, "'" as const),
  explicitDefaults: fc.boolean(),
  prefix: fc.constantFrom("", "irml:"),
  comments: fc.boolean(),
  cdata: fc.boolean(),
});

// ----- rendering -----

function escapeText(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

function escapeAttribute(value: string, quote: string): string {
  const escaped = escapeText(value).replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
  return quote === '"' ? escaped.replace(/"/g, "&quot;") : escaped.replace(/'/g, "&apos;");
}

export function renderModule(module: GenModule, style: GenStyle): string {
  const p = style.prefix;
  const out: string[] = [];
  const attrs = (pairs: Record<string, string | undefined>) =>
    Object.entries(pairs)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => ` ${k}=${style.quote}${escapeAttribute(v, style.quote)}${style.quote}`)
      .join("");
  const text = (name: string, value: string, verbatim = false) => {
    const body = style.cdata && verbatim && !value.includes("]]>") && !value.includes("\r") ? `<![CDATA[${value}]]>` : escapeText(value);
    out.push(`<${p}${name}>${body}</${p}${name}>`);
  };
  const comment = (what: string) => {
    if (style.comments) out.push(`<!-- ${what} -->`);
  };
  const defaults = (value: string) => (style.explicitDefaults ? value : undefined);
  const partyElements = (party: { name: string; contact?: string; id: string }) => {
    text("name", party.name);
    if (party.contact !== undefined) text("contact", party.contact);
    text("id", party.id);
  };
  const refAttributes = (ref: GenReference) => ({ name: ref.name, context: ref.context, "sub-system": ref.context === "system" ? defaults("standard") : undefined });
  const action = (a: GenAction): void => {
    if (a.kind === "property") {
      out.push(`<${p}property${attrs({ ...refAttributes(a.ref), [a.negated ? "not-matches" : "matches"]: a.pattern, "case-sensitive": a.caseSensitive ? "yes" : defaults("no") })}>`);
      a.body.forEach(action);
      out.push(`</${p}property>`);
      return;
    }
    out.push(`<${p}execute>`);
    a.services.forEach((s, i) => {
      const last = i === a.services.length - 1;
      const failure = last ? (a.lastFailure === "abort" ? defaults("abort") : "ignore") : "try-alternate";
      out.push(`<${p}service${attrs({ name: s.label, type: i === 0 ? defaults("primary") : "alternate", failure })}>`);
      text("uri", s.uri);
      for (const parameter of s.parameters) {
        const dynamic = "dynamic" in parameter.value;
        out.push(`<${p}parameter${attrs({ name: parameter.name, type: dynamic ? "dynamic" : "static" })}>`);
        if ("dynamic" in parameter.value) out.push(`<${p}variable${attrs(refAttributes(parameter.value.dynamic))}/>`);
        else text("value", parameter.value.static, true);
        out.push(`</${p}parameter>`);
      }
      out.push(`</${p}service>`);
    });
    out.push(`</${p}execute>`);
    comment("after an execute");
  };

  out.push(`<?xml version="1.0"?>`);
  comment("generated module");
  out.push(`<${p}rulemodule${p ? ` xmlns:${p.slice(0, -1)}="${IRML_NAMESPACE}"` : ` xmlns="${IRML_NAMESPACE}"`}>`);
  out.push(`<${p}author${attrs({ type: module.author === "self" ? defaults("self") : "delegate" })}>`);
  partyElements(module);
  out.push(`</${p}author>`);
  for (const set of module.rulesets) {
    out.push(`<${p}ruleset>`);
    comment("a rule set");
    out.push(`<${p}authorized-by${attrs({ class: set.endpoint, type: set.group ? "group" : defaults("individual") })}>`);
    partyElements(set);
    out.push(`</${p}authorized-by>`);
    text("protocol", "HTTP");
    for (const rule of set.rules) {
      out.push(`<${p}rule${attrs({ "processing-point": String(rule.point) })}>`);
      rule.body.forEach(action);
      out.push(`</${p}rule>`);
    }
    out.push(`</${p}ruleset>`);
  }
  out.push(`</${p}rulemodule>`);
  return out.join("\n") + "\n";
}

/** Small edits that usually break a document: the fuzz test feeds these to the reader. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom("<", ">", "&", "\"", "'", "</rule>", "<property>", "<!--", "]]>", "<![CDATA[", "&#0;", "&#x10FFFF;", "xmlns:a=''", " a='1'", "\u0000", "<?pi?>", "<!DOCTYPE x>") }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
);

export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(text: string, edit: Mutation): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  switch (edit.kind) {
    case "delete":
      return text.slice(0, at) + text.slice(at + edit.length);
    case "insert":
      return text.slice(0, at) + edit.text + text.slice(at);
    case "duplicate":
      return text.slice(0, at) + text.slice(at, at + edit.length) + text.slice(at);
    case "truncate":
      return text.slice(0, at);
  }
}
