import { readFileSync } from "node:fs";
import { checkSources, type SourceInput } from "../../check.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import { expandRuleFiles } from "../files.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman, formatJson, summarize, type OutputFormat } from "../report.js";

export interface CheckCommandOptions {
  readonly format: OutputFormat;
  readonly color: boolean;
}

/** Reads rule files, reporting unreadable ones as usage errors (exit 2). */
export function readRuleFiles(paths: readonly string[], io: CliIo): SourceInput[] | undefined {
  const { files, missing } = expandRuleFiles(paths);
  for (const path of missing) io.stderr(`opes: cannot read '${path}': no such file or directory\n`);
  if (missing.length > 0) return undefined;
  if (files.length === 0) {
    io.stderr("opes: no rule files (.p, .xml, .irml) found\n");
    return undefined;
  }
  return files.map((path) => ({ path, text: readFileSync(path, "utf8") }));
}

export function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io);
  if (!inputs) return ExitCode.usage;
  const result = checkSources(inputs);
  if (options.format === "json") io.stdout(formatJson(result.diagnostics));
  else io.stdout(formatHuman(result.diagnostics, result.sources, options.color) + summarize(result.diagnostics, inputs.length));
  return hasErrors(result.diagnostics) ? ExitCode.inputErrors : ExitCode.ok;
}
