import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { readAllInWorker } from "../helpers/reader-in-worker.js";
import { parseText } from "../helpers/parse.js";

const figures = join(import.meta.dirname, "fixtures/figures");
const seeds = readdirSync(figures).map((f) => readFileSync(join(figures, f), "utf8"));

const pieces = [
  "rulemodule", "ruleset", "authorized_by", "consumer", "provider", "group", "protocol", "at", "author", "self",
  "if", "elsif", "else", "{", "}", "(", ")", ";", ":=", "==", "!", "not", "and", "or", "otherwise", "try", "import",
  "matches", "not_matches", ".", ",", '"', '"s"', "/*", "*/", "//", "\n", "0", "007", "x", "Http", "\\", "@", "=",
];

/** Sources that look like P: seeds cut, spliced and sprinkled with tokens. */
const mutatedSource = fc
  .tuple(fc.constantFrom(...seeds), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom(...pieces)), { maxLength: 12 }))
  .map(([seed, edits]) =>
    edits.reduce((text, [at, cut, piece]) => {
      const position = at % (text.length + 1);
      return text.slice(0, position) + piece + text.slice(position + cut);
    }, seed),
  );

const tokenSoup = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(" "));

describe("the P reader on arbitrary input", () => {
  it("never throws and always terminates (worker with a deadline)", async () => {
    const inputs = [
      ...fc.sample(fc.string({ maxLength: 200 }), 300),
      ...fc.sample(fc.string({ unit: "binary", maxLength: 200 }), 200),
      ...fc.sample(tokenSoup, 400),
      ...fc.sample(mutatedSource, 600),
      "(".repeat(100_000),
      "{".repeat(100_000),
      "not ".repeat(100_000),
      '"'.repeat(10_001),
      "/*".repeat(20_000),
    ];
    const results = await readAllInWorker("p", inputs, 60_000);
    expect(results).toHaveLength(inputs.length);
    // Every reported code is a catalogued syntax code.
    for (const codes of results) for (const code of codes) expect(code).toMatch(/^P10\d\d$/);
  });

  it("reports at least one error for any source with an unbalanced brace", () => {
    fc.assert(
      fc.property(mutatedSource, (text) => {
        const opens = [...text.replace(/"[^"\n]*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")].filter((c) => c === "{").length;
        const closes = [...text.replace(/"[^"\n]*"|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")].filter((c) => c === "}").length;
        fc.pre(opens !== closes && !text.includes('"') && !text.includes("/*") && !text.includes("//"));
        const errors = parseText(text).diagnostics.filter((d) => d.severity === "error");
        expect(errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });
});

describe("the P parser between files", () => {
  // The parser is one object reused for every file, and it reuses its
  // operator chains by nesting depth. Error recovery may abandon an
  // expression midway; nothing of that may leak into the next file.
  it("reads a file the same whatever it read before", async () => {
    // The expected trees come from a parser of their own, which reads only valid files.
    vi.resetModules();
    const pristine = (await import("../helpers/parse.js")).parseText;
    const fresh = new Map(seeds.map((seed) => [seed, JSON.stringify(pristine(seed))]));
    fc.assert(
      fc.property(fc.array(fc.oneof(mutatedSource, tokenSoup), { minLength: 1, maxLength: 4 }), fc.constantFrom(...seeds), (before, seed) => {
        for (const text of before) parseText(text);
        expect(JSON.stringify(parseText(seed))).toBe(fresh.get(seed));
      }),
      { numRuns: 150 },
    );
  });
});

describe("the IRML reader on arbitrary input", () => {
  const xmlPieces = ["<rulemodule>", "</rulemodule>", "<author type=\"self\">", "</author>", "<ruleset>", "<rule processing-point=\"4\">", "<property name=\"a\" context=\"req-msg\" matches=\"x\">", "</property>", "<execute>", "<service>", "<uri>urn:x</uri>", "</service>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&bogus;", "<", ">", "\"", "<?xml version=\"1.0\"?>", "<!DOCTYPE rulemodule [<!ENTITY a \"b\">]>", "\n"];
  it("never throws and always terminates (worker with a deadline)", async () => {
    const inputs = [
      ...fc.sample(fc.string({ maxLength: 300 }), 200),
      ...fc.sample(fc.array(fc.constantFrom(...xmlPieces), { maxLength: 80 }).map((parts) => parts.join("")), 500),
      "<a>".repeat(60_000),
      "<!--".repeat(10_000),
    ];
    const results = await readAllInWorker("irml", inputs, 60_000);
    expect(results).toHaveLength(inputs.length);
    for (const codes of results) expect(codes.length).toBeGreaterThan(0);
  });
});
