import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { termText } from "../../src/cli/term-text.js";
import { compileSources } from "../../src/compile/index.js";
import type { Term } from "../../src/runtime/bundle.js";

/** Compiles `if (condition)` in a one-rule ruleset; the guard's terms and the term table. */
function guardOf(condition: string): { terms: readonly Term[]; parts: number[] } {
  const text = `ruleset authorized_by consumer "c" protocol HTTP {\n  at response_out {\n    if (${condition}) { Services.applyOne(Services.findOne("urn:svc:x")); }\n  }\n}\n`;
  const result = compileSources([{ path: "t.p", text }]);
  const errors = result.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`);
  if (errors.length > 0 || !result.bundle) throw new Error(`${condition}\n${errors.join("\n")}`);
  return { terms: result.bundle.terms, parts: result.bundle.actions[0]!.guard.map((part) => part.term) };
}

/** A term with its arguments expanded: comparable across term tables. */
function expand(terms: readonly Term[], id: number): unknown {
  const term = terms[id]!;
  const e = (i: number) => expand(terms, i);
  switch (term.t) {
    case "lit":
    case "root":
      return term;
    case "get":
      return { ...term, of: e(term.of) };
    case "call":
      return { ...term, of: e(term.of), args: term.args.map(e) };
    case "op":
      return { ...term, args: term.args.map(e) };
    case "match":
      return { ...term, arg: e(term.arg) };
    case "ite":
      return { ...term, cond: e(term.cond), then: e(term.then), else: e(term.else) };
  }
}

function printedParts(condition: string): string[] {
  const { terms, parts } = guardOf(condition);
  return parts.map((part) => termText(terms, part));
}

/** The conjuncts of a guard: how the parts are split (`not not (a and b)` is one part) does not matter. */
function conjuncts(guard: { terms: readonly Term[]; parts: number[] }): unknown[] {
  const flatten = (id: number): number[] => {
    const term = guard.terms[id]!;
    return term.t === "op" && term.op === "and" ? term.args.flatMap(flatten) : [id];
  };
  return guard.parts.flatMap(flatten).map((id) => expand(guard.terms, id));
}

/** Printing a condition's terms and compiling the text again gives the same terms. */
function roundTrips(condition: string): void {
  const again = guardOf(printedParts(condition).map((part) => `(${part})`).join(" and "));
  expect(conjuncts(again)).toEqual(conjuncts(guardOf(condition)));
}

describe("termText", () => {
  it.each([
    ['Http.request.host equal "a.example"', ['Http.request.host equal "a.example"']],
    ['Http.response.headers.get("Content-Type") begins_with "text/html"', ['Http.response.headers.get("Content-Type") begins_with "text/html"']],
    ["not (Http.response.status == 200)", ["not (Http.response.status == 200)"]],
    ['not (Http.request.host equal "a")', ['not (Http.request.host equal "a")']],
    ["Http.response.status == 404 or Http.response.status >= 500 + 1", ["Http.response.status == 404 or Http.response.status >= 500 + 1"]],
    ["((Http.response.status + 1)) * 2 == 402", ["(Http.response.status + 1) * 2 == 402"]],
    ["Http.response.status - (3 - 1) == 1", ["Http.response.status - (3 - 1) == 1"]],
    ["(Http.response.status - 3) - 1 == 1", ["Http.response.status - 3 - 1 == 1"]],
    ["-Http.response.status < - -5", ["-Http.response.status < -(-5)"]],
    ['Http.request.uri matches_cs "^/a\\"b[.]"', ['Http.request.uri matches_cs "^/a\\"b[.]"']],
    ['Http.request.host not_matches "x" xor (Http.request.host EqualS "B" or Http.request.host equal "c")', ['Http.request.host not_matches "x" xor Http.request.host EqualS "B" or Http.request.host equal "c"']],
    ['(Http.request.host matches "x" xor Http.request.host EqualS "B") or Http.request.host equal "c"', ['(Http.request.host matches "x" xor Http.request.host EqualS "B") or Http.request.host equal "c"']],
    ['Http.request.host equal "a" and (Http.response.status == 1 and Http.response.status != 2)', ['Http.request.host equal "a"', "Http.response.status == 1", "Http.response.status != 2"]],
    ['Services.variable("v") + "x" equal "yx"', ['Services.variable("v") + "x" equal "yx"']],
  ])("prints %s as P", (condition, expected) => {
    expect(printedParts(condition)).toEqual(expected);
    roundTrips(condition);
  });

  it("prints a name bound in exclusive branches as a conditional", () => {
    const text = `ruleset authorized_by consumer "c" protocol HTTP {\n  at response_out {\n    if (Http.response.status == 1) { h := "a"; } else { h := "b"; }\n    if (Http.request.host equal h) { Services.applyOne(Services.findOne("urn:svc:x")); }\n  }\n}\n`;
    const bundle = compileSources([{ path: "t.p", text }]).bundle!;
    const action = bundle.actions.find((a) => a.kind === "apply")!;
    expect(action.guard.map((part) => termText(bundle.terms, part.term))).toEqual(['Http.request.host equal (Http.response.status == 1 ? "a" : "b")']);
  });

  it("prints an operator it does not know in a neutral call form", () => {
    const terms: Term[] = [{ t: "lit", v: 1 }, { t: "lit", v: "x" }, { t: "op", op: "future", args: [0, 1] }];
    expect(termText(terms, 2)).toBe('future(1, "x")');
  });

  // Random typed conditions, written fully parenthesized, must print back to text that compiles to the same terms.
  const { condition } = fc.letrec<{ number: string; text: string; condition: string }>((tie) => ({
    number: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("Http.response.status", "1", "7"),
      fc.tuple(tie("number"), fc.constantFrom("+", "-", "*", "/", "%"), fc.constantFrom("Http.response.status", "3")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      tie("number").map((a) => `-(${a})`),
    ),
    text: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom("Http.request.host", 'Services.variable("v")', '"a.example"', '"q\\"uote"'),
      fc.tuple(tie("text"), tie("text")).map(([a, b]) => `(${a}) + (${b})`),
    ),
    condition: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.tuple(tie("text"), fc.constantFrom("equal", "contains", "begins_with", "EqualS", "Ends_witH"), tie("text")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      fc.tuple(tie("text"), fc.constantFrom("matches", "not_matches_cs"), fc.constantFrom('"^a"', '"[0-9]+$"')).map(([a, op, p]) => `(${a}) ${op} ${p}`),
      fc.tuple(tie("number"), fc.constantFrom("==", "!=", "<", ">="), tie("number")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
      tie("condition").map((a) => `not (${a})`),
      fc.tuple(tie("condition"), fc.constantFrom("and", "or", "xor"), tie("condition")).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    ),
  }));

  it("round-trips random conditions through the compiler", () => {
    fc.assert(fc.property(condition, (text) => roundTrips(text)), { numRuns: 100 });
  });
});
