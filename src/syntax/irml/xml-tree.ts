import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from "saxes";
import type { Span } from "../../diagnostics/source.js";
import { irmlDiagnostics as codes } from "../../diagnostics/catalog/irml.js";
import type { DiagnosticSink } from "./sink.js";

/**
 * An XML element tree with source spans, built from saxes events. It is the
 * only place that knows about saxes; everything after it works on this tree.
 */

export interface XmlAttribute {
  /** The qualified name as written, e.g. `xmlns:ds` or `context`. */
  readonly name: string;
  readonly prefix: string;
  readonly local: string;
  /** The namespace URI ("" for an unprefixed attribute). */
  readonly namespace: string;
  readonly value: string;
  /** From the first character of the name to the closing quote. */
  readonly span: Span;
  readonly nameSpan: Span;
  /** Between the quotes. */
  readonly valueSpan: Span;
}

export interface XmlText {
  readonly kind: "text";
  /** The decoded text (entities and CDATA resolved). */
  readonly value: string;
  /** The raw text in the source. */
  readonly span: Span;
}

export interface XmlElement {
  readonly kind: "element";
  readonly name: string;
  readonly local: string;
  readonly namespace: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlChild[];
  /** From `<` of the start tag to `>` of the end tag. */
  readonly span: Span;
  /** The start tag, `<name …>`. */
  readonly tagSpan: Span;
  readonly nameSpan: Span;
  /** Between the start tag and the end tag (empty for `<x/>`). */
  readonly contentSpan: Span;
}

export type XmlChild = XmlElement | XmlText;

export interface XmlComment {
  /** The comment body, without `<!--` and `-->`. */
  readonly text: string;
  readonly span: Span;
}

export interface XmlDocument {
  readonly root: XmlElement;
  readonly comments: readonly XmlComment[];
}

const CHUNK_SIZE = 16 * 1024;

interface OpenElement {
  readonly name: string;
  readonly start: number;
  readonly nameSpan: Span;
  readonly attributes: Omit<XmlAttribute, "namespace">[];
  tag?: SaxesTagNS;
  tagEnd: number;
  readonly children: XmlChild[];
}

/**
 * Parses `text` as a namespace-aware XML 1.0 document. Returns the tree, or
 * no tree when the document is not well-formed; only the first
 * well-formedness error is reported, because saxes's later errors are
 * usually consequences of the first.
 */
export function readXmlTree(text: string, sink: DiagnosticSink, maxDepth: number): XmlDocument | undefined {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const offset = () => sink.source.offsetAt(parser.line, parser.columnIndex + 1);
  const stack: OpenElement[] = [];
  const comments: XmlComment[] = [];
  let root: XmlElement | undefined;
  let markupEnd = 0;
  let lastTagName = "";
  let unclosed: OpenElement | undefined;
  let failed = false;

  const fail = (span: Span, message: string, related?: { span: Span; message: string }, definition = codes.xmlNotWellFormed) => {
    if (failed) return;
    failed = true;
    sink.report(definition, span, message, related ? { related: [related] } : {});
  };

  parser.on("error", (error) => {
    const at = offset();
    const innermost = unclosed ?? stack[stack.length - 1];
    const { span, message, related } = explainSaxesError(text, error.message, at, innermost, lastTagName);
    fail(span, message, related);
  });
  parser.on("doctype", (body) => {
    const end = offset();
    if (body.includes("[")) {
      const start = text.lastIndexOf("<!DOCTYPE", end);
      sink.report(codes.xmlDoctypeInternalSubset, { start: Math.max(0, start), end }, "a DOCTYPE with an internal subset is not supported: its declarations would be ignored; remove the '[ … ]' part");
    }
    markupEnd = end;
  });
  parser.on("opentagstart", (tag) => {
    const at = offset();
    const start = Math.max(0, text.lastIndexOf("<", at - 1));
    lastTagName = tag.name;
    if (stack.length >= maxDepth) {
      fail({ start, end: start + 1 + tag.name.length }, `elements nest deeper than ${maxDepth} levels`, undefined, codes.xmlNestingTooDeep);
    }
    stack.push({ name: tag.name, start, nameSpan: { start: start + 1, end: start + 1 + tag.name.length }, attributes: [], tagEnd: at, children: [] });
  });
  parser.on("attribute", (attribute) => {
    const open = stack[stack.length - 1];
    if (open) open.attributes.push(locateAttribute(text, offset(), attribute));
  });
  parser.on("opentag", (tag) => {
    const open = stack[stack.length - 1];
    if (!open) return;
    open.tag = tag;
    open.tagEnd = offset();
    markupEnd = open.tagEnd;
  });
  parser.on("text", (value) => addText(value, textEnd(text, offset())));
  parser.on("cdata", (value) => addText(value, offset()));
  parser.on("comment", (body) => {
    const end = offset();
    comments.push({ text: body, span: { start: Math.max(0, text.lastIndexOf("<!--", end)), end } });
    markupEnd = end;
  });
  parser.on("processinginstruction", () => {
    markupEnd = offset();
  });
  parser.on("closetag", () => {
    const open = stack.pop();
    if (!open || !open.tag) return;
    const end = offset();
    const closeStart = open.tag.isSelfClosing ? open.tagEnd : Math.max(open.tagEnd, text.lastIndexOf("</", end - 1));
    // On a mismatched end tag saxes first closes the open elements, then reports.
    if (!open.tag.isSelfClosing && endTagName(text, closeStart, end) !== open.name) unclosed ??= open;
    const element = toElement(open, open.tag, { start: open.start, end }, { start: open.tagEnd, end: closeStart });
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    markupEnd = end;
  });

  function addText(value: string, end: number) {
    const parent = stack[stack.length - 1];
    if (parent && value.length > 0) parent.children.push({ kind: "text", value, span: { start: markupEnd, end } });
    markupEnd = end;
  }

  try {
    // Fed in chunks so that reading stops soon after the first error: saxes
    // keeps going, and some of its checks cost more the deeper the nesting.
    for (let at = 0; at < text.length && !failed; at += CHUNK_SIZE) parser.write(text.slice(at, at + CHUNK_SIZE));
    if (!failed) parser.close();
  } catch (error) {
    // saxes reports through the handler above; this guards against the unforeseen.
    fail({ start: 0, end: 0 }, `the XML reader stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (failed || !root) return undefined;
  return { root, comments };
}

/** A text event fires on the `<` that ends the run, or at the end of input. */
function textEnd(text: string, at: number): number {
  return text[at - 1] === "<" ? at - 1 : at;
}

/**
 * saxes fires `attribute` just after the closing quote; the name and value
 * are found by walking back from there over `name = "value"`.
 */
function locateAttribute(text: string, end: number, attribute: { name: string; prefix?: string; local?: string; value: string }): Omit<XmlAttribute, "namespace"> {
  const quote = text[end - 1];
  const valueStart = quote === '"' || quote === "'" ? Math.max(0, text.lastIndexOf(quote, end - 2) + 1) : end;
  const valueEnd = quote === '"' || quote === "'" ? end - 1 : end;
  let nameEnd = valueStart - 1;
  while (nameEnd > 0 && /[\s=]/.test(text[nameEnd - 1] ?? "")) nameEnd--;
  const nameStart = Math.max(0, nameEnd - attribute.name.length);
  return {
    name: attribute.name,
    prefix: attribute.prefix ?? "",
    local: attribute.local ?? attribute.name,
    value: attribute.value,
    span: { start: nameStart, end },
    nameSpan: { start: nameStart, end: nameEnd },
    valueSpan: { start: valueStart, end: Math.max(valueStart, valueEnd) },
  };
}

function toElement(open: OpenElement, tag: SaxesTagNS, span: Span, contentSpan: Span): XmlElement {
  const resolved: Record<string, SaxesAttributeNS> = tag.attributes;
  return {
    kind: "element",
    name: tag.name,
    local: tag.local,
    namespace: tag.uri,
    attributes: open.attributes.map((a) => ({ ...a, namespace: resolved[a.name]?.uri ?? "" })),
    children: open.children,
    span,
    tagSpan: { start: open.start, end: open.tagEnd },
    nameSpan: open.nameSpan,
    contentSpan,
  };
}

/** The name in the end tag `</name >` that spans [start, end). */
function endTagName(text: string, start: number, end: number): string {
  return /^<\/\s*([^\s>]*)/.exec(text.slice(start, end))?.[1] ?? "";
}

/** The opening quote of the last attribute value in a start tag, or -1. */
function lastAttributeQuote(text: string, tagStart: number, at: number): number {
  const pattern = /=\s*["']/g;
  const tag = text.slice(tagStart, at);
  let last = -1;
  for (let match = pattern.exec(tag); match; match = pattern.exec(tag)) last = tagStart + match.index + match[0].length - 1;
  return last;
}

interface ExplainedError {
  readonly span: Span;
  readonly message: string;
  readonly related?: { span: Span; message: string };
}

/** Turns saxes's terse messages into ones that say what to fix, with the best span. */
function explainSaxesError(text: string, raw: string, at: number, open: OpenElement | undefined, lastTagName: string): ExplainedError {
  const message = raw.replace(/^\d+:\d+: /, "").replace(/\.$/, "");
  const here: Span = { start: Math.max(0, at - 1), end: at };
  if (message === "unexpected close tag" && open) {
    const closeStart = Math.max(0, text.lastIndexOf("</", at - 1));
    const closeName = endTagName(text, closeStart, at);
    return {
      span: { start: closeStart, end: at },
      message: `end tag '</${closeName}>' does not match the open element '<${open.name}>'; is '</${open.name}>' missing or misspelled?`,
      related: { span: open.nameSpan, message: `'<${open.name}>' is opened here` },
    };
  }
  if (message.startsWith("unclosed tag") && open) {
    return {
      span: { start: text.length, end: text.length },
      message: `the document ends before '<${open.name}>' is closed`,
      related: { span: open.nameSpan, message: `'<${open.name}>' is opened here` },
    };
  }
  if (message === "documents may contain only one root") {
    const start = Math.max(0, text.lastIndexOf("<", at - 1));
    const hint = /signature$/i.test(lastTagName)
      ? "; an XML signature belongs inside <rulemodule> as its last child (enveloped) or in a detached FILE.sig"
      : "";
    return { span: { start, end: start + 1 + lastTagName.length }, message: `a second top-level element '<${lastTagName}>': an XML document has exactly one root element${hint}` };
  }
  if (message === "undefined entity") {
    const start = Math.max(0, text.lastIndexOf("&", at - 1));
    const reference = text.slice(start, at);
    return {
      span: { start, end: at },
      message: `undefined entity '${reference}': XML predefines only &amp; &lt; &gt; &quot; &apos;; write other characters as references such as &#233;`,
    };
  }
  if (message === "unquoted attribute value") {
    return { span: here, message: "attribute values must be quoted, e.g. processing-point=\"4\"" };
  }
  if (message === "disallowed character" && text[at - 1] === "<") {
    const inStartTag = open && !open.tag;
    const quote = inStartTag ? lastAttributeQuote(text, open.start, at) : -1;
    return {
      span: here,
      message: "'<' is not allowed here; inside an attribute value this usually means its closing quote is missing (write &lt; for a literal '<')",
      ...(quote >= 0 ? { related: { span: { start: quote, end: quote + 1 }, message: "the attribute value that opens here is never closed" } } : {}),
    };
  }
  if (message === "document must contain a root element") {
    return { span: { start: text.length, end: text.length }, message: "the document is empty: an IRML module needs a <rulemodule> element" };
  }
  return { span: at >= text.length ? { start: text.length, end: text.length } : here, message };
}
