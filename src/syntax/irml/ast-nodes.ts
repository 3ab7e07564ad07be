import type { Span } from "../../diagnostics/source.js";
import type * as A from "../ast.js";

/** Small constructors for AST nodes, so the IRML mapping reads like the P it stands for. */

export const identifier = (name: string, span: Span): A.Identifier => ({ kind: "Identifier", name, span });
export const nameRef = (name: string, span: Span): A.NameExpression => ({ kind: "Name", name, span });
export const stringLiteral = (value: string, span: Span): A.StringLiteral => ({ kind: "StringLiteral", value, span });
export const missing = (span: Span): A.MissingExpression => ({ kind: "Missing", span });

export const member = (object: A.Expression, property: string, span: Span): A.MemberExpression => ({
  kind: "Member",
  object,
  property: identifier(property, span),
  span,
});

export const call = (callee: A.Expression, args: readonly A.Expression[], span: Span): A.CallExpression => ({
  kind: "Call",
  callee,
  args,
  span,
});

/** `A.b.c` from ["A", "b", "c"], every node spanning `span`. */
export function memberPath(path: readonly string[], span: Span): A.Expression {
  const [head = "", ...rest] = path;
  return rest.reduce<A.Expression>((object, property) => member(object, property, span), nameRef(head, span));
}

/** `A.b.method(args)`. */
export const methodCall = (path: readonly string[], args: readonly A.Expression[], span: Span): A.CallExpression =>
  call(memberPath(path, span), args, span);

export const binary = (operator: A.BinaryOperator, left: A.Expression, right: A.Expression, span: Span, operatorSpan: Span): A.BinaryExpression => ({
  kind: "Binary",
  operator,
  operatorSpan,
  left,
  right,
  span,
});

export const expressionStatement = (expression: A.Expression, span: Span): A.ExpressionStatement => ({
  kind: "ExpressionStatement",
  expression,
  span,
});

export const block = (body: readonly A.Statement[], span: Span): A.BlockStatement => ({ kind: "Block", body, span });

/** The dotted path of a `Name.member.member` chain, or undefined for anything else. */
export function dottedPath(expression: A.Expression): string[] | undefined {
  if (expression.kind === "Name") return [expression.name];
  if (expression.kind !== "Member") return undefined;
  const head = dottedPath(expression.object);
  return head && [...head, expression.property.name];
}

/** For `callee(args)` where callee is a dotted path: the path and the arguments. */
export function pathCall(expression: A.Expression): { path: string[]; args: readonly A.Expression[] } | undefined {
  if (expression.kind !== "Call") return undefined;
  const path = dottedPath(expression.callee);
  return path && { path, args: expression.args };
}

export const samePath = (a: readonly string[] | undefined, b: readonly string[]): boolean =>
  a !== undefined && a.length === b.length && a.every((part, i) => part === b[i]);
