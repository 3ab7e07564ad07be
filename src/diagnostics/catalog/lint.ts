import type { DiagnosticDefinition, Severity } from "../diagnostic.js";

/** A ruleset around a point block, as every lint example needs one (a plain file compiles only with a site policy). */
const httpRuleset = (body: string): string => `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n${body}\n}\n`;

const lint = (code: string, name: string, severity: Severity, summary: string, source: string): DiagnosticDefinition => ({
  code,
  name,
  stage: "lint",
  severity,
  summary,
  example: { language: "p", source },
});

/**
 * Diagnostics of the linter (P4xxx, src/lint/): programs that compile but
 * probably do not say what their author meant. docs/lint.md shows each with
 * a bad and a good example.
 */
export const lintDiagnostics = {
  unreachableRule: lint(
    "P4001",
    "unreachable-rule",
    "warning",
    "A condition that can never hold where it stands (it contradicts an enclosing or earlier condition, or the left side of `otherwise` can never fail), so the statements under it never run.",
    httpRuleset(
      '  at request_in {\n    if (Http.request.method equal "GET") {\n      if (Http.request.method equal "POST") {\n        Services.applyOne(Services.findOne("urn:example:svc:upload-scan"));\n      }\n    }\n  }',
    ),
  ),
  shadowedRule: lint(
    "P4002",
    "shadowed-rule",
    "warning",
    "A statement that never runs because an earlier `stop()` or `fail()` at the same point ends the ruleset first, always or whenever the statement's own condition holds.",
    httpRuleset('  at request_in {\n    Core.interpreter.stop();\n    Services.applyOne(Services.findOne("urn:example:svc:log"));\n  }'),
  ),
  redundantRequest: lint(
    "P4003",
    "redundant-request",
    "warning",
    "A service requested again at the same point of the same ruleset where an earlier request of it already holds whenever this one does; the plan keeps the first, so this one (its parameters and alternates too) never takes effect.",
    httpRuleset(
      '  at response_out {\n    Services.applyOne(Services.findOne("urn:example:svc:compress"));\n    if (Http.response.headers.get("Content-Type") matches "^text/(html|css)") {\n      Services.applyOne(Services.findOne("urn:example:svc:compress"));\n    }\n  }',
    ),
  ),
  constantCondition: lint(
    "P4004",
    "constant-condition",
    "warning",
    "An `if` or `elsif` condition (or one operand of its `and`) that has the same value on every message: literals, names bound to literals, comparisons of literals.",
    httpRuleset('  at request_in {\n    if (1 > 2) {\n      Services.applyOne(Services.findOne("urn:example:svc:audit"));\n    }\n  }'),
  ),
  unusedName: lint(
    "P4005",
    "unused-name",
    "warning",
    "A name bound with `:=` that nothing uses; names starting with `_` are exempt. The fix-it removes the assignment.",
    httpRuleset('  at request_in {\n    limit := 3;\n    Services.applyOne(Services.findOne("urn:example:svc:log"));\n  }'),
  ),
  unusedImport: lint(
    "P4006",
    "unused-import",
    "warning",
    "An `import` whose module is used neither through the name it is bound to nor through its members written unqualified. The fix-it removes it.",
    `Mail := import "Smtp";\n${httpRuleset('  at request_in {\n    Services.applyOne(Services.findOne("urn:example:svc:log"));\n  }')}`,
  ),
  regexBacktrackingRisk: lint(
    "P4007",
    "regex-backtracking-risk",
    "warning",
    "A pattern that a backtracking regex engine (Perl, PCRE, Java, JavaScript, Python) could take exponential or high-polynomial time on; this tool's matcher is immune, but the pattern is unsafe wherever else it is used.",
    httpRuleset('  at request_in {\n    if (Http.request.path matches "^([a-z]+[0-9]*)+$") {\n      Services.applyOne(Services.findOne("urn:example:svc:rewrite"));\n    }\n  }'),
  ),
  literalRegex: lint(
    "P4008",
    "literal-regex",
    "info",
    "A `matches` or `matches_cs` pattern that is plain text (with at most `^` and `$`): `equal`, `begins_with`, `ends_with` or `contains` (or their case-insensitive forms) say the same, and `equal` tests can be indexed by the decision graph. The fix-it rewrites it.",
    httpRuleset('  at request_in {\n    if (Http.request.method matches_cs "^POST$") {\n      Services.applyOne(Services.findOne("urn:example:svc:upload-scan"));\n    }\n  }'),
  ),
  notIndexable: lint(
    "P4009",
    "not-indexable",
    "info",
    "A ruleset with 20 or more actions at one point that the decision graph must try on every message, because their conditions test no property with `equal`, `EqualS` or `==` against a literal (one summary per ruleset).",
    httpRuleset(
      "  at request_in {\n" +
        Array.from({ length: 20 }, (_, i) => `    if (Http.request.path begins_with "/app${i}/") { Services.applyOne(Services.findOne("urn:example:svc:app${i}")); }\n`).join("") +
        "  }",
    ),
  ),
  invalidSuppression: lint(
    "P4010",
    "invalid-suppression",
    "warning",
    "An `opes-lint-disable-…` comment names something that is not a lint rule; it silences nothing, so a typo cannot silence every rule.",
    httpRuleset('  at request_in {\n    // opes-lint-disable-next-line unused-nme\n    limit := 3;\n    Services.applyOne(Services.findOne("urn:example:svc:log"));\n  }'),
  ),
  unusedSuppression: lint(
    "P4011",
    "unused-suppression",
    "info",
    "An `opes-lint-disable-…` comment that silences no finding: the code it excused has changed, so the comment can go.",
    httpRuleset('  at request_in {\n    // opes-lint-disable-next-line literal-regex\n    Services.applyOne(Services.findOne("urn:example:svc:log"));\n  }'),
  ),
} satisfies Record<string, DiagnosticDefinition>;
