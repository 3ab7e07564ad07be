import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { ParseResult } from "../syntax/parse-result.js";
import type { Catalogs } from "./catalog.js";
import { builtinCatalogs } from "./catalog-loader.js";
import { Checker } from "./checker.js";
import type { SemanticModel } from "./model.js";

export interface AnalyzeOptions {
  /** The catalogs to check against; the built-in ones when absent (see loadCatalogs for `--catalog`). */
  readonly catalogs?: Catalogs;
  /**
   * For a plain P file (no rulesets): the canonical points the site policy
   * runs it at. Every property must then be available at all of them; without
   * this option a plain file's properties are not checked against points.
   * Names that no catalog defines are ignored (the policy stage reports them).
   */
  readonly pointsForPlainFile?: readonly string[];
}

export interface SemanticResult {
  /** Problems of stage `semantic`, sorted by position. */
  readonly diagnostics: Diagnostic[];
  readonly model: SemanticModel;
}

/**
 * The semantic stage: binds every name (imports, single assignment, scopes of
 * rulesets and point blocks), types every expression against the module
 * catalogs, and checks that every property exists at the point where it is
 * read. Runs on any tree, also one recovered from syntax errors (missing
 * pieces are typed unknown and cause no further diagnostics).
 */
export function analyzeProgram(parse: ParseResult, options: AnalyzeOptions = {}): SemanticResult {
  const catalogs = options.catalogs ?? builtinCatalogs();
  const checker = new Checker(catalogs, parse.source, parse.program, options.pointsForPlainFile ? { pointsForPlainFile: options.pointsForPlainFile } : {});
  checker.check();
  return { diagnostics: sortDiagnostics(checker.diagnostics), model: checker.model };
}
