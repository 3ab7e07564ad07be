import "../polyfills.js";
import { EOF, type IRecognitionException, type IToken, type TokenType } from "chevrotain";
import { createDiagnostic, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";
import { syntaxDiagnostics as codes } from "../diagnostics/catalog/syntax.js";
import type { Comment, Program } from "./ast.js";
import { AstBuilder, tokenSpan } from "./build-ast.js";
import { pParser } from "./grammar.js";
import { defaultReaderLimits, type ParseResult, type ReaderLimits } from "./parse-result.js";
import * as T from "./tokens.js";

export type { ParseResult, ReaderLimits } from "./parse-result.js";

/**
 * Reads a P source into an AST. Never throws: every problem becomes a
 * diagnostic, and the parser recovers so that one run reports every syntax
 * error of the file.
 */
export function parseP(source: SourceFile, limits: Partial<ReaderLimits> = {}): ParseResult {
  const limit = { ...defaultReaderLimits, ...limits };
  const diagnostics: Diagnostic[] = [];
  const report = (definition: Parameters<typeof createDiagnostic>[0], span: Span, message: string) =>
    diagnostics.push(createDiagnostic(definition, source.range(span), message));

  if (source.text.length > limit.maxSourceLength) {
    report(codes.sourceTooLarge, { start: 0, end: 0 }, `the source has ${source.text.length} characters; the limit is ${limit.maxSourceLength}`);
    return { program: emptyProgram(source), source, diagnostics };
  }

  const lexed = T.pLexer.tokenize(source.text);
  for (const error of mergeLexerErrors(lexed.errors)) {
    const text = source.text.slice(error.start, error.end);
    const hint = text === "=" ? " (bind a name with ':=', compare with '==')" : "";
    report(codes.invalidCharacter, error, `unexpected character${text.length > 1 ? "s" : ""} '${text}'${hint}`);
  }
  const comments = (lexed.groups["comments"] ?? []).map((token) => toComment(token, report));
  for (const token of lexed.tokens) {
    if (token.tokenType === T.UnterminatedString) report(codes.unterminatedString, tokenSpan(token), "this string has no closing '\"' before the end of the line");
    if (token.tokenType === T.Identifier && token.image.length > limit.maxNameLength) {
      report(codes.nameTooLong, tokenSpan(token), `this name has ${token.image.length} characters; the limit is ${limit.maxNameLength}`);
    }
  }

  const tooDeep = findExcessiveNesting(lexed.tokens, limit.maxNestingDepth);
  if (tooDeep) {
    report(codes.nestingTooDeep, tokenSpan(tooDeep), `nesting deeper than ${limit.maxNestingDepth} levels; simplify the expression or split it with named parts`);
    return { program: emptyProgram(source, comments), source, diagnostics };
  }

  const builder = new AstBuilder(source);
  const { header, items } = pParser.parse(lexed.tokens, builder);
  const echoes = tokensAfterLexicalErrors(lexed.tokens, diagnostics);
  for (const error of pParser.errors) {
    if (!echoes.has(error.token.startOffset)) diagnostics.push(parserErrorToDiagnostic(error, source, lexed.tokens));
  }
  diagnostics.push(...builder.diagnostics);
  const program: Program = {
    kind: "Program",
    file: source.path,
    language: "p",
    span: { start: 0, end: source.text.length },
    ...(header ? { header } : {}),
    items,
    comments,
  };
  return { program, source, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * Offsets of the first token after each lexical error. A parser error there
 * is an echo of the same mistake (the dropped character, the string that
 * swallowed its ';'), so one mistake yields one diagnostic.
 */
function tokensAfterLexicalErrors(tokens: readonly IToken[], lexical: readonly Diagnostic[]): Set<number> {
  const echoes = new Set<number>();
  for (const diagnostic of lexical) {
    const next = tokens.find((t) => t.startOffset >= diagnostic.range.end);
    if (next) echoes.add(next.startOffset);
  }
  return echoes;
}

function emptyProgram(source: SourceFile, comments: Comment[] = []): Program {
  return { kind: "Program", file: source.path, language: "p", span: { start: 0, end: source.text.length }, items: [], comments };
}

function toComment(token: IToken, report: (d: typeof codes.unterminatedComment, span: Span, message: string) => void): Comment {
  const span = tokenSpan(token);
  if (token.tokenType === T.UnterminatedComment) {
    report(codes.unterminatedComment, { start: span.start, end: span.start + 2 }, "this comment is never closed with '*/'");
  }
  return { kind: "Comment", span, style: token.tokenType === T.LineComment ? "line" : "block", text: token.image };
}

/** The lexer reports each skipped character; adjacent ones make one diagnostic. */
function mergeLexerErrors(errors: readonly { offset: number; length: number }[]): Span[] {
  const merged: Span[] = [];
  for (const error of errors) {
    const last = merged[merged.length - 1];
    if (last && last.end === error.offset) merged[merged.length - 1] = { start: last.start, end: error.offset + error.length };
    else merged.push({ start: error.offset, end: error.offset + error.length });
  }
  return merged;
}

/** Operators that may start an operand and nest: each costs the later stages a level of recursion. */
function isPrefixOperator(type: TokenType): boolean {
  return type === T.Not || type === T.Bang || type === T.Plus || type === T.Minus || type === T.Try || type === T.Import;
}

/**
 * The parser and every later stage recurse on nesting, so a hostile input
 * could exhaust the stack. Brackets and runs of prefix operators both count.
 * (Plain comparisons, not sets: this runs once per token of every file.)
 */
function findExcessiveNesting(tokens: readonly IToken[], maxDepth: number): IToken | undefined {
  let brackets = 0;
  let prefixRun = 0;
  for (const token of tokens) {
    const type = token.tokenType;
    if (type === T.LParen || type === T.LCurly) brackets++;
    else if ((type === T.RParen || type === T.RCurly) && brackets > 0) brackets--;
    prefixRun = isPrefixOperator(type) ? prefixRun + 1 : 0;
    if (brackets + prefixRun > maxDepth) return token;
  }
  return undefined;
}

const reservedWords = new Set(T.reservedKeywords);

function parserErrorToDiagnostic(error: IRecognitionException, source: SourceFile, tokens: readonly IToken[]): Diagnostic {
  const token = error.token;
  const atEnd = token.tokenType === EOF || !(token.startOffset >= 0);
  if (!atEnd) {
    // `and := 1` confuses the grammar far from the real mistake: say what it is.
    const next = tokens[tokens.indexOf(token) + 1];
    const message =
      reservedWords.has(token.tokenType) && next?.tokenType === T.Assign
        ? `'${token.image}' is a reserved word of P and cannot be bound as a name`
        : error.message;
    return createDiagnostic(codes.unexpectedToken, source.range(tokenSpan(token)), message);
  }
  // Tokens at the end of input carry no position: point just after the last real token.
  const previous = (error as { previousToken?: IToken }).previousToken;
  const anchor = previous && previous.startOffset >= 0 ? previous : tokens[tokens.length - 1];
  const end = anchor ? tokenSpan(anchor).end : 0;
  return createDiagnostic(codes.unexpectedEndOfFile, source.range({ start: end, end }), error.message);
}
