import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";

/** Lines and columns as a reader counts them: "\n", "\r\n" and a lone "\r" each end a line. */
function referencePosition(text: string, offset: number): { line: number; column: number } {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  // An offset between "\r" and "\n" is still on the line the pair ends.
  const insidePair = text[offset - 1] === "\r" && text[offset] === "\n";
  if (insidePair) return { line: lines.length - 1, column: lines[lines.length - 2]!.length + 2 };
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

describe("source positions", () => {
  const text = fc.array(fc.constantFrom("a", "bc", " ", "\n", "\r", "\r\n", "\n\r"), { maxLength: 30 }).map((parts) => parts.join(""));

  it("count every line terminator, with or without carriage returns", () => {
    fc.assert(
      fc.property(text, (source) => {
        const file = new SourceFile("f.p", source);
        for (let offset = 0; offset <= source.length; offset++) expect(file.position(offset)).toEqual(referencePosition(source, offset));
      }),
    );
  });
});
