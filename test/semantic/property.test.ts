import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { builtinCatalogs, type PointInfo } from "../../src/semantic/index.js";
import { availableAt, catalogAtoms, writeProgram, type Binding, type ProgramWriter } from "./program-generator.js";
import { check, formatDiagnostics } from "./helpers.js";

const catalogs = builtinCatalogs();
const runs = { numRuns: 150 };

function diagnose(program: ReturnType<typeof writeProgram>) {
  return check(program.text, program.pointsForPlainFile ? { pointsForPlainFile: program.pointsForPlainFile } : {}).diagnostics;
}

describe("well-typed programs", () => {
  it("have no diagnostics", () => {
    fc.assert(
      fc.property(fc.gen(), (draw) => {
        const program = writeProgram(draw, catalogs);
        const diagnostics = diagnose(program);
        expect(formatDiagnostics(diagnostics), program.text).toBe("(no diagnostics)\n");
      }),
      runs,
    );
  });
});

/** One mistake added to a well-typed program, and the only diagnostic it may cause. */
interface Mutation {
  readonly expected: string;
  apply(writer: ProgramWriter, point: PointInfo, env: Binding[]): void;
}

const httpAndSmtpAtoms = catalogAtoms(catalogs, ["Core", "Http", "Smtp"]);

const mutations: readonly Mutation[] = [
  {
    expected: "property-unavailable",
    apply: (writer, point) => {
      const own = httpAndSmtpAtoms.filter((a) => a.text.startsWith(point.protocol === "HTTP" ? "Http." : "Smtp.") && !availableAt(a, point.name));
      writer.line(2, `${writer.fresh("u")} := not (${own[0]!.text} ${own[0]!.type === "number" ? "> 0" : own[0]!.type === "string" ? 'equal ""' : "== true"});`);
    },
  },
  {
    expected: "rebinding",
    apply: (writer, point, env) => {
      const bound = env[0] ?? writer.assignment(point.name, env, 2);
      writer.line(2, `${bound.name} := ${writer.expression(bound.type, point.name, env, 2)};`);
    },
  },
  {
    expected: "condition-not-boolean",
    apply: (writer, point, env) => writer.line(2, `if (${writer.expression("number", point.name, env, 2)}) { Core.interpreter.stop(); }`),
  },
  {
    expected: "string-equality",
    apply: (writer, point, env) => writer.line(2, `${writer.fresh("u")} := (${writer.expression("string", point.name, env, 2)}) == (${writer.expression("string", point.name, env, 2)});`),
  },
  {
    expected: "operand-type-mismatch",
    apply: (writer, point, env) => writer.line(2, `${writer.fresh("u")} := (${writer.expression("number", point.name, env, 2)}) + (${writer.expression("string", point.name, env, 2)});`),
  },
  {
    expected: "use-before-assignment",
    apply: (writer, _point, env) => {
      const later = writer.fresh("later");
      writer.line(2, `${writer.fresh("u")} := ${later} + 1;`);
      writer.line(2, `${later} := 1;`);
      env.push({ name: later, type: "number" });
    },
  },
];

describe("a well-typed program with one mistake", () => {
  for (const mutation of mutations) {
    it(`reports exactly ${mutation.expected}`, () => {
      fc.assert(
        fc.property(fc.gen(), (draw) => {
          const program = writeProgram(draw, catalogs, (writer, point, env) => mutation.apply(writer, point, env));
          const names = [...new Set(diagnose(program).map((d) => d.name))];
          expect(names, program.text).toEqual([mutation.expected]);
        }),
        { numRuns: 40 },
      );
    });
  }
});
