/** Suggestions for misspelled names ("did you mean …?"). */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  // Typos are of words: one or two characters look alike to everything. The upper
  // bound also keeps hostile input from costing quadratic time.
  if (word.length > 64 || word.length < 3) return undefined;
  const lower = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  const tolerance = Math.max(1, Math.floor(word.length / 3));
  return best && best.distance <= tolerance ? best.name : undefined;
}

/** `" (did you mean 'x'?)"` or nothing. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion ? `; did you mean '${suggestion}'?` : "";
}
