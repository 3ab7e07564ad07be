/**
 * Thompson construction: the syntax tree becomes an NFA whose states either
 * consume one character from a set, branch without consuming (split), assert
 * `^` or `$`, or accept. Counted repetitions are expanded into copies, which
 * the parser's MAX_POSITIONS keeps bounded.
 */
import type { BracketItem, EreNode } from "./ast.js";
import { caseClosure } from "./case-fold.js";
import { allCodePoints, type CodePointSet, complement, normalize, posixClass, setKey, union } from "./charset.js";

export const CONSUME = 0;
export const SPLIT = 1;
export const ASSERT_START = 2;
export const ASSERT_END = 3;
export const ACCEPT = 4;

export interface Nfa {
  readonly kinds: Uint8Array;
  /** CONSUME, ASSERT_*: the next state. SPLIT: the first choice. */
  readonly out1: Int32Array;
  /** SPLIT: the second choice; -1 elsewhere. */
  readonly out2: Int32Array;
  /** CONSUME: index into `sets`; -1 elsewhere. */
  readonly setOf: Int32Array;
  readonly sets: readonly CodePointSet[];
  /** CONSUME: offset in the pattern of the character, bracket or `.` it came from. */
  readonly origin: Int32Array;
  readonly start: number;
  readonly accept: number;
}

export interface NfaOptions {
  readonly caseInsensitive: boolean;
}

class NfaBuilder {
  private readonly kinds: number[] = [];
  private readonly out1: number[] = [];
  private readonly out2: number[] = [];
  private readonly setOf: number[] = [];
  private readonly origin: number[] = [];
  private readonly sets: CodePointSet[] = [];
  private readonly setIndex = new Map<string, number>();

  constructor(private readonly options: NfaOptions) {}

  build(ast: EreNode): Nfa {
    const accept = this.add(ACCEPT, -1, -1);
    const start = this.compile(ast, accept);
    return {
      kinds: Uint8Array.from(this.kinds),
      out1: Int32Array.from(this.out1),
      out2: Int32Array.from(this.out2),
      setOf: Int32Array.from(this.setOf),
      origin: Int32Array.from(this.origin),
      sets: this.sets,
      start,
      accept,
    };
  }

  private add(kind: number, out1: number, out2: number, set = -1, origin = -1): number {
    this.kinds.push(kind);
    this.out1.push(out1);
    this.out2.push(out2);
    this.setOf.push(set);
    this.origin.push(origin);
    return this.kinds.length - 1;
  }

  private consume(set: CodePointSet, origin: number, next: number): number {
    const key = setKey(set);
    let index = this.setIndex.get(key);
    if (index === undefined) {
      index = this.sets.push(set) - 1;
      this.setIndex.set(key, index);
    }
    return this.add(CONSUME, next, -1, index, origin);
  }

  /** Builds the states for `node` followed by state `next`; returns the entry state. */
  private compile(node: EreNode, next: number): number {
    switch (node.kind) {
      case "char":
        return this.consume(this.caseClosed([node.codePoint, node.codePoint]), node.span.offset, next);
      case "any":
        return this.consume(allCodePoints, node.span.offset, next);
      case "bracket":
        return this.consume(this.bracketSet(node.items, node.negated), node.span.offset, next);
      case "start":
        return this.add(ASSERT_START, next, -1);
      case "end":
        return this.add(ASSERT_END, next, -1);
      case "group":
        return this.compile(node.body, next);
      case "concat":
        return node.items.reduceRight((following, item) => this.compile(item, following), next);
      case "alternation":
        return node.branches.reduceRight((rest, branch, index) => {
          const entry = this.compile(branch, next);
          return index === node.branches.length - 1 ? entry : this.add(SPLIT, entry, rest);
        }, next);
      case "repeat":
        return this.repeat(node.body, node.min, node.max, next);
    }
  }

  /**
   * `x{m,n}` is m copies of x followed by n-m nested optional copies;
   * `x{m,}` ends with a loop instead. The loop's re-entry split is a state of
   * its own, apart from its first entry, so distinct ways of matching stay
   * distinct paths (the backtracking-risk analysis counts them).
   */
  private repeat(body: EreNode, min: number, max: number | undefined, next: number): number {
    let entry: number;
    if (max === undefined) {
      const loop = this.add(SPLIT, -1, next);
      const bodyEntry = this.compile(body, loop);
      this.out1[loop] = bodyEntry;
      entry = min > 0 ? bodyEntry : this.add(SPLIT, bodyEntry, next);
    } else {
      entry = next;
      for (let i = min; i < max; i++) entry = this.add(SPLIT, this.compile(body, entry), next);
    }
    const mandatory = max === undefined ? Math.max(min - 1, 0) : min;
    for (let i = 0; i < mandatory; i++) entry = this.compile(body, entry);
    return entry;
  }

  private caseClosed(set: CodePointSet): CodePointSet {
    return this.options.caseInsensitive ? caseClosure(set) : set;
  }

  private bracketSet(items: readonly BracketItem[], negated: boolean): CodePointSet {
    const members = union(...items.map((item) => (item.kind === "class" ? posixClass(item.name) : normalize([[item.from, item.to]]))));
    // Close under case folding before negating, so [^a] excludes 'A' too.
    const closed = this.caseClosed(members);
    return negated ? complement(closed) : closed;
  }
}

export function buildNfa(ast: EreNode, options: NfaOptions): Nfa {
  return new NfaBuilder(options).build(ast);
}
