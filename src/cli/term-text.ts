import type { Term } from "../runtime/bundle.js";
import { binaryLevels, Level } from "../syntax/precedence.js";
import { encodeString } from "../syntax/strings.js";

/** A term printed back, with how loosely its outermost operator binds. */
interface Printed {
  readonly text: string;
  readonly level: number;
}

/** Tighter than any operator: literals, names, parenthesized text. */
const atomLevel = Level.Postfix + 1;

/** The binding level of a binary operator of P, or undefined for an operator P does not have. */
function binaryLevel(operator: string): Level | undefined {
  return (binaryLevels as Readonly<Record<string, Level | undefined>>)[operator];
}

/**
 * Prints a bundle term as P text (`Http.request.host equal "a.example"`),
 * with parentheses exactly where P's precedence needs them. The one form P
 * cannot write, a name bound differently in exclusive branches (`ite`),
 * prints as `(cond ? then : else)`. Shared sub-terms are printed in full at
 * each use; the bundle's hash-consing only saves evaluations.
 */
export function termText(terms: readonly Term[], id: number): string {
  return new TermPrinter(terms).print(id).text;
}

class TermPrinter {
  private readonly cache = new Map<number, Printed>();

  constructor(private readonly terms: readonly Term[]) {}

  print(id: number): Printed {
    let printed = this.cache.get(id);
    if (!printed) {
      printed = this.compute(id);
      this.cache.set(id, printed);
    }
    return printed;
  }

  private compute(id: number): Printed {
    const term = this.terms[id];
    if (!term) return { text: `<term ${id}>`, level: atomLevel };
    switch (term.t) {
      case "lit":
        return literal(term.v);
      case "root":
        return { text: term.module, level: atomLevel };
      case "get":
        return { text: `${this.operand(term.of, Level.Postfix)}.${term.name}`, level: Level.Postfix };
      case "call":
        return { text: `${this.operand(term.of, Level.Postfix)}.${term.name}(${term.args.map((a) => this.print(a).text).join(", ")})`, level: Level.Postfix };
      case "match": {
        const operator = `${term.negate ? "not_" : ""}matches${term.ci ? "" : "_cs"}`;
        return this.infix(operator, [term.arg], encodeString(term.pattern));
      }
      case "ite":
        return { text: `(${this.print(term.cond).text} ? ${this.print(term.then).text} : ${this.print(term.else).text})`, level: atomLevel };
      case "op":
        return this.operator(term.op, term.args);
    }
  }

  private operator(op: string, args: readonly number[]): Printed {
    if (op === "not") return { text: `not ${this.operand(args[0]!, Level.Prefix)}`, level: Level.Prefix };
    if (op === "neg") {
      const operand = this.operand(args[0]!, Level.Prefix);
      // `-(-5)`, not `--5`: keep two minus signs apart.
      return { text: `-${operand.startsWith("-") ? `(${operand})` : operand}`, level: Level.Prefix };
    }
    if (binaryLevel(op) !== undefined && args.length >= 2) return this.infix(op, args);
    // An operator this printer does not know (a newer bundle): a neutral call form.
    return { text: `${op}(${args.map((a) => this.print(a).text).join(", ")})`, level: Level.Postfix };
  }

  /**
   * Left-associative infix: the first operand may bind as loosely as the
   * operator, later ones must bind tighter. `rightText` is an operand that
   * is not a term (a regex pattern).
   */
  private infix(op: string, args: readonly number[], rightText?: string): Printed {
    const level = binaryLevel(op)!;
    const operands = args.map((arg, i) => this.operand(arg, i === 0 ? level : level + 1));
    if (rightText !== undefined) operands.push(rightText);
    return { text: operands.join(` ${op} `), level };
  }

  /** The operand's text, parenthesized when it binds more loosely than `minimum`. */
  private operand(id: number, minimum: number): string {
    const printed = this.print(id);
    return printed.level < minimum ? `(${printed.text})` : printed.text;
  }
}

function literal(value: string | number | boolean): Printed {
  if (typeof value === "string") return { text: encodeString(value), level: atomLevel };
  if (typeof value === "number" && value < 0) return { text: String(value), level: Level.Prefix };
  return { text: String(value), level: atomLevel };
}
