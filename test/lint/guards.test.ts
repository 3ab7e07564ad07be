import { describe, expect, it } from "vitest";
import { lintText } from "./helpers.js";

/** The guard rules' codes (P4001–P4004, with lines) for one point block of statements. */
function codes(body: string): string[] {
  const text = `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at response_out {\n${body}\n  }\n}\n`;
  return lintText(text)
    .filter((d) => d.code <= "P4004")
    .map((d) => `${d.range.line} ${d.code}`);
}

const apply = (uri: string) => `Services.applyOne(Services.findOne("urn:example:svc:${uri}"));`;
const nested = (outer: string, inner: string) => `    if (${outer}) {\n      if (${inner}) {\n        ${apply("x")}\n      }\n    }`;

describe("unreachable conditions (P4001)", () => {
  it.each([
    ['Http.request.method EqualS "get"', 'Http.request.method equal "POST"'],
    ['Http.request.method equal "GET"', 'Http.request.method EqualS "post"'],
    ['Http.request.method equal "GET"', 'Http.request.method begins_with "P"'],
    ['Http.request.method equal "GET"', 'Http.request.method matches "^p"'],
    ["Http.response.status == 404", "Http.response.status >= 500"],
    ["Http.response.status < 400", "Http.response.status >= 400"],
    ['Http.request.path matches "^/a"', 'Http.request.path not_matches "^/a"'],
    ['Core.consumer.in_group("staff") or Core.consumer.in_group("admin")', 'not (Core.consumer.in_group("staff") or Core.consumer.in_group("admin"))'],
    ['not (Http.request.host equal "a.example" or Http.request.host equal "b.example")', 'Http.request.host equal "b.example"'],
  ])("`%s` then `%s` is reported at the inner condition", (outer, inner) => {
    expect(codes(nested(outer, inner))).toEqual(["4 P4001"]);
  });

  it.each([
    // EqualS "get" leaves the exact spelling open: GET, Get, get.
    ['Http.request.method EqualS "get"', 'Http.request.method equal "GET"'],
    ['Http.request.method equal "GET"', 'Http.request.method EqualS "get"'],
    ["Http.response.status != 404", "Http.response.status == 200"],
    ['Http.request.path begins_with "/a"', 'Http.request.path equal "/a/x"'],
    // An absent header makes both false, so not_matches does not contradict not (matches).
    ['not (Http.request.headers.get("X") matches "a")', 'Http.request.headers.get("X") not_matches "b"'],
  ])("`%s` then `%s` can both hold: nothing reported", (outer, inner) => {
    expect(codes(nested(outer, inner))).toEqual([]);
  });

  it("reports a condition made false by an else of an always-true branch only once, as constant", () => {
    expect(codes(`    if (true) {\n      ${apply("a")}\n    } elsif (Http.request.method equal "GET") {\n      ${apply("b")}\n    }`)).toEqual(["3 P4004"]);
  });
});

describe("shadowed statements (P4002)", () => {
  it("groups everything after an unconditional fail() into one diagnostic", () => {
    const diagnostics = lintText(
      `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at request_in {\n    Core.interpreter.fail("closed");\n    ${apply("a")}\n    ${apply("b")}\n  }\n}\n`,
    );
    expect(diagnostics.map((d) => [d.range.line, d.code, d.message])).toEqual([
      [4, "P4002", "this never runs: the fail() at line 3 always ends the ruleset at request_in before it (nor do the 1 actions after it)"],
    ]);
  });

  it("leaves alone what a caught fail() precedes", () => {
    expect(codes(`    {\n      Core.interpreter.fail("x");\n    } otherwise {\n      ${apply("a")}\n    }\n    ${apply("b")}`)).toEqual([]);
  });

  it("does not cross points: a stop() at request_in leaves response_out alone", () => {
    const text = `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at request_in {\n    Core.interpreter.stop();\n  }\n  at response_out {\n    ${apply("a")}\n  }\n}\n`;
    expect(lintText(text)).toEqual([]);
  });
});

describe("redundant requests (P4003)", () => {
  it("reports a request whose condition implies an earlier one's", () => {
    expect(codes(`    if (Http.response.status < 400) {\n      ${apply("a")}\n    }\n    if (Http.response.status == 200) {\n      ${apply("a")}\n    }`)).toEqual(["7 P4003"]);
  });

  it.each([
    ['Http.request.method EqualS "get"', 'Http.request.method equal "GET"'],
    ['Http.request.path begins_with "/a"', 'Http.request.path equal "/a/x"'],
    ["Http.response.status == 200 or Http.response.status == 304", "Http.response.status == 304"],
    ['not (Core.consumer.in_group("staff"))', 'not (Core.consumer.in_group("staff")) and Http.request.path contains "x"'],
  ])("`%s` then the narrower `%s`", (earlier, later) => {
    expect(codes(`    if (${earlier}) {\n      ${apply("a")}\n    }\n    if (${later}) {\n      ${apply("a")}\n    }`)).toEqual(["7 P4003"]);
  });

  it("leaves alone a later request that also runs where the earlier does not", () => {
    expect(codes(`    if (Http.response.status == 200) {\n      ${apply("a")}\n    }\n    if (Http.response.status < 400) {\n      ${apply("a")}\n    }`)).toEqual([]);
  });

  it("leaves alone requests of one service by different rulesets", () => {
    const ruleset = (id: string) => `ruleset authorized_by consumer "${id}" protocol HTTP {\n  at request_in {\n    ${apply("a")}\n  }\n}\n`;
    expect(lintText(ruleset("mailto:a@example.net") + ruleset("mailto:b@example.net"))).toEqual([]);
  });
});
