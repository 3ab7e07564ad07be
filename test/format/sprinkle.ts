import fc from "fast-check";
import { pLexer } from "../../src/syntax/tokens.js";

/** Something to put between two tokens of a program: a comment or extra line breaks. */
export type Insertion = { readonly at: number; readonly kind: "block" | "multiline-block" | "doc-block" | "line" | "empty-line" | "blank-lines" };

export const insertions: fc.Arbitrary<Insertion[]> = fc.array(
  fc.record({
    at: fc.nat(),
    kind: fc.constantFrom<Insertion["kind"]>("block", "multiline-block", "doc-block", "line", "empty-line", "blank-lines"),
  }),
  { maxLength: 12 },
);

function insertionText(kind: Insertion["kind"], n: number): string {
  switch (kind) {
    case "block":
      return ` /* c${n} */ `;
    case "multiline-block":
      return ` /* c${n}\n   * more // not a line comment\n */ `;
    case "doc-block":
      return ` /**c${n}**/ `;
    case "line":
      return ` // c${n} /* not a block */\n`;
    case "empty-line":
      return " //\n";
    case "blank-lines":
      return "\n\n\n";
  }
}

/**
 * Inserts comments and blank lines at token boundaries of a (comment-free)
 * program. `at` picks a boundary modulo their number, so any list of
 * insertions fits any program.
 */
export function sprinkle(text: string, chosen: readonly Insertion[]): string {
  const boundaries = [0, ...pLexer.tokenize(text).tokens.map((token) => token.startOffset + token.image.length)];
  const placed = chosen.map((insertion, n) => ({ offset: boundaries[insertion.at % boundaries.length]!, text: insertionText(insertion.kind, n) }));
  // Later offsets first, so earlier ones stay valid; ties keep their order.
  placed.sort((a, b) => b.offset - a.offset);
  let out = text;
  for (const { offset, text: inserted } of placed) out = out.slice(0, offset) + inserted + out.slice(offset);
  return out;
}
