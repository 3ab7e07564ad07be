import type { BinaryOperator, Expression, UnaryOperator } from "./ast.js";

/**
 * Binding strength of each expression form, loosest first. This table is the
 * one statement of P's precedence: the parser climbs it (src/syntax/grammar.ts),
 * the formatter prints parentheses exactly where it requires them, and the
 * generated EBNF spells it out as one rule per level.
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

export const binaryLevels: Record<BinaryOperator, Level> = {
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

export const unaryLevels: Record<UnaryOperator, Level> = {
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
