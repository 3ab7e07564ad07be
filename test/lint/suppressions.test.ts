import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { lintSources } from "../../src/lint/index.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { parseP } from "../../src/syntax/parser.js";
import { programToIrml } from "../../src/syntax/index.js";
import { lintText } from "./helpers.js";

const ruleset = (body: string) => `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at request_in {\n${body}\n  }\n}\n`;
const apply = '    Services.applyOne(Services.findOne("urn:example:svc:log"));';
const found = (text: string, disable?: string[]) =>
  (disable ? lintSources([{ path: "rules.p", text }], { disable }).diagnostics : lintText(text)).map((d) => `${d.range.line} ${d.code}`);

describe("lint suppression comments", () => {
  it("silence the named rule on the next line, on their own line, or in the whole file", () => {
    const text = ruleset(
      [
        "    // opes-lint-disable-next-line unused-name -- kept for the next release",
        "    a := 1;",
        "    b := 2; // opes-lint-disable-line P4005",
        "    c := 3;",
        apply,
      ].join("\n"),
    );
    expect(found(text)).toEqual(["6 P4005"]);
    expect(found(`/* opes-lint-disable-file unused-name */\n${text}`)).toEqual([]);
  });

  it("silence every lint rule when they name none, and only lint findings", () => {
    expect(found(ruleset(`    // opes-lint-disable-next-line\n    a := 1;\n${apply}`))).toEqual([]);
    const withError = ruleset(`    // opes-lint-disable-next-line\n    a := nosuchname;\n${apply}`);
    expect(found(withError)).toEqual(["4 P2001"]);
  });

  it("leave other rules and other lines alone", () => {
    const text = ruleset(`    // opes-lint-disable-next-line literal-regex\n    a := 1;\n    // opes-lint-disable-next-line unused-name\n\n    b := 2;\n${apply}`);
    expect(found(text)).toEqual(["3 P4011", "4 P4005", "5 P4011", "7 P4005"]);
  });

  it("report a name that is no lint rule, and then silence nothing", () => {
    const text = ruleset(`    // opes-lint-disable-next-line unused-nme, P4005\n    a := 1;\n    // opes-lint-disable-next-line unused-nme\n    b := 2;\n${apply}`);
    const diagnostics = lintText(text);
    expect(diagnostics.map((d) => `${d.range.line} ${d.code}`)).toEqual(["3 P4010", "5 P4010", "6 P4005"]);
    expect(diagnostics[0]!.message).toBe("'unused-nme' is not a lint rule; name rules by code (P4001) or name (unreachable-rule), or name none to silence them all");
  });

  it("report a misspelt directive instead of ignoring it", () => {
    const diagnostics = lintText(ruleset(`    // opes-lint-disable P4005\n    a := 1;\n${apply}`));
    expect(diagnostics.map((d) => `${d.range.line} ${d.code}`)).toEqual(["3 P4010", "4 P4005"]);
    expect(diagnostics[0]!.message).toBe("'opes-lint-disable' is not a directive; write opes-lint-disable-next-line, opes-lint-disable-line or opes-lint-disable-file");
  });

  it("are overruled by `disable`, which also turns off the reports about directives", () => {
    const text = ruleset(`    a := 1;\n    // opes-lint-disable-next-line literal-regex\n${apply}`);
    expect(found(text)).toEqual(["3 P4005", "4 P4011"]);
    expect(found(text, ["P4005"])).toEqual(["4 P4011"]);
    expect(found(text, ["P4005", "P4011"])).toEqual([]);
  });
});

describe("lint suppression comments in IRML", () => {
  it("work as XML comments", () => {
    const p = `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }\n${ruleset(`    if (Http.request.path matches "(a+)+$") {\n${apply}\n    }`)}`;
    const parsed = parseP(new SourceFile("bob.p", p));
    const xml = programToIrml(parsed.program, parsed.source).xml;
    const lintIrml = (text: string) => lintText(text, "bob.xml").filter((d) => d.stage === "lint").map((d) => d.code);
    expect(lintIrml(xml)).toEqual(["P4007"]);
    const silenced = xml.replace("<rulemodule", "<!-- opes-lint-disable-file regex-backtracking-risk -- reviewed -->\n<rulemodule");
    expect(silenced).not.toBe(xml);
    expect(lintIrml(silenced)).toEqual([]);
  });
});

describe("opes lint --disable", () => {
  async function run(args: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: process.cwd() });
    return { code, stdout, stderr };
  }

  it("takes codes and names, comma-separated and repeated", async () => {
    const all = await run(["lint", "test/lint/fixtures/unused-name.p", "--format", "json"]);
    const codes = (r: { stdout: string }) => (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes(all)).toContain("P4005");
    const quiet = await run(["lint", "test/lint/fixtures/unused-name.p", "--format", "json", "--disable", "unused-name,P4006", "--disable", "p4004"]);
    expect(quiet.code).toBe(0);
    expect(codes(quiet).filter((code) => ["P4004", "P4005", "P4006"].includes(code))).toEqual([]);
  });

  it("rejects a name that is no lint rule as a usage error", async () => {
    const result = await run(["lint", "test/lint/fixtures/unused-name.p", "--disable", "unused-names"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not a lint rule: unused-names");
  });
});
