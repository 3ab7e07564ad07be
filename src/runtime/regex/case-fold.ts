/**
 * Case-insensitive matching by Unicode simple case folding, the relation
 * JavaScript uses for /iu: two characters match each other when they fold to
 * the same character. We never fold the input: instead every character set of
 * the pattern is closed under the relation at compile time, so matching stays
 * a plain set lookup.
 *
 * The relation is derived from the host's one-to-one lower/upper case
 * mappings (so it follows the Unicode version of the JavaScript engine),
 * with the two corrections simple case folding makes to those mappings.
 */
import { type CodePointSet, normalize, pairsOf } from "./charset.js";

/** Case mappings stop well below here (the highest cased script, Adlam, ends at U+1E95F). */
const SCAN_LIMIT = 0x1ffff;

/** Dotless ı upper-cases to I, but folding keeps it apart (that link is Turkic-only). */
const notFolded = new Set([0x131]);

/** Pairs that fold together although no single-character case mapping links them. */
const foldedWithoutMapping: readonly (readonly [number, number])[] = [
  [0x390, 0x1fd3], // ΐ
  [0x3b0, 0x1fe3], // ΰ
  [0xfb05, 0xfb06], // ﬅ ﬆ
];

/** ASCII letters fold together with their other case and, for k and s, with a non-ASCII sign. */
const asciiExtras: ReadonlyMap<number, number> = new Map([
  [0x6b, 0x212a], // k, KELVIN SIGN
  [0x73, 0x17f], // s, LATIN SMALL LETTER LONG S
]);

interface FoldTable {
  /** Every code point whose fold class has more than one member, ascending. */
  readonly members: Int32Array;
  /** For each entry of `members`, the index of its class in `classes`. */
  readonly classIndex: Int32Array;
  readonly classes: readonly (readonly number[])[];
}

let foldTable: FoldTable | undefined;

function singleCodePoint(text: string): number | undefined {
  const first = text.codePointAt(0)!;
  return text.length === (first > 0xffff ? 2 : 1) ? first : undefined;
}

/** Scans the code space once (about 30 ms), on the first case-insensitive pattern that needs it. */
function buildFoldTable(): FoldTable {
  const parent = new Map<number, number>();
  const root = (x: number): number => {
    let r = x;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const link = (a: number, b: number): void => {
    const ra = root(a);
    const rb = root(b);
    if (ra !== rb) parent.set(Math.max(ra, rb), Math.min(ra, rb));
  };
  for (let cp = 0; cp <= SCAN_LIMIT; cp++) {
    if (cp === 0xd800) cp = 0xe000;
    if (notFolded.has(cp)) continue;
    const text = String.fromCodePoint(cp);
    for (const mapped of [text.toLowerCase(), text.toUpperCase()]) {
      const target = mapped === text ? undefined : singleCodePoint(mapped);
      if (target !== undefined && !notFolded.has(target)) link(cp, target);
    }
  }
  for (const [a, b] of foldedWithoutMapping) link(a, b);

  const byRoot = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const r = root(cp);
    if (!byRoot.has(r)) byRoot.set(r, [r]);
    byRoot.get(r)!.push(cp);
  }
  const classes = [...byRoot.values()].map((members) => members.sort((a, b) => a - b));
  const entries = classes.flatMap((members, index) => members.map((cp) => [cp, index] as const)).sort((a, b) => a[0] - b[0]);
  return {
    members: Int32Array.from(entries, ([cp]) => cp),
    classIndex: Int32Array.from(entries, ([, index]) => index),
    classes,
  };
}

function lowerBound(sorted: Int32Array, value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The smallest superset of `set` that is closed under case folding. */
export function caseClosure(set: CodePointSet): CodePointSet {
  const last = set[set.length - 1];
  if (last === undefined) return set;
  return last < 0x80 ? asciiCaseClosure(set) : fullCaseClosure(set);
}

function asciiCaseClosure(set: CodePointSet): CodePointSet {
  const added: [number, number][] = [];
  for (const [from, to] of pairsOf(set)) {
    for (let cp = from; cp <= to; cp++) {
      const lower = cp | 0x20;
      if (lower < 0x61 || lower > 0x7a) continue;
      added.push([lower, lower], [lower - 0x20, lower - 0x20]);
      const extra = asciiExtras.get(lower);
      if (extra !== undefined) added.push([extra, extra]);
    }
  }
  return added.length === 0 ? set : normalize([...pairsOf(set), ...added]);
}

function fullCaseClosure(set: CodePointSet): CodePointSet {
  const table = (foldTable ??= buildFoldTable());
  const classes = new Set<number>();
  for (const [from, to] of pairsOf(set)) {
    for (let i = lowerBound(table.members, from); i < table.members.length && table.members[i]! <= to; i++) classes.add(table.classIndex[i]!);
  }
  if (classes.size === 0) return set;
  const added = [...classes].flatMap((index) => table.classes[index]!.map((cp) => [cp, cp] as [number, number]));
  return normalize([...pairsOf(set), ...added]);
}
