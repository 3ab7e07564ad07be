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
import type { EreParseResult, EreSyntaxError } from "./ast.js";
import { type DfaStats, LazyDfa } from "./dfa.js";
import { buildNfa } from "./nfa.js";
import { parseEre as parsePattern } from "./parse.js";

export type { BracketItem, EreNode, EreParseResult, EreSyntaxError, PosixClassName, Span } from "./ast.js";
export { posixClassNames } from "./ast.js";
export type { DfaStats } from "./dfa.js";
export { MAX_GROUP_DEPTH, MAX_POSITIONS, MAX_REPEAT } from "./parse.js";
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

/** The value kept under `key`, else one made and kept; past `limit` entries the oldest goes. */
function remembered<V>(cache: Map<string, V>, limit: number, key: string, make: () => V): V {
  const known = cache.get(key);
  if (known !== undefined) return known;
  const made = make();
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, made);
  return made;
}

/** Parse results kept for reuse: rule sets repeat a few patterns many times, and the checker, the linter and compileEre each read them. */
const PARSED_CACHE_SIZE = 4_096;
const parsedPatterns = new Map<string, EreParseResult>();

/** Parses a pattern, reusing an earlier parse of it (the trees are read-only). */
export function parseEre(pattern: string): EreParseResult {
  return remembered(parsedPatterns, PARSED_CACHE_SIZE, pattern, () => parsePattern(pattern));
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
  return remembered(compiled, COMPILED_CACHE_SIZE, key, () => {
    const parsed = parseEre(pattern);
    if (!parsed.ok) throw new EreCompileError(parsed.error);
    const nfa = buildNfa(parsed.ast, { caseInsensitive: options.caseInsensitive });
    return new Regex(pattern, options.caseInsensitive, new LazyDfa(nfa, options.maxCachedStates ?? DEFAULT_MAX_CACHED_STATES));
  });
}
