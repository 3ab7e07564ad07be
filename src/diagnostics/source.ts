/** Half-open character range [start, end) in one source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A span resolved to 1-based lines and columns, as every output format shows it. */
export interface Range extends Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * One input text with its line table. Offsets count UTF-16 code units, as
 * JavaScript strings do; columns are 1-based offsets within the line.
 */
export class SourceFile {
  private lineStartOffsets: readonly number[] | undefined;

  constructor(readonly path: string, readonly text: string) {}

  /**
   * Offsets where lines start; found on first use, since a file without
   * diagnostics never needs them (a compiled bundle does: it records rules' lines).
   */
  get lineStarts(): readonly number[] {
    return (this.lineStartOffsets ??= findLineStarts(this.text));
  }

  /** 1-based line and column of an offset (clamped to the text). */
  position(offset: number): { line: number; column: number } {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - starts[low]! + 1 };
  }

  /** Offset of a 1-based line and column (clamped to the text). */
  offsetAt(line: number, column: number): number {
    const lineIndex = Math.max(0, Math.min(line - 1, this.lineStarts.length - 1));
    return Math.min(this.text.length, this.lineStarts[lineIndex]! + Math.max(0, column - 1));
  }

  range(span: Span): Range {
    const start = this.position(span.start);
    const end = this.position(Math.max(span.start, span.end));
    return {
      file: this.path,
      start: span.start,
      end: Math.max(span.start, span.end),
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
  }

  /** The text of one 1-based line without its terminator. */
  lineText(line: number): string {
    const start = this.lineStarts[line - 1];
    if (start === undefined) return "";
    const next = this.lineStarts[line];
    const raw = this.text.slice(start, next ?? this.text.length);
    return raw.replace(/\r?\n$|\r$/, "");
  }
}

/**
 * Offsets after each "\n", "\r\n" and lone "\r". indexOf finds the line ends
 * of a text without "\r" several times faster than a loop over its characters.
 */
function findLineStarts(text: string): number[] {
  const starts = [0];
  if (text.includes("\r")) {
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 10 || (ch === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
    }
  } else {
    for (let end = text.indexOf("\n"); end !== -1; end = text.indexOf("\n", end + 1)) starts.push(end + 1);
  }
  return starts;
}
