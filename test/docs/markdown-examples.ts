/** One fenced code block of a Markdown document. */
export interface FencedBlock {
  /** The first word of the info string (` ```p-invalid P1006 ` → `p-invalid`). */
  readonly language: string;
  /** The remaining words of the info string (` ```p-invalid P1006 ` → `["P1006"]`). */
  readonly attributes: readonly string[];
  readonly code: string;
  /** 1-based line of the opening fence, for test names and failure messages. */
  readonly line: number;
}

const fence = /^(`{3,})\s*(\S*)(.*)$/;

/**
 * Extracts the fenced code blocks of a Markdown text. A block closes at a
 * line holding only a fence at least as long as the opening one; an
 * unclosed block is an error, since it would silently swallow the examples
 * after it.
 */
export function extractFencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split(/\r\n|\r|\n/);
  const blocks: FencedBlock[] = [];
  let open: { ticks: string; language: string; attributes: string[]; line: number; body: string[] } | undefined;
  lines.forEach((text, index) => {
    const match = fence.exec(text);
    if (!open) {
      if (match) open = { ticks: match[1]!, language: match[2]!, attributes: match[3]!.trim().split(/\s+/).filter(Boolean), line: index + 1, body: [] };
      return;
    }
    if (match && match[1]!.length >= open.ticks.length && match[2] === "" && match[3]!.trim() === "") {
      blocks.push({ language: open.language, attributes: open.attributes, code: open.body.join("\n") + "\n", line: open.line });
      open = undefined;
      return;
    }
    open.body.push(text);
  });
  if (open) throw new Error(`the code block opened at line ${open.line} is never closed`);
  return blocks;
}
