import { lintDiagnostics as codes } from "../../diagnostics/catalog/lint.js";
import { ConstantFolder } from "../constant.js";
import type { LintContext } from "../context.js";
import { conjuncts, walkProgram } from "../walk.js";

/** P4004: `if`/`elsif` conditions, and operands of their `and`, that are the same on every message. */
export function lintConstantConditions(context: LintContext): void {
  for (const file of context.files) {
    const folder = new ConstantFolder(file.model);
    walkProgram(file.program, {
      statement(statement) {
        if (statement.kind !== "If") return;
        statement.branches.forEach((branch, i) => {
          const laterBranches = i < statement.branches.length - 1 || statement.otherwise !== undefined;
          for (const operand of conjuncts(branch.condition)) {
            const value = folder.fold(operand);
            if (value === undefined) continue;
            context.markConstant(file.source.path, operand.span.start);
            context.report(codes.constantCondition, file.source.path, operand.span, message(value === true, operand !== branch.condition, laterBranches));
          }
        });
      },
    });
  }
}

function message(alwaysTrue: boolean, partOfAnd: boolean, laterBranches: boolean): string {
  if (partOfAnd) {
    return alwaysTrue
      ? "this operand of `and` is true on every message; leave it out"
      : "this operand of `and` is false on every message, so the whole condition is false and the statements under it never run";
  }
  if (!alwaysTrue) return "this condition is false on every message: the statements under it never run";
  return laterBranches
    ? "this condition is true on every message: its branch always runs and the branches after it never do"
    : "this condition is true on every message: write the statements without the `if`";
}
