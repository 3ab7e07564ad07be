import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { formatProgram, formatSource } from "../../src/syntax/format.js";
import { pLexer } from "../../src/syntax/tokens.js";
import { describeDiagnostics, parseText } from "../helpers/parse.js";
import * as arb from "./arbitraries.js";
import { commentTexts, meaning } from "./meaning.js";
import { insertions, sprinkle } from "./sprinkle.js";

function errorsOf(text: string): string[] {
  return describeDiagnostics(parseText(text).diagnostics.filter((d) => d.severity === "error"));
}

function formatText(text: string): string {
  const result = formatSource(new SourceFile("test.p", text));
  expect(describeDiagnostics(result.diagnostics)).toEqual([]);
  return result.text!;
}

// FORMAT_RUNS=5000 for a longer hunt; the default keeps the suite fast.
const runs = { numRuns: Number(process.env["FORMAT_RUNS"] ?? 200) };

describe.each([
  ["generated programs", arb.program],
  ["programs with long logical chains", arb.longProgram],
])("formatting %s", (_, programs) => {
  it("prints text that parses back to the same tree", () => {
    fc.assert(
      fc.property(programs, (program) => {
        const text = formatProgram(program);
        expect(errorsOf(text), text).toEqual([]);
        expect(meaning(parseText(text).program), text).toEqual(meaning(program));
      }),
      runs,
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(programs, (program) => {
        const once = formatProgram(program);
        expect(formatText(once)).toBe(once);
      }),
      runs,
    );
  });

  it("with comments and blank lines between any two tokens: keeps the tree and every comment, and a second run changes nothing", () => {
    const sprinkled = fc.tuple(programs, insertions).map(([program, chosen]) => ({ program, text: sprinkle(formatProgram(program), chosen) }));
    fc.assert(
      fc.property(sprinkled, ({ program, text }) => {
        expect(meaning(parseText(text).program), text).toEqual(meaning(program));
        const once = formatText(text);
        expect(errorsOf(once), once).toEqual([]);
        expect(meaning(parseText(once).program), once).toEqual(meaning(program));
        expect(commentTexts(once)).toEqual(commentTexts(text));
        expect(formatText(once), `${text}\n----- formatted once -----\n${once}`).toBe(once);
      }),
      runs,
    );
  });
});

describe("formatting mutated programs", () => {
  const words = ["(", ")", "{", "}", ";", ".", ":=", "a", "1", '"s"', "and", "not", "!", "-", "otherwise", "try", "import", "at", "name", "/* c */", "// c\n"];
  const mutation = fc.record({ at: fc.nat(), kind: fc.constantFrom("delete", "duplicate", "insert"), word: fc.constantFrom(...words) });
  /** Deletes, duplicates or inserts tokens of a valid program: mostly broken sources, some valid in new ways. */
  const mutated = fc.tuple(arb.program, insertions, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([program, chosen, mutations]) => {
    const lexed = pLexer.tokenize(sprinkle(formatProgram(program), chosen));
    const tokens = [...lexed.tokens, ...(lexed.groups["comments"] ?? [])]
      .sort((a, b) => a.startOffset - b.startOffset)
      .map((token) => (token.image.startsWith("//") ? token.image + "\n" : token.image));
    for (const { at, kind, word } of mutations) {
      const index = at % (tokens.length + 1);
      if (kind === "insert") tokens.splice(index, 0, word);
      else if (index < tokens.length) tokens.splice(index, kind === "delete" ? 1 : 0, ...(kind === "duplicate" ? [tokens[index]!] : []));
    }
    return tokens.join(" ");
  });

  it("never throws, refuses exactly the sources with errors, and formats the rest faithfully and stably", () => {
    fc.assert(
      fc.property(mutated, (text) => {
        const result = formatSource(new SourceFile("mutated.p", text));
        expect(result.text === undefined).toBe(result.diagnostics.some((d) => d.severity === "error"));
        if (result.text === undefined) return;
        expect(meaning(parseText(result.text).program)).toEqual(meaning(parseText(text).program));
        expect(commentTexts(result.text)).toEqual(commentTexts(text));
        expect(formatText(result.text)).toBe(result.text);
      }),
      runs,
    );
  });
});
