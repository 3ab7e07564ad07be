import type { CheckedFile } from "../compile/lower.js";
import type { LoweredAction, LoweredProgram } from "../compile/ir.js";
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition, type FixIt, type RelatedInformation } from "../diagnostics/diagnostic.js";
import type { Range, SourceFile, Span } from "../diagnostics/source.js";
import type { GuardPart } from "../runtime/bundle.js";
import { TermIndex } from "./facts.js";
import { partOffset, partSpan } from "./parts.js";

export interface LintOptions {
  /** Fewest actions tried on every message, at one point of one ruleset, that earn a P4009 hint. Default 20. */
  readonly indexHintThreshold?: number;
  /** Codes of lint rules not to report anywhere (`opes lint --disable`); see lintRuleCode for names. */
  readonly disable?: readonly string[];
}

/** What every lint rule reads, and where it reports. */
export class LintContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly terms: TermIndex;
  private readonly sources: ReadonlyMap<string, SourceFile>;
  /** Conditions reported as constant (`file:offset`), so the guard rules do not report them a second time. */
  private readonly constantConditions = new Set<string>();

  constructor(
    readonly program: LoweredProgram,
    readonly files: readonly CheckedFile[],
    readonly options: LintOptions,
  ) {
    this.terms = new TermIndex(program.terms.terms);
    this.sources = new Map(files.map((f) => [f.source.path, f.source]));
  }

  source(path: string): SourceFile | undefined {
    return this.sources.get(path);
  }

  report(definition: DiagnosticDefinition, file: string, span: Span, message: string, options: { related?: readonly RelatedInformation[]; fix?: FixIt } = {}): void {
    const source = this.sources.get(file);
    if (!source) return;
    this.diagnostics.push(createDiagnostic(definition, source.range(span), message, options));
  }

  private range(file: string, span: Span): Range | undefined {
    return this.sources.get(file)?.range(span);
  }

  /** A related location, when its file is known. */
  related(file: string, span: Span, message: string): RelatedInformation[] {
    const range = this.range(file, span);
    return range ? [{ range, message }] : [];
  }

  partSpan(action: LoweredAction, part: GuardPart): Span {
    const source = this.sources.get(action.file);
    return source ? partSpan(source, part) : action.span;
  }

  markConstant(file: string, offset: number): void {
    this.constantConditions.add(`${file}:${offset}`);
  }

  isReportedConstant(action: LoweredAction, part: GuardPart): boolean {
    const source = this.sources.get(action.file);
    return source !== undefined && this.constantConditions.has(`${action.file}:${partOffset(source, part)}`);
  }
}
