import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseClosure } from "../../src/runtime/regex/case-fold.js";
import { complement, normalize, pairsOf } from "../../src/runtime/regex/charset.js";

const hex = (cp: number): string => `\\u{${cp.toString(16)}}`;

/** The characters that match `cp` case-insensitively, itself included. */
function foldClass(cp: number): number[] {
  return pairsOf(caseClosure([cp, cp])).flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

/** Whether JavaScript's /iu finds, among the code points of `set`, one that matches `cp`. */
function jsMatchesSomeOf(set: readonly number[], cp: number): boolean {
  const ranges = pairsOf(set).map(([from, to]) => (from === to ? hex(from) : `${hex(from)}-${hex(to)}`));
  return new RegExp(`^[${ranges.join("")}]$`, "iu").test(String.fromCodePoint(cp));
}

/** Code points with any case mapping: every non-trivial fold class consists of such code points. */
function casedCodePoints(): number[] {
  const out: number[] = [];
  for (let cp = 0; cp <= 0x1ffff; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    const text = String.fromCodePoint(cp);
    if (text.toLowerCase() !== text || text.toUpperCase() !== text) out.push(cp);
  }
  return out;
}

describe("case folding", () => {
  it("puts exactly the characters JavaScript's /iu treats as equal into one class", () => {
    const cased = casedCodePoints();
    expect(cased.length).toBeGreaterThan(2500);
    for (const cp of cased) {
      const members = foldClass(cp);
      const set = normalize(members.map((m) => [m, m] as [number, number]));
      expect(members).toContain(cp);
      // Every member matches cp, and nothing outside the class does.
      for (const member of members) expect(new RegExp(`^${hex(member)}$`, "iu").test(String.fromCodePoint(cp)), `U+${cp.toString(16)} ~ U+${member.toString(16)}`).toBe(true);
      expect(jsMatchesSomeOf(complement(set), cp), `U+${cp.toString(16)} has no equivalent outside ${members.map((m) => m.toString(16))}`).toBe(false);
    }
  });

  it("leaves uncased characters alone, as JavaScript does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x10ffff }), (cp) => {
        fc.pre(cp < 0xd800 || cp > 0xdfff);
        const text = String.fromCodePoint(cp);
        fc.pre(text.toLowerCase() === text && text.toUpperCase() === text);
        expect(foldClass(cp)).toEqual([cp]);
        expect(jsMatchesSomeOf(complement([cp, cp]), cp)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("closes ASCII-only sets by the short path exactly as by the full table", () => {
    const uncased = 0x4e00;
    for (let cp = 0; cp < 0x80; cp++) {
      const viaShortPath = caseClosure([cp, cp]);
      const viaTable = caseClosure(normalize([[cp, cp], [uncased, uncased]]));
      expect(normalize([...pairsOf(viaShortPath), [uncased, uncased]]), `U+${cp.toString(16)}`).toEqual(viaTable);
    }
  });

  it("closes ranges: [a-c] gains A-C, and [k] gains the Kelvin sign", () => {
    expect(caseClosure([0x61, 0x63])).toEqual([0x41, 0x43, 0x61, 0x63]);
    expect(caseClosure([0x6b, 0x6b])).toEqual([0x4b, 0x4b, 0x6b, 0x6b, 0x212a, 0x212a]);
    expect(caseClosure([0x30, 0x39])).toEqual([0x30, 0x39]);
  });
});
