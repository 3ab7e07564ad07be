import { createDiagnostic, type Diagnostic, type DiagnosticDefinition } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../diagnostics/source.js";

/**
 * What the JSON layer can find wrong with a document. Each loader (site
 * policy, bundle, transaction context) maps the kinds onto the diagnostic
 * codes of its own stage.
 */
export type JsonProblemKind =
  /** The text is not strict JSON (RFC 8259): comments, trailing commas, bad tokens. */
  | "syntax"
  /** The text exceeds a size or nesting limit and was not parsed. */
  | "limit"
  /** An object names the same property twice. */
  | "duplicate-key"
  /** The value breaks the document's JSON Schema. */
  | "schema";

export interface JsonRelatedSpan {
  readonly span: Span;
  readonly message: string;
}

export interface JsonProblem {
  readonly kind: JsonProblemKind;
  /** The JSON Pointer of the value concerned, when the document could be parsed. */
  readonly pointer?: string;
  readonly span: Span;
  /** Complete message; problems with a pointer read `<pointer>: <what is wrong>`. */
  readonly message: string;
  readonly related?: readonly JsonRelatedSpan[];
}

/** Turns one problem into a diagnostic of the caller's stage. */
export function problemToDiagnostic(
  source: SourceFile,
  definition: DiagnosticDefinition,
  problem: JsonProblem,
): Diagnostic {
  return createDiagnostic(definition, source.range(problem.span), problem.message, {
    related: (problem.related ?? []).map((related) => ({
      range: source.range(related.span),
      message: related.message,
    })),
  });
}
