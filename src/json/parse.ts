import { parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { childPointer, displayPointer, parentPointer } from "./pointer.js";
import type { JsonProblem } from "./problem.js";

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** Bounds on hostile input, checked before parsing (the parser recurses once per nesting level). */
export interface JsonLimits {
  /** Longest accepted text, in UTF-16 code units. */
  readonly maxSourceLength: number;
  /** Deepest accepted nesting of objects and arrays. */
  readonly maxNestingDepth: number;
}

export const defaultJsonLimits: JsonLimits = { maxSourceLength: 8 * 1024 * 1024, maxNestingDepth: 128 };

interface Location {
  readonly value: Span;
  /** The property name, for values that are object members. */
  readonly key?: Span;
}

/** A parsed JSON text that can say where each of its values is written. */
export class JsonDocument {
  constructor(
    readonly source: SourceFile,
    readonly value: JsonValue,
    private readonly locations: ReadonlyMap<string, Location>,
  ) {}

  /** The span of the value at the pointer, or of its nearest existing ancestor. */
  valueSpan(pointer: string): Span {
    return this.nearest(pointer).value;
  }

  /**
   * The span of the property name at the pointer: where an unknown property is
   * best underlined. Array items and the root have no name; their value is used.
   */
  keySpan(pointer: string): Span {
    const location = this.nearest(pointer);
    return location.key ?? location.value;
  }

  /**
   * Where to report that the object at the pointer lacks a property: its
   * property name, or its opening brace when it has no name (root, array item),
   * so a long object is not underlined as a whole.
   */
  headSpan(pointer: string): Span {
    const location = this.nearest(pointer);
    return location.key ?? { start: location.value.start, end: location.value.start + 1 };
  }

  private nearest(pointer: string): Location {
    let current: string | undefined = pointer;
    while (current !== undefined) {
      const location = this.locations.get(current);
      if (location) return location;
      current = parentPointer(current);
    }
    // The root always has a location; this only guards pointers of another document.
    return { value: { start: 0, end: 0 } };
  }
}

export interface JsonParseResult {
  /** Absent when the text is not JSON or exceeds a limit. */
  readonly document?: JsonDocument;
  /** Syntax and limit problems (then no document), or duplicate keys (document still given). */
  readonly problems: readonly JsonProblem[];
}

/**
 * Parses strict JSON (RFC 8259: no comments, no trailing commas) keeping the
 * position of every value. Never throws: a bad text gives one syntax problem
 * at its first error (later errors of the recovering parser are mostly echoes
 * of the first). Duplicate property names are problems too; the last one wins
 * in the value, as with `JSON.parse`.
 */
export function parseJsonDocument(source: SourceFile, limits: Partial<JsonLimits> = {}): JsonParseResult {
  const limitProblem = checkLimits(source.text, { ...defaultJsonLimits, ...limits });
  if (limitProblem) return { problems: [limitProblem] };

  // A byte-order mark is allowed before JSON text (RFC 8259 §8.1); blank it out so offsets stay put.
  const text = source.text.startsWith("\uFEFF") ? ` ${source.text.slice(1)}` : source.text;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const firstError = errors[0];
  // parseTree returns no tree only for empty content, which it reports as an error; the fallback keeps types honest.
  if (firstError || !root) return { problems: [describeSyntaxError(text, firstError ?? missingValueAtEnd(text))] };

  const locations = new Map<string, Location>();
  const problems: JsonProblem[] = [];
  const value = convert(root, "", undefined, locations, problems);
  return { document: new JsonDocument(source, value, locations), problems };
}

function convert(
  node: Node,
  pointer: string,
  key: Span | undefined,
  locations: Map<string, Location>,
  problems: JsonProblem[],
): JsonValue {
  locations.set(pointer, { value: spanOf(node), ...(key ? { key } : {}) });
  switch (node.type) {
    case "object":
      return convertObject(node, pointer, locations, problems);
    case "array":
      return (node.children ?? []).map((item, index) =>
        convert(item, childPointer(pointer, index), undefined, locations, problems),
      );
    case "string":
    case "number":
    case "boolean":
      return node.value as string | number | boolean;
    default:
      return null;
  }
}

function convertObject(
  node: Node,
  pointer: string,
  locations: Map<string, Location>,
  problems: JsonProblem[],
): JsonObject {
  const object: Record<string, JsonValue> = {};
  const firstKeySpans = new Map<string, Span>();
  for (const property of node.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (!keyNode || !valueNode) continue;
    const name = keyNode.value as string;
    const keySpan = spanOf(keyNode);
    const memberPointer = childPointer(pointer, name);
    const first = firstKeySpans.get(name);
    if (first) {
      problems.push({
        kind: "duplicate-key",
        pointer: memberPointer,
        span: keySpan,
        message: `${displayPointer(memberPointer)}: property "${name}" is given twice; only the last one counts`,
        related: [{ span: first, message: `first "${name}" is here` }],
      });
    } else {
      firstKeySpans.set(name, keySpan);
    }
    // defineProperty, not assignment: a "__proto__" key must stay an ordinary property.
    Object.defineProperty(object, name, {
      value: convert(valueNode, memberPointer, keySpan, locations, problems),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}

function missingValueAtEnd(text: string): ParseError {
  return { error: 4 /* ValueExpected */, offset: text.length, length: 0 };
}

function spanOf(node: Node): Span {
  return { start: node.offset, end: node.offset + node.length };
}

function checkLimits(text: string, limits: JsonLimits): JsonProblem | undefined {
  if (text.length > limits.maxSourceLength) {
    return {
      kind: "limit",
      span: { start: 0, end: 0 },
      message: `the document has ${text.length} characters; the limit is ${limits.maxSourceLength}`,
    };
  }
  const tooDeepAt = findExcessiveNesting(text, limits.maxNestingDepth);
  if (tooDeepAt === undefined) return undefined;
  return {
    kind: "limit",
    span: { start: tooDeepAt, end: tooDeepAt + 1 },
    message: `objects and arrays are nested more than ${limits.maxNestingDepth} levels deep`,
  };
}

/** The offset of the first bracket that opens level maxDepth + 1, skipping string contents. */
function findExcessiveNesting(text: string, maxDepth: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === "{" || ch === "[") {
      if (++depth > maxDepth) return i;
    } else if (ch === "}" || ch === "]") {
      depth--;
    }
  }
  return undefined;
}

function describeSyntaxError(text: string, error: ParseError): JsonProblem {
  const span = { start: error.offset, end: error.offset + error.length };
  const token = text.slice(span.start, span.end);
  const atEnd = text.slice(error.offset).trim() === "";
  const trailingComma = findTrailingComma(text, error.offset);
  const syntax = (message: string, where: Span = span): JsonProblem => ({ kind: "syntax", span: where, message });

  switch (printParseErrorCode(error.error)) {
    case "InvalidSymbol":
      if (token.startsWith("'")) return syntax(`unexpected ${token}: JSON strings and property names use double quotes`);
      return syntax(`unexpected ${JSON.stringify(token)}: not a JSON value`);
    case "PropertyNameExpected":
    case "ValueExpected":
      if (trailingComma !== undefined) {
        return syntax("a trailing comma is not allowed in JSON", { start: trailingComma, end: trailingComma + 1 });
      }
      if (atEnd) return syntax("unexpected end of the document: a value is missing");
      return printParseErrorCode(error.error) === "ValueExpected"
        ? syntax(`expected a value, found ${JSON.stringify(token)}`)
        : syntax(`expected a property name in double quotes, found ${JSON.stringify(token)}`);
    case "ColonExpected":
      return syntax("expected ':' after the property name");
    case "CommaExpected":
      return syntax(atEnd ? "unexpected end of the document" : `expected ',' before ${JSON.stringify(token)}`);
    case "CloseBraceExpected":
      return syntax(atEnd ? "unexpected end of the document: '}' is missing" : "expected ',' or '}'");
    case "CloseBracketExpected":
      return syntax(atEnd ? "unexpected end of the document: ']' is missing" : "expected ',' or ']'");
    case "EndOfFileExpected":
      return syntax("unexpected text after the end of the JSON value");
    case "InvalidCommentToken":
    case "UnexpectedEndOfComment":
      return syntax("comments are not allowed in JSON");
    case "UnexpectedEndOfString":
      return syntax("unterminated string (a line break inside a string must be written \\n)");
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return syntax(`invalid number ${JSON.stringify(token)}`);
    case "InvalidUnicode":
      return syntax("invalid \\u escape: four hexadecimal digits must follow \\u");
    case "InvalidEscapeCharacter":
      return syntax("invalid escape sequence in a string");
    case "InvalidCharacter":
      return syntax("control characters in strings must be escaped");
    default:
      return syntax("invalid JSON");
  }
}

/** The offset of a comma that directly precedes `offset` (whitespace aside), if any. */
function findTrailingComma(text: string, offset: number): number | undefined {
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  const closer = text[offset];
  return text[i] === "," && (closer === "}" || closer === "]") ? i : undefined;
}
