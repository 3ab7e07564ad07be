import { describe, expect, it } from "vitest";
import { compileEre, EreCompileError } from "../../src/runtime/regex/index.js";

/** [pattern, input, matches case-sensitively, matches case-insensitively] */
type Case = [string, string, boolean, boolean];

const irmlExamples: Case[] = [
  ["^/$|^/index.html$", "/", true, true],
  ["^/$|^/index.html$", "/index.html", true, true],
  ["^/$|^/index.html$", "/INDEX.HTML", false, true],
  ["^/$|^/index.html$", "/index.htm", false, false],
  ["^/$|^/index.html$", "/a/index.html", false, false],
  ["^/$|^/index.html$", "/indexXhtml", true, true], // unescaped '.' is any character, as in the draft
  ["sew=23", "lang=en; sew=23; x=1", true, true],
  ["sew=23", "SEW=23", false, true],
  ["sew=23", "sew=24", false, false],
  ["^de|^fr|^it|^es", "fr-CH, en;q=0.5", true, true],
  ["^de|^fr|^it|^es", "en, de", false, false],
  ["^de|^fr|^it|^es", "IT", false, true],
  ["application/", "application/octet-stream", true, true],
  ["application/", "text/plain", false, false],
  ["text/html", "text/html; charset=utf-8", true, true],
  ["text/html", "Text/HTML", false, true],
];

const constructs: Case[] = [
  // literals and '.'
  ["abc", "xxabcxx", true, true],
  ["abc", "ab", false, false],
  ["a.c", "a\nc", true, true],
  ["^.$", "😀", true, true],
  ["^..$", "😀", false, false],
  ["^😀+$", "😀😀", true, true],
  ["^.$", "\ud800", true, true], // a lone surrogate is one character
  // anchors anywhere
  ["^", "", true, true],
  ["$", "anything", true, true],
  ["^$", "", true, true],
  ["^$", "x", false, false],
  ["$^", "", true, true],
  ["a^b", "a^b", false, false],
  ["a$b", "a$b", false, false],
  ["(^a|b)c", "xbc", true, true],
  ["(^a|b)c", "xac", false, false],
  ["(^a|b)c", "ac", true, true],
  ["x(a$|b)", "xa", true, true],
  ["x(a$|b)", "xay", false, false],
  ["(^|,)b", "a,b", true, true],
  ["(^|,)b", "ab", false, false],
  ["a($|x)", "ba", true, true],
  ["x*^a", "ab", true, true],
  ["(a|^)*b", "cb", true, true],
  // alternation and groups
  ["cat|dog", "hotdog", true, true],
  ["^(cat|dog)s$", "dogs", true, true],
  ["^(cat|dog)s$", "cats!", false, false],
  ["((a|b)(c|d))+$", "xacbd", true, true],
  // quantifiers
  ["^ab*c$", "ac", true, true],
  ["^ab*c$", "abbbc", true, true],
  ["^ab+c$", "ac", false, false],
  ["^ab?c$", "abbc", false, false],
  ["^(ab)*$", "ababab", true, true],
  ["^(ab)*$", "ababa", false, false],
  // intervals
  ["^a{3}$", "aaa", true, true],
  ["^a{3}$", "aaaa", false, false],
  ["^a{2,}$", "a", false, false],
  ["^a{2,}$", "aaaaaaa", true, true],
  ["^a{2,4}$", "aaaa", true, true],
  ["^a{2,4}$", "aaaaa", false, false],
  ["^a{0}b$", "b", true, true],
  ["^a{0,1}b$", "aab", false, false],
  ["^(a|bc){2}$", "bca", true, true],
  ["^(a|bc){2}$", "bcabc", false, false],
  ["^[0-9]{1,3}(\\.[0-9]{1,3}){3}$", "192.0.2.7", true, true],
  ["^[0-9]{1,3}(\\.[0-9]{1,3}){3}$", "192.0.2", false, false],
  ["^x{255}$", "x".repeat(255), true, true],
  ["^x{255}$", "x".repeat(256), false, false],
  // escapes
  ["a\\.b", "axb", false, false],
  ["a\\.b", "a.b", true, true],
  ["\\\\", "a\\b", true, true],
  ["\\(\\)\\[\\]\\{\\}\\*\\+\\?\\|\\^\\$", "()[]{}*+?|^$", true, true],
  ["^\\/a\\-b$", "/a-b", true, true],
  ["a]", "a]", true, true],
  // bracket expressions
  ["^[abc]+$", "cab", true, true],
  ["^[abc]+$", "cabd", false, false],
  ["^[^abc]+$", "xyz", true, true],
  ["^[^abc]+$", "xaz", false, false],
  ["[^a]", "\n", true, true],
  ["^[a-f0-9]+$", "deadbeef01", true, true],
  ["^[a-f0-9]+$", "DEADBEEF", false, true],
  ["^[]a]+$", "]a]", true, true],
  ["^[]a]+$", "]b", false, false],
  ["[^]a]", "]a]", false, false],
  ["[^]a]", "]ab", true, true],
  ["^[a-]+$", "a-a", true, true],
  ["^[-a]+$", "-a", true, true],
  ["^[--/]+$", "-./", true, true],
  ["^[a-c-e]+$", "b-e", true, true],
  ["^[a-c-e]+$", "d", false, false],
  ["[\\n]", "n", true, true], // a backslash inside brackets is itself
  ["[\\n]", "\\", true, true],
  ["[\\n]", "\n", false, false],
  ["^[[.-.]a]+$", "a-", true, true],
  ["^[[=e=]]$", "e", true, true],
  ["^[😀-😃]$", "😄", false, false],
  ["^[😀-😃]$", "😁", true, true],
  // POSIX classes (ASCII, the POSIX locale)
  ["^[[:alpha:]]+$", "abcXYZ", true, true],
  ["^[[:alpha:]]+$", "é", false, false],
  ["^[[:digit:]]+$", "0123456789", true, true],
  ["^[[:digit:]]+$", "١", false, false],
  ["^[[:alnum:]]+$", "a1B2", true, true],
  ["^[[:alnum:]]+$", "a_1", false, false],
  ["^[[:upper:]]+$", "ABC", true, true],
  ["^[[:upper:]]+$", "abc", false, true],
  ["^[[:lower:]]+$", "ABC", false, true],
  ["^[[:space:]]+$", " \t\n\r\f\v", true, true],
  ["^[[:space:]]+$", "\u00a0", false, false],
  ["^[[:blank:]]+$", " \t", true, true],
  ["^[[:blank:]]+$", "\n", false, false],
  ["^[[:punct:]]+$", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", true, true],
  ["^[[:punct:]]+$", "a", false, false],
  ["^[[:xdigit:]]+$", "09afAF", true, true],
  ["^[[:xdigit:]]+$", "g", false, false],
  ["^[[:cntrl:]]+$", "\u0000\u001f\u007f", true, true],
  ["^[[:cntrl:]]+$", " ", false, false],
  ["^[[:print:]]+$", " ~", true, true],
  ["^[[:print:]]+$", "\t", false, false],
  ["^[[:graph:]]+$", "!~", true, true],
  ["^[[:graph:]]+$", " ", false, false],
  ["^[^[:digit:][:space:]]+$", "ab", true, true],
  ["^[^[:digit:][:space:]]+$", "a b", false, false],
  // case folding: Unicode simple case folding, both ways
  ["straße", "STRAßE", false, true],
  ["straße", "STRASSE", false, false], // simple folding: ß is not "ss"
  ["k", "\u212a", false, true], // KELVIN SIGN
  ["\u212a", "k", false, true],
  ["s", "\u017f", false, true], // LONG S
  ["^[a-z]+$", "\u017f", false, true],
  ["σ", "Σ", false, true],
  ["σ", "ς", false, true],
  ["i", "ı", false, false], // dotless i folds only in Turkic rules
  ["i", "İ", false, false],
  ["\u0390", "\u1fd3", false, true], // U+0390 and U+1FD3 fold together
  ["[^a]", "A", true, false],
  ["^[^a-z]$", "Q", true, false],
  ["^[^é]$", "É", true, false],
  ["^[à-å]$", "Ä", false, true],
  ["𐐨", "𐐀", false, true], // Deseret, outside the BMP
];

describe("compileEre(...).test", () => {
  it.each([...irmlExamples, ...constructs])("%j on %j: %s case-sensitive, %s case-insensitive", (pattern, input, sensitive, insensitive) => {
    expect(compileEre(pattern, { caseInsensitive: false }).test(input)).toBe(sensitive);
    expect(compileEre(pattern, { caseInsensitive: true }).test(input)).toBe(insensitive);
  });
});

describe("compileEre", () => {
  it("throws EreCompileError with the parser's offset for a rejected pattern", () => {
    expect(() => compileEre("a\\1", { caseInsensitive: false })).toThrow(EreCompileError);
    try {
      compileEre("ab(?=c)", { caseInsensitive: true });
    } catch (error) {
      expect(error).toBeInstanceOf(EreCompileError);
      expect((error as EreCompileError).detail).toMatchObject({ offset: 2, length: 3 });
    }
  });

  it("returns the same compiled pattern for the same pattern and flags", () => {
    const first = compileEre("^x+y", { caseInsensitive: true });
    expect(compileEre("^x+y", { caseInsensitive: true })).toBe(first);
    expect(compileEre("^x+y", { caseInsensitive: false })).not.toBe(first);
    expect(first).toMatchObject({ pattern: "^x+y", caseInsensitive: true });
  });

  it("stays correct when its state cache is emptied again and again", () => {
    // (a|b)*a(a|b){7}: the DFA needs 2^8 states, the cache keeps 4.
    const tiny = compileEre("(a|b)*a(a|b){7}$", { caseInsensitive: false, maxCachedStates: 4 });
    const reference = /(a|b)*a(a|b){7}$/;
    let seed = 7;
    for (let n = 0; n < 200; n++) {
      const input = Array.from({ length: 40 }, () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 1 ? "a" : "b")).join("");
      expect(tiny.test(input)).toBe(reference.test(input));
    }
    expect(tiny.stats.resets).toBeGreaterThan(10);
    expect(tiny.stats.states).toBeLessThanOrEqual(4);
  });

  it("caches DFA states so a repeated search adds none", () => {
    const regex = compileEre("(ab|cd)+e", { caseInsensitive: false });
    regex.test("xxabcdabex");
    const states = regex.stats.states;
    regex.test("xxabcdabex");
    expect(regex.stats).toEqual({ states, resets: 0 });
  });
});
