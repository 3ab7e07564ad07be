import type { DiagnosticDefinition, Severity } from "../diagnostic.js";

const definition = (language: "p" | "catalog", code: string, name: string, summary: string, source: string, severity: Severity = "error"): DiagnosticDefinition => ({
  code,
  name,
  stage: "semantic",
  severity,
  summary,
  example: { language, source },
});

const semantic = (code: string, name: string, summary: string, source: string, severity: Severity = "error") => definition("p", code, name, summary, source, severity);

/** A ruleset header for examples that need a point block. */
const httpRuleset = (body: string): string => `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n${body}\n}\n`;

/** Diagnostics of the semantic stage: names, imports, types and activation points (P2xxx). */
export const semanticDiagnostics = {
  unknownName: semantic("P2001", "unknown-name", "A name that is neither bound with `:=`, nor a module, nor a member of an imported module; the message suggests the closest known name.", "x := limit + 1;\n"),
  ambiguousName: semantic(
    "P2002",
    "ambiguous-name",
    "An unqualified name that two visible modules export (P §4.2): qualify it with the module.",
    'Smtp := import "http://ietf.org/opes/rules/p/SMTP";\nHttp := import "http://ietf.org/opes/rules/p/HTTP";\nm := message.headers;\n',
  ),
  useBeforeAssignment: semantic("P2003", "use-before-assignment", "A name used where its assignment has not run on every path that leads there.", "y := x + 1;\nx := 1;\n"),
  rebinding: semantic("P2004", "rebinding", "A name bound twice on one path; P names are bound once (single assignment). Binding it in exclusive branches is fine.", "h := 1;\nh := 2;\n"),
  builtinModuleRebinding: semantic("P2005", "builtin-module-rebinding", "Binding a name that denotes a built-in module (`Core`, `Services`, or the protocol module of a ruleset).", 'Services := import("Services");\n'),
  bindingHidesMember: semantic("P2006", "binding-hides-member", "Binding a name that a visible module already exports unqualified (for example `findOne` from Services).", 'findOne := "urn:svc:x";\n'),
  inconsistentBindingType: semantic("P2007", "inconsistent-binding-type", "Exclusive branches bind one name to values of different types, so later uses have no single type.", 'if (true) { x := 1; } else { x := "one"; }\n'),
  unknownModule: semantic("P2010", "unknown-module", "`import` names a module URI or short name that no loaded catalog defines.", 'M := import "urn:example:no-such-module";\n'),
  importNotLiteral: semantic("P2011", "import-not-literal", "The operand of `import` is not a string literal, so the module cannot be known before the program runs.", 'name := "Http";\nM := import name;\n'),
  builtinModuleImport: semantic(
    "P2012",
    "builtin-module-import",
    "An explicit import of `Core` or `Services`, which every program has already; accepted as a no-op that returns the built-in module.",
    'S := import "Services";\n',
    "warning",
  ),
  unknownModuleFallback: semantic(
    "P2013",
    "unknown-module-fallback",
    "In `import A otherwise import B`, a preferred module that no catalog defines: the import falls back to the next known one.",
    'Smtp := import "urn:example:fast-smtp" otherwise import "Smtp";\n',
    "warning",
  ),
  unknownMember: semantic("P2020", "unknown-member", "A member that the object's module or type does not have; the message suggests the closest member.", "d := Core.sytem.date;\n"),
  notCallable: semantic("P2021", "not-callable", "A call on something that is not a method.", "d := Core.system.date();\n"),
  methodNotCalled: semantic("P2022", "method-not-called", "A method named without `(...)`: P has no method values, so it must be called.", "ok := Core.consumer.in_group;\n"),
  wrongArity: semantic("P2023", "wrong-arity", "A call with too few or too many arguments for every signature of the method.", "Core.interpreter.fail();\n"),
  argumentTypeMismatch: semantic("P2024", "argument-type-mismatch", "An argument whose type no signature of the method accepts at that position; P never converts silently.", "ok := Core.consumer.in_group(42);\n"),
  argumentNotLiteral: semantic("P2025", "argument-not-literal", "A parameter that must be known at compile time (a service URI, a subnet, a failure mode) is given a computed value.", 'u := "urn:svc:x";\ns := Services.findOne(u);\n'),
  invalidArgumentValue: semantic("P2026", "invalid-argument-value", "A literal argument outside the values or the syntax the parameter allows (failure modes, IP addresses, CIDR subnets).", 's := Services.findOne("urn:svc:x");\ns.onFailure("retry");\n'),
  operandTypeMismatch: semantic(
    "P2030",
    "operand-type-mismatch",
    "An operator applied to operands of types it is not defined for, such as a number compared with a string; P never converts silently.",
    'Http := import "Http";\nok := Http.response.status == "200";\n',
  ),
  stringEquality: semantic("P2031", "string-equality", "`==` or `!=` on strings, which draft -02 removed; the fix-it rewrites it with `equal`.", 'same := "a" == "b";\n'),
  conditionNotBoolean: semantic("P2032", "condition-not-boolean", "An `if` or `elsif` condition that is not boolean; nothing is truthy in P.", "if (1) { x := 2; }\n"),
  otherwiseTypeMismatch: semantic("P2033", "otherwise-type-mismatch", "The two sides of `otherwise` have different types, so the result has none.", 'x := 1 otherwise "none";\n'),
  regexNotLiteral: semantic("P2034", "regex-not-literal", "The pattern of `matches` and its variants is not a string literal, so it cannot be checked when compiling.", 'p := "^a";\nok := "abc" matches p;\n'),
  invalidRegex: semantic(
    "P2035",
    "invalid-regex",
    "The pattern is not a POSIX extended regular expression: bad syntax, or Perl-only syntax such as \\d, lazy quantifiers, lookaround or backreferences.",
    'ok := "abc" matches "a{2,1}";\n',
  ),
  propertyUnavailable: semantic(
    "P2040",
    "property-unavailable",
    "A property used at an activation point where it does not exist (a response header at request_in), also under `not` and in `or`; the message lists the points where it is available.",
    httpRuleset("  at request_in {\n    if (Http.response.status == 404) { Core.interpreter.stop(); }\n  }"),
  ),
  unknownPoint: semantic("P2041", "unknown-point", "A point block names an activation point that the ruleset's protocol does not define.", httpRuleset("  at response_ot { Core.interpreter.stop(); }")),
  callOutsidePoint: semantic(
    "P2042",
    "call-outside-point",
    "Inside a ruleset, a service application (or stop/fail) outside every point block: it would have no activation point to run at.",
    httpRuleset('  s := Services.findOne("urn:svc:x");\n  Services.applyOne(s);'),
  ),
  unknownProtocol: semantic("P2043", "unknown-protocol", "A ruleset names a protocol that no loaded catalog defines.", 'ruleset authorized_by consumer "mailto:bob@example.net" protocol FTP { }\n'),
} satisfies Record<string, DiagnosticDefinition>;

/** A problem in a catalog file (a processor's `--catalog FILE` or a built-in one); the example is catalog JSON. */
export type CatalogDiagnosticDefinition = DiagnosticDefinition;

const catalogFile = (code: string, name: string, summary: string, source: string) => definition("catalog", code, name, summary, source);

/** Diagnostics of catalog files (P29xx). */
export const catalogFileDiagnostics = {
  catalogUnreadable: catalogFile("P2901", "catalog-unreadable", "A catalog file that cannot be read or is not well-formed JSON.", '{ "catalogVersion": 1,, }\n'),
  catalogSchema: catalogFile(
    "P2902",
    "catalog-schema",
    "A catalog file that does not follow schemas/catalog.schema.json; the file is ignored.",
    '{ "catalogVersion": 1, "modules": { "Acme": { "members": { "x": { "kind": "property" } } } } }\n',
  ),
  catalogReference: catalogFile(
    "P2903",
    "catalog-reference",
    "A catalog names a type, point or protocol that no loaded catalog defines, or declares an unusable signature or module.",
    '{ "catalogVersion": 1, "modules": { "Acme": { "shortNames": ["Acme"], "members": { "x": { "kind": "property", "type": "strng", "summary": "X." } } } } }\n',
  ),
  catalogConflict: catalogFile(
    "P2904",
    "catalog-conflict",
    "A catalog redefines a point, type member, module member, URI or short name that an earlier catalog defines.",
    '{ "catalogVersion": 1, "modules": { "Http": { "members": { "request": { "kind": "property", "type": "string", "summary": "X." } } } } }\n',
  ),
} satisfies Record<string, CatalogDiagnosticDefinition>;

/** Compiler diagnostics share the semantic stage: they are about the program's meaning. */
const compile = semantic;

/** Checked programs the compiler cannot turn into a decision graph (P205x), reported by `opes compile` and `opes check`. */
export const compileDiagnostics = {
  uncompilable: compile(
    "P2050",
    "uncompilable",
    "An expression the compiler cannot evaluate when it decides: a service or code object used as a condition, a second argument to applyOne, a fail() reason that is not a literal.",
    httpRuleset('  at request_in {\n    s := Services.findOne("urn:svc:log");\n    Services.applyOne(s, "extra");\n  }'),
  ),
  conditionalServiceConfiguration: compile(
    "P2051",
    "conditional-service-configuration",
    "A service is configured under other conditions than the Services.findOne that bound it; the plan could not say which parameters apply. Bind a second service in the branch instead.",
    httpRuleset('  at request_in {\n    s := Services.findOne("urn:svc:log");\n    if (Http.request.method equal "POST") { s.level("full"); }\n    Services.applyOne(s);\n  }'),
  ),
  expansionTooLarge: compile(
    "P2052",
    "expansion-too-large",
    "Named code objects that run other named code objects expand a point block by more than 10,000 statements (each run copies the code).",
    httpRuleset(
      "  at request_in {\n    c0 := { Services.applyOne(Services.findOne(\"urn:svc:log\")); };\n" +
        Array.from({ length: 14 }, (_, i) => `    c${i + 1} := { c${i}; c${i}; };\n`).join("") +
        "    c14;\n  }",
    ),
  ),
  unassignedPlainFile: compile(
    "P2053",
    "unassigned-plain-file",
    "A plain P file (no ruleset) has no endpoint to act for; it compiles only when the site policy assigns it one under `files`.",
    'Services.applyOne(Services.findOne("urn:svc:log"));\n',
  ),
} satisfies Record<string, DiagnosticDefinition>;
