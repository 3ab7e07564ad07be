import type { DiagnosticDefinition } from "../diagnostic.js";

const syntax = (
  code: string,
  name: string,
  summary: string,
  source: string,
  severity: "error" | "warning" = "error",
  limits?: Record<string, number>,
): DiagnosticDefinition => ({
  code,
  name,
  stage: "syntax",
  severity,
  summary,
  example: { language: "p", source, ...(limits ? { limits } : {}) },
});

/** Diagnostics of the P reader (lexer and parser). */
export const syntaxDiagnostics = {
  unexpectedToken: syntax("P1001", "unexpected-token", "The parser found a token where the grammar allows something else; the message says what was expected.", "x := (1 + ;\n"),
  unexpectedEndOfFile: syntax("P1002", "unexpected-end-of-file", "The file ends before a construct is complete, typically a missing `}` or `;`.", "if (true) {\n"),
  invalidCharacter: syntax("P1003", "invalid-character", "A character that starts no token of P, such as `@` or a lone `=`.", "x := 1 @ 2;\n"),
  unterminatedString: syntax("P1004", "unterminated-string", "A string literal has no closing quote on its line; strings cannot span lines.", "x := \"abc;\n"),
  unterminatedComment: syntax("P1005", "unterminated-comment", "A `/*` comment is never closed.", "x := 1; /* no end\n"),
  invalidEscape: syntax("P1006", "invalid-escape", "A backslash escape other than \\\" \\\\ \\n \\r \\t or \\xHH inside a string literal.", "x := \"a\\qb\";\n"),
  leadingZero: syntax("P1007", "leading-zero", "A number literal with a leading zero; P numbers are decimal integers written without one.", "x := 007;\n"),
  numberTooLarge: syntax("P1008", "number-too-large", "A number literal beyond 2^53 - 1, the largest integer the engine represents exactly.", "x := 99999999999999999999;\n"),
  invalidAssignmentTarget: syntax("P1009", "invalid-assignment-target", "The left side of `:=` must be a plain name; P binds names, it does not assign to members or calls.", "Http.makeHeader(\"A\") := 1;\n"),
  legacyNegation: syntax("P1010", "legacy-negation", "`!` was the negation operator of draft -00; draft -02 spells it `not`. Accepted, with a fix-it.", "x := ! true;\n", "warning"),
  duplicateField: syntax("P1011", "duplicate-field", "A `name`, `id` or `contact` field appears twice in one header or ruleset.", "rulemodule author self { name \"a\"; name \"b\"; id \"x\"; }\n"),
  missingField: syntax("P1012", "missing-field", "A module header lacks its `name` or `id`, which IRML requires of every author.", "rulemodule author self { name \"a\"; }\n"),
  misplacedField: syntax("P1013", "misplaced-field", "A ruleset has no `id` field: its identity is the quoted endpoint after `authorized_by`.", "ruleset authorized_by consumer \"mailto:a@example.net\" protocol HTTP { id \"x\"; }\n"),
  sourceTooLarge: syntax("P1014", "source-too-large", "The source exceeds the size limit (8 MiB by default); nothing is parsed.", "x := 1;\n", "error", { maxSourceLength: 4 }),
  nestingTooDeep: syntax("P1015", "nesting-too-deep", "Brackets, blocks and prefix operators nest deeper than the limit (64 levels by default).", "x := " + "(".repeat(65) + "1" + ")".repeat(65) + ";\n"),
  loosePrefixOperator: syntax(
    "P1017",
    "loose-prefix-operator",
    "`try` or `import` stands where only a more tightly binding operand may, such as after `*` or `equal`; parentheses must say what it applies to.",
    "x := \"a\" + import \"b\";\n",
  ),
  nameTooLong: syntax("P1016", "name-too-long", "An identifier longer than the limit (256 characters by default).", "x" + "a".repeat(300) + " := 1;\n"),
} satisfies Record<string, DiagnosticDefinition>;
