import type { CheckedFile } from "../compile/lower.js";
import { lintDiagnostics as codes } from "../diagnostics/catalog/lint.js";
import { createDiagnostic, type Diagnostic, type DiagnosticDefinition } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import type { Comment } from "../syntax/ast.js";

/**
 * Comment directives that silence lint findings, as ESLint's do:
 *
 *   // opes-lint-disable-next-line P4008, unused-name -- why
 *   x := 1; // opes-lint-disable-line
 *   /* opes-lint-disable-file not-indexable *\/
 *
 * Rules are named by code or name; none means every lint rule. Text after
 * `--` is the author's reason and is not read. Only the linter's own
 * findings can be silenced, never an error of the compiler.
 */
type Scope = "next-line" | "line" | "file";

interface Directive {
  readonly scope: Scope;
  /** Codes silenced; empty for every lint rule. */
  readonly codes: ReadonlySet<string>;
  readonly comment: Comment;
  readonly source: SourceFile;
  /** The line it applies to (unused for `file`). */
  readonly line: number;
  used: boolean;
}

/** Any comment that starts like a directive, so that a misspelt one is reported rather than ignored. */
const directivePattern = /^opes-lint-disable(\S*)(.*)$/s;
const scopes: ReadonlySet<string> = new Set<Scope>(["next-line", "line", "file"]);

const lintRules: readonly DiagnosticDefinition[] = Object.values(codes);

/** The code of a lint rule named by code or name, case-insensitively; undefined for anything else. */
export function lintRuleCode(nameOrCode: string): string | undefined {
  const wanted = nameOrCode.toLowerCase();
  return lintRules.find((d) => d.code.toLowerCase() === wanted || d.name === wanted)?.code;
}

/** The text of a comment between its delimiters (`//`, `/* *\/`; IRML comments arrive as block comments). */
function commentBody(comment: Comment): string {
  return (comment.style === "line" ? comment.text.slice(2) : comment.text.slice(2, -2)).trim();
}

/**
 * Removes the lint findings that a directive silences, reports directives
 * that name no lint rule (P4010) or silence nothing (P4011), then drops
 * whatever lint rule `disabled` turns off everywhere, those two included.
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], files: readonly CheckedFile[], disabled: ReadonlySet<string> = new Set()): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const directives = new Map(files.map((file) => [file.source.path, readDirectives(file, problems)]));
  const kept = diagnostics.filter((diagnostic) => {
    if (diagnostic.stage !== "lint") return true;
    // A directive counts as used even where the rule is disabled anyway: it is not stale.
    const silencing = (directives.get(diagnostic.range.file) ?? []).filter((d) => silences(d, diagnostic));
    for (const directive of silencing) directive.used = true;
    return silencing.length === 0 && !disabled.has(diagnostic.code);
  });
  for (const directive of [...directives.values()].flat()) {
    if (directive.used) continue;
    const message = `this opes-lint-disable-${directive.scope} silences nothing here; remove it`;
    problems.push(createDiagnostic(codes.unusedSuppression, directive.source.range(directive.comment.span), message));
  }
  return [...kept, ...problems.filter((problem) => !disabled.has(problem.code))];
}

function silences(directive: Directive, diagnostic: Diagnostic): boolean {
  if (directive.codes.size > 0 && !directive.codes.has(diagnostic.code)) return false;
  return directive.scope === "file" || diagnostic.range.line === directive.line;
}

function readDirectives(file: CheckedFile, problems: Diagnostic[]): Directive[] {
  return file.program.comments.flatMap((comment) => readDirective(comment, file.source, problems) ?? []);
}

/** The directive a comment holds; undefined for other comments and for directives reported as invalid (P4010). */
function readDirective(comment: Comment, source: SourceFile, problems: Diagnostic[]): Directive | undefined {
  const match = directivePattern.exec(commentBody(comment));
  if (!match) return undefined;
  const invalid = (message: string) => void problems.push(createDiagnostic(codes.invalidSuppression, source.range(comment.span), message));
  const scope = match[1]!.slice(1) as Scope;
  if (!match[1]!.startsWith("-") || !scopes.has(scope)) {
    invalid(`'opes-lint-disable${match[1]}' is not a directive; write opes-lint-disable-next-line, opes-lint-disable-line or opes-lint-disable-file`);
    return undefined;
  }
  const names = match[2]!.split("--")[0]!.split(/[\s,]+/).filter((name) => name !== "");
  const unknown = names.filter((name) => lintRuleCode(name) === undefined);
  const codesNamed = new Set(names.flatMap((name) => lintRuleCode(name) ?? []));
  if (unknown.length > 0) {
    invalid(`${unknown.map((n) => `'${n}'`).join(", ")} ${unknown.length === 1 ? "is not a lint rule" : "are not lint rules"}; name rules by code (P4001) or name (unreachable-rule), or name none to silence them all`);
    // A directive with a typo silences nothing rather than everything.
    if (codesNamed.size === 0) return undefined;
  }
  const line = scope === "next-line" ? source.position(comment.span.end).line + 1 : source.position(comment.span.start).line;
  return { scope, codes: codesNamed, comment, source, line, used: false };
}
