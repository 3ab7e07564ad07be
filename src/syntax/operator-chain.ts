import { tokenMatcher, type IToken } from "chevrotain";
import type { Span } from "../diagnostics/source.js";
import type * as A from "./ast.js";
import type { AstBuilder } from "./build-ast.js";
import { binaryLevels, Level, unaryLevels } from "./precedence.js";
import * as T from "./tokens.js";

/**
 * Builds the tree of one expression from the flat sequence the parser reads:
 * operands (with their tight prefixes and suffixes already applied), binary
 * operators, and the loose prefix operators `try` and `import`, whose operand
 * extends over every following operator that binds more tightly. This is
 * operator-precedence parsing (Dijkstra's shunting yard) over the table of
 * src/syntax/precedence.ts, so the parser needs no rule per level.
 *
 * Spans follow the source text: an operand's extent includes the parentheses
 * written around it, so `(a) + b` spans from `(`.
 *
 * The parser keeps one chain per nesting depth and reuses it (`begin`), so
 * reading an expression allocates no arrays. Slots are overwritten, not
 * cleared, so after a parse each depth's chain still holds the operands of
 * the last expression it read: a few nodes of the last file, until the next.
 */
export class OperatorChain {
  // Two stacks kept as arrays with explicit sizes: setting `length` or
  // popping lets V8 shrink an array's storage, which reuse means to avoid.
  private readonly operands: A.Expression[] = [];
  private readonly operandStarts: number[] = [];
  private readonly operandEnds: number[] = [];
  private operandCount = 0;
  /** Binary operators and loose prefixes waiting for their operands; the token says which (isLoosePrefix). */
  private readonly operators: IToken[] = [];
  private operatorCount = 0;
  /** The loosest level an operator may have at the current position. */
  private minLevel: number = Level.Otherwise;
  private build!: AstBuilder;

  /** Starts a new expression, dropping whatever an earlier one left (error recovery may abandon one midway). */
  begin(build: AstBuilder): this {
    this.build = build;
    this.operandCount = 0;
    this.operatorCount = 0;
    this.minLevel = Level.Otherwise;
    return this;
  }

  /** `try` or `import`, read where an operand may start. */
  loosePrefix(operator: IToken): void {
    const level = unaryLevels[operator.image as A.UnaryOperator];
    if (level < this.minLevel) this.build.reportLoosePrefix(operator);
    this.operators[this.operatorCount++] = operator;
    this.minLevel = level;
  }

  operand(expression: A.Expression, start: number, end: number): void {
    const top = this.operandCount++;
    this.operands[top] = expression;
    this.operandStarts[top] = start;
    this.operandEnds[top] = end;
  }

  binary(operator: IToken): void {
    const level = binaryLevels[operator.image as A.BinaryOperator];
    this.applyOperatorsBefore(level);
    this.operators[this.operatorCount++] = operator;
    this.minLevel = level + 1;
  }

  finish(): A.Expression {
    this.applyOperatorsBefore(0);
    return this.operands[0]!;
  }

  /**
   * Applies the stacked operators that must take their operands before an
   * operator of `level` comes in: those that bind more tightly, and, as
   * binary operators are left-associative, a binary one of the same level.
   * A loose prefix's operand takes in operators of its own level
   * (`try try a`), so a prefix waits for a looser one.
   */
  private applyOperatorsBefore(level: number): void {
    while (this.operatorCount > 0) {
      const operator = this.operators[this.operatorCount - 1]!;
      const isPrefix = isLoosePrefix(operator);
      const stacked = isPrefix ? unaryLevels[operator.image as A.UnaryOperator] : binaryLevels[operator.image as A.BinaryOperator];
      if (isPrefix ? stacked <= level : stacked < level) return;
      this.operatorCount--;
      if (isPrefix) this.applyPrefix(operator);
      else this.applyBinary(operator);
    }
  }

  private applyPrefix(operator: IToken): void {
    const top = this.operandCount - 1;
    const end = Math.max(this.operandEnds[top]!, operator.startOffset + operator.image.length);
    const span: Span = { start: operator.startOffset, end };
    this.operands[top] = this.build.unary(operator, this.operands[top], span);
    this.operandStarts[top] = operator.startOffset;
    this.operandEnds[top] = end;
  }

  private applyBinary(operator: IToken): void {
    const right = --this.operandCount;
    const left = right - 1;
    const end = Math.max(this.operandEnds[right]!, operator.startOffset + operator.image.length);
    this.operands[left] = this.build.binary(this.operands[left]!, operator, this.operands[right]!, { start: this.operandStarts[left]!, end });
    this.operandEnds[left] = end;
  }
}

/** Loose prefixes (`try`, `import`) are never binary operators, so a stacked token tells which kind it is. */
function isLoosePrefix(operator: IToken): boolean {
  return tokenMatcher(operator, T.LoosePrefixOp);
}
