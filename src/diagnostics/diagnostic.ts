import type { Range } from "./source.js";

export type Severity = "error" | "warning" | "info";
export type Stage = "syntax" | "semantic" | "policy" | "lint";

/** A catalogued kind of problem: the code and name never change once published. */
export interface DiagnosticDefinition {
  /** Stable code, e.g. `P1003`. */
  readonly code: string;
  /** Stable kebab-case name, e.g. `property-unavailable`. */
  readonly name: string;
  readonly stage: Stage;
  readonly severity: Severity;
  /** One sentence for the catalogue in docs/diagnostics.md. */
  readonly summary: string;
  /**
   * The smallest input that produces this diagnostic. The docs show it and a
   * test runs it, so the catalogue cannot drift from the implementation.
   */
  readonly example: DiagnosticExample;
}

export interface DiagnosticExample {
  readonly language: "p" | "irml" | "policy" | "context" | "catalog" | "test";
  readonly source: string;
  /** A site policy to check the example against, where the problem needs one. */
  readonly policy?: string;
  /** Reader limits to apply, for diagnostics about limits that a small example could not reach otherwise. */
  readonly limits?: Readonly<Record<string, number>>;
}

export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export interface FixIt {
  readonly message: string;
  readonly edits: readonly TextEdit[];
}

export interface RelatedInformation {
  readonly range: Range;
  readonly message: string;
}

export interface Diagnostic {
  readonly code: string;
  readonly name: string;
  readonly stage: Stage;
  readonly severity: Severity;
  readonly message: string;
  readonly range: Range;
  readonly related?: readonly RelatedInformation[];
  readonly fix?: FixIt;
}

export interface DiagnosticOptions {
  readonly related?: readonly RelatedInformation[];
  readonly fix?: FixIt;
  /** Overrides the catalogued severity (for example when a policy demotes a check). */
  readonly severity?: Severity;
}

export function createDiagnostic(
  definition: DiagnosticDefinition,
  range: Range,
  message: string,
  options: DiagnosticOptions = {},
): Diagnostic {
  return {
    code: definition.code,
    name: definition.name,
    stage: definition.stage,
    severity: options.severity ?? definition.severity,
    message,
    range,
    ...(options.related && options.related.length > 0 ? { related: options.related } : {}),
    ...(options.fix ? { fix: options.fix } : {}),
  };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/** Sorts by file, then position, then code, so every output is deterministic. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.range.file.localeCompare(b.range.file) ||
      a.range.start - b.range.start ||
      a.range.end - b.range.end ||
      a.code.localeCompare(b.code),
  );
}
