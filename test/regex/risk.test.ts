import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseEre, riskOfBacktracking } from "../../src/runtime/regex/index.js";

function risk(pattern: string): string | undefined {
  const parsed = parseEre(pattern);
  if (!parsed.ok) throw new Error(`${pattern}: ${parsed.error.message}`);
  return riskOfBacktracking(parsed.ast);
}

/** [pattern, words the reason must contain] — each takes V8 seconds on a hostile input of 25-300 characters. */
const risky: [string, string][] = [
  ["(a+)+$", "the repetition at offset 0 has a nested quantifier"],
  ["^(a+)+$", "the repetition at offset 1 has a nested quantifier"],
  ["(.*)*", "offset 0 has a nested quantifier"],
  ["(a*)*b", "offset 0 has a nested quantifier"],
  ["(a*b*)*c", "offset 0 has a nested quantifier"],
  ["x(a{1,3})+y", "the repetition at offset 1 can match the same text in more than one way"],
  ["(a|a)*b", "the repetition at offset 0 can match the same text in more than one way"],
  ["(a|aa)+c", "offset 0 can match the same text in more than one way"],
  ["(a|b|ab)*c", "offset 0 can match the same text in more than one way"],
  ["(.|a)*b", "offset 0 can match the same text in more than one way"],
  ["(x+x+)+y", "offset 0 can match the same text in more than one way"],
  ["^([[:alnum:]]+[[:space:]]?)*$", "offset 1"],
  ["^(([a-z])+.)+[A-Z]([a-z])+$", "offset 1"],
  ["(.*a){20}", "the repetition at offset 0 can share the same characters out between 20 loops"],
  ["a*a*a*a*b", "the quantified parts at offsets 0, 2, 4, 6 can share the same characters out between 4 loops"],
  [".*x.*y.*z.*", "between 4 loops"],
];

/** Patterns a backtracking engine handles in (near) linear time per start position. */
const safe = [
  "abc", "^/$|^/index.html$", "sew=23", "^de|^fr|^it|^es", "application/", "text/html",
  "(ab+)+$", "(a+b)+", "(a|ab)*c", "([a-z]+\\.)+[a-z]+$", "(a?)*b", "a*b*c*d*", "(ab|ac)*d", "[0-9]{1,3}(\\.[0-9]{1,3}){3}",
  ".*.*.*", "a{1,255}", "(a{2}){3}", "^(GET|HEAD|POST) ", "[[:alpha:]]+[[:digit:]]+",
];

describe("riskOfBacktracking", () => {
  it.each(risky)("warns about %j", (pattern, reason) => {
    expect(risk(pattern)).toContain(reason);
  });

  it.each(safe)("accepts %j", (pattern) => {
    expect(risk(pattern)).toBeUndefined();
  });

  it("falls back to a syntactic check on patterns too large to analyse", () => {
    expect(risk(`${".*".repeat(1000)}(a+)+`)).toBe(
      "the repetition at offset 2000 contains another repetition, and the pattern is too large to analyse precisely: nested quantifiers can make a backtracking engine take exponential time",
    );
    expect(risk(`${"x".repeat(3000)}(ab)*`)).toBeUndefined();
  });

  it("terminates on every pattern, and names an offset inside it", () => {
    const pieces = ["a", "b", ".", "[ab]", "(", ")", "|", "*", "+", "?", "{2}", "{1,3}", "^", "$"];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 14 }), (parts) => {
        const pattern = parts.join("");
        const parsed = parseEre(pattern);
        fc.pre(parsed.ok);
        if (!parsed.ok) return;
        const reason = riskOfBacktracking(parsed.ast) ?? "";
        const offsets = [...reason.matchAll(/offsets? ([\d, ]+)/g)].flatMap((match) => match[1]!.split(", ").map(Number));
        for (const offset of offsets) expect(offset).toBeLessThan(pattern.length);
        if (reason !== "") expect(offsets.length).toBeGreaterThan(0);
      }),
      { numRuns: 1500 },
    );
  });
});
