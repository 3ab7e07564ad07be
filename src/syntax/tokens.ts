import { createToken, Lexer, type TokenType } from "chevrotain";

/**
 * The P lexer's vocabulary. Order matters: the first pattern that matches
 * wins, so longer symbols precede their prefixes and keywords precede
 * Identifier (with `longer_alt` so that `android` stays one identifier).
 */

// Abstract categories: the parser consumes these, the lexer never emits them.
export const Identifier = createToken({ name: "Identifier", pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: "identifier" });
/** Anything that may follow `.`: identifiers and every keyword (P App. B: members may reuse operator names). */
export const MemberName = createToken({ name: "MemberName", pattern: Lexer.NA, label: "member name" });
export const StringToken = createToken({ name: "StringToken", pattern: Lexer.NA, label: "string" });
export const UnaryOp = createToken({ name: "UnaryOp", pattern: Lexer.NA, label: "unary operator" });
export const MultiplicativeOp = createToken({ name: "MultiplicativeOp", pattern: Lexer.NA, label: "'*', '/' or '%'" });
export const AdditiveOp = createToken({ name: "AdditiveOp", pattern: Lexer.NA, label: "'+' or '-'" });
export const StringOp = createToken({ name: "StringOp", pattern: Lexer.NA, label: "string operator" });
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA, label: "comparison operator" });
/** Every infix operator; src/syntax/precedence.ts says how tightly each binds. */
export const BinaryOp = createToken({ name: "BinaryOp", pattern: Lexer.NA, label: "binary operator" });
for (const level of [MultiplicativeOp, AdditiveOp, StringOp, CompareOp]) level.CATEGORIES = [BinaryOp];
/** `try` and `import`: prefix operators whose operand extends over tighter binary operators. */
export const LoosePrefixOp = createToken({ name: "LoosePrefixOp", pattern: Lexer.NA, label: "'try' or 'import'" });
Identifier.CATEGORIES = [MemberName];

// A byte-order mark counts as white space so files saved with one read normally.
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED, line_breaks: true });
export const BlockComment = createToken({ name: "BlockComment", pattern: /\/\*[\s\S]*?\*\//, group: "comments", line_breaks: true });
/** An unclosed `/*` swallows the rest of the file; the reader reports it. */
export const UnterminatedComment = createToken({ name: "UnterminatedComment", pattern: /\/\*[\s\S]*/, group: "comments", line_breaks: true });
export const LineComment = createToken({ name: "LineComment", pattern: /\/\/[^\n\r]*/, group: "comments" });

export const StringLiteral = createToken({ name: "StringLiteral", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*"/, categories: [StringToken], label: "string" });
/** A string that reaches the end of its line; parsed as a string so one mistake gives one error. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n\r]|\\[^\n\r])*\\?/, categories: [StringToken], label: "string" });
export const NumberLiteral = createToken({ name: "NumberLiteral", pattern: /[0-9]+/, label: "number" });

function keyword(word: string, categories: TokenType[] = []): TokenType {
  return createToken({
    name: `Kw_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [MemberName, ...categories],
    label: `'${word}'`,
  });
}

// Reserved words of P (statement keywords, literals and operator words).
export const If = keyword("if");
export const Elsif = keyword("elsif");
export const Else = keyword("else");
export const True = keyword("true");
export const False = keyword("false");
export const Not = keyword("not", [UnaryOp]);
export const And = keyword("and", [BinaryOp]);
export const Or = keyword("or", [BinaryOp]);
export const Xor = keyword("xor", [BinaryOp]);
export const Try = keyword("try", [LoosePrefixOp]);
export const Import = keyword("import", [LoosePrefixOp]);
export const Otherwise = keyword("otherwise", [BinaryOp]);

/** String operators; the case-insensitive spellings are the ones printed in the draft's table. */
export const stringOperatorWords = [
  "equal", "contains", "begins_with", "ends_with",
  "EqualS", "ContainS", "Begins_witH", "Ends_witH",
  "not_matches_cs", "not_matches", "matches_cs", "matches",
] as const;
export const stringOperatorTokens = stringOperatorWords.map((word) => keyword(word, [StringOp]));

/**
 * Words of the rule-module extension. They are identifiers everywhere except
 * where the grammar expects them, so plain P programs may still use them as names.
 */
function contextualKeyword(word: string): TokenType {
  return createToken({
    name: `Ctx_${word}`,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Identifier, MemberName],
    label: `'${word}'`,
  });
}
/** The words that open an extension construct are reserved, so one token decides what follows. */
export const RuleModule = keyword("rulemodule");
export const RuleSetKw = keyword("ruleset");
export const At = keyword("at");
export const AuthorizedBy = contextualKeyword("authorized_by");
export const Author = contextualKeyword("author");
export const Self = contextualKeyword("self");
export const Delegate = contextualKeyword("delegate");
export const Consumer = contextualKeyword("consumer");
export const Provider = contextualKeyword("provider");
export const Group = contextualKeyword("group");
export const ProtocolKw = contextualKeyword("protocol");
export const NameKw = contextualKeyword("name");
export const IdKw = contextualKeyword("id");
export const ContactKw = contextualKeyword("contact");

function symbol(name: string, pattern: RegExp, text: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern, categories, label: `'${text}'` });
}

export const Assign = symbol("Assign", /:=/, ":=");
export const EqualEqual = symbol("EqualEqual", /==/, "==", [CompareOp]);
export const NotEqual = symbol("NotEqual", /!=/, "!=", [CompareOp]);
export const LessEqual = symbol("LessEqual", /<=/, "<=", [CompareOp]);
export const GreaterEqual = symbol("GreaterEqual", />=/, ">=", [CompareOp]);
export const Less = symbol("Less", /</, "<", [CompareOp]);
export const Greater = symbol("Greater", />/, ">", [CompareOp]);
/** `!` was negation in draft -00; accepted as `not` with a warning. */
export const Bang = symbol("Bang", /!/, "!", [UnaryOp]);
export const Plus = symbol("Plus", /\+/, "+", [AdditiveOp, UnaryOp]);
export const Minus = symbol("Minus", /-/, "-", [AdditiveOp, UnaryOp]);
export const Star = symbol("Star", /\*/, "*", [MultiplicativeOp]);
export const Slash = symbol("Slash", /\//, "/", [MultiplicativeOp]);
export const Percent = symbol("Percent", /%/, "%", [MultiplicativeOp]);
export const Dot = symbol("Dot", /\./, ".");
export const Comma = symbol("Comma", /,/, ",");
export const Semicolon = symbol("Semicolon", /;/, ";");
export const LParen = symbol("LParen", /\(/, "(");
export const RParen = symbol("RParen", /\)/, ")");
export const LCurly = symbol("LCurly", /\{/, "{");
export const RCurly = symbol("RCurly", /\}/, "}");

// String operators come first so that `not_matches` is not lexed as `not` + identifier.
export const reservedKeywords = [...stringOperatorTokens, If, Elsif, Else, True, False, Not, And, Or, Xor, Try, Import, Otherwise, RuleModule, RuleSetKw, At];
// `authorized_by` precedes `author`, its prefix.
export const contextualKeywords = [AuthorizedBy, Author, Self, Delegate, Consumer, Provider, Group, ProtocolKw, NameKw, IdKw, ContactKw];

/** Lexer order. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  BlockComment,
  UnterminatedComment,
  LineComment,
  StringLiteral,
  UnterminatedString,
  NumberLiteral,
  ...reservedKeywords,
  ...contextualKeywords,
  Identifier,
  Assign, EqualEqual, NotEqual, LessEqual, GreaterEqual, Less, Greater, Bang,
  Plus, Minus, Star, Slash, Percent, Dot, Comma, Semicolon, LParen, RParen, LCurly, RCurly,
];

/** The parser's vocabulary must include the abstract categories, or recovery can loop forever. */
export const parserTokens: TokenType[] = [
  ...lexerTokens,
  MemberName, StringToken, UnaryOp, MultiplicativeOp, AdditiveOp, StringOp, CompareOp, BinaryOp, LoosePrefixOp,
];

// Diagnostics turn offsets into lines and columns themselves (SourceFile.range), so tokens carry offsets only.
export const pLexer = new Lexer(lexerTokens, { ensureOptimizations: true, positionTracking: "onlyOffset" });
