import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CallExpression, Expression, MemberExpression, NameExpression, PointBlock, RuleSet, Statement } from "../../src/syntax/ast.js";
import { typeName } from "../../src/semantic/index.js";
import { check } from "./helpers.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const fixture = (name: string): string => fs.readFileSync(path.join(fixtures, name, "input.p"), "utf8");

/** Every expression of a statement list, depth first. */
function expressions(statements: readonly Statement[]): Expression[] {
  const out: Expression[] = [];
  const visitExpression = (e: Expression): void => {
    out.push(e);
    if (e.kind === "Member") visitExpression(e.object);
    if (e.kind === "Call") [e.callee, ...e.args].forEach(visitExpression);
    if (e.kind === "Unary") visitExpression(e.operand);
    if (e.kind === "Binary") [e.left, e.right].forEach(visitExpression);
    if (e.kind === "Code") e.body.forEach(visitStatement);
  };
  const visitStatement = (s: Statement): void => {
    if (s.kind === "Assignment") visitExpression(s.value);
    if (s.kind === "ExpressionStatement") visitExpression(s.expression);
    if (s.kind === "Block") s.body.forEach(visitStatement);
    if (s.kind === "PointBlock") s.body.body.forEach(visitStatement);
    if (s.kind === "If") {
      for (const b of s.branches) {
        visitExpression(b.condition);
        b.body.body.forEach(visitStatement);
      }
      s.otherwise?.body.forEach(visitStatement);
    }
  };
  statements.forEach(visitStatement);
  return out;
}

describe("draft figures", () => {
  it("reports Figure 18's first assignment as ambiguous at the use of `message`", () => {
    const { diagnostics } = check(fixture("ambiguous-name--figure-18"));
    expect(diagnostics.map((d) => [d.name, d.range.line, d.range.column, d.range.endColumn])).toEqual([["ambiguous-name", 5, 10, 17]]);
  });

  it("reports Figure 10's first fragment as re-binding at the second `h :=`", () => {
    const { diagnostics } = check(fixture("rebinding--figure-10"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ name: "rebinding", range: { line: 4, column: 1, endColumn: 2 } });
    expect(diagnostics[0]!.related?.[0]?.range.line).toBe(3);
  });
});

describe("semantic model", () => {
  const source = `Http := import "Http";
m := Http.request.method;
rule := request.path;
ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  at 4 {
    s := Services.findOne("urn:svc:x");
    s.level(Http.response.headers.get("X-Level"));
    ok := Http.response.status == 200 and m equal "GET";
  }
}
`;
  const { result, parse } = check(source);
  const model = result.model;
  const all = [
    ...expressions(parse.program.items.filter((i): i is Statement => i.kind !== "RuleSet")),
    ...expressions((parse.program.items[3] as RuleSet).body),
  ];
  const byText = (text: string): Expression => {
    const found = all.find((e) => source.slice(e.span.start, e.span.end) === text);
    if (!found) throw new Error(`no expression ${text}`);
    return found;
  };

  it("checks clean", () => expect(result.diagnostics).toEqual([]));

  it("resolves members to canonical catalog paths, whatever the module is called", () => {
    const method = model.resolutions.get(byText("Http.request.method") as MemberExpression);
    expect(method).toMatchObject({ kind: "member", member: { path: "Http.request.method" }, module: { name: "Http" } });
    const unqualified = model.resolutions.get(byText("request") as NameExpression);
    expect(unqualified).toMatchObject({ kind: "member", member: { path: "Http.request" } });
  });

  it("resolves names to bindings and modules", () => {
    const http = model.resolutions.get(byText("Http") as NameExpression);
    expect(http).toMatchObject({ kind: "binding", binding: { name: "Http", scope: { kind: "program" } } });
    expect(model.bindings.map((b) => `${b.name}@${b.scope.kind}`)).toEqual(["Http@program", "m@program", "rule@program", "s@point", "ok@point"]);
    const services = model.resolutions.get(byText("Services") as NameExpression);
    expect(services).toMatchObject({ kind: "module", module: { name: "Services" } });
  });

  it("records calls with their overload and service parameters", () => {
    const get = model.resolutions.get(byText('Http.response.headers.get("X-Level")') as CallExpression);
    expect(get).toMatchObject({ kind: "call", method: { path: "headers.get" }, signature: { returns: "string" } });
    const level = model.resolutions.get(byText('s.level(Http.response.headers.get("X-Level"))') as CallExpression);
    expect(level).toMatchObject({ kind: "call", serviceParameter: "level", callee: { kind: "service-parameter", parameter: "level" } });
  });

  it("types every expression", () => {
    const types = Object.fromEntries(
      ['Http.request.method', 'Services.findOne("urn:svc:x")', "Http.response.status == 200 and m equal \"GET\"", "Http.response.headers", 'import "Http"', "Http.request"].map((t) => [t, typeName(model.types.get(byText(t))!)]),
    );
    expect(types).toEqual({
      "Http.request.method": "string",
      'Services.findOne("urn:svc:x")': "service",
      'Http.response.status == 200 and m equal "GET"': "boolean",
      "Http.response.headers": "headers",
      'import "Http"': "module Http",
      "Http.request": "Http.request",
    });
  });

  it("records the points an expression needs and resolves point aliases", () => {
    expect(model.requirements.get(byText("Http.response.status"))).toEqual([{ path: "Http.response", points: ["response_in", "response_out"] }]);
    const http = ["request_in", "request_out", "response_in", "response_out"];
    expect(model.requirements.get(byText("Http.request.method"))).toEqual([{ path: "Http.request", points: http }]);
    expect(model.requirements.get(byText('Services.findOne("urn:svc:x")'))).toBeUndefined();
    const block = (parse.program.items[3] as RuleSet).body[0] as PointBlock;
    expect(model.points.get(block)).toMatchObject({ name: "response_out", protocol: "HTTP", alias: 4 });
    expect(model.rulesets.get(parse.program.items[3] as RuleSet)).toMatchObject({ protocol: { name: "HTTP" }, module: { name: "Http" } });
  });

  it("records which module each import loads", () => {
    expect([...model.imports.values()].map((m) => m.name)).toEqual(["Http"]);
  });

  it("makes types and requirements on first read, once, whichever is read first", () => {
    const fresh = check(source).result.model;
    const requirements = fresh.requirements;
    expect(fresh.requirements).toBe(requirements);
    expect(fresh.types).toBe(fresh.types);
    expect([...requirements.values()]).toEqual([...model.requirements.values()]);
    expect([...fresh.types.values()].map(typeName)).toEqual([...model.types.values()].map(typeName));
    expect(fresh.types.size).toBe(all.length);
  });
});

describe("scopes and flow", () => {
  it("lets two point blocks bind the same name and sees ruleset names in them", () => {
    const { diagnostics } = check(`ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  html := Http.response.content_type equal "text/html";
  at response_in { x := html; }
  at response_out { x := not html; }
}
`);
    expect(diagnostics).toEqual([]);
  });

  it("keeps names bound in a point block out of later blocks", () => {
    const { diagnostics } = check(`ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  at request_in { local := 1; }
  at request_out { y := local; }
}
`);
    expect(diagnostics.map((d) => d.name)).toEqual(["unknown-name"]);
  });

  it("makes top-level bindings visible in rulesets after them", () => {
    const { diagnostics } = check(`limit := 1000;
ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  at response_out { big := Http.response.body.size > limit; }
}
`);
    expect(diagnostics).toEqual([]);
  });

  it("keeps names bound inside a code object local to it", () => {
    const { diagnostics } = check(`c := { inner := 1; };\ny := inner;\n`);
    expect(diagnostics.map((d) => d.name)).toEqual(["unknown-name"]);
  });

  it("checks a plain file against no point unless the policy assigns some", () => {
    const text = `Http := import "Http";\nok := Http.response.status == 200;\n`;
    expect(check(text).diagnostics).toEqual([]);
    expect(check(text, { pointsForPlainFile: ["response_in", "response_out"] }).diagnostics).toEqual([]);
    expect(check(text, { pointsForPlainFile: ["request_out"] }).diagnostics.map((d) => d.name)).toEqual(["property-unavailable"]);
  });

  it("survives trees recovered from syntax errors without extra diagnostics", () => {
    const { parse, result } = check(`x := (1 + ;\ny := x * 2;\n`);
    expect(parse.diagnostics.length).toBeGreaterThan(0);
    expect(result.diagnostics).toEqual([]);
  });
});
