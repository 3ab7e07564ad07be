import type { Scalar, Term } from "../runtime/bundle.js";

/**
 * The hash-consed term table: structurally equal terms get one index, so a
 * condition that many rules share becomes one node the evaluator computes
 * once per decision. A few algebraic simplifications keep guards small.
 */
export class TermTable {
  readonly terms: Term[] = [];
  private readonly index = new TermIndex();
  readonly TRUE = this.lit(true);
  readonly FALSE = this.lit(false);

  /** Adds a term that is not in the table yet. */
  private add(fields: readonly Field[], term: Term): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.index.add(fields, id);
    return id;
  }

  // Each constructor looks its fields up first and builds the term only when it is new.

  lit(v: Scalar): number {
    // Literals that print alike in the bundle are one term: every non-finite number prints null.
    const fields = ["lit", typeof v === "number" && !Number.isFinite(v) ? null : v];
    return this.index.find(fields) ?? this.add(fields, { t: "lit", v });
  }

  root(module: string): number {
    const fields = ["root", module];
    return this.index.find(fields) ?? this.add(fields, { t: "root", module });
  }

  get(of: number, name: string, path: string): number {
    const fields = ["get", of, name, path];
    return this.index.find(fields) ?? this.add(fields, { t: "get", of, name, path });
  }

  call(of: number, name: string, path: string, args: readonly number[]): number {
    const fields = ["call", of, name, path, args.length, ...args];
    return this.index.find(fields) ?? this.add(fields, { t: "call", of, name, path, args: [...args] });
  }

  op(op: string, args: readonly number[]): number {
    const fields = ["op", op, args.length, ...args];
    return this.index.find(fields) ?? this.add(fields, { t: "op", op, args: [...args] });
  }

  match(arg: number, pattern: string, ci: boolean, negate: boolean): number {
    const fields = ["match", arg, pattern, ci, negate];
    return this.index.find(fields) ?? this.add(fields, { t: "match", arg, pattern, ci, negate });
  }

  ite(cond: number, then: number, otherwise: number): number {
    if (cond === this.TRUE || then === otherwise) return then;
    if (cond === this.FALSE) return otherwise;
    const fields = ["ite", cond, then, otherwise];
    return this.index.find(fields) ?? this.add(fields, { t: "ite", cond, then, else: otherwise });
  }

  not(arg: number): number {
    if (arg === this.TRUE) return this.FALSE;
    if (arg === this.FALSE) return this.TRUE;
    const term = this.terms[arg]!;
    if (term.t === "op" && term.op === "not") return term.args[0]!;
    return this.op("not", [arg]);
  }

  /**
   * True unless the argument is true: how a guard says "that condition did
   * not hold". Unlike P's `not`, an absent value counts as not holding, so an
   * else branch runs when its if's condition reads an absent property.
   */
  notHolds(arg: number): number {
    if (arg === this.TRUE) return this.FALSE;
    if (arg === this.FALSE) return this.TRUE;
    return this.op("nottrue", [arg]);
  }

  and(args: readonly number[]): number {
    if (args.includes(this.FALSE)) return this.FALSE;
    const kept = args.includes(this.TRUE) ? args.filter((a) => a !== this.TRUE) : args;
    if (kept.length === 0) return this.TRUE;
    return kept.length === 1 ? kept[0]! : this.op("and", kept);
  }

  or(args: readonly number[]): number {
    if (args.includes(this.TRUE)) return this.TRUE;
    const kept = args.includes(this.FALSE) ? args.filter((a) => a !== this.FALSE) : args;
    if (kept.length === 0) return this.FALSE;
    return kept.length === 1 ? kept[0]! : this.op("or", kept);
  }
}

/** A term's kind, then its own fields in order; an array field is its length, then its items. */
type Field = string | number | boolean | null;

/** One level of the index: a field's value, then the next level, or the term's id after the last field. */
type Level = Map<Field, Level | number>;

/**
 * Term ids by structure, as a trie of maps with one level per field. Finding
 * a term hashes numbers and strings the program already holds (V8 caches a
 * string's hash), where a key string would be built and hashed anew for
 * every lookup. All terms of a kind have as many fields as the lengths in
 * them say, so a level holds either ids or further levels, never both.
 */
class TermIndex {
  private readonly root: Level = new Map();

  find(fields: readonly Field[]): number | undefined {
    let level = this.root;
    for (let i = 0; i < fields.length - 1; i++) {
      const next = level.get(fields[i]!) as Level | undefined;
      if (!next) return undefined;
      level = next;
    }
    return level.get(fields[fields.length - 1]!) as number | undefined;
  }

  add(fields: readonly Field[], id: number): void {
    let level = this.root;
    for (let i = 0; i < fields.length - 1; i++) {
      let next = level.get(fields[i]!) as Level | undefined;
      if (!next) {
        next = new Map();
        level.set(fields[i]!, next);
      }
      level = next;
    }
    level.set(fields[fields.length - 1]!, id);
  }
}
