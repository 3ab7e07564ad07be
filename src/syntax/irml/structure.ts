import type { Span } from "../../diagnostics/source.js";
import { irmlDiagnostics as codes } from "../../diagnostics/catalog/irml.js";
import { closestName, didYouMean } from "./names.js";
import type { DiagnosticSink } from "./sink.js";
import {
  CONTEXT_SLIPS,
  IRML_NAMESPACE,
  LEGACY_ENDPOINT_CLASSES,
  SIGNATURE_KEY,
  XMLDSIG_NAMESPACE,
  elementRules,
  parentsOf,
  removedElements,
  type AttributeRule,
  type ElementRule,
  type Particle,
} from "./vocabulary.js";
import type { XmlAttribute, XmlElement, XmlText } from "./xml-tree.js";

/**
 * Checks an element tree against the IRML content models and attribute
 * lists (the repaired DTD of vocabulary.ts). Prose constraints that need the
 * meaning of the module are checked later, on the model (constraints.ts).
 * Returns false when the root is not a `rulemodule`, so nothing else is read.
 */
export function checkStructure(root: XmlElement, sink: DiagnosticSink): boolean {
  if (keyOf(root) !== "rulemodule") {
    const fragment = keyOf(root) && keyOf(root) !== SIGNATURE_KEY ? `; a bare <${root.local}> must be wrapped in a <rulemodule> with an <author>` : "";
    sink.report(codes.irmlWrongRoot, root.nameSpan, `the document element is <${root.name}>${namespaceNote(root)}, but an IRML module is a <rulemodule> element${fragment}`);
    return false;
  }
  checkElement(root, "rulemodule", sink);
  return true;
}

/** The key an element has in the content models: its local name for IRML, `ds:Signature` for XML-DSig. */
export function keyOf(element: XmlElement): string | undefined {
  if (element.namespace === XMLDSIG_NAMESPACE && element.local === "Signature") return SIGNATURE_KEY;
  if (element.namespace !== IRML_NAMESPACE && element.namespace !== "") return undefined;
  return Object.hasOwn(elementRules, element.local) ? element.local : undefined;
}

function namespaceNote(element: XmlElement): string {
  return element.namespace === "" || element.namespace === IRML_NAMESPACE ? "" : ` in namespace '${element.namespace}'`;
}

function checkElement(element: XmlElement, key: string, sink: DiagnosticSink): void {
  if (key === SIGNATURE_KEY) return; // XML-DSig content is not IRML's to check
  const rule = elementRules[key]!;
  checkAttributes(element, rule, sink);
  if (rule.content === "text") checkTextContent(element, rule, sink);
  else if (rule.content === "empty") checkEmptyContent(element, sink);
  else checkElementContent(element, rule.content, sink);
  for (const child of element.children) {
    if (child.kind !== "element") continue;
    const childKey = keyOf(child);
    if (childKey && Array.isArray(rule.content) && (rule.content as readonly Particle[]).some((p) => p.names.includes(childKey))) {
      checkElement(child, childKey, sink);
    }
  }
}

// ----- attributes -----

function checkAttributes(element: XmlElement, rule: ElementRule, sink: DiagnosticSink): void {
  // A misspelled attribute already explains why the one it was meant to be is missing.
  const misspelled = new Set<string>();
  for (const attribute of element.attributes) {
    if (isNamespaceMachinery(attribute)) continue;
    const attributeRule = attribute.prefix === "" ? rule.attributes.find((a) => a.name === attribute.local) : undefined;
    if (!attributeRule) {
      const meant = reportUnknownAttribute(element, attribute, rule, sink);
      if (meant) misspelled.add(meant);
      continue;
    }
    checkAttributeValue(element, attribute, attributeRule, sink);
  }
  for (const attributeRule of rule.attributes) {
    if (attributeRule.required && !findAttribute(element, attributeRule.name) && !misspelled.has(attributeRule.name)) {
      const values = attributeRule.values ? ` (one of ${attributeRule.values.filter((v) => !(v in LEGACY_ENDPOINT_CLASSES)).join(", ")})` : "";
      sink.report(codes.irmlMissingAttribute, element.tagSpan, `<${element.local}> needs a '${attributeRule.name}' attribute${values}${attributeSection(attributeRule.name)}`);
    }
  }
  if (element.local === "property") checkMatchAttributes(element, sink);
}

/** `xmlns`, `xmlns:p` and `xml:*` attributes belong to XML itself. */
function isNamespaceMachinery(attribute: XmlAttribute): boolean {
  return attribute.name === "xmlns" || attribute.prefix === "xmlns" || attribute.prefix === "xml";
}

/** Reports an undeclared attribute; returns the declared one it probably means. */
function reportUnknownAttribute(element: XmlElement, attribute: XmlAttribute, rule: ElementRule, sink: DiagnosticSink): string | undefined {
  const known = rule.attributes.map((a) => a.name);
  const suggestion = attribute.prefix === "" ? closestName(attribute.local, known) : undefined;
  const allowed = known.length > 0 ? ` (it takes ${known.map((n) => `'${n}'`).join(", ")})` : " (it takes none)";
  sink.report(
    codes.irmlUnknownAttribute,
    attribute.nameSpan,
    `<${element.local}> has no attribute '${attribute.name}'${suggestion ? didYouMean(suggestion) : allowed}`,
    suggestion ? { fix: { message: `rename to '${suggestion}'`, edits: [{ span: attribute.nameSpan, newText: suggestion }] } } : {},
  );
  return suggestion;
}

function checkAttributeValue(element: XmlElement, attribute: XmlAttribute, rule: AttributeRule, sink: DiagnosticSink): void {
  const value = attribute.value.trim();
  if (rule.nonEmpty && value === "") {
    sink.report(codes.irmlEmptyValue, attribute.span, `the '${attribute.local}' attribute of <${element.local}> must not be empty`);
    return;
  }
  if (!rule.values || rule.values.includes(value)) {
    const modern = LEGACY_ENDPOINT_CLASSES[value];
    if (modern && rule.name === "class") {
      sink.report(codes.irmlLegacyClassName, attribute.valueSpan, `'${value}' is the IRML -02 name of '${modern}'; read as '${modern}'`, {
        fix: { message: `write '${modern}'`, edits: [{ span: attribute.valueSpan, newText: modern }] },
      });
    }
    return;
  }
  const current = rule.values.filter((v) => !(v in LEGACY_ENDPOINT_CLASSES));
  const suggestion = (rule.name === "context" ? CONTEXT_SLIPS[value] : undefined) ?? closestName(value, current);
  sink.report(
    codes.irmlInvalidAttributeValue,
    attribute.valueSpan,
    `'${attribute.value}' is not a valid '${attribute.local}' of <${element.local}>: allowed are ${current.join(", ")}${attributeSection(attribute.local)}${didYouMean(suggestion)}`,
    suggestion ? { fix: { message: `write '${suggestion}'`, edits: [{ span: attribute.valueSpan, newText: suggestion }] } } : {},
  );
}

/** Where the draft defines an enumerated attribute, so the message names the rule. */
function attributeSection(name: string): string {
  const sections: Record<string, string> = {
    context: " (IRML §3.6.1)",
    "processing-point": " (IRML §3.5.1)",
    failure: " (IRML §3.7.2)",
    class: " (IRML §3.4.2)",
  };
  return sections[name] ?? "";
}

/** §3.6.1: `not-matches` is used instead of `matches`, so exactly one of them is present. */
function checkMatchAttributes(element: XmlElement, sink: DiagnosticSink): void {
  const matches = findAttribute(element, "matches");
  const notMatches = findAttribute(element, "not-matches");
  if (matches && notMatches) {
    const second = matches.span.start < notMatches.span.start ? notMatches : matches;
    sink.report(codes.irmlMatchAttributeCount, second.nameSpan, "a <property> takes 'matches' or 'not-matches', not both (IRML §3.6.1); nest two properties to require both");
  } else if (!matches && !notMatches) {
    sink.report(codes.irmlMatchAttributeCount, element.tagSpan, "a <property> needs a 'matches' or a 'not-matches' attribute (IRML §3.6.1)");
  }
}

export function findAttribute(element: XmlElement, name: string): XmlAttribute | undefined {
  return element.attributes.find((a) => a.prefix === "" && a.local === name);
}

// ----- content -----

function checkTextContent(element: XmlElement, rule: ElementRule, sink: DiagnosticSink): void {
  for (const child of element.children) if (child.kind === "element") reportStrayElement(child, element, sink);
  if (rule.nonEmptyText && element.children.every((c) => c.kind !== "text" || c.value.trim() === "")) {
    sink.report(codes.irmlEmptyValue, element.tagSpan, `<${element.local}> must not be empty`);
  }
}

function checkEmptyContent(element: XmlElement, sink: DiagnosticSink): void {
  for (const child of element.children) {
    if (child.kind === "element") reportStrayElement(child, element, sink);
    else reportTextIfVisible(child, element, sink);
  }
}

function reportTextIfVisible(text: XmlText, parent: XmlElement, sink: DiagnosticSink): void {
  if (text.value.trim() === "") return;
  const raw = sink.source.text.slice(text.span.start, text.span.end);
  const leading = raw.length - raw.trimStart().length;
  const trailing = raw.length - raw.trimEnd().length;
  const span: Span = { start: text.span.start + leading, end: Math.max(text.span.start + leading, text.span.end - trailing) };
  sink.report(codes.irmlUnexpectedText, span, `<${parent.local}> holds elements only, not text`);
}

function reportStrayElement(child: XmlElement, parent: XmlElement, sink: DiagnosticSink): void {
  const key = keyOf(child);
  if (!key) {
    reportUnknownElement(child, sink);
    return;
  }
  const homes = parentsOf(key);
  const where = key === SIGNATURE_KEY ? "it must be the last child of <rulemodule>" : `it belongs in ${homes.map((h) => `<${h}>`).join(" or ")}`;
  sink.report(codes.irmlMisplacedElement, child.nameSpan, `<${child.local}> is not allowed inside <${parent.local}>; ${where}`);
}

function reportUnknownElement(element: XmlElement, sink: DiagnosticSink): void {
  const removed = element.namespace === "" || element.namespace === IRML_NAMESPACE ? removedElements[element.local] : undefined;
  if (removed) {
    sink.report(codes.irmlUnknownElement, element.nameSpan, removed);
    return;
  }
  if (element.namespace === XMLDSIG_NAMESPACE) {
    sink.report(codes.irmlUnknownElement, element.nameSpan, `<${element.name}> is not an XML-DSig element IRML uses; the signature element is spelled 'Signature'`);
    return;
  }
  const foreign = element.namespace !== "" && element.namespace !== IRML_NAMESPACE;
  const suggestion = foreign ? undefined : closestName(element.local, Object.keys(elementRules));
  sink.report(codes.irmlUnknownElement, element.nameSpan, `<${element.name}>${namespaceNote(element)} is not an IRML element${didYouMean(suggestion)}`);
}

/**
 * Matches the element children against a sequence of particles, greedily
 * (every IRML content model is deterministic), reporting each child that
 * does not fit and each required particle that is missing.
 */
function checkElementContent(element: XmlElement, particles: readonly Particle[], sink: DiagnosticSink): void {
  let index = 0;
  let count = 0;
  const missing = new Set<number>();
  // A child reported as stray or out of order explains any "missing" report that would follow.
  const explained = new Set<number>();
  let strayChildren = false;
  for (const child of element.children) {
    if (child.kind === "text") {
      reportTextIfVisible(child, element, sink);
      continue;
    }
    const key = keyOf(child);
    const home = key === undefined ? -1 : particles.findIndex((p) => p.names.includes(key));
    if (key === undefined || home < 0) {
      reportStrayElement(child, element, sink);
      strayChildren = true;
      continue;
    }
    const current = particles[index]!;
    if (home === index && count < current.max) {
      count++;
    } else if (home > index) {
      if (count < current.min) missing.add(index);
      for (let skipped = index + 1; skipped < home; skipped++) if (particles[skipped]!.min > 0) missing.add(skipped);
      index = home;
      count = 1;
    } else if (home === index) {
      sink.report(codes.irmlDuplicateElement, child.nameSpan, `<${element.local}> holds only one <${child.local}>`);
    } else {
      const order = particles.map((p) => p.names.map(displayKey).join("|")).join(", ");
      sink.report(codes.irmlElementOrder, child.nameSpan, `<${child.local}> is out of order in <${element.local}>: the order is ${order}`);
      explained.add(home);
    }
  }
  if (count < (particles[index]?.min ?? 0)) missing.add(index);
  for (let rest = index + 1; rest < particles.length; rest++) if (particles[rest]!.min > 0) missing.add(rest);
  if (strayChildren) return;
  for (const position of [...missing].filter((m) => !explained.has(m)).sort((a, b) => a - b)) {
    const names = particles[position]!.names.map((n) => `<${displayKey(n)}>`);
    sink.report(codes.irmlMissingElement, element.tagSpan, `<${element.local}> needs ${withArticle(names.join(" or "))} element`);
  }
}

/** "a <name>", "an <id>", "a <uri>": the article agrees with how the first name is spoken. */
function withArticle(names: string): string {
  return `${/^<[aeio]/i.test(names) ? "an" : "a"} ${names}`;
}

function displayKey(key: string): string {
  return key === SIGNATURE_KEY ? "Signature" : key;
}
