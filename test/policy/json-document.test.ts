import { describe, expect, it } from "vitest";
import { SourceFile, type Span } from "../../src/diagnostics/source.js";
import { createAjv } from "../../src/json/ajv.js";
import { compileUserSchema } from "../../src/json/user-schema.js";
import {
  jsonPointer,
  parseJsonDocument,
  readPackageJson,
  validateWithSchema,
  type JsonDocument,
} from "../../src/json/index.js";

function parse(text: string, limits = {}) {
  return parseJsonDocument(new SourceFile("doc.json", text), limits);
}

function documentOf(text: string): JsonDocument {
  const result = parse(text);
  expect(result.problems).toEqual([]);
  return result.document!;
}

function textAt(document: JsonDocument, span: Span): string {
  return document.source.text.slice(span.start, span.end);
}

describe("parseJsonDocument", () => {
  it("maps JSON Pointers (with escaped tokens) to values and property names", () => {
    const document = documentOf('{ "a/b": { "~x": [10, "y"] } }');
    const pointer = jsonPointer("a/b", "~x", 1);
    expect(pointer).toBe("/a~1b/~0x/1");
    expect(textAt(document, document.valueSpan(pointer))).toBe('"y"');
    expect(textAt(document, document.keySpan("/a~1b/~0x"))).toBe('"~x"');
    expect(textAt(document, document.headSpan("/a~1b"))).toBe('"a/b"');
    expect(textAt(document, document.headSpan(""))).toBe("{");
    expect(document.value).toEqual({ "a/b": { "~x": [10, "y"] } });
  });

  it("falls back to the nearest existing ancestor for a pointer that does not exist", () => {
    const document = documentOf('{ "a": [1, 2] }');
    expect(textAt(document, document.valueSpan("/a/7/b"))).toBe("[1, 2]");
  });

  it("reports a duplicate property, keeping the last value as JSON.parse does", () => {
    const result = parse('{ "a": 1, "a": 2 }');
    expect(result.document!.value).toEqual({ a: 2 });
    expect(result.problems).toHaveLength(1);
    const [problem] = result.problems;
    expect(problem).toMatchObject({ kind: "duplicate-key", pointer: "/a", span: { start: 10, end: 13 } });
    expect(problem!.related![0]!.span).toEqual({ start: 2, end: 5 });
  });

  it('keeps "__proto__" an ordinary property', () => {
    const value = documentOf('{ "__proto__": { "polluted": true } }').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect((value as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it("refuses a text over the size limit without parsing it", () => {
    const result = parse("[1, 2, 3]", { maxSourceLength: 5 });
    expect(result.document).toBeUndefined();
    expect(result.problems).toEqual([{ kind: "limit", span: { start: 0, end: 0 }, message: "the document has 9 characters; the limit is 5" }]);
  });

  it("refuses nesting over the limit at the bracket that crosses it, ignoring brackets in strings", () => {
    expect(parse('[["[[[[", [["x"]]]]', { maxNestingDepth: 4 }).problems).toEqual([]);
    const [problem] = parse("[[[[[1]]]]]", { maxNestingDepth: 4 }).problems;
    expect(problem).toMatchObject({ kind: "limit", span: { start: 4, end: 5 } });
  });

  it("does not overflow the stack on hostile nesting", () => {
    const result = parse("[".repeat(200_000));
    expect(result.problems[0]!.kind).toBe("limit");
  });

  it.each([
    ['{"a": 1,}', "a trailing comma is not allowed in JSON", 7],
    ["[1, 2,]", "a trailing comma is not allowed in JSON", 5],
    ['{"a": NaN}', 'unexpected "NaN": not a JSON value', 6],
    ["{'a': 1}", "unexpected 'a': JSON strings and property names use double quotes", 1],
    ['{"a" 1}', "expected ':' after the property name", 5],
    ['{"a": 1} x', 'unexpected "x": not a JSON value', 9],
    ['{"a": "\\q"}', "invalid escape sequence in a string", 6],
    ['{"a": 1', "unexpected end of the document: '}' is missing", 7],
  ])("%s → %s", (text, message, offset) => {
    const result = parse(text);
    expect(result.document).toBeUndefined();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ kind: "syntax", message, span: { start: offset } });
  });
});

describe("validateWithSchema", () => {
  const schema = {
    type: "object",
    additionalProperties: false,
    required: ["name"],
    properties: {
      name: { type: "string" },
      colour: { enum: ["red", "green", "blue"] },
      tags: { type: "object", propertyNames: { minLength: 1 }, additionalProperties: { type: ["string", "array"] } },
      inner: { type: "object", required: ["id"], properties: { id: { type: "integer" } } },
    },
  };
  const validate = createAjv().compile(schema);

  function issues(text: string) {
    const document = documentOf(text);
    return validateWithSchema(document, validate).map((p) => ({ message: p.message, at: textAt(document, p.span) }));
  }

  it("puts a missing property at the name of the object that lacks it", () => {
    expect(issues('{ "name": "x", "inner": {} }')).toEqual([{ message: '/inner: missing required property "id"', at: '"inner"' }]);
  });

  it("puts a missing property of the root at its opening brace", () => {
    expect(issues("{\n}")).toEqual([{ message: '(root): missing required property "name"', at: "{" }]);
  });

  it("puts an unknown property at its name, suggesting a close one", () => {
    expect(issues('{ "name": "x", "color": "red" }')).toEqual([
      { message: '/color: unknown property "color" (did you mean "colour"?)', at: '"color"' },
    ]);
  });

  it("lists the allowed values of an enum and suggests the closest", () => {
    expect(issues('{ "name": "x", "colour": "gren" }')).toEqual([
      { message: '/colour: must be one of red, green, blue (did you mean "green"?)', at: '"gren"' },
    ]);
  });

  it("names every allowed type, and puts a bad property name at the name", () => {
    expect(issues('{ "name": "x", "tags": { "": 1 } }')).toEqual([
      { message: "/tags/: invalid property name: must not be empty", at: '""' },
      { message: "/tags/: must be a string or an array", at: "1" },
    ]);
  });
});

describe("compileUserSchema", () => {
  it("checks values against a valid schema, with relative pointers", () => {
    const result = compileUserSchema({ type: "object", properties: { level: { enum: ["light", "aggressive"] } } });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.schema.check({ level: "light" })).toEqual([]);
    expect(result.schema.check({ level: "max" })).toEqual([
      { pointer: "/level", target: "value", message: "must be one of light, aggressive" },
    ]);
  });

  it("lets two documents use the same $id for different schemas", () => {
    const first = compileUserSchema({ $id: "urn:example:params", type: "string" });
    const second = compileUserSchema({ $id: "urn:example:params", type: "number" });
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) {
      expect(first.schema.check("a")).toEqual([]);
      expect(second.schema.check(1)).toEqual([]);
      expect(second.schema.check("a")).toHaveLength(1);
    }
  });

  it.each([
    [{ $id: "urn:" }, ""],
    [5, ""],
    [{ type: "objec" }, "/type"],
    [{ type: "object", properties: { a: { type: "integer", minimun: 1 } } }, "/properties/a/minimun"],
  ])("reports %j as an issue at %j instead of throwing", (schema, pointer) => {
    const result = compileUserSchema(schema);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues[0]!.pointer).toBe(pointer);
  });

  it("caches by schema text", () => {
    expect(compileUserSchema({ type: "integer" })).toBe(compileUserSchema({ type: "integer" }));
  });
});

describe("readPackageJson", () => {
  it("finds files at the package root and names a missing one", () => {
    expect(readPackageJson("schemas/site-policy.schema.json")).toMatchObject({ title: "OPES site policy" });
    expect(() => readPackageJson("schemas/no-such-schema.json")).toThrow("schemas/no-such-schema.json is missing");
  });
});

describe("schema errors in words", () => {
  const result = compileUserSchema({
    type: "object",
    properties: {
      constant: { const: 1 },
      uri: { type: "string", format: "uri" },
      date: { type: "string", format: "date" },
      short: { type: "string", minLength: 3, maxLength: 4 },
      list: { type: "array", minItems: 2, maxItems: 3 },
      map: { type: "object", minProperties: 1, maxProperties: 1 },
      number: { type: "number", exclusiveMinimum: 0, maximum: 10, multipleOf: 2 },
      never: false,
      notString: { not: { type: "string" } },
      pair: { type: "object", properties: { from: {}, to: {} }, dependentRequired: { from: ["to"] } },
      either: { anyOf: [{ type: "string" }, { type: "integer" }] },
      exactlyOne: { oneOf: [{ type: "number" }, { type: "integer" }] },
    },
  });

  it.each([
    ["constant", 2, "must be 1"],
    ["uri", "no scheme", "must be an absolute URI"],
    ["date", "yesterday", "must be a date (RFC 3339)"],
    ["short", "ab", "must be at least 3 characters long"],
    ["short", "abcde", "must be at most 4 characters long"],
    ["list", [1], "must have at least 2 items"],
    ["list", [1, 2, 3, 4], "must have at most 3 items"],
    ["map", {}, "must have at least 1 property"],
    ["map", { a: 1, b: 2 }, "must have at most 1 property"],
    ["number", 0, "must be > 0"],
    ["number", 12, "must be <= 10"],
    ["number", 3, "must be a multiple of 2"],
    ["never", 1, "is not allowed here"],
    ["notString", "s", "is not allowed here"],
    ["pair", { from: 1 }, 'property "from" needs property "to" too'],
    ["either", true, "must be one of: a string; an integer"],
    ["exactlyOne", 1, "matches more than one of: a number; an integer"],
  ])("%s = %j: %s", (property, value, message) => {
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.schema.check({ [property]: value }).map((issue) => issue.message)).toEqual([message]);
  });
});
