import type { SourceInput } from "../check.js";
import { compileSources, type CompileOptions, type CompileResult } from "../compile/index.js";
import type { LoweredProgram } from "../compile/ir.js";
import type { CheckedFile } from "../compile/lower.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { LintContext, type LintOptions } from "./context.js";
import { lintConstantConditions } from "./rules/constant-condition.js";
import { lintGuards } from "./rules/guards.js";
import { lintIndexing } from "./rules/indexing.js";
import { lintPatterns } from "./rules/regex.js";
import { lintUnused } from "./rules/unused.js";
import { applySuppressions } from "./suppressions.js";

export type { LintOptions } from "./context.js";
export { lintRuleCode } from "./suppressions.js";

/**
 * The linter (stage `lint`, codes P40xx; docs/lint.md): programs that compile
 * but probably do not say what their author meant. It reads the lowered
 * program (each action with the conjunction of every condition on its way)
 * and its decision graph where it can, and the syntax tree with the semantic
 * model for names and patterns. Run it only on programs without errors.
 */
export function lintProgram(lowered: LoweredProgram, files: readonly CheckedFile[], options: LintOptions = {}): Diagnostic[] {
  const context = new LintContext(lowered, files, options);
  // Constant conditions first: the guard rules leave alone what they reported.
  lintConstantConditions(context);
  lintGuards(context);
  lintUnused(context);
  lintPatterns(context);
  lintIndexing(context);
  return sortDiagnostics(applySuppressions(context.diagnostics, files, new Set(options.disable ?? [])));
}

export interface LintResult {
  /** The compiler's diagnostics and, when it reported no error, the linter's; sorted. */
  readonly diagnostics: readonly Diagnostic[];
  readonly compile: CompileResult;
}

/**
 * Checks and compiles the sources (`checkOnly` unless the options say
 * otherwise), then lints them when nothing is in error: a program that does
 * not compile has no lowered form to lint, and its errors come first.
 */
export function lintSources(inputs: readonly SourceInput[], options: CompileOptions & LintOptions = {}): LintResult {
  const compile = compileSources(inputs, { checkOnly: true, ...options });
  if (!compile.lowered || hasErrors(compile.diagnostics)) return { diagnostics: compile.diagnostics, compile };
  const files: CheckedFile[] = compile.check.files.flatMap((f) => (f.model ? [{ program: f.parse.program, source: f.parse.source, model: f.model }] : []));
  return { diagnostics: sortDiagnostics([...compile.diagnostics, ...lintProgram(compile.lowered, files, options)]), compile };
}
