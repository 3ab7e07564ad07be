import type { Span } from "../../diagnostics/source.js";
import type * as M from "./model.js";
import { IRML_NAMESPACE, STANDARD_SUB_SYSTEM } from "./vocabulary.js";

/**
 * Writes a typed IRML module as an indented XML document in the IRML
 * namespace. Comments are placed before the first element that follows
 * them in the source the model came from.
 */
export function writeIrml(module: M.IrmlModule): string {
  const writer = new XmlWriter(module.comments);
  writer.line('<?xml version="1.0" encoding="UTF-8"?>');
  writer.open("rulemodule", { xmlns: IRML_NAMESPACE }, module.span);
  if (module.author) {
    writer.open("author", { type: module.author.type }, module.author.span);
    writeParty(writer, module.author);
    writer.close("author");
  }
  for (const ruleset of module.rulesets) writeRuleSet(writer, ruleset);
  writer.flushComments(Infinity);
  writer.close("rulemodule");
  return writer.text();
}

function writeParty(writer: XmlWriter, party: M.IrmlParty): void {
  for (const key of ["name", "contact", "id"] as const) {
    const text = party[key];
    if (text) writer.textElement(key, text.value, text.span);
  }
}

function writeRuleSet(writer: XmlWriter, ruleset: M.IrmlRuleSet): void {
  writer.open("ruleset", {}, ruleset.span);
  const authorizer = ruleset.authorizedBy;
  if (authorizer) {
    const endpointClass = authorizer.endpoint === "provider" ? "data-provider" : "data-consumer";
    writer.open("authorized-by", { class: endpointClass, type: authorizer.group ? "group" : "individual" }, authorizer.span);
    writeParty(writer, authorizer);
    writer.close("authorized-by");
  }
  if (ruleset.protocol) writer.textElement("protocol", ruleset.protocol.value, ruleset.protocol.span);
  for (const rule of ruleset.rules) {
    writer.open("rule", { "processing-point": String(rule.point?.value ?? "") }, rule.span);
    writeActions(writer, rule.body);
    writer.close("rule");
  }
  writer.close("ruleset");
}

function writeActions(writer: XmlWriter, actions: readonly M.IrmlAction[]): void {
  for (const action of actions) {
    if (action.kind === "property") writeProperty(writer, action);
    else writeExecute(writer, action);
  }
}

function writeProperty(writer: XmlWriter, property: M.IrmlProperty): void {
  const test = property.test;
  writer.open(
    "property",
    {
      ...referenceAttributes(property.ref),
      ...(test ? { [test.negated ? "not-matches" : "matches"]: test.pattern } : {}),
      ...(property.caseSensitive ? { "case-sensitive": "yes" } : {}),
    },
    property.span,
  );
  writeActions(writer, property.body);
  writer.close("property");
}

function referenceAttributes(ref: M.IrmlPropertyRef): Record<string, string> {
  return {
    name: ref.name,
    context: ref.context ?? "",
    ...(ref.subSystem !== STANDARD_SUB_SYSTEM ? { "sub-system": ref.subSystem } : {}),
  };
}

function writeExecute(writer: XmlWriter, execute: M.IrmlExecute): void {
  writer.open("execute", {}, execute.span);
  for (const service of execute.services) {
    writer.open(
      "service",
      {
        ...(service.name ? { name: service.name.value } : {}),
        ...(service.type === "alternate" ? { type: "alternate" } : {}),
        ...(service.failure !== "abort" ? { failure: service.failure } : {}),
      },
      service.span,
    );
    if (service.target?.kind === "uri") writer.textElement("uri", service.target.uri.value, service.target.uri.span);
    else if (service.target?.kind === "any") writer.empty("any", {});
    for (const parameter of service.parameters) writeParameter(writer, parameter);
    writer.close("service");
  }
  writer.close("execute");
}

function writeParameter(writer: XmlWriter, parameter: M.IrmlParameter): void {
  const value = parameter.value;
  writer.open("parameter", { name: parameter.name, type: value?.kind === "variable" ? "dynamic" : "static" }, parameter.span);
  if (value?.kind === "value") writer.textElement("value", value.text.value, value.text.span);
  else if (value?.kind === "variable") writer.empty("variable", referenceAttributes(value.ref));
  writer.close("parameter");
}

/** Characters XML 1.0 cannot carry at all, not even as character references. */
const UNENCODABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu; // with `u`, only lone surrogates match

export function hasUnencodableCharacter(value: string): boolean {
  UNENCODABLE.lastIndex = 0;
  return UNENCODABLE.test(value);
}

/** Text content: `\r` would be folded into a line break by any XML reader. */
function escapeText(value: string): string {
  return value
    .replace(UNENCODABLE, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\r/g, "&#13;");
}

/** Attribute values: whitespace other than space would be normalised to a space. */
function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/\t/g, "&#9;").replace(/\n/g, "&#10;");
}

/** `--` may not occur inside an XML comment, nor may one end with `-`. */
function commentBody(text: string): string {
  let body = text;
  while (body.includes("--")) body = body.replaceAll("--", "- -");
  return (body.endsWith("-") ? `${body} ` : body).replace(UNENCODABLE, "\uFFFD");
}

class XmlWriter {
  private readonly lines: string[] = [];
  private depth = 0;
  private readonly pending: M.IrmlComment[];

  constructor(comments: readonly M.IrmlComment[]) {
    this.pending = [...comments].sort((a, b) => a.span.start - b.span.start);
  }

  line(text: string): void {
    this.lines.push("  ".repeat(this.depth) + text);
  }

  /** Writes the comments that end before `offset`. */
  flushComments(offset: number): void {
    while (this.pending.length > 0 && this.pending[0]!.span.end <= offset) {
      this.line(`<!--${commentBody(this.pending.shift()!.text)}-->`);
    }
  }

  open(name: string, attributes: Record<string, string>, span: Span): void {
    this.flushComments(span.start);
    this.line(`<${name}${attributeText(attributes)}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.line(`</${name}>`);
  }

  empty(name: string, attributes: Record<string, string>): void {
    this.line(`<${name}${attributeText(attributes)}/>`);
  }

  textElement(name: string, value: string, span: Span): void {
    this.flushComments(span.start);
    this.line(`<${name}>${escapeText(value)}</${name}>`);
  }

  text(): string {
    return this.lines.join("\n") + "\n";
  }
}

function attributeText(attributes: Record<string, string>): string {
  return Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
    .join("");
}
