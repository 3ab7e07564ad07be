import type { Scalar, Term } from "../runtime/bundle.js";

/**
 * The hash-consed term table: structurally equal terms get one index, so a
 * condition that many rules share becomes one node the evaluator computes
 * once per decision. A few algebraic simplifications keep guards small.
 */
export class TermTable {
  readonly terms: Term[] = [];
  // Term ids by structure, one index per kind of term: see {@link Level}.
  private readonly lits: Level = new Map();
  private readonly roots: Level = new Map();
  private readonly gets: Level = new Map();
  private readonly calls: Level = new Map();
  private readonly ops: Level = new Map();
  private readonly matches: Level = new Map();
  private readonly ites: Level = new Map();
  readonly TRUE = this.lit(true);
  readonly FALSE = this.lit(false);

  /** Adds a term that is not in the table yet, under the last field of its path in the index. */
  private add(level: Level, last: Field, term: Term): number {
    const id = this.terms.length;
    this.terms.push(term);
    level.set(last, id);
    return id;
  }

  // Each constructor walks its fields down its kind's index, building no
  // key, and builds the term only when its last field has no id yet.

  lit(v: Scalar): number {
    // Literals that print alike in the bundle are one term: every non-finite number prints null.
    const key = typeof v === "number" && !Number.isFinite(v) ? null : v;
    const level = this.lits;
    return idAt(level, key) ?? this.add(level, key, { t: "lit", v });
  }

  root(module: string): number {
    const level = this.roots;
    return idAt(level, module) ?? this.add(level, module, { t: "root", module });
  }

  get(of: number, name: string, path: string): number {
    const level = below(below(this.gets, of), name);
    return idAt(level, path) ?? this.add(level, path, { t: "get", of, name, path });
  }

  call(of: number, name: string, path: string, args: readonly number[]): number {
    const level = belowArgs(below(below(below(this.calls, of), name), path), args);
    const last = lastField(args);
    return idAt(level, last) ?? this.add(level, last, { t: "call", of, name, path, args: [...args] });
  }

  op(op: string, args: readonly number[]): number {
    const level = belowArgs(below(this.ops, op), args);
    const last = lastField(args);
    return idAt(level, last) ?? this.add(level, last, { t: "op", op, args: [...args] });
  }

  /** A one-argument op, without an argument array unless the term is new. */
  op1(op: string, arg: number): number {
    const level = below(below(this.ops, op), 1);
    return idAt(level, arg) ?? this.add(level, arg, { t: "op", op, args: [arg] });
  }

  /** A two-argument op, without an argument array unless the term is new. */
  op2(op: string, a: number, b: number): number {
    const level = below(below(below(this.ops, op), 2), a);
    return idAt(level, b) ?? this.add(level, b, { t: "op", op, args: [a, b] });
  }

  match(arg: number, pattern: string, ci: boolean, negate: boolean): number {
    const level = below(below(below(this.matches, arg), pattern), ci);
    return idAt(level, negate) ?? this.add(level, negate, { t: "match", arg, pattern, ci, negate });
  }

  ite(cond: number, then: number, otherwise: number): number {
    if (cond === this.TRUE || then === otherwise) return then;
    if (cond === this.FALSE) return otherwise;
    const level = below(below(this.ites, cond), then);
    return idAt(level, otherwise) ?? this.add(level, otherwise, { t: "ite", cond, then, else: otherwise });
  }

  not(arg: number): number {
    if (arg === this.TRUE) return this.FALSE;
    if (arg === this.FALSE) return this.TRUE;
    const term = this.terms[arg]!;
    if (term.t === "op" && term.op === "not") return term.args[0]!;
    return this.op1("not", arg);
  }

  /**
   * True unless the argument is true: how a guard says "that condition did
   * not hold". Unlike P's `not`, an absent value counts as not holding, so an
   * else branch runs when its if's condition reads an absent property.
   */
  notHolds(arg: number): number {
    if (arg === this.TRUE) return this.FALSE;
    if (arg === this.FALSE) return this.TRUE;
    return this.op1("nottrue", arg);
  }

  and(args: readonly number[]): number {
    return this.junction("and", this.FALSE, this.TRUE, args);
  }

  /** `and([a, b])` without the array. */
  and2(a: number, b: number): number {
    return this.junction2("and", this.FALSE, this.TRUE, a, b);
  }

  or(args: readonly number[]): number {
    return this.junction("or", this.TRUE, this.FALSE, args);
  }

  /** `or([a, b])` without the array. */
  or2(a: number, b: number): number {
    return this.junction2("or", this.TRUE, this.FALSE, a, b);
  }

  /** `and`/`or` of its arguments: `absorbing` (false for `and`) decides it, `neutral` drops out. */
  private junction(op: "and" | "or", absorbing: number, neutral: number, args: readonly number[]): number {
    if (args.includes(absorbing)) return absorbing;
    const kept = args.includes(neutral) ? args.filter((a) => a !== neutral) : args;
    if (kept.length === 0) return neutral;
    return kept.length === 1 ? kept[0]! : this.op(op, kept);
  }

  private junction2(op: "and" | "or", absorbing: number, neutral: number, a: number, b: number): number {
    if (a === absorbing || b === absorbing) return absorbing;
    if (a === neutral) return b;
    if (b === neutral) return a;
    return this.op2(op, a, b);
  }
}

/** A term's own fields in order (its kind picks the index); an array field is its length, then its items. */
type Field = string | number | boolean | null;

/**
 * One level of the index, a trie of maps with one level per field: a
 * field's value, then the next level, or the term's id after the last field.
 * Finding a term hashes numbers and strings the program already holds (V8
 * caches a string's hash), where a key string would be built and hashed anew
 * for every lookup. All terms of a kind have as many fields as the lengths in
 * them say, so a level holds either ids or further levels, never both.
 */
type Level = Map<Field, Level | number>;

/** The level after a field, made when no term has gone through it yet. */
function below(level: Level, field: Field): Level {
  let next = level.get(field) as Level | undefined;
  if (!next) {
    next = new Map();
    level.set(field, next);
  }
  return next;
}

function idAt(level: Level, field: Field): number | undefined {
  return level.get(field) as number | undefined;
}

/** The level holding the last field of an array field: past its length and every item but the last. */
function belowArgs(level: Level, args: readonly number[]): Level {
  if (args.length === 0) return level;
  let at = below(level, args.length);
  for (let i = 0; i < args.length - 1; i++) at = below(at, args[i]!);
  return at;
}

/** The last field of an array field: its last item, or its length 0 when it is empty. */
function lastField(args: readonly number[]): Field {
  return args.length === 0 ? 0 : args[args.length - 1]!;
}
