import { createDiagnostic, type Diagnostic, type DiagnosticDefinition } from "../../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../../diagnostics/source.js";

export interface RelatedSpan {
  readonly span: Span;
  readonly message: string;
}

export interface SpanFix {
  readonly message: string;
  readonly edits: readonly { readonly span: Span; readonly newText: string }[];
}

/** Collects diagnostics for one source, resolving spans to ranges as they are reported. */
export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];

  constructor(readonly source: SourceFile) {}

  report(
    definition: DiagnosticDefinition,
    span: Span,
    message: string,
    options: { related?: readonly RelatedSpan[]; fix?: SpanFix } = {},
  ): void {
    const related = options.related?.map((r) => ({ range: this.source.range(r.span), message: r.message }));
    const fix = options.fix && {
      message: options.fix.message,
      edits: options.fix.edits.map((edit) => ({ range: this.source.range(edit.span), newText: edit.newText })),
    };
    this.diagnostics.push(
      createDiagnostic(definition, this.source.range(span), message, {
        ...(related ? { related } : {}),
        ...(fix ? { fix } : {}),
      }),
    );
  }
}
