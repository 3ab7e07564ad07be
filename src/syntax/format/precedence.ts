import type { BinaryOperator, Expression, UnaryOperator } from "../ast.js";

/**
 * Binding strength of each expression form, loosest first, mirroring the
 * rule levels of src/syntax/grammar.ts. The formatter prints parentheses
 * exactly where these levels require them.
 */
export const Level = {
  Otherwise: 1,
  Try: 2,
  Xor: 3,
  Or: 4,
  And: 5,
  Comparison: 6,
  Import: 7,
  StringOperation: 8,
  Additive: 9,
  Multiplicative: 10,
  Prefix: 11,
  Postfix: 12,
} as const;
export type Level = (typeof Level)[keyof typeof Level];

const binaryLevels: Record<BinaryOperator, Level> = {
  otherwise: Level.Otherwise,
  xor: Level.Xor,
  or: Level.Or,
  and: Level.And,
  "==": Level.Comparison,
  "!=": Level.Comparison,
  "<": Level.Comparison,
  "<=": Level.Comparison,
  ">": Level.Comparison,
  ">=": Level.Comparison,
  equal: Level.StringOperation,
  contains: Level.StringOperation,
  begins_with: Level.StringOperation,
  ends_with: Level.StringOperation,
  EqualS: Level.StringOperation,
  ContainS: Level.StringOperation,
  Begins_witH: Level.StringOperation,
  Ends_witH: Level.StringOperation,
  matches: Level.StringOperation,
  not_matches: Level.StringOperation,
  matches_cs: Level.StringOperation,
  not_matches_cs: Level.StringOperation,
  "+": Level.Additive,
  "-": Level.Additive,
  "*": Level.Multiplicative,
  "/": Level.Multiplicative,
  "%": Level.Multiplicative,
};

const unaryLevels: Record<UnaryOperator, Level> = {
  try: Level.Try,
  import: Level.Import,
  not: Level.Prefix,
  "+": Level.Prefix,
  "-": Level.Prefix,
};

export function levelOf(expression: Expression): Level {
  switch (expression.kind) {
    case "Binary":
      return binaryLevels[expression.operator];
    case "Unary":
      return unaryLevels[expression.operator];
    default:
      // Literals, names, code values, members and calls all sit at the postfix level or tighter.
      return Level.Postfix;
  }
}

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
