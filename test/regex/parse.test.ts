import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type EreNode, MAX_POSITIONS, MAX_REPEAT, parseEre } from "../../src/runtime/regex/index.js";

function ast(pattern: string): EreNode {
  const result = parseEre(pattern);
  if (!result.ok) throw new Error(`${pattern}: ${result.error.message}`);
  return result.ast;
}

/** [pattern, offset, length, words the message must contain] */
const rejected: [string, number, number, string][] = [
  ["a\\1", 1, 2, "backreferences ('\\1') are not part of POSIX ERE"],
  ["(a)\\9", 3, 2, "backreferences"],
  ["\\d+", 0, 2, "'\\d' is Perl/JavaScript syntax, not POSIX ERE; write '[[:digit:]]'"],
  ["x\\w", 1, 2, "'[[:alnum:]_]'"],
  ["\\S", 0, 2, "'[^[:space:]]'"],
  ["\\bword", 0, 2, "word or text boundary"],
  ["a\\<", 1, 2, "word or text boundary"],
  ["a\\n", 1, 2, "put the newline character itself"],
  ["\\q", 0, 2, "not a POSIX ERE escape"],
  ["ab\\", 2, 1, "lone backslash"],
  ["(?=a)b", 0, 3, "lookahead '(?='"],
  ["(?!a)b", 0, 3, "lookahead '(?!'"],
  ["x(?<=a)", 1, 4, "lookbehind '(?<='"],
  ["(?<!a)", 0, 4, "lookbehind '(?<!'"],
  ["(?<year>19)", 0, 3, "named groups"],
  ["(?:ab)+", 0, 3, "non-capturing groups"],
  ["(?i)a", 0, 2, "group modifiers"],
  ["a*?", 1, 2, "lazy quantifiers"],
  ["a+?b", 1, 2, "lazy quantifiers"],
  ["a??", 1, 2, "lazy quantifiers"],
  ["a{2,3}?", 1, 6, "lazy quantifiers"],
  ["a*+", 1, 2, "possessive quantifiers"],
  ["a**", 1, 2, "a quantifier cannot follow another quantifier"],
  ["a+*", 1, 2, "a quantifier cannot follow another quantifier"],
  ["a{2}{3}", 1, 4, "a quantifier cannot follow another quantifier"],
  ["*a", 0, 1, "'*' has nothing to repeat"],
  ["a|+b", 2, 1, "'+' has nothing to repeat"],
  ["(?", 0, 2, "group modifiers"],
  ["(*a)", 1, 1, "'*' has nothing to repeat"],
  ["^*", 1, 1, "'*' cannot repeat the anchor '^'"],
  ["a$?", 2, 1, "'?' cannot repeat the anchor '$'"],
  ["{2}", 0, 1, "'{' has nothing to repeat"],
  ["a{", 1, 1, "'{' must start an interval"],
  ["a{x}", 1, 1, "'{' must start an interval"],
  ["a{1,2", 1, 1, "'{' must start an interval"],
  ["a{,3}", 1, 1, "'{' must start an interval"],
  ["a{ 1}", 1, 1, "'{' must start an interval"],
  ["a}", 1, 1, "unmatched '}'"],
  ["a{3,2}", 1, 5, "invalid interval '{3,2}'"],
  [`a{${MAX_REPEAT + 1}}`, 1, 5, `repetition count 256 in '{256}' exceeds the maximum of ${MAX_REPEAT}`],
  ["a{1,1000}", 1, 8, "repetition count 1000"],
  ["()", 0, 2, "empty group '()'"],
  ["a()b", 1, 2, "empty group '()'"],
  ["", 0, 0, "the pattern is empty"],
  ["|a", 0, 1, "empty alternative"],
  ["a|", 1, 1, "empty alternative"],
  ["a||b", 2, 1, "empty alternative"],
  ["(a|)", 2, 1, "empty alternative"],
  ["(|a)", 1, 1, "empty alternative"],
  ["(ab", 0, 1, "unclosed group"],
  ["((a)", 0, 1, "unclosed group"],
  ["a(", 1, 1, "unclosed group"],
  ["ab)", 2, 1, "unmatched ')'"],
  [")", 0, 1, "unmatched ')'"],
  ["[ab", 0, 1, "unclosed bracket expression"],
  ["[]", 0, 1, "unclosed bracket expression"],
  ["[^]", 0, 1, "unclosed bracket expression"],
  ["x[z-a]", 2, 3, "invalid range 'z-a': 'a' comes before 'z'"],
  ["[[:alfa:]]", 1, 8, "unknown character class '[:alfa:]'; POSIX defines alpha"],
  ["[[:alpha]]", 1, 2, "unclosed '[:'"],
  ["[[:alpha:]-z]", 1, 9, "a character class cannot start a range"],
  ["[a-[:digit:]]", 3, 9, "a character class cannot end a range"],
  ["[[.ab.]]", 1, 6, "only single characters"],
  ["[[=e", 1, 2, "unclosed '[='"],
  ["[\\d]", 1, 2, "inside a bracket expression a backslash is an ordinary character"],
  [`${"(".repeat(101)}a${")".repeat(101)}`, 100, 1, "nested more than 100 deep"],
  ["((a{100}){101})", 0, 15, `more than the limit of ${MAX_POSITIONS}`],
];

describe("parseEre rejections", () => {
  it.each(rejected)("%j at %i+%i: %s", (pattern, offset, length, message) => {
    const result = parseEre(pattern);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toContain(message);
    expect({ offset: result.error.offset, length: result.error.length }).toEqual({ offset, length });
  });
});

describe("parseEre accepts POSIX ERE", () => {
  it.each([
    "abc", ".", "^/$|^/index.html$", "a|b|c", "(a|b)*c", "a+b?c*", "a{0}", "a{2}", "a{2,}", "a{2,5}", `a{${MAX_REPEAT}}`,
    "[abc]", "[^abc]", "[a-z0-9]", "[]a]", "[^]a]", "[a-]", "[-a]", "[--/]", "[a-c-e]", "[[:alpha:][:digit:]_]", "[[.-.]a]", "[[=e=]]",
    "[\\]", "\\.\\\\\\(\\)\\[\\]\\{\\}\\*\\+\\?\\|\\^\\$\\/\\-", "a]", "^a$", "a^b", "(^a|b$)+", "x$y", "😀+", "[😀-😃]", "((((a))))",
    `${"(".repeat(100)}a${")".repeat(100)}`, "(a{100}){100}",
  ])("%j", (pattern) => {
    expect(parseEre(pattern)).toMatchObject({ ok: true });
  });
});

describe("parseEre trees", () => {
  it("gives literals, brackets and anchors their spans and code points", () => {
    expect(ast("^a😀$")).toEqual({
      kind: "concat",
      span: { offset: 0, length: 5 },
      items: [
        { kind: "start", span: { offset: 0, length: 1 } },
        { kind: "char", codePoint: 0x61, span: { offset: 1, length: 1 } },
        { kind: "char", codePoint: 0x1f600, span: { offset: 2, length: 2 } },
        { kind: "end", span: { offset: 4, length: 1 } },
      ],
    });
  });

  it("reads ']' first as a member, '-' at either end as a member, and classes by name", () => {
    expect(ast("[^]a-c[:digit:]-]")).toEqual({
      kind: "bracket",
      negated: true,
      span: { offset: 0, length: 17 },
      items: [
        { kind: "range", from: 0x5d, to: 0x5d },
        { kind: "range", from: 0x61, to: 0x63 },
        { kind: "class", name: "digit" },
        { kind: "range", from: 0x2d, to: 0x2d },
      ],
    });
  });

  it("reads a backslash inside brackets as itself", () => {
    expect(ast("[\\n]")).toMatchObject({ kind: "bracket", items: [{ from: 0x5c }, { from: 0x6e }] });
  });

  it("reads quantifiers as repeat nodes around the atom", () => {
    expect(ast("(ab){2,}c?")).toMatchObject({
      kind: "concat",
      items: [
        { kind: "repeat", min: 2, max: undefined, span: { offset: 0, length: 8 }, body: { kind: "group", body: { kind: "concat" } } },
        { kind: "repeat", min: 0, max: 1, body: { kind: "char", codePoint: 0x63 } },
      ],
    });
    expect(ast("a{3}")).toMatchObject({ kind: "repeat", min: 3, max: 3 });
    expect(ast("a*")).toMatchObject({ kind: "repeat", min: 0, max: undefined });
    expect(ast("a+")).toMatchObject({ kind: "repeat", min: 1, max: undefined });
  });

  it("reads alternation as the loosest operator", () => {
    expect(ast("ab|c")).toMatchObject({ kind: "alternation", branches: [{ kind: "concat" }, { kind: "char" }] });
  });

  it("never throws, and an error always points inside the pattern", () => {
    const pieces = ["(", ")", "[", "]", "{", "}", "|", "*", "+", "?", "\\", "^", "$", ".", "a", "-", ":", "=", "1", ",", "[:alpha:]", "😀"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 16 }), (parts) => {
        const pattern = parts.join("");
        const result = parseEre(pattern);
        if (result.ok) return;
        expect(result.error.offset).toBeGreaterThanOrEqual(0);
        expect(result.error.offset + result.error.length).toBeLessThanOrEqual(pattern.length);
        expect(result.error.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("parseEre's reuse of earlier parses", () => {
  it("gives a pattern parsed before the same result, valid or not", () => {
    expect(parseEre("(ab|c)+d")).toBe(parseEre("(ab|c)+d"));
    expect(parseEre("(ab")).toBe(parseEre("(ab"));
    expect(parseEre("(ab|c)+d")).not.toBe(parseEre("(ab|c)+e"));
  });
});
