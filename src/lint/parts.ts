import type { SourceFile, Span } from "../diagnostics/source.js";
import type { GuardPart } from "../runtime/bundle.js";

/**
 * Guard parts the compiler adds for control flow rather than for a condition
 * the author wrote. Their texts are the ones src/compile/lower.ts gives them;
 * the lint fixtures fail if the two drift apart.
 */
export type PartOrigin = "condition" | "no-earlier-exit" | "otherwise-failed" | "service-binding";

const syntheticOrigins: ReadonlyMap<string, PartOrigin> = new Map([
  ["no earlier stop() or fail() ended the ruleset", "no-earlier-exit"],
  ["the left side of 'otherwise' failed", "otherwise-failed"],
  ["the binding of this service", "service-binding"],
]);

export function partOrigin(part: GuardPart): PartOrigin {
  return syntheticOrigins.get(part.text) ?? "condition";
}

/** The offset where a guard part starts (guard parts carry a 1-based line and column). */
export function partOffset(source: SourceFile, part: GuardPart): number {
  return source.offsetAt(part.line, part.column);
}

/**
 * The span of the condition a guard part came from. The compiler keeps the
 * condition's text with runs of white space folded to one space (and an
 * elsif's negation of an earlier branch as `not (…)`), so the span is found
 * by reading that text back from the source at the part's position.
 * Synthetic parts get an empty span at their position.
 */
export function partSpan(source: SourceFile, part: GuardPart): Span {
  const start = partOffset(source, part);
  if (partOrigin(part) !== "condition") return { start, end: start };
  const negated = /^not \((.*)\)$/s.exec(part.text);
  const end = readFolded(source.text, start, part.text) ?? (negated ? readFolded(source.text, start, negated[1]!) : undefined);
  return { start, end: end ?? start };
}

/** Where `folded` ends when read from `text` at `start`, a space in it matching any run of white space; undefined when it does not match. */
function readFolded(text: string, start: number, folded: string): number | undefined {
  let at = start;
  for (const ch of folded) {
    if (ch === " ") {
      if (!/\s/.test(text[at] ?? "")) return undefined;
      while (/\s/.test(text[at] ?? "")) at++;
    } else {
      if (!text.startsWith(ch, at)) return undefined;
      at += ch.length;
    }
  }
  return at;
}

/** Whether a part is an elsif's (or else's) negation of an earlier branch's condition, `not (…)` at that condition. */
export function isBranchNegation(source: SourceFile, part: GuardPart): boolean {
  const start = partOffset(source, part);
  const negated = /^not \((.*)\)$/s.exec(part.text);
  return partOrigin(part) === "condition" && negated !== null && readFolded(source.text, start, part.text) === undefined && readFolded(source.text, start, negated[1]!) !== undefined;
}
