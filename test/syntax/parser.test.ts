import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Expression, Program, Statement } from "../../src/syntax/ast.js";
import { describeDiagnostics, parseText, stripSpans } from "../helpers/parse.js";

const figures = join(import.meta.dirname, "fixtures/figures");

function only<T>(items: readonly T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

function expressionOf(text: string): Expression {
  const result = parseText(text);
  expect(describeDiagnostics(result.diagnostics)).toEqual([]);
  const statement = only(result.program.items) as Statement;
  if (statement.kind === "ExpressionStatement") return statement.expression;
  if (statement.kind === "Assignment") return statement.value;
  throw new Error(`unexpected ${statement.kind}`);
}

/** A fully parenthesised rendering that makes grouping visible. */
function group(e: Expression): string {
  switch (e.kind) {
    case "Binary":
      return `(${group(e.left)} ${e.operator} ${group(e.right)})`;
    case "Unary":
      return `(${e.operator} ${group(e.operand)})`;
    case "Name":
      return e.name;
    case "Member":
      return `${group(e.object)}.${e.property.name}`;
    case "Call":
      return `${group(e.callee)}(${e.args.map(group).join(", ")})`;
    case "StringLiteral":
      return JSON.stringify(e.value);
    case "NumberLiteral":
    case "BooleanLiteral":
      return String(e.value);
    case "Code":
      return `{${e.body.length}}`;
    case "Missing":
      return "?";
  }
}

describe("the draft's figures", () => {
  const files = readdirSync(figures).filter((f) => f.endsWith(".p")).sort();

  it.each(files)("%s parses without syntax errors", (file) => {
    const result = parseText(readFileSync(join(figures, file), "utf8"), file);
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(describeDiagnostics(errors)).toEqual([]);
    expect(result.program.items.length).toBeGreaterThan(0);
  });

  it("reports the legacy '!' of figures 7 and 23 as a warning with a fix-it", () => {
    const result = parseText(readFileSync(join(figures, "fig23-forced-failure.p"), "utf8"));
    const warning = only(result.diagnostics);
    expect(warning).toMatchObject({ code: "P1010", name: "legacy-negation", severity: "warning", range: { line: 5, column: 6 } });
    expect(warning.fix?.edits[0]?.newText).toBe("not ");
  });

  it("reads figure 23's `{…} otherwise {…}` without a final ';' as one expression statement", () => {
    const result = parseText(readFileSync(join(figures, "fig23-forced-failure.p"), "utf8"));
    const statement = only(result.program.items);
    expect(statement.kind).toBe("ExpressionStatement");
    if (statement.kind === "ExpressionStatement") expect(group(statement.expression)).toBe("({1} otherwise {0})");
  });

  it("keeps the // and /* */ comments of figure 24", () => {
    const result = parseText(readFileSync(join(figures, "fig24-provider.p"), "utf8"));
    expect(result.program.comments.map((c) => c.style)).toEqual(["line", "line", "line"]);
    expect(result.program.comments[0]?.text).toBe("// fails when unsupported");
  });

  it("reports an assignment to a call (figure 10, second fragment) at that statement and nowhere else", () => {
    const text = 'hdr := Http.makeHeader("X-Forwarded-For");\nHttp.makeHeader("X-Forwarded-For") := Http.makeHeader("Via");\nnext := 1;\n';
    const result = parseText(text);
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      "2:1 P1009 invalid-assignment-target: only a plain name can be bound with ':='; P names are single-assignment and members cannot be assigned",
    ]);
    expect(result.diagnostics[0]!.range.endColumn).toBe(35);
    expect(result.program.items.map((i) => i.kind)).toEqual(["Assignment", "ExpressionStatement", "Assignment"]);
  });
});

describe("precedence and associativity (draft §3.3 plus docs/language.md)", () => {
  it.each([
    ["a + b * c", "(a + (b * c))"],
    ["a - b - c", "((a - b) - c)"],
    ["a / b % c", "((a / b) % c)"],
    ["not a == b", "((not a) == b)"],
    ["not (a == b)", "(not (a == b))"],
    ["- a * b", "((- a) * b)"],
    ["a and b or c xor d", "(((a and b) or c) xor d)"],
    ["a or b and c", "(a or (b and c))"],
    ['x equal "a" + "b"', '(x equal ("a" + "b"))'],
    ['x.y matches "^a" and z not_matches_cs "b"', '((x.y matches "^a") and (z not_matches_cs "b"))'],
    ['import "a" + "b"', '(import ("a" + "b"))'],
    ['import "a" == m', '((import "a") == m)'],
    ["try c otherwise try d otherwise e", "(((try c) otherwise (try d)) otherwise e)"],
    ["try a xor b", "(try (a xor b))"],
    ['a EqualS "B" == true', '((a EqualS "B") == true)'],
    ['"s".length().x(1, 2)(3)', '"s".length().x(1, 2)(3)'],
    ["a < b <= c", "((a < b) <= c)"],
    ["try try a xor b otherwise c", "((try (try (a xor b))) otherwise c)"],
    ['a == import "b" + c == d', '((a == (import ("b" + c))) == d)'],
    ['import import "a"', '(import (import "a"))'],
    ["a otherwise try b xor c otherwise d", "((a otherwise (try (b xor c))) otherwise d)"],
    ["- - a.b(c) * d", "((- (- a.b(c))) * d)"],
    ["not a.b", "(not a.b)"],
    ["(a) + b", "(a + b)"],
  ])("%s groups as %s", (source, expected) => {
    expect(group(expressionOf(`${source};`))).toBe(expected);
  });

  it.each([
    ['x := "a" + import "b";', "import", 1, 12],
    ["x := a xor try b;", "try", 1, 12],
    ['x := a * import "b" + c;', "import", 1, 10],
    ['x := import try "b";', "try", 1, 13],
  ])("reports a loose prefix operator where a tighter operand must stand: %s", (source, operator, line, column) => {
    const { diagnostics } = parseText(source);
    expect(diagnostics.map((d) => [d.code, d.range.line, d.range.column])).toEqual([["P1017", line, column]]);
    expect(diagnostics[0]!.message).toContain(`'${operator}' binds more loosely than the operator before it`);
  });

  it("lets any keyword follow '.', since members may reuse operator names", () => {
    expect(group(expressionOf("x.not.and.if.matches;"))).toBe("x.not.and.if.matches");
  });

  it("treats extension words as ordinary names outside their positions", () => {
    expect(group(expressionOf("group := name + author + protocol;"))).toBe("((name + author) + protocol)");
  });

  it("reads not_matches as one operator, not 'not' followed by a name", () => {
    expect(group(expressionOf('h not_matches "x";'))).toBe('(h not_matches "x")');
  });
});

describe("statements", () => {
  it("parses if / elsif / else chains", () => {
    const program = parseText("if (a) { x; } elsif (b) { y; } elsif (c) { } else { z; }").program;
    const statement = only(program.items);
    expect(statement.kind).toBe("If");
    if (statement.kind !== "If") return;
    expect(statement.branches.map((b) => group(b.condition))).toEqual(["a", "b", "c"]);
    expect(statement.otherwise?.body).toHaveLength(1);
  });

  it("distinguishes a compound statement from a code value", () => {
    const program = parseText("{ a; } code := { b; }; { c; }; if (x) { }; ;").program;
    expect(program.items.map((i) => i.kind)).toEqual(["Block", "Assignment", "Block", "If", "Empty", "Empty"]);
  });

  it("keeps empty statements", () => {
    expect(parseText(";;").program.items.map((i) => i.kind)).toEqual(["Empty", "Empty"]);
  });
});

describe("the rule-module extension", () => {
  const module = `rulemodule "urn:example:homenet:bob" author delegate {
  name "HomeNet ISP"; id "https://isp.example/"; contact "ops@isp.example";
}
shared := true;
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  name "Bob";
  contact "bob@example.net";
  local := 1;
  at response_out {
    if (Http.request.host equal "news.example.com") {
      strip := Services.findOne("urn:svc:ad-strip");
      strip.level("aggressive");
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }
  }
  at 1 { Core.interpreter.stop(); }
}
ruleset authorized_by provider group "partners" protocol SMTP {
  at rcpt { ; }
}
`;

  it("reads the header, rulesets and point blocks", () => {
    const result = parseText(module);
    expect(describeDiagnostics(result.diagnostics)).toEqual([]);
    expect(stripSpans(result.program.header)).toEqual({
      kind: "ModuleHeader",
      uri: { kind: "StringLiteral", value: "urn:example:homenet:bob" },
      author: "delegate",
      fields: [
        { kind: "HeaderField", key: "name", value: { kind: "StringLiteral", value: "HomeNet ISP" } },
        { kind: "HeaderField", key: "id", value: { kind: "StringLiteral", value: "https://isp.example/" } },
        { kind: "HeaderField", key: "contact", value: { kind: "StringLiteral", value: "ops@isp.example" } },
      ],
    });
    const [shared, bob, partners] = result.program.items;
    expect(shared?.kind).toBe("Assignment");
    expect(bob).toMatchObject({ kind: "RuleSet", endpoint: "consumer", group: false, authorizedBy: { value: "mailto:bob@example.net" }, protocol: { name: "HTTP" } });
    expect(partners).toMatchObject({ kind: "RuleSet", endpoint: "provider", group: true, authorizedBy: { value: "partners" }, protocol: { name: "SMTP" } });
    if (bob?.kind !== "RuleSet") return;
    expect(bob.fields.map((f) => f.key)).toEqual(["name", "contact"]);
    expect(bob.body.map((s) => s.kind)).toEqual(["Assignment", "PointBlock", "PointBlock"]);
    expect(bob.body.flatMap((s) => (s.kind === "PointBlock" ? [stripSpans(s.point)] : []))).toEqual([
      { kind: "Identifier", name: "response_out" },
      { kind: "NumberLiteral", value: 1 },
    ]);
  });

  it("gives nodes exact spans", () => {
    const result = parseText(module);
    const bob = result.program.items[1];
    if (bob?.kind !== "RuleSet") throw new Error("expected a ruleset");
    const text = (span: { start: number; end: number }) => module.slice(span.start, span.end);
    expect(text(bob.authorizedBy.span)).toBe('"mailto:bob@example.net"');
    expect(text(bob.span).startsWith("ruleset authorized_by")).toBe(true);
    expect(text(bob.span).endsWith("}")).toBe(true);
    const point = bob.body[1];
    if (point?.kind !== "PointBlock") throw new Error("expected a point block");
    const ifStatement = point.body.body[0];
    if (ifStatement?.kind !== "If") throw new Error("expected an if");
    expect(text(ifStatement.branches[0]!.condition.span)).toBe('Http.request.host equal "news.example.com"');
  });

  it("requires name and id in a module header and rejects duplicates", () => {
    const result = parseText('rulemodule author self { name "a"; name "b"; }\n');
    expect(describeDiagnostics(result.diagnostics)).toEqual([
      "1:1 P1012 missing-field: the module header needs a 'id' field",
      "1:36 P1011 duplicate-field: 'name' is already given",
    ]);
  });

  it("reports point blocks outside a ruleset as syntax errors", () => {
    const result = parseText("at response_out { x; }\n");
    expect(result.diagnostics.some((d) => d.code === "P1001" && d.range.line === 1)).toBe(true);
  });
});

describe("error reporting and recovery", () => {
  it("reports three separate syntax errors at their lines in one run", () => {
    const text = "ok := 1;\nx := 1 +;\nfine := 2;\ny := (2;\nz := 3 4;\nlast := 5;\n";
    expect(describeDiagnostics(parseText(text).diagnostics)).toEqual([
      "2:9 P1001 unexpected-token: expected an expression but found ';'",
      "4:8 P1001 unexpected-token: expected ')' but found ';'",
      "5:8 P1001 unexpected-token: expected ';' but found '4'",
    ]);
  });

  it("points past the last token when the file ends too early", () => {
    expect(describeDiagnostics(parseText("if (a) {\n  x;\n").diagnostics)).toEqual(["2:5 P1002 unexpected-end-of-file: expected '}' but found end of file"]);
  });

  it("reports lexical errors with their position", () => {
    expect(describeDiagnostics(parseText('x := 1 @@ 2;\ns := "open;\nt := "a\\qb";\nn := 007;\nc := 1; /* open').diagnostics)).toEqual([
      "1:8 P1003 invalid-character: unexpected characters '@@'",
      "2:6 P1004 unterminated-string: this string has no closing '\"' before the end of the line",
      "3:8 P1006 invalid-escape: '\\q' is not an escape of P; use \\\" \\\\ \\n \\r \\t or \\xHH",
      "4:6 P1007 leading-zero: write 7: P numbers have no leading zeros",
      "5:9 P1005 unterminated-comment: this comment is never closed with '*/'",
    ]);
  });

  it("hints at ':=' and '==' for a lone '='", () => {
    expect(parseText("x = 1;").diagnostics[0]?.message).toContain("bind a name with ':='");
  });

  it("says so when a reserved word is bound as a name", () => {
    expect(describeDiagnostics(parseText("and := 1;\nx := 2;\n").diagnostics)).toEqual([
      "1:1 P1001 unexpected-token: 'and' is a reserved word of P and cannot be bound as a name",
    ]);
  });

  it("ignores a byte-order mark", () => {
    expect(parseText("\uFEFFx := 1;\n").diagnostics).toEqual([]);
  });

  it("decodes escapes", () => {
    const e = expressionOf('"a\\"b\\\\c\\n\\t\\x41";');
    expect(e).toMatchObject({ kind: "StringLiteral", value: 'a"b\\c\n\tA' });
  });

  it("rejects numbers beyond 2^53 - 1", () => {
    expect(parseText("x := 9007199254740993;").diagnostics.map((d) => d.name)).toEqual(["number-too-large"]);
  });
});

describe("limits against hostile input", () => {
  it("refuses nesting beyond the limit without recursing", () => {
    const deep = "x := " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + ";";
    expect(parseText(deep).diagnostics.map((d) => d.name)).toEqual(["nesting-too-deep"]);
    const prefixes = "x := " + "not ".repeat(50_000) + "true;";
    expect(parseText(prefixes).diagnostics.map((d) => d.name)).toEqual(["nesting-too-deep"]);
  });

  it("accepts nesting up to the limit", () => {
    const text = "x := " + "(".repeat(60) + "{ y; }" + ")".repeat(60) + ";";
    expect(parseText(text).diagnostics).toEqual([]);
  });

  it("refuses a source over the size limit and a name over the length limit", () => {
    expect(parseText("x := 1;", "t.p", { maxSourceLength: 3 }).diagnostics.map((d) => d.name)).toEqual(["source-too-large"]);
    expect(parseText(`${"n".repeat(300)} := 1;`).diagnostics.map((d) => d.name)).toEqual(["name-too-long"]);
  });

  it("parses a 1 MB rule file completely", () => {
    const rule = (i: number) =>
      `ruleset authorized_by consumer "mailto:user${i}@example.net" protocol HTTP {\n  at response_out {\n    if (Http.request.host equal "site${i}.example" and not Http.request.headers.have("X-Skip")) {\n      s${i} := Services.findOne("urn:svc:filter");\n      s${i}.level("high");\n      Services.applyOne(s${i});\n    }\n  }\n}\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 1_000_000; i++) {
      parts.push(rule(i));
      size += parts[parts.length - 1]!.length;
    }
    const result = parseText(parts.join(""));
    expect(result.diagnostics).toEqual([]);
    expect(result.program.items).toHaveLength(parts.length);
  });
});

describe("AST invariants", () => {
  function* walk(node: unknown): Generator<{ kind: string; span: { start: number; end: number } }> {
    if (Array.isArray(node)) for (const child of node) yield* walk(child);
    else if (node && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (typeof record["kind"] === "string" && record["span"]) yield record as never;
      for (const [key, child] of Object.entries(record)) if (key !== "span") yield* walk(child);
    }
  }

  it("nests every child span inside its parent's span", () => {
    const program: Program = parseText(readFileSync(join(figures, "fig24-provider.p"), "utf8")).program;
    const check = (node: unknown, parent: { start: number; end: number }) => {
      for (const child of walk(node)) {
        expect(child.span.start).toBeGreaterThanOrEqual(parent.start);
        expect(child.span.end).toBeLessThanOrEqual(parent.end);
        expect(child.span.end).toBeGreaterThanOrEqual(child.span.start);
      }
    };
    check(program.items, program.span);
  });
});

describe("spans of parenthesised operands", () => {
  it("include the parentheses in the enclosing expression's span", () => {
    const text = "x := (a) != (b) and (c).d;";
    const statement = parseText(text).program.items[0];
    if (statement?.kind !== "Assignment") throw new Error("expected an assignment");
    const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    expect(slice(statement.value.span)).toBe("(a) != (b) and (c).d");
    if (statement.value.kind !== "Binary") throw new Error("expected a binary");
    expect(slice(statement.value.left.span)).toBe("(a) != (b)");
    expect(slice(statement.value.right.span)).toBe("(c).d");
  });
});
