import type { Span } from "../../diagnostics/source.js";
import type * as A from "../ast.js";
import { encodeString } from "../strings.js";
import { breakableOperators, needsParentheses } from "./precedence.js";
import type { ListElement, Trivia } from "./trivia.js";

/** Lines of printed text. The first continues the current line; the others carry their own indentation. */
type Doc = string[];

const indentStep = 2;
/** Extra indentation of the continuation lines of a broken `and`/`or`/`xor`/`otherwise` chain. */
const continuationStep = 4;
export const maxLineWidth = 100;

/** One printed element (or comment, or blank line) of a list, before its trailing comments are appended. */
interface Entry {
  readonly lines: string[];
  readonly trailing: A.Comment[];
  readonly element?: ListElement;
}

const blankEntry: Entry = { lines: [""], trailing: [] };

/** Lays out a program in the one canonical style of `opes fmt`. */
export class Printer {
  constructor(private readonly trivia: Trivia) {}

  /** The lines of the formatted program, without line breaks. */
  program(program: A.Program): string[] {
    const elements: ListElement[] = program.header ? [program.header, ...program.items] : [...program.items];
    // The whole remaining file is the region, so a comment with an odd span still gets printed.
    return this.list(elements, { start: 0, end: Number.POSITIVE_INFINITY }, 0, true);
  }

  /**
   * Prints the elements of one `{ … }` body (or of the file) with their
   * comments; `region` is the source range of that body.
   */
  private list(elements: readonly ListElement[], region: Span, indent: number, topLevel = false): string[] {
    const pad = " ".repeat(indent);
    const entries: Entry[] = [];
    let previousEnd = region.start;
    let previous: ListElement | undefined;
    const separate = (start: number, forceBlank: boolean) => {
      if (entries.length > 0 && (forceBlank || this.trivia.blankLineBetween(previousEnd, start))) entries.push(blankEntry);
    };
    const pushComment = (comment: A.Comment, forceBlank: boolean) => {
      separate(comment.span.start, forceBlank);
      entries.push({ lines: [pad + comment.text], trailing: [] });
      previousEnd = comment.span.end;
    };

    elements.forEach((element, index) => {
      const next = elements[index + 1];
      const nextStart = next ? next.span.start : region.end;
      const leading = this.trivia.takeLeading(element);
      const last = entries[entries.length - 1];
      if (element.kind === "Empty" && leading.length === 0 && acceptsSemicolon(last)) {
        // `if (c) { … };` keeps its `;` on the closing line.
        last.lines[last.lines.length - 1] += ";";
        previousEnd = this.pushTrailing(last, element.span.end, nextStart);
        return;
      }
      const forceBlank = topLevel && previous !== undefined && (isTopLevelUnit(previous) || isTopLevelUnit(element));
      leading.forEach((comment, position) => pushComment(comment, forceBlank && position === 0));
      separate(element.span.start, forceBlank && leading.length === 0);
      const entry: Entry = { lines: this.element(element, indent, next), trailing: [], element };
      entries.push(entry);
      previousEnd = this.pushTrailing(entry, element.span.end, nextStart);
      previous = element;
    });
    for (const comment of this.trivia.takeBefore(region.end)) pushComment(comment, false);

    return entries.flatMap(withTrailing);
  }

  /** Moves the comments that follow an element on its line onto its last line; returns where the source now continues. */
  private pushTrailing(entry: Entry, end: number, limit: number): number {
    const trailing = this.trivia.takeTrailing(end, limit);
    entry.trailing.push(...trailing);
    return trailing.length > 0 ? trailing[trailing.length - 1]!.span.end : end;
  }

  private element(element: ListElement, indent: number, next: ListElement | undefined): string[] {
    const pad = " ".repeat(indent);
    switch (element.kind) {
      case "HeaderField":
        return [`${pad}${element.key} ${encodeString(element.value.value)};`];
      case "ModuleHeader": {
        const uri = element.uri ? " " + encodeString(element.uri.value) : "";
        const region = { start: element.authorSpan.end, end: element.span.end };
        return this.braced(indent, [`rulemodule${uri} author ${element.author}`], element.fields, region);
      }
      case "RuleSet": {
        const group = element.group ? " group" : "";
        const head = `ruleset authorized_by ${element.endpoint}${group} ${encodeString(element.authorizedBy.value)} protocol ${element.protocol.name}`;
        const region = { start: element.protocol.span.end, end: element.span.end };
        return this.braced(indent, [head], [...element.fields, ...element.body], region);
      }
      case "PointBlock":
        return this.braced(indent, [`at ${pointName(element.point)}`], element.body.body, element.body.span);
      case "Block": {
        const lines = this.braced(indent, [""], element.body, element.span);
        if (next && continuesBlock(next)) lines[lines.length - 1] += ";";
        return lines;
      }
      case "If":
        return this.ifStatement(element, indent);
      case "Empty":
        return [pad + ";"];
      case "Assignment":
        return this.statementLine(indent, `${element.name.name} := `, element.value);
      case "ExpressionStatement":
        return this.statementLine(indent, "", element.expression);
    }
  }

  private statementLine(indent: number, prefix: string, expression: A.Expression): string[] {
    const pad = " ".repeat(indent);
    return concat(pad + prefix, this.layout(expression, indent, indent + prefix.length, 1), ";");
  }

  private ifStatement(statement: A.IfStatement, indent: number): string[] {
    const lines: string[] = [];
    statement.branches.forEach((branch, index) => {
      const keyword = index === 0 ? "if (" : "elsif (";
      // On the line of the previous `}`: `} elsif (`.
      const used = index === 0 ? indent + keyword.length : lastLength(lines) + 1 + keyword.length;
      const head = concat(keyword, this.layout(branch.condition, indent, used, ") {".length), ")");
      this.appendClause(lines, indent, head, branch.body.body, branch.body.span);
    });
    if (statement.otherwise) this.appendClause(lines, indent, ["else"], statement.otherwise.body, statement.otherwise.span);
    return lines;
  }

  /** Appends `head { body }` to `lines`, continuing the last line when there is one (`} else {`). */
  private appendClause(lines: string[], indent: number, head: Doc, body: readonly ListElement[], region: Span): void {
    const clause = this.braced(indent, head, body, region);
    if (lines.length === 0) {
      lines.push(...clause);
      return;
    }
    lines[lines.length - 1] += " " + clause[0]!.trimStart();
    lines.push(...clause.slice(1));
  }

  /** `head {` body `}` with the body one level deeper, or `head {}` when there is nothing inside. */
  private braced(indent: number, head: Doc, body: readonly ListElement[], region: Span): string[] {
    const pad = " ".repeat(indent);
    const inner = this.list(body, region, indent + indentStep);
    const opening = head[head.length - 1] === "" && head.length === 1 ? "{" : " {";
    const lines = concat(pad, head, inner.length === 0 ? opening + "}" : opening);
    return inner.length === 0 ? lines : [...lines, ...inner, pad + "}"];
  }

  /**
   * Prints an expression that starts at column `used` of a line indented by
   * `indent` and is followed by `suffix` characters. A one-line rendering that
   * does not fit is split at the operators of its loosest `and`/`or`/`xor`/
   * `otherwise` chain, each continuation line starting with the operator.
   */
  private layout(expression: A.Expression, indent: number, used: number, suffix: number): Doc {
    const flat = this.expression(expression, indent);
    const fits = used + flat[0]!.length + suffix <= maxLineWidth;
    if (flat.length > 1 || fits || expression.kind !== "Binary" || !breakableOperators.has(expression.operator)) return flat;
    const continuation = indent + continuationStep;
    const [first, ...rest] = chainOperands(expression);
    const lines = this.layoutOperand(first!, expression, "left", continuation, used, 0);
    rest.forEach((operand, index) => {
      const lead = " ".repeat(continuation) + expression.operator + " ";
      const isLast = index === rest.length - 1;
      lines.push(...concat(lead, this.layoutOperand(operand, expression, "right", continuation, lead.length, isLast ? suffix : 0)));
    });
    return lines;
  }

  private layoutOperand(operand: A.Expression, parent: A.Expression, position: "left" | "right", indent: number, used: number, suffix: number): Doc {
    if (needsParentheses(operand, parent, position)) return parenthesize(this.expression(operand, indent));
    return this.layout(operand, indent, used, suffix);
  }

  /** The one-line rendering of an expression (several lines only where it holds a `{ … }` code value). */
  private expression(expression: A.Expression, indent: number): Doc {
    switch (expression.kind) {
      case "StringLiteral":
        return [encodeString(expression.value)];
      case "NumberLiteral":
      case "BooleanLiteral":
        return [String(expression.value)];
      case "Name":
        return [expression.name];
      case "Missing":
        return [""];
      case "Member":
        return concat(this.operand(expression.object, expression, "operand", indent), ".", expression.property.name);
      case "Call": {
        const args = expression.args.flatMap((arg, index) => [index > 0 ? ", " : "", this.expression(arg, indent)]);
        return concat(this.operand(expression.callee, expression, "operand", indent), "(", ...args, ")");
      }
      case "Unary": {
        const operand = this.operand(expression.operand, expression, "operand", indent);
        return concat(expression.operator, unarySeparator(expression.operator, operand[0]!), operand);
      }
      case "Binary":
        return concat(
          this.operand(expression.left, expression, "left", indent),
          ` ${expression.operator} `,
          this.operand(expression.right, expression, "right", indent),
        );
      case "Code": {
        const inner = this.list(expression.body, expression.span, indent + indentStep);
        return inner.length === 0 ? ["{}"] : ["{", ...inner, " ".repeat(indent) + "}"];
      }
    }
  }

  private operand(operand: A.Expression, parent: A.Expression, position: "left" | "right" | "operand", indent: number): Doc {
    const doc = this.expression(operand, indent);
    return needsParentheses(operand, parent, position) ? parenthesize(doc) : doc;
  }
}

/** Joins pieces of text, each continuing the last line of what came before. */
function concat(...parts: (string | Doc)[]): Doc {
  const out: Doc = [""];
  for (const part of parts) {
    const lines = typeof part === "string" ? [part] : part;
    out[out.length - 1] += lines[0] ?? "";
    out.push(...lines.slice(1));
  }
  return out;
}

function parenthesize(doc: Doc): Doc {
  return concat("(", doc, ")");
}

/** `a or b or c` as [a, b, c]; operators are left-associative, so the chain runs down the left side. */
function chainOperands(expression: A.BinaryExpression): A.Expression[] {
  const operands: A.Expression[] = [];
  let node: A.Expression = expression;
  while (node.kind === "Binary" && node.operator === expression.operator) {
    operands.unshift(node.right);
    node = node.left;
  }
  operands.unshift(node);
  return operands;
}

/** Word operators need a space; signs do not, except before another sign (`- -a`, not `--a`). */
function unarySeparator(operator: A.UnaryOperator, operandStart: string): string {
  if (operator !== "+" && operator !== "-") return " ";
  return operandStart.startsWith("+") || operandStart.startsWith("-") ? " " : "";
}

/**
 * A statement that starts with `{` is an expression, so a block statement
 * absorbs a following `;` and is continued by a following `(`, `+` or `-`
 * (`{ … } (f)();` is a call of the code value). Those need a `;` after its `}`.
 */
function continuesBlock(next: ListElement): boolean {
  return next.kind === "Empty" || (next.kind === "ExpressionStatement" && "(+-".includes(firstCharacter(next.expression)));
}

/** The first character the printer writes for an expression, computed without printing it. */
function firstCharacter(expression: A.Expression): string {
  switch (expression.kind) {
    case "Binary":
      return needsParentheses(expression.left, expression, "left") ? "(" : firstCharacter(expression.left);
    case "Member":
      return needsParentheses(expression.object, expression, "operand") ? "(" : firstCharacter(expression.object);
    case "Call":
      return needsParentheses(expression.callee, expression, "operand") ? "(" : firstCharacter(expression.callee);
    case "Unary":
      return expression.operator.charAt(0);
    case "Code":
      return "{";
    case "StringLiteral":
      return '"';
    case "NumberLiteral":
    case "BooleanLiteral":
      return String(expression.value).charAt(0);
    case "Name":
      return expression.name.charAt(0);
    case "Missing":
      return "";
  }
}

function pointName(point: A.Identifier | A.NumberLiteral): string {
  return point.kind === "Identifier" ? point.name : String(point.value);
}

function withTrailing(entry: Entry): string[] {
  if (entry.trailing.length === 0) return entry.lines;
  const lines = [...entry.lines];
  lines[lines.length - 1] += " " + entry.trailing.map((comment) => comment.text).join(" ");
  return lines;
}

/** Whether an empty statement can join this entry's line as `};` (not after a line comment, which would swallow it). */
function acceptsSemicolon(entry: Entry | undefined): entry is Entry {
  if (!entry?.element || entry.trailing.some((comment) => comment.style === "line")) return false;
  return entry.lines[entry.lines.length - 1]!.endsWith("}");
}

function isTopLevelUnit(element: ListElement): boolean {
  return element.kind === "RuleSet" || element.kind === "ModuleHeader";
}

function lastLength(lines: readonly string[]): number {
  return lines[lines.length - 1]?.length ?? 0;
}
