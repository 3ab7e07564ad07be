import type { CstElement, CstNode, IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition, type FixIt } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { syntaxDiagnostics as codes } from "../diagnostics/catalog/syntax.js";
import type * as A from "./ast.js";
import { decodeStringBody } from "./strings.js";
import * as T from "./tokens.js";

/**
 * Lowers chevrotain's concrete syntax tree to the AST. The CST may come from
 * error recovery, so every child is treated as possibly missing.
 */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly source: SourceFile) {}

  program(cst: CstNode | undefined, comments: A.Comment[]): A.Program {
    const header = cst && this.node(cst, "moduleHeader");
    const items = cst ? this.nodes(cst, "topLevelItem").map((item) => this.topLevelItem(item)).filter(isDefined) : [];
    return {
      kind: "Program",
      file: this.source.path,
      language: "p",
      span: { start: 0, end: this.source.text.length },
      ...(header ? { header: this.moduleHeader(header) } : {}),
      items,
      comments,
    };
  }

  // ----- extension: module header, rulesets, point blocks -----

  private moduleHeader(cst: CstNode): A.ModuleHeader {
    const uriToken = this.token(cst, "StringToken");
    const kind = this.node(cst, "authorKind");
    const kindToken = kind && firstToken(kind);
    const fields = this.fields(cst, true);
    return {
      kind: "ModuleHeader",
      span: this.span(cst),
      ...(uriToken ? { uri: this.stringLiteral(uriToken) } : {}),
      author: kindToken?.image === "delegate" ? "delegate" : "self",
      authorSpan: kindToken ? tokenSpan(kindToken) : this.span(cst),
      fields,
    };
  }

  private fields(cst: CstNode, isModuleHeader: boolean): A.HeaderField[] {
    const fields: A.HeaderField[] = [];
    for (const fieldCst of this.nodes(cst, "headerField")) {
      const keyToken = firstToken(fieldCst);
      const valueToken = this.token(fieldCst, "StringToken");
      if (!keyToken || !valueToken) continue;
      const key = keyToken.image as A.HeaderFieldName;
      const field: A.HeaderField = { kind: "HeaderField", span: this.span(fieldCst), key, keySpan: tokenSpan(keyToken), value: this.stringLiteral(valueToken) };
      const earlier = fields.find((f) => f.key === key);
      if (earlier) {
        this.report(codes.duplicateField, field.keySpan, `'${key}' is already given`, {
          related: [{ range: this.source.range(earlier.keySpan), message: `first '${key}' here` }],
        });
      } else if (!isModuleHeader && key === "id") {
        this.report(codes.misplacedField, field.keySpan, "a ruleset's id is the endpoint named after 'authorized_by'; remove this field");
      }
      fields.push(field);
    }
    if (isModuleHeader && !recovered(cst)) {
      for (const required of ["name", "id"] as const) {
        if (!fields.some((f) => f.key === required)) {
          this.report(codes.missingField, this.span(cst), `the module header needs a '${required}' field`);
        }
      }
    }
    return fields;
  }

  private topLevelItem(cst: CstNode): A.TopLevelItem | undefined {
    const ruleSet = this.node(cst, "ruleSet");
    if (ruleSet) return this.ruleSet(ruleSet);
    const statement = this.node(cst, "statement");
    return statement && this.statement(statement);
  }

  private ruleSet(cst: CstNode): A.RuleSet {
    const endpointToken = firstToken(this.node(cst, "endpointClass"));
    const idToken = this.token(cst, "StringToken");
    const protocolToken = this.token(cst, "Identifier");
    const span = this.span(cst);
    return {
      kind: "RuleSet",
      span,
      endpoint: endpointToken?.image === "provider" ? "provider" : "consumer",
      endpointSpan: endpointToken ? tokenSpan(endpointToken) : span,
      group: this.token(cst, "Ctx_group") !== undefined,
      authorizedBy: idToken ? this.stringLiteral(idToken) : { kind: "StringLiteral", span, value: "" },
      protocol: protocolToken ? identifier(protocolToken) : { kind: "Identifier", span, name: "" },
      fields: this.fields(cst, false),
      body: this.nodes(cst, "rulesetItem").map((item) => this.rulesetItem(item)).filter(isDefined),
    };
  }

  private rulesetItem(cst: CstNode): A.Statement | undefined {
    const point = this.node(cst, "pointBlock");
    if (point) return this.pointBlock(point);
    const statement = this.node(cst, "statement");
    return statement && this.statement(statement);
  }

  private pointBlock(cst: CstNode): A.PointBlock {
    const nameToken = firstToken(this.node(cst, "pointName"));
    const span = this.span(cst);
    let point: A.Identifier | A.NumberLiteral = { kind: "Identifier", span, name: "" };
    if (nameToken?.tokenType === T.NumberLiteral) point = this.numberLiteral(nameToken);
    else if (nameToken) point = identifier(nameToken);
    return { kind: "PointBlock", span, point, body: this.block(this.node(cst, "block"), span) };
  }

  // ----- statements -----

  private block(cst: CstNode | undefined, fallback: Span): A.BlockStatement {
    if (!cst) return { kind: "Block", span: fallback, body: [] };
    return { kind: "Block", span: this.span(cst), body: this.statements(cst) };
  }

  private statements(cst: CstNode): A.Statement[] {
    return this.nodes(cst, "statement").map((s) => this.statement(s)).filter(isDefined);
  }

  private statement(cst: CstNode): A.Statement | undefined {
    const ifCst = this.node(cst, "ifStatement");
    if (ifCst) return this.ifStatement(ifCst);
    const expressionCst = this.node(cst, "expressionStatement");
    if (expressionCst) return this.expressionStatement(expressionCst);
    const semicolon = this.token(cst, "Semicolon");
    return semicolon ? { kind: "Empty", span: tokenSpan(semicolon) } : undefined;
  }

  private ifStatement(cst: CstNode): A.IfStatement {
    const span = this.span(cst);
    const branches: A.IfBranch[] = [this.ifBranch(cst, span)];
    for (const elsif of this.nodes(cst, "elsifClause")) branches.push(this.ifBranch(elsif, this.span(elsif)));
    const elseCst = this.node(cst, "elseClause");
    return {
      kind: "If",
      span,
      branches,
      ...(elseCst ? { otherwise: this.block(this.node(elseCst, "block"), this.span(elseCst)) } : {}),
    };
  }

  private ifBranch(cst: CstNode, span: Span): A.IfBranch {
    const condition = this.node(cst, "condition");
    const body = this.block(this.node(cst, "block"), span);
    return {
      kind: "IfBranch",
      span: { start: span.start, end: body.span.end },
      condition: this.expression(condition && this.node(condition, "expression"), span),
      body,
    };
  }

  private expressionStatement(cst: CstNode): A.Statement {
    const span = this.span(cst);
    const [targetCst, valueCst] = this.nodes(cst, "expression");
    const target = this.expression(targetCst, span);
    if (!this.token(cst, "Assign")) {
      // A bare `{ … }` statement is a compound statement, not a code value.
      if (target.kind === "Code") return { kind: "Block", span: target.span, body: target.body };
      return { kind: "ExpressionStatement", span, expression: target };
    }
    const value = this.expression(valueCst, span);
    if (target.kind === "Name") {
      return { kind: "Assignment", span, name: { kind: "Identifier", span: target.span, name: target.name }, value };
    }
    if (target.kind !== "Missing") {
      this.report(codes.invalidAssignmentTarget, target.span, "only a plain name can be bound with ':='; P names are single-assignment and members cannot be assigned");
    }
    return { kind: "ExpressionStatement", span, expression: value };
  }

  // ----- expressions -----

  private expression(cst: CstNode | undefined, fallback: Span): A.Expression {
    if (!cst) return { kind: "Missing", span: fallback };
    switch (cst.name) {
      case "expression":
        return this.binaryChain(cst, "tryExpression", "Kw_otherwise");
      case "xorExpression":
        return this.binaryChain(cst, "orExpression", "Kw_xor");
      case "orExpression":
        return this.binaryChain(cst, "andExpression", "Kw_or");
      case "andExpression":
        return this.binaryChain(cst, "comparison", "Kw_and");
      case "comparison":
        return this.binaryChain(cst, "importExpression", "CompareOp");
      case "stringExpression":
        return this.binaryChain(cst, "additive", "StringOp");
      case "additive":
        return this.binaryChain(cst, "multiplicative", "AdditiveOp");
      case "multiplicative":
        return this.binaryChain(cst, "unary", "MultiplicativeOp");
      case "tryExpression":
        return this.prefixed(cst, "Kw_try", "tryExpression", "xorExpression");
      case "importExpression":
        return this.prefixed(cst, "Kw_import", "importExpression", "stringExpression");
      case "unary":
        return this.prefixed(cst, "UnaryOp", "unary", "postfix");
      case "postfix":
        return this.postfix(cst);
      default:
        return { kind: "Missing", span: this.span(cst) };
    }
  }

  /**
   * Left-associative chain `operand (op operand)*`. Spans come from the CST so
   * that parentheses around an operand belong to the expression's span.
   */
  private binaryChain(cst: CstNode, operandRule: string, operatorKey: string): A.Expression {
    const operands = this.nodes(cst, operandRule);
    const operators = (cst.children[operatorKey] ?? []) as IToken[];
    const start = this.span(cst).start;
    let left = this.expression(operands[0], this.span(cst));
    operators.forEach((operatorToken, index) => {
      const operatorSpan = tokenSpan(operatorToken);
      const rightCst = operands[index + 1];
      const right = this.expression(rightCst, { start: operatorSpan.end, end: operatorSpan.end });
      const end = rightCst ? Math.max(this.span(rightCst).end, operatorSpan.end) : operatorSpan.end;
      left = { kind: "Binary", span: { start, end }, operator: operatorToken.image as A.BinaryOperator, operatorSpan, left, right };
    });
    return left;
  }

  /** `op operand` (recursive) or the next-tighter level. */
  private prefixed(cst: CstNode, operatorKey: string, selfRule: string, nextRule: string): A.Expression {
    const operatorToken = this.token(cst, operatorKey);
    if (!operatorToken) return this.expression(this.node(cst, nextRule), this.span(cst));
    const operandCst = this.node(cst, selfRule);
    const operand = this.expression(operandCst, { start: tokenSpan(operatorToken).end, end: tokenSpan(operatorToken).end });
    const span = { start: tokenSpan(operatorToken).start, end: Math.max(operandCst ? this.span(operandCst).end : 0, tokenSpan(operatorToken).end) };
    if (operatorToken.tokenType === T.Bang) {
      this.report(codes.legacyNegation, tokenSpan(operatorToken), "'!' is draft -00 syntax; write 'not'", {
        fix: { message: "replace '!' with 'not'", edits: [{ range: this.source.range(tokenSpan(operatorToken)), newText: "not " }] },
      });
      return { kind: "Unary", span, operator: "not", legacySpelling: "!", operand };
    }
    return { kind: "Unary", span, operator: operatorToken.image as A.UnaryOperator, operand };
  }

  private postfix(cst: CstNode): A.Expression {
    const start = this.span(cst).start;
    let result = this.primary(this.node(cst, "primary"), this.span(cst));
    for (const suffix of this.nodes(cst, "suffix")) {
      const member = this.token(suffix, "MemberName");
      const args = this.node(suffix, "callArguments");
      if (member) {
        result = { kind: "Member", span: { start, end: tokenSpan(member).end }, object: result, property: this.identifier(member) };
      } else if (args) {
        const argSpan = this.span(args);
        result = {
          kind: "Call",
          span: { start, end: argSpan.end },
          callee: result,
          args: this.nodes(args, "expression").map((a) => this.expression(a, argSpan)),
        };
      }
    }
    return result;
  }

  private primary(cst: CstNode | undefined, fallback: Span): A.Expression {
    if (!cst) return { kind: "Missing", span: fallback };
    const token = firstDirectToken(cst);
    if (token) {
      if (token.tokenType === T.NumberLiteral) return this.numberLiteral(token);
      if (token.tokenType === T.True || token.tokenType === T.False) {
        return { kind: "BooleanLiteral", span: tokenSpan(token), value: token.tokenType === T.True };
      }
      if (token.tokenType === T.StringLiteral || token.tokenType === T.UnterminatedString) return this.stringLiteral(token);
      return { kind: "Name", span: tokenSpan(token), name: this.identifier(token).name };
    }
    const parenthesized = this.node(cst, "parenthesized");
    if (parenthesized) return this.expression(this.node(parenthesized, "expression"), this.span(parenthesized));
    const block = this.node(cst, "block");
    if (block) return { kind: "Code", span: this.span(block), body: this.statements(block) };
    return { kind: "Missing", span: this.span(cst) };
  }

  // ----- literals -----

  private stringLiteral(token: IToken): A.StringLiteral {
    const span = tokenSpan(token);
    const closed = token.tokenType === T.StringLiteral;
    const body = token.image.slice(1, closed ? -1 : undefined);
    const { value, problems } = decodeStringBody(body);
    for (const problem of problems) {
      const start = span.start + 1 + problem.offset;
      this.report(codes.invalidEscape, { start, end: start + problem.length }, `'${problem.text}' is not an escape of P; use \\" \\\\ \\n \\r \\t or \\xHH`);
    }
    return { kind: "StringLiteral", span, value };
  }

  private numberLiteral(token: IToken): A.NumberLiteral {
    const span = tokenSpan(token);
    if (token.image.length > 1 && token.image.startsWith("0")) {
      this.report(codes.leadingZero, span, `write ${token.image.replace(/^0+(?=\d)/, "")}: P numbers have no leading zeros`);
    }
    const value = Number(token.image);
    if (!Number.isSafeInteger(value)) {
      this.report(codes.numberTooLarge, span, `${token.image} is larger than ${Number.MAX_SAFE_INTEGER}, the largest integer P represents exactly`);
    }
    return { kind: "NumberLiteral", span, value };
  }

  private identifier(token: IToken): A.Identifier {
    return identifier(token);
  }

  // ----- CST access helpers -----

  private node(cst: CstNode, key: string): CstNode | undefined {
    return cst.children[key]?.[0] as CstNode | undefined;
  }

  private nodes(cst: CstNode, key: string): CstNode[] {
    return (cst.children[key] ?? []) as CstNode[];
  }

  private token(cst: CstNode, key: string): IToken | undefined {
    const token = cst.children[key]?.[0] as IToken | undefined;
    return token && !token.isInsertedInRecovery ? token : undefined;
  }

  private span(cst: CstNode): Span {
    const location = cst.location;
    if (location && location.startOffset >= 0 && Number.isFinite(location.startOffset)) {
      const end = location.endOffset !== undefined && Number.isFinite(location.endOffset) && location.endOffset >= location.startOffset ? location.endOffset + 1 : location.startOffset;
      return { start: location.startOffset, end };
    }
    const token = firstToken(cst);
    return token ? tokenSpan(token) : { start: 0, end: 0 };
  }

  private report(definition: DiagnosticDefinition, span: Span, message: string, extra: { fix?: FixIt; related?: Diagnostic["related"] } = {}): void {
    this.diagnostics.push(createDiagnostic(definition, this.source.range(span), message, extra));
  }
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function identifier(token: IToken): A.Identifier {
  return { kind: "Identifier", span: tokenSpan(token), name: token.image };
}

function isToken(element: CstElement): element is IToken {
  return "tokenType" in element;
}

function firstDirectToken(cst: CstNode): IToken | undefined {
  for (const children of Object.values(cst.children)) {
    const first = children[0];
    if (first && isToken(first) && !first.isInsertedInRecovery) return first;
  }
  return undefined;
}

/** The earliest real token anywhere below a node. */
function firstToken(cst: CstNode | undefined): IToken | undefined {
  if (!cst) return undefined;
  let best: IToken | undefined;
  for (const children of Object.values(cst.children)) {
    for (const child of children) {
      const candidate = isToken(child) ? (child.isInsertedInRecovery ? undefined : child) : firstToken(child);
      if (candidate && candidate.startOffset >= 0 && (!best || candidate.startOffset < best.startOffset)) best = candidate;
    }
  }
  return best;
}

function recovered(cst: CstNode): boolean {
  return cst.recoveredNode === true;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
