import { allDiagnostics } from "../../diagnostics/catalog/index.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source.js";
import { readPackageJson } from "../../json/index.js";
import { lintSources } from "../../lint/index.js";
import { formatGithubAnnotations } from "../github.js";
import { loadPolicyAndCatalogs } from "../inputs.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman, formatJson, summarize } from "../report.js";
import { toSarif, type SarifTool } from "../sarif.js";
import { readRuleFiles } from "./check.js";

/** Every way `check` and `lint` can print their diagnostics. */
export type DiagnosticFormat = "human" | "json" | "sarif" | "github";

export interface LintCommandOptions {
  readonly format: DiagnosticFormat;
  readonly color: boolean;
  /** Extra module catalogs (`--catalog FILE`). */
  readonly catalogs: readonly string[];
  /** The site policy (`--policy FILE`): places plain P files and adds the policy checks. */
  readonly policy?: string;
}

/**
 * `opes lint`: everything `opes check` reports, then, when nothing is in
 * error, the linter's warnings and hints. Exit 0 unless there are errors.
 */
export function runLint(paths: readonly string[], options: LintCommandOptions, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io);
  const loaded = loadPolicyAndCatalogs(options.policy, options.catalogs, io);
  if (!inputs || !loaded) return ExitCode.usage;
  const usable = !hasErrors(loaded.diagnostics);
  const result = usable ? lintSources(inputs, { catalogs: loaded.catalogs, ...(loaded.policy ? { policy: loaded.policy } : {}) }) : undefined;
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  const sources = new Map([...loaded.sources, ...(result?.compile.check.sources ?? [])]);
  io.stdout(renderDiagnostics(diagnostics, { format: options.format, color: options.color, sources, fileCount: inputs.length, cwd: io.cwd }));
  return hasErrors(diagnostics) ? ExitCode.inputErrors : ExitCode.ok;
}

export interface RenderOptions {
  readonly format: DiagnosticFormat;
  readonly color: boolean;
  /** Source texts, for the human format's code frames. */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** How many rule files were read, for the human format's summary line. */
  readonly fileCount: number;
  /** Where relative paths start: SARIF's source root, and what annotations are made relative to. */
  readonly cwd: string;
}

/** Diagnostics in the chosen format, ready for standard output. */
export function renderDiagnostics(diagnostics: readonly Diagnostic[], options: RenderOptions): string {
  switch (options.format) {
    case "human":
      return formatHuman(diagnostics, options.sources, options.color) + summarize(diagnostics, options.fileCount);
    case "json":
      return formatJson(diagnostics);
    case "sarif":
      return `${JSON.stringify(toSarif(diagnostics, opesTool(), allDiagnostics, { sourceRoot: options.cwd }), null, 2)}\n`;
    case "github":
      return formatGithubAnnotations(diagnostics, { root: options.cwd });
  }
}

/** The tool as SARIF names it. */
export function opesTool(): SarifTool {
  const manifest = readPackageJson("package.json") as { version?: unknown };
  return { name: "opes", version: typeof manifest.version === "string" ? manifest.version : "0.0.0" };
}
