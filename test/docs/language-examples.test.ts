import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { defaultReaderLimits } from "../../src/syntax/parse-result.js";
import { parseP } from "../../src/syntax/parser.js";
import { contextualKeywords, reservedKeywords } from "../../src/syntax/tokens.js";
import { extractFencedBlocks } from "./markdown-examples.js";

const markdown = readFileSync(new URL("../../docs/language.md", import.meta.url), "utf8");
const blocks = extractFencedBlocks(markdown);
const validExamples = blocks.filter((b) => b.language === "p");
const invalidExamples = blocks.filter((b) => b.language === "p-invalid");

function parseExample(code: string, line: number) {
  return parseP(new SourceFile(`docs/language.md:${line}`, code));
}

function describeDiagnostics(diagnostics: ReturnType<typeof parseP>["diagnostics"]): string[] {
  return diagnostics.map((d) => `${d.code} ${d.severity} ${d.range.line}:${d.range.column} ${d.message}`);
}

describe("extractFencedBlocks", () => {
  it("reads language, attributes, body and line of each block and skips prose", () => {
    const text = "intro\n```p\nx := 1;\n```\nmore\n````p-invalid P1006 P1001\ny := \"\\q\";\n```\nstill inside\n````\n";
    expect(extractFencedBlocks(text)).toEqual([
      { language: "p", attributes: [], code: "x := 1;\n", line: 2 },
      { language: "p-invalid", attributes: ["P1006", "P1001"], code: 'y := "\\q";\n```\nstill inside\n', line: 6 },
    ]);
  });

  it("handles CRLF line ends", () => {
    expect(extractFencedBlocks("```p\r\na;\r\n```\r\n")).toEqual([{ language: "p", attributes: [], code: "a;\n", line: 1 }]);
  });

  it("rejects an unclosed block instead of swallowing the rest", () => {
    expect(() => extractFencedBlocks("```p\nx := 1;\n")).toThrow(/line 1 is never closed/);
  });
});

describe("docs/language.md examples", () => {
  it("has the examples the reference promises", () => {
    expect(validExamples.length).toBeGreaterThanOrEqual(15);
    expect(invalidExamples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(validExamples.map((b) => [b.line, b] as const))("```p block at line %i parses without any diagnostic", (line, block) => {
    const result = parseExample(block.code, line);
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(result.program.header !== undefined || result.program.items.length > 0).toBe(true);
  });

  it.each(invalidExamples.map((b) => [b.line, b] as const))("```p-invalid block at line %i is rejected", (line, block) => {
    const result = parseExample(block.code, line);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.length).toBeGreaterThan(0);
    const codes = errors.map((d) => d.code);
    for (const expected of block.attributes) expect(codes).toContain(expected);
  });
});

describe("docs/language.md content", () => {
  const lexicalSection = sectionOf("## 2. Lexical structure");
  const reservedPart = between(lexicalSection, "**Reserved words**", "**Contextual keywords**");
  const contextualPart = between(lexicalSection, "**Contextual keywords**", "**Member names");
  const wordOf = (token: { name: string }) => token.name.replace(/^(Kw|Ctx)_/, "");

  it.each(reservedKeywords.map(wordOf))("lists %s among the reserved words", (word) => {
    expect(reservedPart).toContain("`" + word + "`");
    expect(contextualPart).not.toContain("`" + word + "`");
  });

  it.each(contextualKeywords.map(wordOf))("lists %s among the contextual keywords", (word) => {
    expect(contextualPart).toContain("`" + word + "`");
    expect(reservedPart).not.toContain("`" + word + "`");
  });

  it("states the reader's default limits", () => {
    const limits = sectionOf("## 6. Conformance and limits");
    expect(limits).toContain(`| ${defaultReaderLimits.maxNestingDepth} | P1015`);
    expect(limits).toContain(`| ${defaultReaderLimits.maxNameLength} characters | P1016`);
    expect(limits).toContain(`(${defaultReaderLimits.maxSourceLength.toLocaleString("en-US")} UTF-16 code units)`);
    const item35 = sectionOf("## 5. Decisions on the draft's open questions").split(/^35\. /m)[1] ?? "";
    expect(item35).toContain(`nesting of at most ${defaultReaderLimits.maxNestingDepth} levels`);
    expect(item35).toContain(`names of at most ${defaultReaderLimits.maxNameLength} characters`);
  });

  it("answers the 37 open questions in order, each with question, choice and reason", () => {
    const decisions = sectionOf("## 5. Decisions on the draft's open questions");
    const items = decisions.split(/^(?=\d+\. )/m).filter((chunk) => /^\d+\. /.test(chunk));
    expect(items.map((item) => Number(/^(\d+)\./.exec(item)![1]))).toEqual(Array.from({ length: 37 }, (_, i) => i + 1));
    for (const item of items) {
      expect(item).toMatch(/\*\*Question:\*\*[\s\S]+\*\*Choice:\*\*[\s\S]+\*\*Reason:\*\*/);
    }
    const semanticItems = items.filter((item) => item.includes("(checked by the semantic stage)")).map((item) => Number(/^(\d+)\./.exec(item)![1]));
    expect(semanticItems).toEqual([12, 26, 27, 28, 29, 33]);
  });
});

function between(text: string, from: string, to: string): string {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start);
  expect(start, from).toBeGreaterThanOrEqual(0);
  expect(end, to).toBeGreaterThan(start);
  return text.slice(start, end);
}

/** The text from a `## ` heading up to the next one. */
function sectionOf(heading: string): string {
  const start = markdown.indexOf("\n" + heading + "\n");
  expect(start, `heading "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = markdown.indexOf("\n## ", start + heading.length + 1);
  return markdown.slice(start, next === -1 ? undefined : next);
}
