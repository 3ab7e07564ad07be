import { readFileSync } from "node:fs";
import type { SourceInput } from "../../check.js";
import { compileSources } from "../../compile/index.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { lintSources } from "../../lint/index.js";
import { expandRuleFiles } from "../files.js";
import { compileInputs, loadPolicyAndCatalogs } from "../inputs.js";
import { ExitCode, type CliIo } from "../io.js";
import { renderDiagnostics, type DiagnosticFormat } from "../report.js";

export interface CheckCommandOptions {
  readonly format: DiagnosticFormat;
  readonly color: boolean;
  /** Extra module catalogs (`--catalog FILE`), on top of the built-in ones. */
  readonly catalogs: readonly string[];
  /** The site policy (`--policy FILE`): authority, services and points are checked against it. */
  readonly policy?: string;
  /** Also run the linter (`opes lint`) when nothing is in error. */
  readonly lint?: boolean;
  /** Lint rules not to report (`opes lint --disable`), by code. */
  readonly disable?: readonly string[];
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

/**
 * `opes check` and `opes lint`: every stage short of writing a bundle (the
 * compiler runs too: some rules can only be judged lowered), then for lint
 * the linter's warnings and hints. Exit 1 only for errors.
 */
export function runCheck(paths: readonly string[], options: CheckCommandOptions, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io);
  const loaded = loadPolicyAndCatalogs(options.policy, options.catalogs, io);
  if (!inputs || !loaded) return ExitCode.usage;
  const diagnostics = [...loaded.diagnostics];
  const sources = new Map(loaded.sources);
  if (!hasErrors(loaded.diagnostics)) {
    const compileOptions = { ...compileInputs(loaded), checkOnly: true };
    const linted = options.lint ? lintSources(inputs, { ...compileOptions, ...(options.disable ? { disable: options.disable } : {}) }) : undefined;
    const compiled = linted?.compile ?? compileSources(inputs, compileOptions);
    diagnostics.push(...(linted ?? compiled).diagnostics);
    for (const [path, source] of compiled.check.sources) sources.set(path, source);
  }
  io.stdout(renderDiagnostics(sortDiagnostics(diagnostics), { format: options.format, color: options.color, sources, fileCount: inputs.length, cwd: io.cwd }));
  return hasErrors(diagnostics) ? ExitCode.inputErrors : ExitCode.ok;
}
