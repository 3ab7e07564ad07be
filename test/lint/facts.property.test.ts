import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import type { LoweredProgram } from "../../src/compile/ir.js";
import { findContradiction, implies, TermIndex } from "../../src/lint/facts.js";
import { lintProgram } from "../../src/lint/index.js";
import { validateContext, type TransactionContext } from "../../src/runtime/context.js";
import { messageView } from "../../src/runtime/message/index.js";
import { TermEvaluator } from "../../src/runtime/terms.js";

/*
 * The guard facts behind P4001 (unreachable), P4002 (shadowed) and P4003
 * (redundant) must be sound: the runtime's own evaluator, run over a grid of
 * messages, is the oracle. An action whose guard the linter calls
 * contradictory never fires; a request whose guard implies an earlier one's
 * fires only where that one fires too.
 */

/** Tests of one property each: a program draws from two of these, so its conditions meet often. */
const atomGroups = [
  ['Http.request.method equal "GET"', 'Http.request.method equal "POST"', 'Http.request.method EqualS "get"', 'Http.request.method matches_cs "^P"', 'Http.request.method begins_with "G"', 'Http.request.method not_matches "^g"'],
  ['Http.request.path begins_with "/a"', 'Http.request.path equal "/a/x"', 'Http.request.path EqualS "/A/X"', 'Http.request.path contains "x"'],
  ['Core.consumer.in_group("staff")', 'Http.request.headers.get("X-N") equal "1"', 'Http.request.headers.get("X-N") EqualS "2"', 'Http.request.headers.get("X-N") matches "^[12]$"'],
  ["Http.response.status == 200", "Http.response.status == 404", "Http.response.status != 404", "Http.response.status < 400", "Http.response.status >= 500"],
];

function conditions(atoms: readonly string[]): fc.Arbitrary<string> {
  const atom = fc.constantFrom(...atoms);
  return fc.oneof(
    { weight: 4, arbitrary: atom },
    atom.map((a) => `not (${a})`),
    fc.tuple(atom, atom).map(([a, b]) => `${a} and ${b}`),
    fc.tuple(atom, atom).map(([a, b]) => `(${a} or ${b})`),
    fc.tuple(atom, atom).map(([a, b]) => `(${a}) xor (${b})`),
  );
}

type Statement =
  | { readonly kind: "apply" | "stop" | "fail" }
  | { readonly kind: "if"; readonly branches: readonly [string, readonly Statement[]][]; readonly otherwise?: readonly Statement[] }
  | { readonly kind: "otherwise"; readonly left: readonly Statement[]; readonly right: readonly Statement[] };

function statementLists(condition: fc.Arbitrary<string>): fc.Arbitrary<readonly Statement[]> {
  return fc.letrec<{ statement: Statement; statements: readonly Statement[] }>((tie) => {
    const body = tie("statements") as fc.Arbitrary<readonly Statement[]>;
    return {
      statement: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        { weight: 5, arbitrary: fc.constant<Statement>({ kind: "apply" }) },
        fc.constantFrom<Statement>({ kind: "stop" }, { kind: "fail" }),
        fc.record({ kind: fc.constant("if" as const), branches: fc.array(fc.tuple(condition, body), { minLength: 1, maxLength: 3 }), otherwise: fc.option(body, { nil: undefined }) }),
        fc.record({ kind: fc.constant("otherwise" as const), left: body, right: body }),
      ),
      statements: fc.array(tie("statement") as fc.Arbitrary<Statement>, { minLength: 1, maxLength: 4 }),
    };
  }).statements;
}

const statements = fc
  .tuple(fc.constantFrom(...atomGroups), fc.constantFrom(...atomGroups))
  .chain(([a, b]) => statementLists(conditions([...new Set([...a, ...b])])));

/** P source for the generated statements; every request names its own service, so requests of one URI come only from `repeat`. */
function render(list: readonly Statement[], next: () => string, indent = "    "): string {
  return list
    .map((s) => {
      switch (s.kind) {
        case "apply":
          return `${indent}Services.applyOne(Services.findOne("${next()}"));\n`;
        case "stop":
          return `${indent}Core.interpreter.stop();\n`;
        case "fail":
          return `${indent}Core.interpreter.fail("no");\n`;
        case "if": {
          const branches = s.branches.map(([c, body], i) => `${i === 0 ? "if" : " elsif"} (${c}) {\n${render(body, next, indent + "  ")}${indent}}`).join("");
          const otherwise = s.otherwise ? ` else {\n${render(s.otherwise, next, indent + "  ")}${indent}}` : "";
          return `${indent}${branches}${otherwise}\n`;
        }
        case "otherwise":
          return `${indent}{\n${render(s.left, next, indent + "  ")}${indent}} otherwise {\n${render(s.right, next, indent + "  ")}${indent}}\n`;
      }
    })
    .join("");
}

/** Services drawn from a small pool, so that the same service is requested more than once. */
function program(list: readonly Statement[], pool: number): string {
  let n = 0;
  const next = () => `urn:example:svc:s${n++ % pool}`;
  return `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at response_out {\n${render(list, next)}  }\n}\n`;
}

function contexts(): TransactionContext[] {
  const out: TransactionContext[] = [];
  for (const method of ["GET", "POST", "get", "PUT"])
    for (const path of ["/a/x", "/b"])
      for (const groups of [[], ["staff"]])
        for (const marker of [undefined, "1", "2"])
          for (const status of [200, 404, 503]) {
            const value = {
              protocol: "HTTP",
              point: "response_out",
              consumer: { id: "mailto:bob@example.net", groups },
              request: { method, uri: `http://www.example.com${path}`, version: "HTTP/1.1", headers: marker === undefined ? [] : [["X-N", marker]] },
              response: { status, headers: [] },
            };
            const checked = validateContext(value);
            if (!checked.ok) throw new Error(`bad test context: ${checked.errors[0]?.message}`);
            out.push(checked.context);
          }
  return out;
}

const grid = contexts();

/** Two requests of the same service by the same ruleset at the same point. */
function sameRequest(lowered: LoweredProgram, a: number, b: number): boolean {
  const [x, y] = [lowered.actions[a]!, lowered.actions[b]!];
  return x.action.kind === "apply" && y.action.kind === "apply" && x.action.service.uri === y.action.service.uri && x.ruleset === y.ruleset && x.point === y.point;
}

/** For each action, the grid messages on which its guard holds. */
function firing(lowered: LoweredProgram): boolean[][] {
  const evaluator = new TermEvaluator(lowered.terms.terms);
  return grid.map((context) => {
    evaluator.begin(messageView(context));
    return lowered.actions.map((action) => action.guard.every((part) => evaluator.holds(part.term)));
  });
}

describe("guard facts (property, runtime evaluator as oracle)", () => {
  it("a guard found contradictory never holds, and an implied guard holds wherever the implying one does", () => {
    let contradictions = 0;
    let implications = 0;
    fc.assert(
      fc.property(statements, fc.integer({ min: 1, max: 4 }), (list, pool) => {
        const compiled = compileSources([{ path: "p.p", text: program(list, pool) }]);
        expect(compiled.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        const lowered = compiled.lowered!;
        const index = new TermIndex(lowered.terms.terms);
        const fired = firing(lowered);
        const guards = lowered.actions.map((a) => a.guard.map((p) => p.term));
        guards.forEach((guard, i) => {
          if (!findContradiction(index, guard)) return;
          contradictions++;
          expect(fired.some((row) => row[i])).toBe(false);
        });
        const redundant = new Set<number>();
        for (let later = 0; later < guards.length; later++) {
          for (let earlier = 0; earlier < later; earlier++) {
            if (!implies(index, guards[later]!, guards[earlier]!)) continue;
            implications++;
            expect(fired.every((row) => !row[later] || row[earlier])).toBe(true);
            if (sameRequest(lowered, earlier, later) && !findContradiction(index, guards[earlier]!) && !findContradiction(index, guards[later]!)) redundant.add(later);
          }
        }
        // The linter's P4003 (which prunes the pairs it compares) finds exactly the pairs found here one by one.
        const files = compiled.check.files.map((f) => ({ program: f.parse.program, source: f.parse.source, model: f.model! }));
        const reported = lintProgram(lowered, files).filter((d) => d.code === "P4003").map((d) => d.range.start);
        expect(reported).toEqual([...redundant].map((i) => lowered.actions[i]!.span.start));
      }),
      { numRuns: 200 },
    );
    // The property says something only if both verdicts actually occur.
    expect(contradictions).toBeGreaterThan(10);
    expect(implications).toBeGreaterThan(10);
  });
});
