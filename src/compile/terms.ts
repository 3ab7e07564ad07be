import type { Scalar, Term } from "../runtime/bundle.js";

/**
 * The hash-consed term table: structurally equal terms get one index, so a
 * condition that many rules share becomes one node the evaluator computes
 * once per decision. A few algebraic simplifications keep guards small.
 */
export class TermTable {
  readonly terms: Term[] = [];
  private readonly index = new Map<string, number>();
  readonly TRUE = this.lit(true);
  readonly FALSE = this.lit(false);

  intern(term: Term): number {
    const key = JSON.stringify(term);
    let id = this.index.get(key);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.index.set(key, id);
    }
    return id;
  }

  lit(v: Scalar): number {
    return this.intern({ t: "lit", v });
  }

  root(module: string): number {
    return this.intern({ t: "root", module });
  }

  get(of: number, name: string, path: string): number {
    return this.intern({ t: "get", of, name, path });
  }

  call(of: number, name: string, path: string, args: readonly number[]): number {
    return this.intern({ t: "call", of, name, path, args });
  }

  op(op: string, args: readonly number[]): number {
    return this.intern({ t: "op", op, args });
  }

  match(arg: number, pattern: string, ci: boolean, negate: boolean): number {
    return this.intern({ t: "match", arg, pattern, ci, negate });
  }

  ite(cond: number, then: number, otherwise: number): number {
    if (cond === this.TRUE || then === otherwise) return then;
    if (cond === this.FALSE) return otherwise;
    return this.intern({ t: "ite", cond, then, else: otherwise });
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
    const kept = args.filter((a) => a !== this.TRUE);
    if (kept.includes(this.FALSE)) return this.FALSE;
    if (kept.length === 0) return this.TRUE;
    return kept.length === 1 ? kept[0]! : this.op("and", kept);
  }

  or(args: readonly number[]): number {
    const kept = args.filter((a) => a !== this.FALSE);
    if (kept.includes(this.TRUE)) return this.TRUE;
    if (kept.length === 0) return this.FALSE;
    return kept.length === 1 ? kept[0]! : this.op("or", kept);
  }
}
