import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import type { Program } from "./ast.js";

/** What every front end (P or IRML) returns: a tree, even for broken input, and what was wrong. */
export interface ParseResult {
  readonly program: Program;
  readonly source: SourceFile;
  readonly diagnostics: Diagnostic[];
}

/** Limits against hostile input (design §6). */
export interface ReaderLimits {
  /** Largest source accepted, in UTF-16 code units. */
  readonly maxSourceLength: number;
  /** Deepest nesting of brackets, blocks and prefix operators. */
  readonly maxNestingDepth: number;
  /** Longest identifier. */
  readonly maxNameLength: number;
}

export const defaultReaderLimits: ReaderLimits = {
  maxSourceLength: 8 * 1024 * 1024,
  maxNestingDepth: 64,
  maxNameLength: 256,
};
