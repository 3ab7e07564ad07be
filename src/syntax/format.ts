import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import type { Program } from "./ast.js";
import { Printer } from "./format/printer.js";
import { Trivia } from "./format/trivia.js";
import { parseP } from "./parser.js";

export { maxLineWidth } from "./format/printer.js";

export interface FormatOptions {
  /**
   * The text the program was read from. With it the formatter keeps comments
   * at the end of their line and preserves single blank lines; without it
   * (a tree built by hand or converted from IRML) every comment gets a line of
   * its own and only the blank lines around rulesets and the header are printed.
   */
  readonly sourceText?: string;
}

/** Prints a program in the canonical layout of `opes fmt`, keeping every comment of `program.comments`. */
export function formatProgram(program: Program, options: FormatOptions = {}): string {
  return new Printer(new Trivia(program.comments, options.sourceText)).program(program);
}

export interface FormatResult {
  /** The formatted text; absent when the source has syntax errors. */
  readonly text?: string;
  /** What the parser reported; formatting is refused when any of them is an error. */
  readonly diagnostics: Diagnostic[];
}

/** Parses and formats a P source. Warnings (such as the legacy `!`) do not stop it; errors do. */
export function formatSource(source: SourceFile): FormatResult {
  const { program, diagnostics } = parseP(source);
  if (diagnostics.some((diagnostic) => diagnostic.severity === "error")) return { diagnostics };
  return { text: formatProgram(program, { sourceText: source.text }), diagnostics };
}
