import type { Span } from "../../diagnostics/source.js";
import type { Comment, Expression, HeaderField, ModuleHeader, RuleSet, Statement } from "../ast.js";

/** What the formatter lays out one after another in a `{ … }` or at the top of a file. */
export type ListElement = Statement | RuleSet | ModuleHeader | HeaderField;

/**
 * The comments of a program and the source they came from. The printer asks
 * for the comments that belong before, inside or after each element; every
 * comment is handed out exactly once, so none can be lost or duplicated.
 * Without the source text, comments keep their order but none is trailing
 * and no blank line is preserved.
 */
export class Trivia {
  private readonly comments: readonly Comment[];
  private readonly taken: boolean[];
  /** Every comment before this index has been handed out. */
  private firstUntaken = 0;

  constructor(comments: readonly Comment[], private readonly text: string | undefined) {
    this.comments = [...comments].sort((a, b) => a.span.start - b.span.start);
    this.taken = this.comments.map(() => false);
  }

  /**
   * Comments written before an element, followed by those inside the element
   * but outside its nested `{ … }` bodies (a comment inside an expression moves
   * to before its statement).
   */
  takeLeading(element: ListElement): Comment[] {
    return [...this.takeBefore(element.span.start), ...this.takeOutside(element.span, nestedBodies(element))];
  }

  /** Untaken comments that start before `offset`. */
  takeBefore(offset: number): Comment[] {
    const out: Comment[] = [];
    for (let i = this.firstUntaken; i < this.comments.length && this.comments[i]!.span.start < offset; i++) {
      if (!this.taken[i]) out.push(this.take(i));
    }
    while (this.firstUntaken < this.comments.length && this.taken[this.firstUntaken]) this.firstUntaken++;
    return out;
  }

  /**
   * Comments that follow `from` on the same source line, with only blanks
   * between them, and start before `limit` (where the next element begins).
   */
  takeTrailing(from: number, limit: number): Comment[] {
    const out: Comment[] = [];
    if (this.text === undefined) return out;
    let position = from;
    for (let i = this.indexAtOrAfter(from); i < this.comments.length; i++) {
      const comment = this.comments[i]!;
      const gap = this.text.slice(position, comment.span.start);
      if (this.taken[i] || comment.span.start >= limit || !/^[ \t\f\v]*$/.test(position === from ? withoutAbsorbedSemicolon(gap) : gap)) break;
      out.push(this.take(i));
      if (comment.style === "line") break;
      position = comment.span.end;
    }
    return out;
  }

  /** True when the source between two offsets is blank and holds at least one empty line. */
  blankLineBetween(from: number, to: number): boolean {
    if (this.text === undefined || to <= from) return false;
    const gap = withoutAbsorbedSemicolon(this.text.slice(from, to));
    return !/\S/.test(gap) && (gap.match(/\r\n|\n|\r/g)?.length ?? 0) >= 2;
  }

  private takeOutside(span: Span, nested: readonly Span[]): Comment[] {
    const out: Comment[] = [];
    for (let i = this.indexAtOrAfter(span.start); i < this.comments.length && this.comments[i]!.span.start < span.end; i++) {
      const start = this.comments[i]!.span.start;
      if (!this.taken[i] && !nested.some((body) => body.start <= start && start < body.end)) out.push(this.take(i));
    }
    return out;
  }

  private take(index: number): Comment {
    this.taken[index] = true;
    return this.comments[index]!;
  }

  /** Index of the first comment starting at or after `offset` (binary search). */
  private indexAtOrAfter(offset: number): number {
    let low = 0;
    let high = this.comments.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.comments[mid]!.span.start < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * A block statement's span ends at its `}`, but it absorbs a `;` written after
 * it (`{ … };`). Looking past that `;` keeps the comments and blank lines
 * after it where they were.
 */
function withoutAbsorbedSemicolon(gap: string): string {
  return gap.replace(/^\s*;/, "");
}

/** The `{ … }` bodies directly inside an element: their comments are printed inside them. */
function nestedBodies(element: ListElement): Span[] {
  switch (element.kind) {
    case "ExpressionStatement":
      return codeValues(element.expression);
    case "Assignment":
      return codeValues(element.value);
    case "Block":
      return [element.span];
    case "If":
      return [
        ...element.branches.flatMap((branch) => [...codeValues(branch.condition), branch.body.span]),
        ...(element.otherwise ? [element.otherwise.span] : []),
      ];
    case "PointBlock":
      return [element.body.span];
    case "RuleSet":
      return [{ start: element.protocol.span.end, end: element.span.end }];
    case "ModuleHeader":
      return [{ start: element.authorSpan.end, end: element.span.end }];
    case "Empty":
    case "HeaderField":
      return [];
  }
}

function codeValues(expression: Expression): Span[] {
  switch (expression.kind) {
    case "Code":
      return [expression.span];
    case "Binary":
      return [...codeValues(expression.left), ...codeValues(expression.right)];
    case "Unary":
      return codeValues(expression.operand);
    case "Member":
      return codeValues(expression.object);
    case "Call":
      return [...codeValues(expression.callee), ...expression.args.flatMap(codeValues)];
    default:
      return [];
  }
}
