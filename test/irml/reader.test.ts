import { describe, expect, it } from "vitest";
import type * as A from "../../src/syntax/ast.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { irmlSignatureStatus } from "../../src/syntax/irml/index.js";
import { IRML_NAMESPACE } from "../../src/syntax/irml/vocabulary.js";
import { codesAndPositions, readXml } from "./helpers.js";

/** A self-authored consumer module whose only rule, at `point`, holds `body`. */
function moduleWith(body: string, point = "4", extra = ""): string {
  return `<?xml version="1.0"?>
<rulemodule xmlns="${IRML_NAMESPACE}">
  <author type="self"><name>Ann</name><contact>ann@example.net</contact><id>ann@example.net</id></author>
  <ruleset>
    <authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>
    <protocol>HTTP</protocol>
    <rule processing-point="${point}">
${body}
    </rule>
  </ruleset>${extra}
</rulemodule>
`;
}

const LOG = `<execute><service><uri>urn:svc:log</uri></service></execute>`;

function ruleset(program: A.Program): A.RuleSet {
  const item = program.items[0];
  if (item?.kind !== "RuleSet") throw new Error("no ruleset");
  return item;
}

function pointBody(program: A.Program, index = 0): readonly A.Statement[] {
  const block = ruleset(program).body[index];
  if (block?.kind !== "PointBlock") throw new Error("no point block");
  return block.body.body;
}

function firstCondition(program: A.Program): A.Expression {
  const statement = pointBody(program)[0];
  if (statement?.kind !== "If") throw new Error("no if");
  return statement.branches[0]!.condition;
}

/** `A.b.c` and `A.b.get("X")` rendered back to text, to assert on mappings compactly. */
function show(expression: A.Expression): string {
  switch (expression.kind) {
    case "Name":
      return expression.name;
    case "Member":
      return `${show(expression.object)}.${expression.property.name}`;
    case "Call":
      return `${show(expression.callee)}(${expression.args.map(show).join(", ")})`;
    case "StringLiteral":
      return JSON.stringify(expression.value);
    case "BooleanLiteral":
      return String(expression.value);
    case "Binary":
      return `${show(expression.left)} ${expression.operator} ${show(expression.right)}`;
    default:
      return expression.kind;
  }
}

function showStatements(statements: readonly A.Statement[]): string[] {
  return statements.flatMap((s): string[] => {
    if (s.kind === "Assignment") return [`${s.name.name} := ${show(s.value)}`];
    if (s.kind === "ExpressionStatement") return [show(s.expression)];
    if (s.kind === "If") return [`if (${show(s.branches[0]!.condition)}) {`, ...showStatements(s.branches[0]!.body.body).map((l) => `  ${l}`), "}"];
    return [s.kind];
  });
}

describe("reading IRML into the shared AST", () => {
  it("maps the author to the module header and the rule set with its endpoint", () => {
    const { program, diagnostics } = readXml(moduleWith(LOG, "2"));
    expect(codesAndPositions(diagnostics)).toEqual([]);
    expect(program.language).toBe("irml");
    expect(program.header?.author).toBe("self");
    expect(program.header?.fields.map((f) => [f.key, f.value.value])).toEqual([["name", "Ann"], ["id", "ann@example.net"], ["contact", "ann@example.net"]]);
    const set = ruleset(program);
    expect([set.endpoint, set.group, set.authorizedBy.value, set.protocol.name]).toEqual(["consumer", false, "ann@example.net", "HTTP"]);
    expect(set.fields.map((f) => [f.key, f.value.value])).toEqual([["name", "Ann"]]);
    const block = set.body[0] as A.PointBlock;
    expect(block.point).toMatchObject({ kind: "NumberLiteral", value: 2 });
  });

  it("maps a delegate's group rule set for a provider", () => {
    const text = `<rulemodule xmlns="${IRML_NAMESPACE}">
  <author type="delegate"><name>ISP</name><id>isp.example</id></author>
  <ruleset>
    <authorized-by class="data-provider" type="group"><name>Partners</name><contact>ops@isp.example</contact><id>isp.example/partners</id></authorized-by>
    <protocol>http</protocol>
    <rule processing-point="3">${LOG}</rule>
  </ruleset>
</rulemodule>`;
    const { program, diagnostics } = readXml(text);
    expect(codesAndPositions(diagnostics)).toEqual([]);
    const set = ruleset(program);
    expect([program.header?.author, set.endpoint, set.group, set.protocol.name]).toEqual(["delegate", "provider", true, "HTTP"]);
    expect(set.fields.map((f) => f.key)).toEqual(["name", "contact"]);
  });

  it.each([
    ["system", "system-date", "Core.system.date"],
    ["system", "client-ip", "Core.consumer.ip"],
    ["system", "request-line", "Http.request.line"],
    ["system", "request-method", "Http.request.method"],
    ["system", "request-path", "Http.request.path"],
    ["system", "request-version", "Http.request.version"],
    ["system", "request-host", "Http.request.host"],
    ["system", "Request-URI", "Http.request.uri"],
    ["system", "response-line", "Http.response.line"],
    ["system", "RESPONSE-CODE", "Http.response.code"],
    ["req-msg", "Accept-Language", 'Http.request.headers.get("Accept-Language")'],
    ["res-msg", "content-type", 'Http.response.headers.get("content-type")'],
    ["service", "Quota", 'Services.variable("Quota")'],
  ])("maps a %s property %s onto %s", (context, name, expected) => {
    const { program, diagnostics } = readXml(moduleWith(`<property name="${name}" context="${context}" matches="x">${LOG}</property>`));
    expect(codesAndPositions(diagnostics)).toEqual([]);
    expect(show(firstCondition(program))).toBe(`${expected} matches "x"`);
  });

  it.each([
    ['matches="^de"', "matches"],
    ['matches="^de" case-sensitive="yes"', "matches_cs"],
    ['matches="^de" case-sensitive="no"', "matches"],
    ['not-matches="^de"', "not_matches"],
    ['not-matches="^de" case-sensitive="yes"', "not_matches_cs"],
  ])("maps %s onto the %s operator, keeping the pattern as written", (attributes, operator) => {
    const { program } = readXml(moduleWith(`<property name="Accept-Language" context="req-msg" ${attributes}>${LOG}</property>`));
    expect(firstCondition(program)).toMatchObject({ kind: "Binary", operator, right: { kind: "StringLiteral", value: "^de" } });
  });

  it("nests properties as nested ifs and keeps document order of executes at every depth", () => {
    const body = `<property name="Content-Type" context="res-msg" matches="text/html">
        <execute><service><uri>urn:svc:first</uri></service></execute>
        <property name="Accept-Language" context="req-msg" matches="^fr">
          <execute><service><uri>urn:svc:second</uri></service></execute>
        </property>
        <execute><service><uri>urn:svc:third</uri></service></execute>
      </property>
      <execute><service><uri>urn:svc:fourth</uri></service></execute>`;
    const { program } = readXml(moduleWith(body));
    expect(showStatements(pointBody(program))).toEqual([
      'if (Http.response.headers.get("Content-Type") matches "text/html") {',
      '  s1 := Services.findOne("urn:svc:first")',
      "  Services.applyOne(s1)",
      '  if (Http.request.headers.get("Accept-Language") matches "^fr") {',
      '    s2 := Services.findOne("urn:svc:second")',
      "    Services.applyOne(s2)",
      "  }",
      '  s3 := Services.findOne("urn:svc:third")',
      "  Services.applyOne(s3)",
      "}",
      's4 := Services.findOne("urn:svc:fourth")',
      "Services.applyOne(s4)",
    ]);
  });

  it("maps a service chain with parameters, its failure mode and alternates", () => {
    const body = `<execute>
        <service name="Scanner A" failure="try-alternate">
          <uri>urn:svc:scan-a</uri>
          <parameter name="depth" type="static"><value> full </value></parameter>
          <parameter name="client" type="dynamic"><variable name="client-ip" context="system"/></parameter>
        </service>
        <service type="alternate" failure="try-alternate"><uri>urn:svc:scan-b</uri></service>
        <service name="Scanner C" type="alternate" failure="ignore">
          <uri>urn:svc:scan-c</uri>
          <parameter name="lang" type="dynamic"><variable name="Accept-Language" context="req-msg"/></parameter>
        </service>
      </execute>`;
    const { program, diagnostics } = readXml(moduleWith(body));
    expect(codesAndPositions(diagnostics)).toEqual([]);
    expect(showStatements(pointBody(program))).toEqual([
      's1 := Services.findOne("urn:svc:scan-a", "Scanner A")',
      's1.depth(" full ")',
      "s1.client(Core.consumer.ip)",
      's2 := Services.findOne("urn:svc:scan-b")',
      's3 := Services.findOne("urn:svc:scan-c", "Scanner C")',
      's3.lang(Http.request.headers.get("Accept-Language"))',
      's3.onFailure("ignore")',
      "Services.applyOne(s1) otherwise Services.applyOne(s2) otherwise Services.applyOne(s3)",
    ]);
    const chain = (pointBody(program)[7] as A.ExpressionStatement).expression as A.BinaryExpression;
    expect(chain.left).toMatchObject({ kind: "Binary", operator: "otherwise" });
  });

  it("writes no failure mode for the default abort, explicit or not", () => {
    const { program } = readXml(moduleWith(`<execute><service failure="abort"><uri>urn:svc:a</uri></service></execute>`));
    expect(showStatements(pointBody(program))).toEqual(['s1 := Services.findOne("urn:svc:a")', "Services.applyOne(s1)"]);
  });

  it("gives service objects names that are unique across the module", () => {
    const text = moduleWith(LOG, "1").replace("</ruleset>", `</ruleset>`);
    const twoRules = text.replace(`    </rule>\n`, `    </rule>\n    <rule processing-point="2">${LOG}</rule>\n`);
    const { program } = readXml(twoRules);
    const names = ruleset(program).body.flatMap((b) => (b.kind === "PointBlock" ? b.body.body : [])).filter((s): s is A.AssignmentStatement => s.kind === "Assignment").map((s) => s.name.name);
    expect(names).toEqual(["s1", "s2"]);
  });

  it("makes a condition of an unknown sub-system false, with a warning", () => {
    const { program, diagnostics } = readXml(moduleWith(`<property name="bandwidth" context="system" sub-system="qos-v2" matches="^1">${LOG}</property>`));
    expect(firstCondition(program)).toMatchObject({ kind: "BooleanLiteral", value: false });
    expect(diagnostics.filter((d) => d.code === "P1540").map((d) => d.severity)).toEqual(["warning"]);
  });

  it("accepts the standard sub-system spelled in any case", () => {
    const { program, diagnostics } = readXml(moduleWith(`<property name="client-ip" context="system" sub-system="Standard" matches="^10\\.">${LOG}</property>`));
    expect(codesAndPositions(diagnostics)).toEqual([]);
    expect(show(firstCondition(program))).toBe('Core.consumer.ip matches "^10\\\\."');
  });

  it("gives every node the span of the XML it came from", () => {
    const text = moduleWith(`<property name="Cookie" context="req-msg" matches="promo=7">${LOG}</property>`);
    const { program } = readXml(text);
    const slice = (span: { start: number; end: number }) => text.slice(span.start, span.end);
    const condition = firstCondition(program) as A.BinaryExpression;
    expect(slice(condition.operatorSpan)).toBe("matches");
    expect(slice(condition.right.span)).toBe("promo=7");
    expect(slice(((condition.left as A.CallExpression).args[0] as A.StringLiteral).span)).toBe("Cookie");
    expect(slice(condition.span)).toBe(`<property name="Cookie" context="req-msg" matches="promo=7">`);
    const ifStatement = pointBody(program)[0] as A.IfStatement;
    expect(slice(ifStatement.span)).toMatch(/^<property [\s\S]*<\/property>$/);
    expect(slice(program.header!.fields[1]!.value.span)).toBe("ann@example.net");
    expect(slice(program.header!.authorSpan)).toBe(`type="self"`);
    const set = ruleset(program);
    expect(slice(set.endpointSpan)).toBe(`class="data-consumer"`);
    expect(slice(set.authorizedBy.span)).toBe("ann@example.net");
    const block = set.body[0] as A.PointBlock;
    expect(slice(block.point.span)).toBe("4");
    const assignment = (ifStatement.branches[0]!.body.body[0] as A.AssignmentStatement);
    expect(slice(((assignment.value as A.CallExpression).args[0] as A.StringLiteral).span)).toBe("urn:svc:log");
  });

  it("reads text with entities and CDATA, trims names but keeps values verbatim", () => {
    const body = `<execute><service name="A &amp; B"><uri>
          urn:svc:a
        </uri><parameter name="q" type="static"><value><![CDATA[<b> & ]]>&lt;i&gt;</value></parameter></service></execute>`;
    const { program, diagnostics } = readXml(moduleWith(body, " 4 "));
    expect(codesAndPositions(diagnostics)).toEqual([]);
    expect(showStatements(pointBody(program))).toEqual(['s1 := Services.findOne("urn:svc:a", "A & B")', 's1.q("<b> & <i>")', "Services.applyOne(s1)"]);
  });

  it("keeps XML comments as block comments, defused", () => {
    const { program } = readXml(moduleWith(`<!-- scan */ everything -->${LOG}`));
    expect(program.comments.map((c) => c.text)).toEqual(["/* scan * / everything */"]);
  });

  it("accepts documents without a namespace and with a prefixed IRML namespace", () => {
    const plain = moduleWith(LOG).replace(` xmlns="${IRML_NAMESPACE}"`, "");
    expect(codesAndPositions(readXml(plain).diagnostics)).toEqual([]);
    const prefixed = moduleWith(LOG)
      .replace(` xmlns="${IRML_NAMESPACE}"`, ` xmlns:i="${IRML_NAMESPACE}"`)
      .replace(/<(\/?)(?=[a-z])/g, "<$1i:");
    const result = readXml(prefixed);
    expect(codesAndPositions(result.diagnostics)).toEqual([]);
    expect(ruleset(result.program).authorizedBy.value).toBe("ann@example.net");
  });

  it("rejects a rulemodule in a foreign namespace", () => {
    const { diagnostics } = readXml(`<rulemodule xmlns="urn:other"/>`);
    expect(codesAndPositions(diagnostics)).toEqual(["1:2 P1510 irml-wrong-root"]);
  });
});

describe("signature status", () => {
  const SIGNATURE = `\n  <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignatureValue>x</SignatureValue></Signature>`;

  it("finds an enveloped signature as the last child of rulemodule", () => {
    const result = readXml(moduleWith(LOG, "4", SIGNATURE));
    expect(result.diagnostics).toEqual([]);
    expect(result.signature.present).toBe(true);
    expect(result.signature.enveloped).toBeDefined();
  });

  it("finds a detached FILE.sig", () => {
    const asked: string[] = [];
    const result = readXml(moduleWith(LOG), "rules/ann.xml", { signatureFileExists: (path) => (asked.push(path), true) });
    expect(asked).toEqual(["rules/ann.xml.sig"]);
    expect(result.signature).toEqual({ present: true, detachedPath: "rules/ann.xml.sig" });
    expect(result.diagnostics).toEqual([]);
  });

  it("tells the signature status on its own", () => {
    const source = new SourceFile("ann.xml", moduleWith(LOG, "4", SIGNATURE));
    expect(irmlSignatureStatus(source, { signatureFileExists: () => false }).enveloped).toBeDefined();
    expect(irmlSignatureStatus(new SourceFile("ann.xml", moduleWith(LOG)), { signatureFileExists: () => false }).present).toBe(false);
  });

  it("warns when there is neither", () => {
    const result = readXml(moduleWith(LOG));
    expect(result.signature).toEqual({ present: false });
    expect(result.diagnostics.map((d) => [d.code, d.severity, d.range.line])).toEqual([["P1504", "warning", 2]]);
  });

  it("wants the signature last", () => {
    const text = moduleWith(LOG).replace("  <ruleset>", `${SIGNATURE.trim()}\n  <ruleset>`);
    expect(codesAndPositions(readXml(text).diagnostics)).toEqual(["5:4 P1514 irml-element-order"]);
  });
});

describe("ill-formed XML", () => {
  it("points at the end tag that does not match, and at the element left open", () => {
    const text = moduleWith(`<execute><service><uri>urn:svc:a</uri></service><execute>`);
    const [error] = readXml(text).diagnostics;
    expect([error?.code, error?.range.line, error?.range.column]).toEqual(["P1500", 9, 5]);
    expect(error?.related?.[0]?.range).toMatchObject({ line: 8, column: 50 });
  });

  it("points at an undefined entity", () => {
    const [error] = readXml(`<rulemodule>\n  <author>&eacute;</author>\n</rulemodule>`).diagnostics;
    expect([error?.code, error?.range.line, error?.range.column, error?.range.endColumn]).toEqual(["P1500", 2, 11, 19]);
  });

  it("points at a second root element", () => {
    const [error] = readXml(`<rulemodule/>\n<rulemodule/>\n`).diagnostics;
    expect([error?.code, error?.range.line, error?.range.column]).toEqual(["P1500", 2, 1]);
  });

  it("reports only the first error, with no tree and no later checks", () => {
    const result = readXml(`<rulemodule><a b=1 c=2></rulemodule>`);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.program.items).toEqual([]);
  });
});

describe("limits", () => {
  it("refuses a source over the size limit", () => {
    const { diagnostics } = readXml(moduleWith(LOG), "big.xml", { limits: { maxSourceLength: 100 } });
    expect(codesAndPositions(diagnostics)).toEqual(["1:1 P1501 irml-source-too-large"]);
  });

  it("stops at the nesting limit without exhausting the stack", () => {
    const depth = 50_000;
    const text = `<rulemodule>${"<property>".repeat(depth)}${"</property>".repeat(depth)}</rulemodule>`;
    const { diagnostics } = readXml(text);
    expect(codesAndPositions(diagnostics)).toEqual(["1:643 P1502 xml-nesting-too-deep"]);
  });
});
