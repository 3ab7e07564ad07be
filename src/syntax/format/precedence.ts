import type { BinaryOperator, Expression } from "../ast.js";
import { Level, levelOf } from "../precedence.js";

/** Binary chains the formatter may split across lines when a line is too long. */
export const breakableOperators: ReadonlySet<BinaryOperator> = new Set(["otherwise", "xor", "or", "and"]);

/**
 * Where an operand sits decides how loosely it may bind without parentheses.
 * Operators are left-associative, so a left operand may share its parent's
 * level but a right operand must bind strictly tighter. A prefix operator's
 * operand is parsed by the operator's own rule, so it may share the level.
 */
export function needsParentheses(operand: Expression, parent: Expression, position: "left" | "right" | "operand"): boolean {
  const operandLevel = levelOf(operand);
  if (parent.kind === "Member" || parent.kind === "Call") return operandLevel < Level.Postfix;
  const parentLevel = levelOf(parent);
  return position === "right" ? operandLevel <= parentLevel : operandLevel < parentLevel;
}
