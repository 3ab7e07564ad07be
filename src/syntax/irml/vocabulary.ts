/**
 * The IRML vocabulary as data: the Appendix A DTD of draft-beck-opes-irml-03
 * with its defects repaired (see docs/irml.md, decisions 1–3), plus the
 * enveloped XML-DSig signature. The structure checker and the writer both
 * read these tables, so they cannot disagree.
 */

/** The namespace of the Appendix D examples (the draft's placeholder, kept as written). */
export const IRML_NAMESPACE = "http://www.rfc-editor.org/rfc/rfcxxxx.txt";
export const XMLDSIG_NAMESPACE = "http://www.w3.org/2000/09/xmldsig#";
/** Key of the enveloped signature in content models (it lives in the XML-DSig namespace). */
export const SIGNATURE_KEY = "ds:Signature";

export interface Particle {
  readonly names: readonly string[];
  readonly min: 0 | 1;
  readonly max: 1 | typeof Infinity;
}

const one = (...names: string[]): Particle => ({ names, min: 1, max: 1 });
const optional = (...names: string[]): Particle => ({ names, min: 0, max: 1 });
const oneOrMore = (...names: string[]): Particle => ({ names, min: 1, max: Infinity });
const zeroOrMore = (...names: string[]): Particle => ({ names, min: 0, max: Infinity });

export interface AttributeRule {
  readonly name: string;
  readonly required?: boolean;
  /** Enumerated values; absent for free text (CDATA). */
  readonly values?: readonly string[];
  /** Free text that must not be empty. */
  readonly nonEmpty?: boolean;
}

export interface ElementRule {
  /** `text` holds character data only; `empty` holds nothing but whitespace. */
  readonly content: "text" | "empty" | readonly Particle[];
  readonly attributes: readonly AttributeRule[];
  /** Text content that must not be blank. */
  readonly nonEmptyText?: boolean;
  /** Text content kept exactly as written instead of trimmed. */
  readonly verbatimText?: boolean;
}

export const CONTEXTS = ["req-msg", "res-msg", "system", "service"] as const;
export type PropertyContext = (typeof CONTEXTS)[number];
export const FAILURE_MODES = ["abort", "ignore", "try-alternate"] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];
export const ENDPOINT_CLASSES = ["data-provider", "data-consumer"] as const;
/** -02 spelled the classes `content-owner` and `content-consumer`; read with a warning. */
export const LEGACY_ENDPOINT_CLASSES: Readonly<Record<string, (typeof ENDPOINT_CLASSES)[number]>> = {
  "content-owner": "data-provider",
  "content-consumer": "data-consumer",
};
/** Values people write for a context, mapped to the one they mean (the draft itself writes `res-hdr`). */
export const CONTEXT_SLIPS: Readonly<Record<string, PropertyContext>> = {
  "res-hdr": "res-msg",
  "req-hdr": "req-msg",
  response: "res-msg",
  request: "req-msg",
};
export const PROCESSING_POINTS = ["1", "2", "3", "4"] as const;
/** The only sub-system IRML -03 defines (its Appendix C list is empty). */
export const STANDARD_SUB_SYSTEM = "standard";

const textElement: ElementRule = { content: "text", attributes: [], nonEmptyText: true };

export const elementRules: Readonly<Record<string, ElementRule>> = {
  rulemodule: { content: [one("author"), oneOrMore("ruleset"), optional(SIGNATURE_KEY)], attributes: [] },
  author: {
    content: [one("name"), optional("contact"), one("id")],
    attributes: [{ name: "type", values: ["delegate", "self"] }],
  },
  ruleset: { content: [one("authorized-by"), one("protocol"), oneOrMore("rule")], attributes: [] },
  "authorized-by": {
    content: [one("name"), optional("contact"), one("id")],
    attributes: [
      { name: "class", required: true, values: [...ENDPOINT_CLASSES, ...Object.keys(LEGACY_ENDPOINT_CLASSES)] },
      { name: "type", values: ["individual", "group"] },
    ],
  },
  name: textElement,
  contact: textElement,
  id: textElement,
  protocol: textElement,
  rule: { content: [oneOrMore("property", "execute")], attributes: [{ name: "processing-point", required: true, values: PROCESSING_POINTS }] },
  property: {
    content: [oneOrMore("property", "execute")],
    attributes: [
      { name: "name", required: true, nonEmpty: true },
      { name: "context", required: true, values: CONTEXTS },
      { name: "sub-system", nonEmpty: true },
      { name: "matches" },
      { name: "not-matches" },
      { name: "case-sensitive", values: ["yes", "no"] },
    ],
  },
  execute: { content: [oneOrMore("service")], attributes: [] },
  service: {
    content: [one("uri", "any"), zeroOrMore("parameter")],
    attributes: [
      { name: "name" },
      { name: "type", values: ["primary", "alternate"] },
      { name: "failure", values: FAILURE_MODES },
    ],
  },
  uri: textElement,
  any: { content: "empty", attributes: [] },
  parameter: {
    content: [one("value", "variable")],
    attributes: [
      { name: "name", required: true, nonEmpty: true },
      { name: "type", required: true, values: ["static", "dynamic"] },
    ],
  },
  value: { content: "text", attributes: [], verbatimText: true },
  variable: {
    content: "empty",
    attributes: [
      { name: "name", required: true, nonEmpty: true },
      { name: "context", required: true, values: CONTEXTS },
      { name: "sub-system", nonEmpty: true },
    ],
  },
};

/** Elements of IRML -02 that -03 removed, with what to write instead. */
export const removedElements: Readonly<Record<string, string>> = {
  "do-not-execute": "IRML -03 removed 'do-not-execute' (it was -02's way to forbid a service); a site policy can refuse services instead",
  "may-execute": "IRML -03 removed 'may-execute' (it was -02's way to restrict the other endpoint); a site policy can refuse services instead",
};

/** The elements whose content model lists `key`, for "belongs in …" hints. */
export function parentsOf(key: string): string[] {
  return Object.entries(elementRules)
    .filter(([, rule]) => Array.isArray(rule.content) && (rule.content as readonly Particle[]).some((p) => p.names.includes(key)))
    .map(([name]) => name);
}
