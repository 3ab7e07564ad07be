import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { formatProgram, formatSource, maxLineWidth } from "../../src/syntax/format.js";
import { describeDiagnostics, parseText } from "../helpers/parse.js";
import { commentTexts, meaningOf } from "./meaning.js";

const fixtures = join(import.meta.dirname, "fixtures");
const figures = join(import.meta.dirname, "../syntax/fixtures/figures");

function format(text: string): string {
  const result = formatSource(new SourceFile("test.p", text));
  expect(describeDiagnostics(result.diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
  return result.text!;
}


describe("golden files", () => {
  const inputs = readdirSync(fixtures).filter((f) => f.endsWith(".p") && !f.endsWith(".formatted.p")).sort();

  it.each(inputs)("%s", async (name) => {
    const input = readFileSync(join(fixtures, name), "utf8");
    const formatted = format(input);
    await expect(formatted).toMatchFileSnapshot(join(fixtures, name.replace(/\.p$/, ".formatted.p")));
    expect(format(formatted)).toBe(formatted);
    expect(meaningOf(formatted)).toEqual(meaningOf(input));
    expect(commentTexts(formatted)).toEqual(commentTexts(input));
  });
});

describe("the draft's figures that parse", () => {
  const valid = readdirSync(figures)
    .filter((f) => f.endsWith(".p"))
    .sort()
    .map((name) => [name, readFileSync(join(figures, name), "utf8")] as const)
    .filter(([, text]) => !parseText(text).diagnostics.some((d) => d.severity === "error"));

  it("include most of them", () => {
    expect(valid.length).toBeGreaterThan(15);
  });

  it.each(valid)("%s keeps its tree and comments and is stable", (_, text) => {
    const formatted = format(text);
    expect(meaningOf(formatted)).toEqual(meaningOf(text));
    expect(commentTexts(formatted)).toEqual(commentTexts(text));
    expect(format(formatted)).toBe(formatted);
  });
});

describe("parentheses", () => {
  it.each([
    ["a - (b - c);", "a - (b - c);"],
    ["(a - b) - c;", "a - b - c;"],
    ["(not a) == b;", "not a == b;"],
    ["not (a == b);", "not (a == b);"],
    ["(a or b) and c;", "(a or b) and c;"],
    ["a or (b and c);", "a or b and c;"],
    ["(try a) otherwise b;", "try a otherwise b;"],
    ["try (a otherwise b);", "try (a otherwise b);"],
    ["(try a) xor b;", "(try a) xor b;"],
    ["(import \"Http\") + 1;", "(import \"Http\") + 1;"],
    ["import(\"Http\");", "import \"Http\";"],
    ["-(-a);", "- -a;"],
    ["(-a).b;", "(-a).b;"],
    ["(f)(x)(y);", "f(x)(y);"],
    ["({a;}).b;", "{\n  a;\n}.b;"],
  ])("%s prints as %s", (input, expected) => {
    expect(format(input)).toBe(expected + "\n");
  });
});

describe("layout", () => {
  it("attaches an empty statement to a closing brace", () => {
    expect(format("if (c) { a; } ;")).toBe("if (c) {\n  a;\n};\n");
    expect(format('ruleset authorized_by consumer "x" protocol HTTP { at 1 {} ; }').split("\n")).toContain("  at 1 {};");
  });

  it("keeps the `;` that separates a block statement from what would continue it", () => {
    expect(format("{ a; };;")).toBe("{\n  a;\n};\n;\n");
    expect(format("{ a; }; (b or c).d;")).toBe("{\n  a;\n};\n(b or c).d;\n");
    expect(format("{ a; }; -b;")).toBe("{\n  a;\n};\n-b;\n");
    expect(format("{ a; }; b;")).toBe("{\n  a;\n}\nb;\n");
  });

  it("keeps at most one blank line between statements and none at the edges of a block", () => {
    expect(format("{\n\n  a;\n\n\n\n  b;\n  c;\n\n}\n")).toBe("{\n  a;\n\n  b;\n  c;\n}\n");
  });

  it("separates the header and rulesets by one blank line", () => {
    const text = 'rulemodule author self { name "n"; id "i"; } ruleset authorized_by consumer "c" protocol HTTP {} x; y;';
    expect(format(text)).toBe('rulemodule author self {\n  name "n";\n  id "i";\n}\n\nruleset authorized_by consumer "c" protocol HTTP {}\n\nx;\ny;\n');
  });

  it("breaks a long chain at its operators with a continuation indent", () => {
    const operand = (n: number) => `Http.request.headers.get("X-Header-${n}") equal "value-${n}"`;
    const text = format(`if (${operand(1)} and ${operand(2)} and ${operand(3)}) { a; }`);
    expect(text.split("\n").slice(0, 3)).toEqual([`if (${operand(1)}`, `    and ${operand(2)}`, `    and ${operand(3)}) {`]);
  });

  it("leaves a chain that fits on one line", () => {
    const line = `x := ${"a".repeat(40)} and ${"b".repeat(49)};`;
    expect(line).toHaveLength(maxLineWidth);
    expect(format(line)).toBe(line + "\n");
  });

  it("writes strings with the escapes of P", () => {
    expect(format('x := "a\\x41\\t\\"\\\\\\x7f";')).toBe('x := "aA\\t\\"\\\\\\x7f";\n');
  });

  it("keeps CRLF line breaks when the source uses them", () => {
    const text = "/* one\r\n   two */\r\nif (a) { b; }\r\n";
    expect(format(text)).toBe("/* one\r\n   two */\r\nif (a) {\r\n  b;\r\n}\r\n");
    expect(format("a;\nb;\r\n")).toBe("a;\nb;\n");
  });

  it("prints an empty file as nothing and a file of comments as those comments", () => {
    expect(format("")).toBe("");
    expect(format("  \n\n")).toBe("");
    expect(format("// one\n\n\n/* two */  ")).toBe("// one\n\n/* two */\n");
  });
});

describe("formatSource", () => {
  it("refuses a source with syntax errors and returns the diagnostics", () => {
    const result = formatSource(new SourceFile("bad.p", "x := (1 + ;\n"));
    expect(result.text).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toContain("P1001");
  });

  it("formats despite warnings, replacing the legacy `!` by `not`", () => {
    const result = formatSource(new SourceFile("old.p", "x := !a;"));
    expect(result.text).toBe("x := not a;\n");
    expect(result.diagnostics.map((d) => d.code)).toEqual(["P1010"]);
  });
});

describe("formatProgram without the source text", () => {
  it("gives every comment a line of its own, in source order", () => {
    const { program } = parseText("a; // one\n/* two */ b; c := 1 + /* three */ 2;");
    expect(formatProgram(program)).toBe("a;\n// one\n/* two */\nb;\n/* three */\nc := 1 + 2;\n");
  });
});
