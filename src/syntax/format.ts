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
  /** Line break to write; formatSource keeps the one the source starts with. Default `\n`. */
  readonly lineEnding?: "\n" | "\r\n";
}

/** Prints a program in the canonical layout of `opes fmt`, keeping every comment of `program.comments`. */
export function formatProgram(program: Program, options: FormatOptions = {}): string {
  const lines = new Printer(new Trivia(program.comments, options.sourceText)).program(program);
  const lineEnding = options.lineEnding ?? "\n";
  return lines.map((line) => line + lineEnding).join("");
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
  return { text: formatProgram(program, { sourceText: source.text, lineEnding: lineEndingOf(source.text) }), diagnostics };
}

/** A file written with CRLF stays CRLF, so that line breaks inside block comments match the rest. */
function lineEndingOf(text: string): "\n" | "\r\n" {
  return /\r\n|\n|\r/.exec(text)?.[0] === "\r\n" ? "\r\n" : "\n";
}
