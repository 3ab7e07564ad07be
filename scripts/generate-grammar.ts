/**
 * Writes the grammar artifacts of P into grammar/: an EBNF text, a
 * self-contained railroad-diagram page and a TextMate grammar for editors.
 * All three are derived from the parser and lexer, so they cannot drift;
 * test/grammar/grammar.test.ts fails when a committed file is stale.
 *
 *   npm run grammar
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { createSyntaxDiagramsCode, Lexer, type ISerializedGast, type TokenType } from "chevrotain";
import { pParser } from "../src/syntax/grammar.js";
import { binaryLevels, unaryLevels } from "../src/syntax/precedence.js";
import * as T from "../src/syntax/tokens.js";
import { repositoryRoot, writeWhenRun, type GeneratedFile } from "./generated-files.js";

export function generateGrammarArtifacts(): GeneratedFile[] {
  const productions = pParser.getSerializedGastProductions();
  return [
    { path: "grammar/p.ebnf", content: generateEbnf(productions) },
    { path: "grammar/p-railroad.html", content: generateRailroadPage(productions) },
    { path: "grammar/opes-p.tmLanguage.json", content: JSON.stringify(generateTextMateGrammar(), null, 2) + "\n" },
  ];
}

// ---------------------------------------------------------------- EBNF

/** The chevrotain fields of a serialized grammar node that the printers read. */
interface GastNode extends ISerializedGast {
  readonly name?: string;
  readonly label?: string;
  readonly separator?: GastNode;
  readonly definition?: GastNode[];
}

/** Tokens that exist only so that a mistake gets one clear error; they are not part of the language. */
const recoveryTokens = new Set<TokenType>([T.UnterminatedString, T.UnterminatedComment]);

const tokensByName = new Map(T.parserTokens.map((token) => [token.name, token]));

function isCategory(token: TokenType): boolean {
  return token.PATTERN === Lexer.NA;
}

function isQuoted(token: TokenType): boolean {
  return typeof token.LABEL === "string" && /^'[^']+'$/.test(token.LABEL);
}

/** Tokens that name `category` among their categories, in lexer order. */
function membersOf(category: TokenType): TokenType[] {
  return T.parserTokens.filter((token) => !recoveryTokens.has(token) && (token.CATEGORIES ?? []).includes(category));
}

/** A lexical rule's name: the token's label in words (`member name` → `member_name`). */
function lexicalRuleName(token: TokenType): string {
  return (token.LABEL ?? token.name).replace(/ /g, "_");
}

/**
 * How a terminal is written: its quoted label (`'if'`), an inline choice for
 * a category of quoted symbols (`( '+' | '-' )`), or a lexical rule name.
 */
function terminalText(token: TokenType): string {
  if (isQuoted(token)) return token.LABEL!;
  const members = membersOf(token);
  if (isCategory(token) && members.every(isQuoted)) return `( ${members.map((m) => m.LABEL).join(" | ")} )`;
  return lexicalRuleName(token);
}

function tokenOf(node: GastNode): TokenType {
  const token = tokensByName.get(node.name ?? "");
  if (!token) throw new Error(`the grammar uses a token the lexer does not define: ${node.name}`);
  return token;
}

function sequence(nodes: readonly GastNode[] | undefined): string {
  return (nodes ?? []).map(expression).join(" ");
}

/** An alternation; an empty alternative (the `;` after `}` is optional) makes the rest optional. */
function alternation(node: GastNode): string {
  const alternatives = (node.definition ?? []).map((alternative) => sequence(alternative.definition));
  const nonEmpty = alternatives.filter((text) => text !== "");
  const choice = nonEmpty.join(" | ");
  if (nonEmpty.length < alternatives.length) return `[ ${choice} ]`;
  return nonEmpty.length > 1 ? `( ${choice} )` : choice;
}

function expression(node: GastNode): string {
  if (node.type === "Alternation") return alternation(node);
  const body = sequence(node.definition);
  switch (node.type) {
    case "NonTerminal":
      return node.name!;
    case "Terminal":
      return terminalText(tokenOf(node));
    case "Option":
      return `[ ${body} ]`;
    case "Repetition":
      return `{ ${body} }`;
    case "RepetitionMandatory":
      return `${body} { ${body} }`;
    case "RepetitionWithSeparator":
      return `[ ${body} { ${expression(node.separator!)} ${body} } ]`;
    case "RepetitionMandatoryWithSeparator":
      return `${body} { ${expression(node.separator!)} ${body} }`;
    default:
      throw new Error(`unexpected grammar node ${node.type}`);
  }
}

/** `name = … ;`, with one alternative per line when there are several. */
function ruleText(name: string, alternatives: readonly string[]): string {
  return alternatives.length === 1 ? `${name} = ${alternatives[0]} ;` : `${name} =\n    ${alternatives.join("\n  | ")}\n  ;`;
}

function syntaxRule(rule: GastNode): string {
  const definition = rule.definition ?? [];
  const only = definition[0];
  if (definition.length === 1 && only?.type === "Alternation") {
    return ruleText(rule.name!, (only.definition ?? []).map((alternative) => sequence(alternative.definition)));
  }
  return ruleText(rule.name!, [sequence(definition)]);
}

function usedTerminals(nodes: readonly GastNode[]): TokenType[] {
  const found = new Set<TokenType>();
  const visit = (node: GastNode) => {
    if (node.type === "Terminal") found.add(tokenOf(node));
    node.definition?.forEach(visit);
    if (node.separator) visit(node.separator);
  };
  nodes.forEach(visit);
  return [...found];
}

function specialSequence(token: TokenType): string {
  return `? /${(token.PATTERN as RegExp).source}/ ?`;
}

/** Lexical rules for every terminal written by name, and for what they refer to in turn. */
function lexicalRules(productions: readonly GastNode[]): string[] {
  const pending = usedTerminals(productions).filter((token) => !isQuoted(token) && terminalText(token) === lexicalRuleName(token));
  const done = new Set<string>();
  const rules: string[] = [];
  while (pending.length > 0) {
    const token = pending.shift()!;
    const name = lexicalRuleName(token);
    if (done.has(name)) continue;
    done.add(name);
    if (token === T.BinaryOp) {
      rules.push(binaryOperatorRule());
      continue;
    }
    if (!isCategory(token)) {
      const note = token === T.Identifier ? " (* except the reserved words *)" : "";
      rules.push(ruleText(name, [specialSequence(token) + note]));
      continue;
    }
    const alternatives = membersOf(token).map((member) => {
      if (isQuoted(member)) return member.LABEL!;
      // Several tokens may share a category's label ("string"): spell out their patterns.
      if (lexicalRuleName(member) === name) return specialSequence(member);
      pending.push(member);
      return lexicalRuleName(member);
    });
    rules.push(ruleText(name, alternatives));
  }
  return rules;
}

/** Operator texts by level, loosest first, from the parser's one precedence table. */
function operatorsByLevel(): { level: number; binary: string[]; prefix: string[] }[] {
  const levels = [...new Set([...Object.values(binaryLevels), ...Object.values(unaryLevels)])].sort((a, b) => a - b);
  const at = (table: Record<string, number>, level: number) => Object.keys(table).filter((operator) => table[operator] === level);
  return levels.map((level) => ({ level, binary: at(binaryLevels, level), prefix: at(unaryLevels, level) }));
}

/** The binary operators, with the precedence table the parser arranges expressions by. */
function binaryOperatorRule(): string {
  const table = operatorsByLevel().map(({ level, binary, prefix }) => {
    const parts = [...binary.map((o) => `'${o}'`), ...prefix.map((o) => `prefix '${o}'`)];
    if (prefix.includes("not")) parts.push("prefix '!' (legacy spelling of 'not')");
    return `     ${String(level).padStart(2)}  ${parts.join(", ")}`;
  });
  const comment = [
    "(* Precedence, loosest first (src/syntax/precedence.ts). Binary operators are",
    "   left-associative. A prefix operator applies to the operand after it together with",
    "   every following operator that binds more tightly than itself ('try a xor b' is",
    "   try (a xor b); 'not a * b' is (not a) * b), and may only start an operand where",
    "   an operator of its level could stand ('a * import b' is an error: write",
    "   a * (import b)). Members and calls bind tightest of all.",
    ...table,
    "*)",
  ];
  const operators = operatorsByLevel().flatMap(({ binary }) => binary.map((o) => `'${o}'`));
  return `${comment.join("\n")}\n${ruleText(lexicalRuleName(T.BinaryOp), [operators.join(" | ")])}`;
}

function reservedWordsRule(): string {
  return `reserved_word = ${T.reservedKeywords.map((token) => token.LABEL).join(" | ")} ;`;
}

export function generateEbnf(productions: readonly ISerializedGast[]): string {
  const rules = productions as readonly GastNode[];
  const header = [
    "(* The grammar of P (draft-ietf-opes-rules-p-02) with the OPES rule-module extension,",
    "   in ISO 14977 EBNF. Generated by scripts/generate-grammar.ts (npm run grammar) from the",
    "   chevrotain parser in src/syntax/grammar.ts (pParser.getSerializedGastProductions())",
    "   and the tokens of src/syntax/tokens.ts. Do not edit: change the parser and regenerate.",
    "   An expression is read as a flat sequence of operands and operators and arranged by",
    "   the precedence table given with binary_operator below. Conditions the parser checks",
    "   in code are not shown: the ';' of expressionStatement may be left out only right after",
    "   a '}'. Comments ('/* */', '//') and white space may appear between any two tokens. *)",
  ].join("\n");
  const syntax = rules.map(syntaxRule);
  const lexical = [...lexicalRules(rules), reservedWordsRule()];
  return `${header}\n\n${syntax.join("\n\n")}\n\n(* Lexical rules *)\n\n${lexical.join("\n\n")}\n`;
}

// ---------------------------------------------------------------- railroad diagrams

const chevrotainRoot = dirname(dirname(dirname(createRequire(import.meta.url).resolve("chevrotain"))));

/** Keeps inlined code from closing its `<script>` or `<style>` element early. */
function inlineSafe(code: string, element: "script" | "style"): string {
  return code.replace(new RegExp(`</${element}`, "gi"), `<\\/${element}`);
}

/**
 * chevrotain's diagram page, with the scripts and style sheet it would load
 * from a CDN inlined from node_modules/chevrotain/diagrams, so it works offline.
 */
export function generateRailroadPage(productions: readonly ISerializedGast[]): string {
  const base = "@@diagrams@@/";
  const page = createSyntaxDiagramsCode([...productions], { resourceBase: base, css: `${base}diagrams.css` });
  const read = (relative: string) => readFileSync(join(chevrotainRoot, "diagrams", relative), "utf8");
  const inlined = page
    .trimStart()
    .replace(/<!-- This is a generated file -->\s*<!DOCTYPE html>/, [
      "<!DOCTYPE html>",
      "<!-- Generated by scripts/generate-grammar.ts (npm run grammar) from the parser in src/syntax/grammar.ts; do not edit. -->",
      "<title>P grammar: syntax diagrams</title>",
    ].join("\n"))
    .replace(/<link rel='stylesheet' href='@@diagrams@@\/([^']+)'>/g, (_, file: string) => `<style>\n${inlineSafe(read(file), "style")}</style>`)
    .replace(/<script src='@@diagrams@@\/([^']+)'><\/script>/g, (_, file: string) => `<script>\n${inlineSafe(read(file), "script")}</script>`);
  if (inlined.includes(base) || !inlined.startsWith("<!DOCTYPE html>")) {
    throw new Error("chevrotain's diagram page changed shape; update generateRailroadPage");
  }
  return inlined.replace(/[ \t]+$/gm, "");
}

// ---------------------------------------------------------------- TextMate

const scope = "opes-p";

/** The word a keyword token matches. */
export function wordOf(token: TokenType): string {
  return (token.PATTERN as RegExp).source;
}

/** Keyword groups of the editor grammar, each from the lexer's own token lists. */
export function keywordGroups(): { control: string[]; constants: string[]; operators: string[]; extension: string[] } {
  const control = [T.If, T.Elsif, T.Else];
  const constants = [T.True, T.False];
  const extensionOpeners = [T.RuleModule, T.RuleSetKw, T.At];
  const classified = new Set([...control, ...constants, ...extensionOpeners]);
  return {
    control: control.map(wordOf),
    constants: constants.map(wordOf),
    operators: T.reservedKeywords.filter((token) => !classified.has(token)).map(wordOf),
    extension: [...extensionOpeners, ...T.contextualKeywords].map(wordOf),
  };
}

/** The module objects of P's catalogs (catalogs/*.json), shown as library classes. */
const moduleNames = ["Core", "Services", "Http", "Smtp"];

const identifierPattern = "[A-Za-z_][A-Za-z0-9_]*";

function words(tokens: readonly TokenType[]): string {
  return tokens.map(wordOf).join("|");
}

function wordList(list: readonly string[]): string {
  return `\\b(?:${list.join("|")})\\b`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** The symbols of a token category, from their labels (`'<='` → `<=`), longest first. */
function symbolsOf(category: TokenType): string {
  const symbols = membersOf(category).map((token) => token.LABEL!.slice(1, -1));
  return symbols.sort((a, b) => b.length - a.length).map(escapeRegExp).join("|");
}

function captures(...names: string[]): Record<string, { name: string }> {
  return Object.fromEntries(names.map((name, index) => [String(index + 1), { name: `${name}.${scope}` }]));
}

export function generateTextMateGrammar(): Record<string, unknown> {
  const groups = keywordGroups();
  return {
    name: "OPES P",
    scopeName: `source.${scope}`,
    fileTypes: ["p"],
    comment: "Generated by scripts/generate-grammar.ts (npm run grammar) from src/syntax/tokens.ts; do not edit.",
    patterns: ["comments", "strings", "extension", "members", "support-classes", "constants", "control-keywords", "operator-words", "numbers", "calls", "operators", "punctuation"].map(
      (name) => ({ include: `#${name}` }),
    ),
    repository: {
      comments: {
        patterns: [
          { name: `comment.block.${scope}`, begin: "/\\*", end: "\\*/", captures: { "0": { name: `punctuation.definition.comment.${scope}` } } },
          { name: `comment.line.double-slash.${scope}`, match: "//.*$" },
        ],
      },
      strings: {
        name: `string.quoted.double.${scope}`,
        begin: '"',
        // A string cannot span lines: an unclosed one ends with its line.
        end: '"|$',
        patterns: [
          { name: `constant.character.escape.${scope}`, match: '\\\\(?:["\\\\nrt]|x[0-9A-Fa-f]{2})' },
          { name: `invalid.illegal.escape.${scope}`, match: "\\\\." },
        ],
      },
      extension: {
        patterns: [
          { match: `\\b(${words([T.RuleModule])})\\b`, captures: captures("keyword.other.rulemodule") },
          { match: `\\b(${words([T.Author])})\\s+(${words([T.Self, T.Delegate])})\\b`, captures: captures("keyword.other.author", "constant.language.author") },
          {
            match: `\\b(${words([T.RuleSetKw])})\\b(?:\\s+(${words([T.AuthorizedBy])})\\b)?(?:\\s+(${words([T.Consumer, T.Provider])})\\b)?(?:\\s+(${words([T.Group])})\\b)?`,
            captures: captures("keyword.other.ruleset", "keyword.other.authorized-by", "constant.language.endpoint", "keyword.other.group"),
          },
          { match: `\\b(${words([T.ProtocolKw])})\\s+(${identifierPattern})`, captures: captures("keyword.other.protocol", "entity.name.type.protocol") },
          { match: `\\b(${words([T.At])})\\s+(${identifierPattern}|[0-9]+)\\b`, captures: captures("keyword.control.at", "entity.name.section.point") },
          // `name "…";` inside a header or ruleset: a field name is followed by its string.
          { match: `(?<![.\\w])(${words([T.NameKw, T.IdKw, T.ContactKw])})(?=\\s*")`, captures: captures("keyword.other.field") },
        ],
      },
      members: {
        // After `.` any word is a member name, reserved words included.
        patterns: [
          { match: `(\\.)\\s*(${identifierPattern})(?=\\s*\\()`, captures: captures("punctuation.accessor", "entity.name.function.member") },
          { match: `(\\.)\\s*(${identifierPattern})`, captures: captures("punctuation.accessor", "variable.other.member") },
        ],
      },
      "support-classes": { name: `support.class.${scope}`, match: wordList(moduleNames) },
      constants: { name: `constant.language.boolean.${scope}`, match: wordList(groups.constants) },
      "control-keywords": { name: `keyword.control.conditional.${scope}`, match: wordList(groups.control) },
      "operator-words": { name: `keyword.operator.word.${scope}`, match: wordList(groups.operators) },
      numbers: { name: `constant.numeric.integer.decimal.${scope}`, match: "\\b[0-9]+\\b" },
      calls: { match: `\\b(${identifierPattern})(?=\\s*\\()`, captures: captures("entity.name.function") },
      operators: {
        patterns: [
          { name: `keyword.operator.assignment.${scope}`, match: escapeRegExp(T.Assign.LABEL!.slice(1, -1)) },
          { name: `keyword.operator.comparison.${scope}`, match: symbolsOf(T.CompareOp) },
          { name: `keyword.operator.arithmetic.${scope}`, match: `${symbolsOf(T.AdditiveOp)}|${symbolsOf(T.MultiplicativeOp)}` },
          { name: `invalid.deprecated.negation.${scope}`, match: escapeRegExp(T.Bang.LABEL!.slice(1, -1)) },
        ],
      },
      punctuation: {
        patterns: [
          { name: `punctuation.terminator.statement.${scope}`, match: ";" },
          { name: `punctuation.separator.comma.${scope}`, match: "," },
          { name: `punctuation.section.block.${scope}`, match: "[{}]" },
          { name: `punctuation.section.parens.${scope}`, match: "[()]" },
        ],
      },
    },
  };
}

writeWhenRun(import.meta.url, generateGrammarArtifacts);
