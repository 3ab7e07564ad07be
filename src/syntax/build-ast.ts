import type { IToken } from "chevrotain";
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition, type FixIt } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { syntaxDiagnostics as codes } from "../diagnostics/catalog/syntax.js";
import type * as A from "./ast.js";
import { decodeStringBody } from "./strings.js";
import * as T from "./tokens.js";

/**
 * Makes AST nodes for the parser's actions (src/syntax/grammar.ts) and
 * reports what the grammar alone cannot catch: bad escapes, duplicate
 * fields, targets of `:=` that are not names. After error recovery a child
 * may be missing or a token may have been inserted by the parser; such parts
 * become placeholders so that one mistake yields one diagnostic.
 */
export class AstBuilder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly source: SourceFile) {}

  // ----- extension: module header, rulesets, point blocks -----

  moduleHeader(start: ModuleHeaderStart, fields: readonly A.HeaderField[] | undefined, span: Span): A.ModuleHeader {
    const uri = real(start.uri);
    const author = real(start.author);
    this.checkFields(fields ?? [], "module header");
    if (fields) this.requireFields(fields, span);
    return {
      kind: "ModuleHeader",
      span,
      ...(uri ? { uri: this.stringLiteral(uri) } : {}),
      author: author?.image === "delegate" ? "delegate" : "self",
      authorSpan: author ? tokenSpan(author) : span,
      fields: fields ?? [],
    };
  }

  headerField(keyToken: IToken, valueToken: IToken, span: Span): A.HeaderField | undefined {
    const key = real(keyToken);
    const value = real(valueToken);
    if (!key || !value) return undefined;
    return { kind: "HeaderField", span, key: key.image as A.HeaderFieldName, keySpan: tokenSpan(key), value: this.stringLiteral(value) };
  }

  ruleSet(start: RuleSetStart, fields: readonly A.HeaderField[] | undefined, body: readonly A.Statement[], span: Span): A.RuleSet {
    const endpoint = real(start.endpoint);
    const id = real(start.id);
    const protocol = real(start.protocol);
    this.checkFields(fields ?? [], "ruleset");
    return {
      kind: "RuleSet",
      span,
      endpoint: endpoint?.image === "provider" ? "provider" : "consumer",
      endpointSpan: endpoint ? tokenSpan(endpoint) : span,
      group: real(start.group) !== undefined,
      authorizedBy: id ? this.stringLiteral(id) : { kind: "StringLiteral", span, value: "" },
      protocol: protocol ? identifier(protocol) : { kind: "Identifier", span, name: "" },
      fields: fields ?? [],
      body,
    };
  }

  pointBlock(pointToken: IToken | undefined, body: A.BlockStatement | undefined, span: Span): A.PointBlock {
    const token = real(pointToken);
    let point: A.Identifier | A.NumberLiteral = { kind: "Identifier", span, name: "" };
    if (token?.tokenType === T.NumberLiteral) point = this.numberLiteral(token);
    else if (token) point = identifier(token);
    return { kind: "PointBlock", span, point, body: body ?? this.emptyBlock(span) };
  }

  /** Stands for a block the parser could not read. */
  emptyBlock(span: Span): A.BlockStatement {
    return { kind: "Block", span, body: [] };
  }

  // ----- statements -----

  /**
   * `target;` or `target := value;` (`value` is null when `:=` has no readable
   * value). A bare `{ … }` statement is a compound statement, not a code value.
   */
  expressionStatement(target: A.Expression | undefined, value: A.Expression | null | undefined, span: Span): A.Statement {
    const left = target ?? this.missing(span);
    if (value === undefined) {
      if (left.kind === "Code") return { kind: "Block", span: left.span, body: left.body };
      return { kind: "ExpressionStatement", span, expression: left };
    }
    const right = value ?? this.missing(span);
    if (left.kind === "Name") return { kind: "Assignment", span, name: { kind: "Identifier", span: left.span, name: left.name }, value: right };
    if (left.kind !== "Missing") {
      this.report(codes.invalidAssignmentTarget, left.span, "only a plain name can be bound with ':='; P names are single-assignment and members cannot be assigned");
    }
    return { kind: "ExpressionStatement", span, expression: right };
  }

  // ----- expressions -----

  /** Stands where the parser found no expression; a syntax error was reported there. */
  missing(span: Span): A.MissingExpression {
    return { kind: "Missing", span };
  }

  binary(left: A.Expression | undefined, operatorToken: IToken, right: A.Expression | undefined, span: Span): A.Expression {
    const operatorSpan = tokenSpan(operatorToken);
    return {
      kind: "Binary",
      span,
      operator: operatorToken.image as A.BinaryOperator,
      operatorSpan,
      left: left ?? this.missing(span),
      right: right ?? this.missing({ start: operatorSpan.end, end: operatorSpan.end }),
    };
  }

  unary(operatorToken: IToken, operand: A.Expression | undefined, span: Span): A.Expression {
    const operatorSpan = tokenSpan(operatorToken);
    const argument = operand ?? this.missing({ start: operatorSpan.end, end: operatorSpan.end });
    if (operatorToken.tokenType === T.Bang) {
      this.report(codes.legacyNegation, operatorSpan, "'!' is draft -00 syntax; write 'not'", {
        fix: { message: "replace '!' with 'not'", edits: [{ range: this.source.range(operatorSpan), newText: "not " }] },
      });
      return { kind: "Unary", span, operator: "not", legacySpelling: "!", operand: argument };
    }
    return { kind: "Unary", span, operator: operatorToken.image as A.UnaryOperator, operand: argument };
  }

  /** `a * import b`: a loose prefix operator where only a tighter operand may stand. */
  reportLoosePrefix(operator: IToken): void {
    this.report(
      codes.loosePrefixOperator,
      tokenSpan(operator),
      `'${operator.image}' binds more loosely than the operator before it; put the '${operator.image}' expression in parentheses`,
    );
  }

  member(object: A.Expression | undefined, memberToken: IToken, span: Span): A.Expression {
    const member = real(memberToken);
    if (!member) return object ?? this.missing(span);
    return { kind: "Member", span, object: object ?? this.missing(span), property: identifier(member) };
  }

  call(callee: A.Expression | undefined, args: readonly A.Expression[] | undefined, span: Span): A.Expression {
    return { kind: "Call", span, callee: callee ?? this.missing(span), args: args ?? [] };
  }

  /** A literal or a name, from its one token. */
  leaf(token: IToken): A.Expression {
    switch (token.tokenType) {
      case T.NumberLiteral:
        return this.numberLiteral(token);
      case T.True:
      case T.False:
        return { kind: "BooleanLiteral", span: tokenSpan(token), value: token.tokenType === T.True };
      case T.StringLiteral:
      case T.UnterminatedString:
        return this.stringLiteral(token);
      default:
        return real(token) ? { kind: "Name", span: tokenSpan(token), name: token.image } : this.missing(tokenSpan(token));
    }
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

  // ----- header fields -----

  /** A field given twice is reported at the second; a ruleset's id is its endpoint, not a field. */
  private checkFields(fields: readonly A.HeaderField[], owner: "module header" | "ruleset"): void {
    fields.forEach((field, index) => {
      const earlier = fields.slice(0, index).find((f) => f.key === field.key);
      if (earlier) {
        this.report(codes.duplicateField, field.keySpan, `'${field.key}' is already given`, {
          related: [{ range: this.source.range(earlier.keySpan), message: `first '${field.key}' here` }],
        });
      } else if (owner === "ruleset" && field.key === "id") {
        this.report(codes.misplacedField, field.keySpan, "a ruleset's id is the endpoint named after 'authorized_by'; remove this field");
      }
    });
  }

  private requireFields(fields: readonly A.HeaderField[], span: Span): void {
    for (const required of ["name", "id"] as const) {
      if (!fields.some((f) => f.key === required)) this.report(codes.missingField, span, `the module header needs a '${required}' field`);
    }
  }

  private report(definition: DiagnosticDefinition, span: Span, message: string, extra: { fix?: FixIt; related?: Diagnostic["related"] } = {}): void {
    this.diagnostics.push(createDiagnostic(definition, this.source.range(span), message, extra));
  }
}

/** The tokens of a module header's first line, before its fields. */
export interface ModuleHeaderStart {
  readonly uri: IToken | undefined;
  readonly author: IToken | undefined;
}

/** The tokens of a ruleset's first line, before its fields. */
export interface RuleSetStart {
  readonly endpoint: IToken | undefined;
  readonly group: IToken | undefined;
  readonly id: IToken | undefined;
  readonly protocol: IToken | undefined;
}

/** A token the parser really read, not one it inserted to recover from an error. */
function real(token: IToken | undefined): IToken | undefined {
  return token && !token.isInsertedInRecovery && token.startOffset >= 0 ? token : undefined;
}

export function tokenSpan(token: IToken): Span {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}

function identifier(token: IToken): A.Identifier {
  return { kind: "Identifier", span: tokenSpan(token), name: token.image };
}
