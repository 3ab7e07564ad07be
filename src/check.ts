import { hasErrors, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import type { SourceFile } from "./diagnostics/source.js";
import { analyzeProgram, type Catalogs, type SemanticModel } from "./semantic/index.js";
import { parseSource, type ParseResult, type ReaderLimits } from "./syntax/index.js";

export interface SourceInput {
  readonly path: string;
  readonly text: string;
}

export interface CheckOptions {
  readonly limits?: Partial<ReaderLimits>;
  /** Module catalogs (built-in ones plus `--catalog` files); the built-in ones when absent. */
  readonly catalogs?: Catalogs;
  /** Points a plain P file (no rulesets) runs at, by path, as the site policy assigns them. */
  readonly pointsForPlainFile?: (path: string) => readonly string[] | undefined;
  /** Called as work advances, for a progress display (`opes compile` on a terminal). */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
}

export interface FileCheck {
  readonly parse: ParseResult;
  /** Absent when the file has syntax errors. */
  readonly model?: SemanticModel;
  readonly diagnostics: readonly Diagnostic[];
}

export interface CheckResult {
  readonly files: readonly FileCheck[];
  /** Every diagnostic of every file, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/**
 * Runs the front-end stages over a set of rule files. A file with syntax
 * errors stops after parsing: a recovered tree would only add bogus errors.
 */
export function checkSources(inputs: readonly SourceInput[], options: CheckOptions = {}): CheckResult {
  const files = inputs.map((input, index) => {
    options.onProgress?.("checking", index, inputs.length);
    return checkFile(input, options);
  });
  return {
    files,
    diagnostics: sortDiagnostics(files.flatMap((f) => f.diagnostics)),
    sources: new Map(files.map((f) => [f.parse.source.path, f.parse.source])),
  };
}

function checkFile(input: SourceInput, options: CheckOptions): FileCheck {
  const parse = parseSource(input.path, input.text, options.limits);
  if (hasErrors(parse.diagnostics)) return { parse, diagnostics: parse.diagnostics };
  const points = options.pointsForPlainFile?.(input.path);
  const semantic = analyzeProgram(parse, { ...(options.catalogs ? { catalogs: options.catalogs } : {}), ...(points ? { pointsForPlainFile: points } : {}) });
  return { parse, model: semantic.model, diagnostics: [...parse.diagnostics, ...semantic.diagnostics] };
}
