import type { ExitCode, CliIo } from "../io.js";
import { runCheck, type CheckCommandOptions } from "./check.js";

export type LintCommandOptions = Omit<CheckCommandOptions, "lint">;

/**
 * `opes lint`: everything `opes check` reports, then, when nothing is in
 * error, the linter's warnings and hints. Exit 0 unless there are errors.
 */
export function runLint(paths: readonly string[], options: LintCommandOptions, io: CliIo): ExitCode {
  return runCheck(paths, { ...options, lint: true }, io);
}
