import type { BinaryExpression, Expression, StringLiteral, UnaryExpression } from "../syntax/ast.js";
import type { FixIt } from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { semanticDiagnostics as codes } from "../diagnostics/catalog/semantic.js";
import type { PrimitiveTypeName } from "./catalog.js";
import type { CheckerHost, Info } from "./checker.js";
import { parseEre, type EreSyntaxError } from "../runtime/regex/index.js";
import { booleanType, describeType, isMatchable, isPrimitive, numberType, sameType, typeName, unknownType, type Type } from "./types.js";

export interface OperandInfo {
  readonly info: Info;
  readonly node: Expression;
}

const stringOperators = new Set(["equal", "contains", "begins_with", "ends_with", "EqualS", "ContainS", "Begins_witH", "Ends_witH"]);
const regexOperators = new Set(["matches", "not_matches", "matches_cs", "not_matches_cs"]);

/**
 * The operator table of draft -02 §3.3 with this project's extensions:
 * operators are defined only for built-in types, and P never converts a
 * value silently, so every operand must already have the type the operator
 * wants. Returns the result type.
 */
export function checkOperator(host: CheckerHost, expression: UnaryExpression | BinaryExpression, first: OperandInfo, second?: OperandInfo): Type {
  if (expression.kind === "Unary" || !second) return unaryResult(host, expression.operator, first);
  const operator = expression.operator;
  switch (operator) {
    case "and":
    case "or":
    case "xor":
      both(host, operator, first, second, "boolean");
      return booleanType;
    case "*":
    case "/":
    case "%":
    case "-":
      both(host, operator, first, second, "number");
      return numberType;
    case "<":
    case "<=":
    case ">":
    case ">=":
      both(host, operator, first, second, "number");
      return booleanType;
    case "+":
      return plus(host, first, second);
    case "==":
    case "!=":
      equality(host, expression, first, second);
      return booleanType;
    case "otherwise":
      return otherwise(host, first, second);
    default:
      if (stringOperators.has(operator)) both(host, operator, first, second, "string");
      else if (regexOperators.has(operator)) regexOperands(host, operator, first, second);
      return booleanType;
  }
}

function unaryResult(host: CheckerHost, operator: string, operand: OperandInfo): Type {
  switch (operator) {
    case "not":
      expect(host, operator, operand, "boolean", "it");
      return booleanType;
    case "try":
      if (!isPrimitive(operand.info.type, "code") && operand.info.type.kind !== "unknown") {
        host.report(codes.operandTypeMismatch, operand.node.span, `\`try\` runs a code object { … }, but this is ${describeType(operand.info.type)}`);
      }
      return booleanType;
    default:
      expect(host, operator, operand, "number", "it");
      return numberType;
  }
}

/** Reports an operand that is not of the wanted primitive type; true when it is (or is unknown). */
function expect(host: CheckerHost, operator: string, operand: OperandInfo, wanted: PrimitiveTypeName, which: string): boolean {
  const type = operand.info.type;
  if (type.kind === "unknown" || isPrimitive(type, wanted)) return true;
  const hint = textHint(type, wanted);
  const needs = which === "it" ? `a ${wanted} operand` : `${wanted} operands`;
  host.report(codes.operandTypeMismatch, operand.node.span, `\`${operator}\` needs ${needs}, but ${which} is ${describeType(type)}${hint}`);
  return false;
}

function both(host: CheckerHost, operator: string, left: OperandInfo, right: OperandInfo, wanted: PrimitiveTypeName): boolean {
  const leftOk = expect(host, operator, left, wanted, "the left one");
  return expect(host, operator, right, wanted, "the right one") && leftOk;
}

/** ip, uri and time values have a text form, but string operators never read it implicitly. */
function textHint(type: Type, wanted: PrimitiveTypeName): string {
  return wanted === "string" && type.kind === "object" && type.shape.members.has("text") ? `; compare its text with \`.text\`` : "";
}

function plus(host: CheckerHost, left: OperandInfo, right: OperandInfo): Type {
  const a = left.info.type;
  const b = right.info.type;
  if (a.kind === "unknown" || b.kind === "unknown") return a.kind === "unknown" ? b : a;
  if ((isPrimitive(a, "number") || isPrimitive(a, "string")) && sameType(a, b)) return a;
  host.report(codes.operandTypeMismatch, right.node.span, `\`+\` adds two numbers or joins two strings, not ${describeType(a)} and ${describeType(b)}; P converts nothing`);
  return unknownType;
}

function regexOperands(host: CheckerHost, operator: string, subject: OperandInfo, pattern: OperandInfo): void {
  const type = subject.info.type;
  if (type.kind !== "unknown" && !isMatchable(type)) {
    host.report(codes.operandTypeMismatch, subject.node.span, `\`${operator}\` matches text: a string, or an ip, uri or time value; this is ${describeType(type)}`);
  }
  if (pattern.node.kind !== "StringLiteral") {
    if (pattern.info.type.kind !== "unknown") {
      host.report(codes.regexNotLiteral, pattern.node.span, `the pattern of \`${operator}\` must be a string literal, so that it is checked when the rules are compiled`);
    }
    return;
  }
  checkRegexLiteral(host, pattern.node);
}

/**
 * Checks a pattern with the runtime's own ERE parser, so that what compiles
 * is exactly what the evaluator accepts.
 */
export function checkRegexLiteral(host: CheckerHost, literal: StringLiteral): void {
  const parsed = parseEre(literal.value);
  if (!parsed.ok) reportInvalidRegex(host, literal, parsed.error);
}

/** Points at the offending characters when the literal has no escapes (so offsets match), else at the literal. */
function reportInvalidRegex(host: CheckerHost, literal: StringLiteral, problem: EreSyntaxError): void {
  const raw = host.source.text.slice(literal.span.start, literal.span.end);
  const exact = raw.length === literal.value.length + 2;
  const start = literal.span.start + 1 + problem.offset;
  const span = exact ? { start, end: start + Math.max(1, problem.length) } : literal.span;
  host.report(codes.invalidRegex, span, `invalid POSIX extended regular expression: ${problem.message}`);
}

function equality(host: CheckerHost, expression: BinaryExpression, left: OperandInfo, right: OperandInfo): void {
  const a = left.info.type;
  const b = right.info.type;
  if (a.kind === "unknown" || b.kind === "unknown") return;
  if (isPrimitive(a, "string") && isPrimitive(b, "string")) {
    reportStringEquality(host, expression);
    return;
  }
  const comparable = (isPrimitive(a, "number") || isPrimitive(a, "boolean")) && sameType(a, b);
  if (comparable) return;
  const numeric = numericStringLiteral(isPrimitive(a, "number") ? right.node : isPrimitive(b, "number") ? left.node : undefined);
  if (numeric) {
    const fix: FixIt = { message: "compare with the number", edits: [{ range: host.source.range(numeric.span), newText: numeric.value }] };
    host.report(codes.operandTypeMismatch, numeric.span, `\`${expression.operator}\` compares a number with a string; P never converts one into the other: write ${numeric.value} without quotes`, { fix });
    return;
  }
  const what = sameType(a, b) ? `${typeName(a)} values` : `${describeType(a)} with ${describeType(b)}`;
  host.report(codes.operandTypeMismatch, expression.operatorSpan, `\`${expression.operator}\` compares numbers or booleans, not ${what}; P never converts types`);
}

function numericStringLiteral(node: Expression | undefined): StringLiteral | undefined {
  return node?.kind === "StringLiteral" && /^-?\d+$/.test(node.value) ? node : undefined;
}

/** Draft -02 removed `==` on strings: `a == b` becomes `a equal b`, `a != b` becomes `not (a equal b)`. */
function reportStringEquality(host: CheckerHost, expression: BinaryExpression): void {
  const fix: FixIt = expression.operator === "==" ? { message: "use `equal`", edits: [{ range: host.source.range(expression.operatorSpan), newText: "equal" }] } : negatedEqualFix(host, expression);
  const replacement = expression.operator === "==" ? "`equal`" : "`not (a equal b)`";
  host.report(codes.stringEquality, expression.operatorSpan, `\`${expression.operator}\` is not defined for strings since draft -02; write ${replacement}`, { fix });
}

function negatedEqualFix(host: CheckerHost, expression: BinaryExpression): FixIt {
  const text = host.source.text;
  const span = withParentheses(text, { start: expression.left.span.start, end: expression.right.span.end });
  const left = text.slice(span.start, expression.operatorSpan.start).trim();
  const right = text.slice(expression.operatorSpan.end, span.end).trim();
  return { message: "use `not (… equal …)`", edits: [{ range: host.source.range(span), newText: `not (${left} equal ${right})` }] };
}

/**
 * Operand spans exclude the parentheses around them, so `(a) != b` spans
 * `a) != b`: widen the span over the parentheses it leaves unbalanced.
 */
function withParentheses(text: string, span: Span): Span {
  const inner = text.slice(span.start, span.end);
  let start = span.start;
  let end = span.end;
  let depth = 0;
  let unopened = 0;
  for (const c of inner) {
    if (c === "(") depth++;
    else if (c === ")") depth > 0 ? depth-- : unopened++;
  }
  for (; unopened > 0 && start > 0; start--) if (text[start - 1] === "(") unopened--;
  for (; depth > 0 && end < text.length; end++) if (text[end] === ")") depth--;
  return { start, end };
}

function otherwise(host: CheckerHost, left: OperandInfo, right: OperandInfo): Type {
  const a = left.info.type;
  const b = right.info.type;
  if (sameType(a, b)) return a.kind === "unknown" ? b : a;
  host.report(codes.otherwiseTypeMismatch, right.node.span, `\`otherwise\` yields its left value, or the right one when the left fails, so both need one type: here ${describeType(a)} and ${describeType(b)}`);
  return unknownType;
}
