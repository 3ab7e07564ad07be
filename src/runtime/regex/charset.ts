/**
 * Sets of Unicode code points as sorted, disjoint, non-adjacent inclusive
 * ranges stored flat: [from0, to0, from1, to1, …]. Every set the engine
 * builds goes through `normalize`, so equal sets have equal arrays.
 */
import type { PosixClassName } from "./ast.js";

export type CodePointSet = readonly number[];

export const MAX_CODE_POINT = 0x10ffff;
export const allCodePoints: CodePointSet = [0, MAX_CODE_POINT];

/** Sorts and merges possibly overlapping [from, to] pairs. */
export function normalize(pairs: readonly (readonly [number, number])[]): CodePointSet {
  const sorted = [...pairs].sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [from, to] of sorted) {
    const last = out.length - 1;
    if (last > 0 && from <= out[last]! + 1) out[last] = Math.max(out[last]!, to);
    else out.push(from, to);
  }
  return out;
}

export function pairsOf(set: CodePointSet): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i < set.length; i += 2) pairs.push([set[i]!, set[i + 1]!]);
  return pairs;
}

export function union(...sets: CodePointSet[]): CodePointSet {
  return normalize(sets.flatMap(pairsOf));
}

export function complement(set: CodePointSet): CodePointSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_CODE_POINT) out.push(next, MAX_CODE_POINT);
  return out;
}

export function contains(set: CodePointSet, codePoint: number): boolean {
  let low = 0;
  let high = set.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < set[2 * middle]!) high = middle - 1;
    else if (codePoint > set[2 * middle + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

export function intersects(a: CodePointSet, b: CodePointSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i + 1]! < b[j]!) i += 2;
    else if (b[j + 1]! < a[i]!) j += 2;
    else return true;
  }
  return false;
}

export function setKey(set: CodePointSet): string {
  return set.join(",");
}

/** POSIX classes in the POSIX ("C") locale: ASCII only, so results do not depend on a host locale. */
const posixClassRanges: Record<PosixClassName, readonly (readonly [number, number])[]> = {
  upper: [[0x41, 0x5a]],
  lower: [[0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  digit: [[0x30, 0x39]],
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  print: [[0x20, 0x7e]],
  graph: [[0x21, 0x7e]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
};

export function posixClass(name: PosixClassName): CodePointSet {
  return normalize(posixClassRanges[name]);
}
