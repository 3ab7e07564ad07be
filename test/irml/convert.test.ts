import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { formatProgram } from "../../src/syntax/format.js";
import { programToIrml } from "../../src/syntax/irml/index.js";
import { escapeEre } from "../../src/syntax/irml/from-ast.js";
import { parseP } from "../../src/syntax/parser.js";
import { codesAndPositions, meaning, readXml } from "./helpers.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..", "..");

function convertP(text: string) {
  const parsed = parseP(new SourceFile("rules.p", text));
  expect(parsed.diagnostics).toEqual([]);
  return programToIrml(parsed.program, parsed.source);
}

const HEADER = `rulemodule author self { name "Ann"; id "ann@example.net"; }
ruleset authorized_by consumer "ann@example.net" protocol HTTP {
  name "Ann";
`;

/** A P module whose one point block at response_out holds `body`. */
const withBody = (body: string) => `${HEADER}  at response_out {\n${body}\n  }\n}\n`;

describe("one IR: an IRML module and its P translation", () => {
  const modules = [
    ...readdirSync(join(here, "fixtures", "appendix-d")).filter((f) => f.endsWith("-corrected.xml")).map((f) => join(here, "fixtures", "appendix-d", f)),
    ...readdirSync(join(root, "examples", "irml")).filter((f) => f.endsWith(".xml")).map((f) => join(root, "examples", "irml", f)),
  ];

  it("covers several modules", () => {
    expect(modules.length).toBeGreaterThanOrEqual(5);
  });

  it.each(modules)("%s reads to the same tree as its P text", (path) => {
    const irml = readXml(readFileSync(path, "utf8"), path, { signatureFileExists: () => true });
    expect(irml.diagnostics).toEqual([]);
    const text = formatProgram(irml.program);
    const p = parseP(new SourceFile("converted.p", text));
    expect(p.diagnostics).toEqual([]);
    expect(meaning(p.program)).toEqual(meaning(irml.program));
  });

  it.each(modules)("%s compiles to the same bundle as its P text, but for source locations", (path) => {
    const xml = readFileSync(path, "utf8");
    const p = formatProgram(readXml(xml, path, { signatureFileExists: () => true }).program);
    const fromIrml = compileSources([{ path: "module.xml", text: xml }]);
    const fromP = compileSources([{ path: "module.p", text: p }]);
    expect(fromIrml.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(fromP.diagnostics).toEqual([]);
    expect(withoutLocations(fromIrml.bundle)).toEqual(withoutLocations(fromP.bundle));
    expect(fromP.bundle!.actions.length).toBeGreaterThan(0);
  });
});

/** A bundle without what differs between two spellings of one module: file names, lines, columns, condition texts, the hash. */
function withoutLocations(bundle: unknown): unknown {
  return JSON.parse(JSON.stringify(bundle), (key, value) => (["file", "line", "column", "text", "hash"].includes(key) ? undefined : value));
}

describe("P → IRML", () => {
  it("writes the supported subset, rewriting string tests as anchored regular expressions", async () => {
    const result = convertP(`rulemodule author delegate { name "HomeNet"; id "isp.example"; contact "ops@isp.example"; }
// Bob's subscription
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  name "Bob";
  contact "bob@example.net";
  isNews := Http.request.host equal "news.example.com";
  at response_out {
    /* strip ads from HTML news pages */
    if (isNews and Http.response.headers.get("Content-Type") begins_with "text/html") {
      strip := Services.findOne("urn:svc:ad-strip", "Ad stripper");
      strip.level("aggressive");
      strip.client(Core.consumer.ip);
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }
  }
  at 1 {
    if (Http.request.method != "CONNECT" and Http.request.uri ContainS "?q=" and "GET" == Http.request.method) {
      log := Services.findOne("urn:svc:log");
      log.onFailure("ignore");
      Services.applyOne(log);
    }
    if (Services.variable("plan") Ends_witH "+" and Http.request.path not_matches_cs "^/private/") {
      Services.applyOne(Services.findOne("urn:svc:count"));
    }
  }
}
`);
    expect(result.diagnostics).toEqual([]);
    await expect(result.xml).toMatchFileSnapshot(join(here, "fixtures", "converted", "bob.xml"));
    const back = readXml(result.xml);
    expect(codesAndPositions(back.diagnostics)).toEqual([]);
  });

  it.each([
    ['Http.request.method equal "a.b"', 'matches="^a\\.b$" case-sensitive="yes"'],
    ['Http.request.method EqualS "get"', 'matches="^get$"'],
    ['Http.request.method == "GET"', 'matches="^GET$" case-sensitive="yes"'],
    ['Http.request.method != "GET"', 'not-matches="^GET$" case-sensitive="yes"'],
    ['"GET" equal Http.request.method', 'matches="^GET$" case-sensitive="yes"'],
    ['Http.request.path contains "(x)"', 'matches="\\(x\\)" case-sensitive="yes"'],
    ['Http.request.path contains ""', 'matches="^" case-sensitive="yes"'],
    ['Http.request.path begins_with "/a"', 'matches="^/a" case-sensitive="yes"'],
    ['Http.request.path Begins_witH "/a"', 'matches="^/a"'],
    ['Http.request.path ends_with ".exe"', 'matches="\\.exe$" case-sensitive="yes"'],
    ['Http.request.path matches "^/$|^/index"', 'matches="^/$|^/index"'],
    ['Http.request.path matches_cs "x"', 'matches="x" case-sensitive="yes"'],
    ['Http.request.path not_matches "x"', 'not-matches="x"'],
  ])("rewrites %s exactly", (condition, attributes) => {
    const result = convertP(withBody(`    if (${condition}) { Services.applyOne(Services.findOne("urn:svc:a")); }`));
    expect(result.diagnostics).toEqual([]);
    expect(result.xml).toContain(`<property name="request-${condition.includes("method") ? "method" : "path"}" context="system" ${attributes}>`);
  });

  it("escapes every ERE special character", () => {
    expect(escapeEre("a.b[c]d(e)f*g+h?i{j}k|l^m$n\\o")).toBe("a\\.b\\[c\\]d\\(e\\)f\\*g\\+h\\?i\\{j\\}k\\|l\\^m\\$n\\\\o");
  });

  it("nests an `and` chain in source order", () => {
    const result = convertP(withBody(`    a := Http.request.method equal "GET";\n    if (a and (Http.request.host equal "x" and Http.request.path equal "/")) { Services.applyOne(Services.findOne("urn:svc:a")); }`));
    const names = [...result.xml.matchAll(/<property name="([^"]+)"/g)].map((m) => m[1]);
    expect(names).toEqual(["request-method", "request-host", "request-path"]);
  });

  it.each([
    ['if (Http.request.method equal "GET") { Services.applyOne(Services.findOne("urn:svc:a")); } else { Services.applyOne(Services.findOne("urn:svc:b")); }', "'else'"],
    ['if (Http.request.method equal "GET") { Services.applyOne(Services.findOne("urn:svc:a")); } elsif (Http.request.method equal "PUT") { Services.applyOne(Services.findOne("urn:svc:b")); }', "'elsif'"],
    ['if (Http.request.method equal "GET" or Http.request.method equal "HEAD") { Services.applyOne(Services.findOne("urn:svc:a")); }', "'or' as a condition"],
    ['if (Http.request.method equal "GET" xor Http.request.method equal "HEAD") { Services.applyOne(Services.findOne("urn:svc:a")); }', "'xor' as a condition"],
    ['if (not (Http.request.method matches "GET")) { Services.applyOne(Services.findOne("urn:svc:a")); }', "write not_matches"],
    ['if (Http.response.status > 399) { Services.applyOne(Services.findOne("urn:svc:a")); }', "'>' as a condition"],
    ['if (Http.request.uri.host equal "a") { Services.applyOne(Services.findOne("urn:svc:a")); }', "'Http.request.uri.host'"],
    ['if (Http.request.method equal Http.request.host) { Services.applyOne(Services.findOne("urn:svc:a")); }', "compares with a literal string"],
    ['if (true) { Services.applyOne(Services.findOne("urn:svc:a")); }', "a constant as a condition"],
    ["Core.interpreter.stop();", "Core.interpreter.stop() (IRML has no way"],
    ['Core.interpreter.fail("no");', "Core.interpreter.fail()"],
    ['s := Services.findOne("urn:svc:a"); s.level(1 + 2); Services.applyOne(s);', "'+' as a parameter value"],
    ['s := Services.findOne("urn:svc:a"); s.onFailure("try-alternate"); Services.applyOne(s);', "'try-alternate' without an alternate"],
    ['s := Services.findOne("urn:svc:a"); s.onFailure("ignore"); Services.applyOne(s) otherwise Services.applyOne(Services.findOne("urn:svc:b"));', "'ignore' on a service that has alternates"],
    ['s := Services.findOne("urn:svc:a"); s.level("1"); s.level("2"); Services.applyOne(s);', "setting parameter 'level' twice"],
    ['s := Services.findOne("urn:svc:a"); if (Http.request.method equal "GET") { s.level("1"); } Services.applyOne(s);', "inside a block that does not enclose"],
    ['u := "urn:svc:a"; Services.applyOne(Services.findOne(u));', "needs a literal URI"],
    ['try Services.applyOne(Services.findOne("urn:svc:a"));', "'try'"],
    ['Services.applyOne(Services.findOne("urn:svc:a")) otherwise Core.interpreter.stop();', "only Services.applyOne(…) may be chained"],
    ['if (Http.request.method equal "GET") { s := Services.findOne("urn:svc:a"); } Services.applyOne(s);', "the name 's' as a service"],
  ])("reports %s", (body, message) => {
    const result = convertP(withBody(`    ${body}`));
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toContain("P1560");
    expect(errors.map((d) => d.message).join("\n")).toContain(message);
  });

  it("reports what sits outside point blocks, points IRML lacks and other protocols", () => {
    const result = convertP(`rulemodule author self { name "Ann"; id "ann@example.net"; }
Services.applyOne(Services.findOne("urn:svc:a"));
ruleset authorized_by consumer "ann@example.net" protocol SMTP {
  name "Ann";
  at eom { Services.applyOne(Services.findOne("urn:svc:a")); }
}
`);
    expect(result.diagnostics.map((d) => [d.code, d.range.line, d.message.split(":")[0]])).toEqual([
      ["P1560", 2, "IRML cannot express Services.applyOne() outside a ruleset"],
      ["P1560", 3, "IRML cannot express a ruleset for protocol SMTP"],
      ["P1560", 5, "IRML cannot express point 'eom'"],
    ]);
  });

  it("reports a program without header", () => {
    const parsed = parseP(new SourceFile("plain.p", `x := 1;\n`));
    const result = programToIrml(parsed.program, parsed.source);
    expect(result.diagnostics.map((d) => d.message)).toEqual(["IRML cannot express a program without a 'rulemodule' header: an IRML module needs an author"]);
  });

  it("warns about what it leaves out or adapts", () => {
    const result = convertP(`rulemodule "urn:example:ann" author self { name "Ann"; id "ann@example.net"; }
ruleset authorized_by consumer "ann@example.net" protocol HTTP {
  at 2 { }
  at 3 {
    if (Http.request.method equal "GET") { }
    s := Services.findOne(" urn:svc:a ");
    s.on(true);
    Services.applyOne(s);
  }
}
`);
    expect(result.diagnostics.map((d) => `${d.range.line} ${d.code} ${d.severity}`)).toEqual([
      "1 P1561 warning",
      "2 P1562 warning",
      "3 P1561 warning",
      "5 P1561 warning",
      "6 P1562 warning",
      "7 P1562 warning",
    ]);
    const back = readXml(result.xml);
    expect(codesAndPositions(back.diagnostics)).toEqual([]);
    expect(result.xml).toContain("<value>true</value>");
    expect(result.xml).toContain("<name>ann@example.net</name>");
  });

  it("reports strings XML cannot carry, and escapes the ones it can", () => {
    const bad = convertP(withBody(`    s := Services.findOne("urn:svc:a"); s.mark("\\x01"); Services.applyOne(s);`));
    expect(bad.diagnostics.map((d) => d.code)).toEqual(["P1563"]);
    const good = convertP(withBody(`    s := Services.findOne("urn:svc:a", "A \\"B\\" & <C>"); s.text(" x\\r\\n\\ty "); Services.applyOne(s);\n    if (Http.request.headers.get("X") matches "a\\tb\\nc") { Services.applyOne(s); }`));
    expect(good.diagnostics).toEqual([]);
    const back = readXml(good.xml);
    expect(codesAndPositions(back.diagnostics)).toEqual([]);
    expect(formatProgram(back.program)).toContain(`s1.text(" x\\r\\n\\ty ");`);
    expect(formatProgram(back.program)).toContain(`Services.findOne("urn:svc:a", "A \\"B\\" & <C>")`);
    expect(formatProgram(back.program)).toContain(`matches "a\\tb\\nc"`);
  });

  it("carries comments into XML comments", () => {
    const result = convertP(`// who\n${HEADER}  /* a -- b */\n  at 1 { Services.applyOne(Services.findOne("urn:svc:a")); }\n}\n`);
    expect(result.xml).toContain("<!-- who -->");
    expect(result.xml).toContain("<!-- a - - b -->");
    expect(result.xml.indexOf("<!-- a - - b -->")).toBeLessThan(result.xml.indexOf("<rule "));
  });
});
