import { readFileSync, writeFileSync } from "node:fs";
import { compileSources, serializeBundle, signBundle } from "../../compile/index.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { compileInputs, loadPolicyAndCatalogs } from "../inputs.js";
import { ExitCode, type CliIo } from "../io.js";
import { renderDiagnostics, type DiagnosticFormat } from "../report.js";
import { readRuleFiles } from "./check.js";

export interface CompileCommandOptions {
  readonly output: string;
  readonly policy?: string;
  readonly catalogs: readonly string[];
  readonly sign?: string;
  readonly format: DiagnosticFormat;
  readonly color: boolean;
}

/**
 * A one-line progress display on stderr (only when stderr is a terminal, so
 * logs and pipes stay clean), redrawn at most every 100 ms.
 */
function progressLine(io: CliIo): { update: (stage: string, done: number, total: number) => void; clear: () => void } {
  let last = 0;
  let shown = false;
  return {
    update(stage, done, total) {
      const now = Date.now();
      if (now - last < 100 && done !== 0) return;
      last = now;
      shown = true;
      io.stderr(`\r\x1b[2K${stage}${total > 1 ? ` ${done + 1}/${total} files` : ""}…`);
    },
    clear() {
      if (shown) io.stderr("\r\x1b[2K");
    },
  };
}

/** `opes compile`: writes the bundle only when no stage reported an error. */
export function runCompile(paths: readonly string[], options: CompileCommandOptions, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io);
  const loaded = loadPolicyAndCatalogs(options.policy, options.catalogs, io);
  if (!inputs || !loaded) return ExitCode.usage;
  let signingKey: string | undefined;
  if (options.sign !== undefined) {
    try {
      signingKey = readFileSync(options.sign, "utf8");
    } catch {
      io.stderr(`opes: cannot read the signing key '${options.sign}'\n`);
      return ExitCode.usage;
    }
  }
  const usable = !hasErrors(loaded.diagnostics);
  const progress = io.isTTY ? progressLine(io) : undefined;
  const result = usable ? compileSources(inputs, { ...compileInputs(loaded), ...(progress ? { onProgress: progress.update } : {}) }) : undefined;
  progress?.clear();
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  const sources = new Map([...loaded.sources, ...(result?.check.sources ?? [])]);
  io.stdout(renderDiagnostics(diagnostics, { format: options.format, color: options.color, sources, fileCount: inputs.length, cwd: io.cwd }));
  if (!result?.bundle || hasErrors(diagnostics)) {
    if (options.format === "human") io.stderr("opes: nothing written: fix the errors above\n");
    return ExitCode.inputErrors;
  }
  let bundle = result.bundle;
  if (signingKey !== undefined) {
    try {
      bundle = signBundle(bundle, signingKey);
    } catch (error) {
      io.stderr(`opes: cannot sign with '${options.sign}': ${error instanceof Error ? error.message : String(error)}\n`);
      return ExitCode.usage;
    }
  }
  writeFileSync(options.output, serializeBundle(bundle));
  if (options.format === "human") io.stdout(`wrote ${options.output} (${bundle.actions.length} actions, ${Object.keys(bundle.graphs).length} points, ${bundle.hash})\n`);
  return ExitCode.ok;
}
