import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, formatGithubAnnotations } from "../../src/cli/github.js";
import { createDiagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { lintDiagnostics } from "../../src/diagnostics/catalog/lint.js";
import { syntaxDiagnostics } from "../../src/diagnostics/catalog/syntax.js";
import { lintFixture } from "./helpers.js";

describe("GitHub Actions annotations", () => {
  it("escapes messages as the runner decodes them", () => {
    expect(escapeData("100% sure\r\nnext: a, b")).toBe("100%25 sure%0D%0Anext: a, b");
    expect(escapeProperty("dir,x/a:b%.p\n")).toBe("dir%2Cx/a%3Ab%25.p%0A");
  });

  it("writes one command per diagnostic with position, title and escaped text", () => {
    const source = new SourceFile("rules/a,b:c.p", "x := 1 +;\n");
    const error = createDiagnostic(syntaxDiagnostics.unexpectedToken, source.range({ start: 8, end: 9 }), "expected an expression but found ';'\n100%");
    expect(formatGithubAnnotations([error])).toBe(
      "::error file=rules/a%2Cb%3Ac.p,line=1,col=9,endLine=1,endColumn=10,title=P1001 unexpected-token::expected an expression but found ';'%0A100%25\n",
    );
  });

  it("maps info to notice, and adds related locations and the fix-it as further lines", () => {
    const [hint] = lintFixture("literal-regex.p").diagnostics;
    expect(formatGithubAnnotations([hint!])).toBe(
      '::notice file=literal-regex.p,line=4,col=40,endLine=4,endColumn=48,title=P4008 literal-regex::this pattern is plain text: `equal "POST"` says the same, and unlike a pattern it can be indexed by the decision graph%0Afix: use `equal "POST"`\n',
    );
    const [redundant] = lintFixture("redundant-request.p").diagnostics;
    expect(redundant?.code).toBe(lintDiagnostics.redundantRequest.code);
    expect(formatGithubAnnotations([redundant!])).toMatch(/^::warning file=redundant-request\.p,line=7,.*%0Anote: redundant-request\.p:4:5: the earlier request of urn:example:svc:compress\n$/);
  });

  it("writes paths under the root relative to it, others as given", () => {
    const source = new SourceFile("/repo/rules/a.p", "x := 1 +;\n");
    const outside = new SourceFile("/tmp/b.p", "x := 1 +;\n");
    const at = (s: SourceFile) => createDiagnostic(syntaxDiagnostics.unexpectedToken, s.range({ start: 8, end: 9 }), "m");
    const lines = formatGithubAnnotations([at(source), at(outside)], { root: "/repo" }).split("\n");
    expect(lines[0]).toMatch(/^::error file=rules\/a\.p,/);
    expect(lines[1]).toMatch(/^::error file=\/tmp\/b\.p,/);
  });
});
