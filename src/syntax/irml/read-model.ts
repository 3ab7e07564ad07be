import type { Span } from "../../diagnostics/source.js";
import type * as M from "./model.js";
import { findAttribute, keyOf } from "./structure.js";
import {
  CONTEXTS,
  ENDPOINT_CLASSES,
  FAILURE_MODES,
  LEGACY_ENDPOINT_CLASSES,
  PROCESSING_POINTS,
  SIGNATURE_KEY,
  STANDARD_SUB_SYSTEM,
  elementRules,
} from "./vocabulary.js";
import type { XmlDocument, XmlElement } from "./xml-tree.js";

/**
 * Builds the typed model from an element tree that checkStructure has
 * already judged. Reading is defensive: whatever is missing or invalid was
 * reported there, and simply stays undefined here.
 */
export function buildModel(document: XmlDocument, source: string): M.IrmlModule {
  const root = document.root;
  const author = childElement(root, "author");
  const signature = childElement(root, SIGNATURE_KEY);
  return {
    span: root.span,
    tagSpan: root.tagSpan,
    ...(author ? { author: readAuthor(author, source) } : {}),
    rulesets: childElements(root, "ruleset").map((r) => readRuleSet(r, source)),
    ...(signature ? { signature: signature.span } : {}),
    comments: document.comments.map((c) => ({ text: c.text, span: c.span })),
  };
}

function childElements(element: XmlElement, key: string): XmlElement[] {
  return element.children.filter((c): c is XmlElement => c.kind === "element" && keyOf(c) === key);
}

function childElement(element: XmlElement, key: string): XmlElement | undefined {
  return childElements(element, key)[0];
}

/** An attribute's value when it is one of `values` (XML normalises enumerated values, hence trim). */
function enumAttribute<T extends string>(element: XmlElement, name: string, values: readonly T[]): T | undefined {
  const value = findAttribute(element, name)?.value.trim();
  return values.find((v) => v === value);
}

function attributeSpan(element: XmlElement, name: string): Span {
  return findAttribute(element, name)?.span ?? element.tagSpan;
}

function readText(element: XmlElement | undefined, source: string): M.IrmlText | undefined {
  if (!element) return undefined;
  const rule = elementRules[element.local];
  const raw = element.children.map((c) => (c.kind === "text" ? c.value : "")).join("");
  const verbatim = rule?.verbatimText ?? false;
  const value = verbatim ? raw : raw.trim();
  if (rule?.nonEmptyText && value === "") return undefined;
  const valueSpan = verbatim ? element.contentSpan : trimSpan(element.contentSpan, source);
  return { value, span: element.span, keySpan: element.nameSpan, valueSpan };
}

/** A span without its surrounding whitespace, so diagnostics underline the text itself. */
function trimSpan(span: Span, source: string): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(source[start]!)) start++;
  while (end > start && /\s/.test(source[end - 1]!)) end--;
  return { start, end };
}

function readParty(element: XmlElement, source: string): M.IrmlParty {
  const name = readText(childElement(element, "name"), source);
  const contact = readText(childElement(element, "contact"), source);
  const id = readText(childElement(element, "id"), source);
  return { span: element.span, ...(name ? { name } : {}), ...(contact ? { contact } : {}), ...(id ? { id } : {}) };
}

function readAuthor(element: XmlElement, source: string): M.IrmlAuthor {
  return {
    ...readParty(element, source),
    type: enumAttribute(element, "type", ["self", "delegate"]) ?? "self",
    typeSpan: attributeSpan(element, "type"),
  };
}

function readAuthorizer(element: XmlElement, source: string): M.IrmlAuthorizer {
  const written = findAttribute(element, "class")?.value.trim() ?? "";
  const endpointClass = LEGACY_ENDPOINT_CLASSES[written] ?? ENDPOINT_CLASSES.find((c) => c === written);
  return {
    ...readParty(element, source),
    ...(endpointClass ? { endpoint: endpointClass === "data-provider" ? "provider" : "consumer" } : {}),
    endpointSpan: attributeSpan(element, "class"),
    group: enumAttribute(element, "type", ["individual", "group"]) === "group",
    groupSpan: attributeSpan(element, "type"),
  };
}

function readRuleSet(element: XmlElement, source: string): M.IrmlRuleSet {
  const authorizer = childElement(element, "authorized-by");
  const protocol = readText(childElement(element, "protocol"), source);
  return {
    span: element.span,
    tagSpan: element.tagSpan,
    ...(authorizer ? { authorizedBy: readAuthorizer(authorizer, source) } : {}),
    ...(protocol ? { protocol } : {}),
    rules: childElements(element, "rule").map((r) => readRule(r, source)),
  };
}

function readRule(element: XmlElement, source: string): M.IrmlRule {
  const point = enumAttribute(element, "processing-point", PROCESSING_POINTS);
  const pointAttribute = findAttribute(element, "processing-point");
  return {
    span: element.span,
    ...(point && pointAttribute ? { point: { value: Number(point), span: pointAttribute.valueSpan } } : {}),
    body: readActions(element, source),
  };
}

function readActions(element: XmlElement, source: string): M.IrmlAction[] {
  const actions: M.IrmlAction[] = [];
  for (const child of element.children) {
    if (child.kind !== "element") continue;
    const key = keyOf(child);
    if (key === "property") actions.push(readProperty(child, source));
    else if (key === "execute") actions.push(readExecute(child, source));
  }
  return actions;
}

/** `name`, `context` and `sub-system`, shared by `property` and `variable`. */
function readPropertyRef(element: XmlElement): M.IrmlPropertyRef {
  const name = findAttribute(element, "name");
  const context = enumAttribute(element, "context", CONTEXTS);
  const subSystem = findAttribute(element, "sub-system");
  return {
    span: element.tagSpan,
    ...(context ? { context } : {}),
    name: name?.value.trim() ?? "",
    nameSpan: name?.span ?? element.tagSpan,
    nameValueSpan: name?.valueSpan ?? element.tagSpan,
    subSystem: subSystem?.value.trim() || STANDARD_SUB_SYSTEM,
    subSystemSpan: subSystem?.span ?? element.tagSpan,
  };
}

function readTest(element: XmlElement): M.IrmlTest | undefined {
  const matches = findAttribute(element, "matches");
  const notMatches = findAttribute(element, "not-matches");
  const attribute = matches && notMatches ? undefined : (matches ?? notMatches);
  if (!attribute) return undefined;
  return { negated: attribute === notMatches, pattern: attribute.value, operatorSpan: attribute.nameSpan, patternSpan: attribute.valueSpan };
}

function readProperty(element: XmlElement, source: string): M.IrmlProperty {
  const test = readTest(element);
  return {
    kind: "property",
    span: element.span,
    tagSpan: element.tagSpan,
    ref: readPropertyRef(element),
    ...(test ? { test } : {}),
    caseSensitive: enumAttribute(element, "case-sensitive", ["yes", "no"]) === "yes",
    body: readActions(element, source),
  };
}

function readExecute(element: XmlElement, source: string): M.IrmlExecute {
  const services = childElements(element, "service").map((s) => readService(s, source));
  return { kind: "execute", span: element.span, tagSpan: element.tagSpan, services };
}

function readService(element: XmlElement, source: string): M.IrmlService {
  const name = findAttribute(element, "name");
  const failure = enumAttribute(element, "failure", FAILURE_MODES);
  const failureAttribute = findAttribute(element, "failure");
  const uri = readText(childElement(element, "uri"), source);
  const any = childElement(element, "any");
  const target: M.IrmlService["target"] = uri ? { kind: "uri", uri } : any ? { kind: "any", span: any.span } : undefined;
  return {
    span: element.span,
    tagSpan: element.tagSpan,
    ...(name ? { name: { value: name.value, span: name.valueSpan } } : {}),
    type: enumAttribute(element, "type", ["primary", "alternate"]) ?? "primary",
    typeSpan: attributeSpan(element, "type"),
    failure: failure ?? "abort",
    ...(failure && failureAttribute ? { failureSpan: failureAttribute.valueSpan } : {}),
    ...(target ? { target } : {}),
    parameters: childElements(element, "parameter").map((p) => readParameter(p, source)),
  };
}

function readParameter(element: XmlElement, source: string): M.IrmlParameter {
  const name = findAttribute(element, "name");
  const type = enumAttribute(element, "type", ["static", "dynamic"]);
  const valueElement = childElement(element, "value");
  const variableElement = childElement(element, "variable");
  const text = readText(valueElement, source);
  const value: M.IrmlParameter["value"] = text
    ? { kind: "value", text }
    : variableElement
      ? { kind: "variable", ref: readPropertyRef(variableElement) }
      : undefined;
  return {
    span: element.span,
    name: name?.value.trim() ?? "",
    nameSpan: name?.span ?? element.tagSpan,
    nameValueSpan: name?.valueSpan ?? element.tagSpan,
    ...(type ? { type } : {}),
    typeSpan: attributeSpan(element, "type"),
    ...(value ? { value } : {}),
  };
}
