import { compileEre, EreCompileError } from "../runtime/regex/index.js";
import { binary, textOf } from "../runtime/terms.js";
import { ABSENT, type Value } from "../runtime/values.js";
import type { SemanticModel } from "../semantic/model.js";
import type * as A from "../syntax/ast.js";

/**
 * Folds an expression to the value it has on every message, or undefined when
 * it depends on the message. It follows names bound once (`debug := false`),
 * as the compiler does when it lowers them, and uses the runtime's own
 * operators so a folded value is exactly what a decision would compute.
 */
export class ConstantFolder {
  private readonly known = new Map<A.Expression, Value | undefined>();

  constructor(private readonly model: SemanticModel) {}

  fold(expression: A.Expression): Value | undefined {
    if (this.known.has(expression)) return this.known.get(expression);
    // Marked first, so a name reached again while folding its own value counts as unknown.
    this.known.set(expression, undefined);
    const value = this.compute(expression);
    this.known.set(expression, value);
    return value;
  }

  private compute(expression: A.Expression): Value | undefined {
    switch (expression.kind) {
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return expression.value;
      case "Name": {
        const resolution = this.model.resolutions.get(expression);
        const declarations = resolution?.kind === "binding" ? resolution.binding.declarations : [];
        // A name bound in exclusive branches holds whichever branch ran: not one value.
        return declarations.length === 1 ? this.fold(declarations[0]!.value) : undefined;
      }
      case "Unary":
        return this.unary(expression);
      case "Binary":
        return this.binary(expression);
      default:
        return undefined;
    }
  }

  private unary(expression: A.UnaryExpression): Value | undefined {
    const operand = this.fold(expression.operand);
    if (operand === undefined) return undefined;
    switch (expression.operator) {
      case "not":
        return typeof operand === "boolean" ? !operand : ABSENT;
      case "-":
        return typeof operand === "number" ? -operand : ABSENT;
      case "+":
        return operand;
      default:
        return undefined;
    }
  }

  private binary(expression: A.BinaryExpression): Value | undefined {
    const left = this.fold(expression.left);
    const right = this.fold(expression.right);
    switch (expression.operator) {
      case "and":
        // One operand that is not true decides `and`, whatever the other is.
        if ((left !== undefined && left !== true) || (right !== undefined && right !== true)) return false;
        return left === true && right === true ? true : undefined;
      case "or":
        if (left === true || right === true) return true;
        return left !== undefined && right !== undefined ? false : undefined;
      case "xor":
        if (left === undefined || right === undefined) return undefined;
        return typeof left === "boolean" && typeof right === "boolean" ? left !== right : ABSENT;
      case "otherwise":
        if (left !== undefined && left !== ABSENT) return left;
        return left === ABSENT ? right : undefined;
      case "matches":
      case "not_matches":
      case "matches_cs":
      case "not_matches_cs":
        return left === undefined || expression.right.kind !== "StringLiteral" ? undefined : matchConstant(left, expression.right.value, expression.operator);
      default:
        return left === undefined || right === undefined ? undefined : binary(expression.operator, left, right);
    }
  }
}

function matchConstant(subject: Value, pattern: string, operator: "matches" | "not_matches" | "matches_cs" | "not_matches_cs"): boolean | undefined {
  const text = textOf(subject);
  // An absent value makes every match false, also not_matches.
  if (text === undefined) return false;
  try {
    const found = compileEre(pattern, { caseInsensitive: !operator.endsWith("_cs") }).test(text);
    return operator.startsWith("not_") ? !found : found;
  } catch (error) {
    // The checker rejects invalid patterns (P2035); without that guarantee the value is unknown.
    if (error instanceof EreCompileError) return undefined;
    throw error;
  }
}
