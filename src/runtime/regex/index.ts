/**
 * POSIX extended regular expressions for the runtime: a parser that rejects
 * what POSIX leaves undefined and what other dialects read differently, a
 * matcher that cannot backtrack (Thompson NFA run as a lazily built DFA), and
 * a lint helper for patterns that would backtrack in other engines.
 *
 * Semantics: `test` is an unanchored search (POSIX regexec), `^` and `$` hold
 * only at the start and end of the whole input wherever they appear, `.` and
 * negated brackets match any character including newline, input and pattern
 * are read by code point, POSIX classes are ASCII (the POSIX locale), and
 * case-insensitive means Unicode simple case folding (as JavaScript's /iu).
 */
import type { EreSyntaxError } from "./ast.js";
import { type DfaStats, LazyDfa } from "./dfa.js";
import { buildNfa } from "./nfa.js";
import { parseEre } from "./parse.js";

export type { BracketItem, EreNode, EreParseResult, EreSyntaxError, PosixClassName, Span } from "./ast.js";
export { posixClassNames } from "./ast.js";
export type { DfaStats } from "./dfa.js";
export { MAX_GROUP_DEPTH, MAX_POSITIONS, MAX_REPEAT, parseEre } from "./parse.js";
export { riskOfBacktracking } from "./risk.js";

export interface CompileOptions {
  readonly caseInsensitive: boolean;
  /** Upper bound on cached DFA states (tests use a tiny one to exercise cache resets). */
  readonly maxCachedStates?: number;
}

export interface CompiledRegex {
  readonly pattern: string;
  readonly caseInsensitive: boolean;
  /** Whether the pattern matches anywhere in `input`. */
  test(input: string): boolean;
  /** The DFA cache as it is now. */
  readonly stats: DfaStats;
}

/** Thrown by `compileEre` for a pattern `parseEre` rejects. */
export class EreCompileError extends Error {
  constructor(readonly detail: EreSyntaxError) {
    super(`invalid POSIX ERE at offset ${detail.offset}: ${detail.message}`);
    this.name = "EreCompileError";
  }
}

const DEFAULT_MAX_CACHED_STATES = 10_000;
/** Compiled patterns kept for reuse; bundles compile each pattern once at load, so this rarely evicts. */
const COMPILED_CACHE_SIZE = 1_000;
const compiled = new Map<string, CompiledRegex>();

class Regex implements CompiledRegex {
  constructor(
    readonly pattern: string,
    readonly caseInsensitive: boolean,
    private readonly dfa: LazyDfa,
  ) {}

  test(input: string): boolean {
    return this.dfa.test(input);
  }

  get stats(): DfaStats {
    return this.dfa.stats;
  }
}

/**
 * Compiles a pattern, reusing an earlier compilation of the same pattern and
 * options. Throws `EreCompileError` only for patterns `parseEre` rejects.
 */
export function compileEre(pattern: string, options: CompileOptions): CompiledRegex {
  const key = `${options.caseInsensitive ? "i" : "c"}${options.maxCachedStates ?? ""}:${pattern}`;
  const known = compiled.get(key);
  if (known !== undefined) return known;
  const parsed = parseEre(pattern);
  if (!parsed.ok) throw new EreCompileError(parsed.error);
  const nfa = buildNfa(parsed.ast, { caseInsensitive: options.caseInsensitive });
  const regex = new Regex(pattern, options.caseInsensitive, new LazyDfa(nfa, options.maxCachedStates ?? DEFAULT_MAX_CACHED_STATES));
  if (compiled.size >= COMPILED_CACHE_SIZE) compiled.delete(compiled.keys().next().value!);
  compiled.set(key, regex);
  return regex;
}
