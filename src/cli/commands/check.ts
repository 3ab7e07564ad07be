import { readFileSync } from "node:fs";
import type { SourceInput } from "../../check.js";
import { compileSources } from "../../compile/index.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { compileInputs, loadPolicyAndCatalogs } from "../inputs.js";
import { expandRuleFiles } from "../files.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman, formatJson, summarize, type OutputFormat } from "../report.js";

export interface CheckCommandOptions {
  readonly format: OutputFormat;
  readonly color: boolean;
  /** Extra module catalogs (`--catalog FILE`), on top of the built-in ones. */
  readonly catalogs: readonly string[];
  /** The site policy (`--policy FILE`): authority, services and points are checked against it. */
  readonly policy?: string;
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
  const loaded = loadPolicyAndCatalogs(options.policy, options.catalogs, io);
  if (!inputs || !loaded) return ExitCode.usage;
  // Checking runs the compiler too (without writing anything): some rules can only be judged lowered.
  const result = hasErrors(loaded.diagnostics)
    ? undefined
    : compileSources(inputs, { ...compileInputs(loaded), checkOnly: true });
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  const sources = new Map([...loaded.sources, ...(result?.check.sources ?? [])]);
  if (options.format === "json") io.stdout(formatJson(diagnostics));
  else io.stdout(formatHuman(diagnostics, sources, options.color) + summarize(diagnostics, inputs.length));
  return hasErrors(diagnostics) ? ExitCode.inputErrors : ExitCode.ok;
}
