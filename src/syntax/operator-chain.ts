import type { IToken } from "chevrotain";
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
 */
export class OperatorChain {
  private readonly operands: A.Expression[] = [];
  private readonly operandStarts: number[] = [];
  private readonly operandEnds: number[] = [];
  /** Binary operators and loose prefixes waiting for their operands; the token says which (isLoosePrefix). */
  private readonly operators: IToken[] = [];
  /** The loosest level an operator may have at the current position. */
  private minLevel: number = Level.Otherwise;

  constructor(private readonly build: AstBuilder) {}

  /** `try` or `import`, read where an operand may start. */
  loosePrefix(operator: IToken): void {
    const level = unaryLevels[operator.image as A.UnaryOperator];
    if (level < this.minLevel) this.build.reportLoosePrefix(operator);
    this.operators.push(operator);
    this.minLevel = level;
  }

  operand(expression: A.Expression, start: number, end: number): void {
    this.operands.push(expression);
    this.operandStarts.push(start);
    this.operandEnds.push(end);
  }

  binary(operator: IToken): void {
    const level = binaryLevels[operator.image as A.BinaryOperator];
    this.applyOperatorsBefore(level);
    this.operators.push(operator);
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
   */
  private applyOperatorsBefore(level: number): void {
    for (let top = this.operators.length - 1; top >= 0; top--) {
      const operator = this.operators[top]!;
      const isPrefix = isLoosePrefix(operator);
      const stacked = isPrefix ? unaryLevels[operator.image as A.UnaryOperator] : binaryLevels[operator.image as A.BinaryOperator];
      if (isPrefix ? stacked <= level : stacked < level) return;
      this.operators.pop();
      if (isPrefix) this.applyPrefix(operator);
      else this.applyBinary(operator);
    }
  }

  private applyPrefix(operator: IToken): void {
    const last = this.operands.length - 1;
    const end = Math.max(this.operandEnds[last]!, operator.startOffset + operator.image.length);
    const span: Span = { start: operator.startOffset, end };
    this.operands[last] = this.build.unary(operator, this.operands[last], span);
    this.operandStarts[last] = operator.startOffset;
    this.operandEnds[last] = end;
  }

  private applyBinary(operator: IToken): void {
    const right = this.operands.pop()!;
    const rightEnd = this.operandEnds.pop()!;
    this.operandStarts.pop();
    const last = this.operands.length - 1;
    const end = Math.max(rightEnd, operator.startOffset + operator.image.length);
    this.operands[last] = this.build.binary(this.operands[last], operator, right, { start: this.operandStarts[last]!, end });
    this.operandEnds[last] = end;
  }
}

/** `try` and `import` are never binary operators, so a stacked token tells which kind it is. */
function isLoosePrefix(operator: IToken): boolean {
  return operator.tokenType === T.Try || operator.tokenType === T.Import;
}
