import type { Scalar, Term } from "./bundle.js";
import type { MessageView } from "./message/index.js";
import { compileEre, type CompiledRegex } from "./regex/index.js";
import { asciiLower } from "./switch-key.js";
import { ABSENT, isRuntimeObject, type Value } from "./values.js";

/**
 * Evaluates the bundle's hash-consed terms for one decision. Each term is
 * computed at most once per decision: results are cached in arrays stamped
 * with the decision's generation, so starting a decision costs nothing
 * however many terms the bundle has.
 */
export class TermEvaluator {
  private readonly values: Value[];
  private readonly stamps: Uint32Array;
  private readonly regexes: (CompiledRegex | undefined)[];
  private generation = 0;
  private view: MessageView | undefined;
  /** The ASCII lower-cased text of terms that case-insensitive switches look up, stamped like the values. */
  private readonly lowered: (string | undefined)[];
  private readonly loweredStamps: Uint32Array;

  constructor(private readonly terms: readonly Term[]) {
    this.values = new Array<Value>(terms.length);
    this.stamps = new Uint32Array(terms.length);
    this.lowered = new Array<string | undefined>(terms.length);
    this.loweredStamps = new Uint32Array(terms.length);
    this.regexes = terms.map((term) => (term.t === "match" ? compileEre(term.pattern, { caseInsensitive: term.ci }) : undefined));
  }

  /** Starts a decision over a new message. */
  begin(view: MessageView): void {
    this.view = view;
    this.generation = (this.generation + 1) >>> 0;
    if (this.generation === 0) {
      // After 2^32 decisions the stamps wrap: clear them once.
      this.stamps.fill(0);
      this.loweredStamps.fill(0);
      this.generation = 1;
    }
  }

  value(id: number): Value {
    if (this.stamps[id] === this.generation) return this.values[id]!;
    const result = this.compute(id);
    this.values[id] = result;
    this.stamps[id] = this.generation;
    return result;
  }

  /**
   * A term's value as a switch looks it up (what switchKeyValue reads a
   * case key as): numbers and booleans as they are, anything else by its
   * text, ASCII lower-cased for a case-insensitive switch (made once per
   * decision, however many rulesets switch on the term); undefined when no
   * case can match.
   */
  switchValue(id: number, caseInsensitive: boolean): Scalar | undefined {
    const value = this.value(id);
    if (typeof value === "number" || typeof value === "boolean") return value;
    if (!caseInsensitive) return textOf(value);
    if (this.loweredStamps[id] !== this.generation) {
      const text = textOf(value);
      this.lowered[id] = text === undefined ? undefined : asciiLower(text);
      this.loweredStamps[id] = this.generation;
    }
    return this.lowered[id];
  }

  /** A condition holds only when it is the boolean true; absent or false do not. */
  holds(id: number): boolean {
    return this.value(id) === true;
  }

  private compute(id: number): Value {
    const term = this.terms[id]!;
    switch (term.t) {
      case "lit":
        return term.v;
      case "root":
        return this.view!.root(term.module);
      case "get": {
        const object = this.value(term.of);
        return isRuntimeObject(object) ? object.member(term.name, term.path) : ABSENT;
      }
      case "call": {
        const object = this.value(term.of);
        if (!isRuntimeObject(object)) return ABSENT;
        return object.call(term.name, term.args.map((a) => this.value(a)), term.path);
      }
      case "match": {
        const text = textOf(this.value(term.arg));
        if (text === undefined) return false;
        return this.regexes[id]!.test(text) !== term.negate;
      }
      case "ite":
        return this.holds(term.cond) ? this.value(term.then) : this.value(term.else);
      case "op":
        return this.operator(term.op, term.args);
    }
  }

  private operator(op: string, args: readonly number[]): Value {
    switch (op) {
      case "and":
        return args.every((a) => this.holds(a));
      case "or":
        return args.some((a) => this.holds(a));
      case "not": {
        const value = this.value(args[0]!);
        return typeof value === "boolean" ? !value : ABSENT;
      }
      case "nottrue":
        return !this.holds(args[0]!);
      case "xor": {
        const [a, b] = args.map((x) => this.value(x));
        return typeof a === "boolean" && typeof b === "boolean" ? a !== b : ABSENT;
      }
      case "otherwise": {
        const first = this.value(args[0]!);
        return first === ABSENT ? this.value(args[1]!) : first;
      }
      case "neg": {
        const value = this.value(args[0]!);
        return typeof value === "number" ? -value : ABSENT;
      }
      default:
        return binary(op, this.value(args[0]!), this.value(args[1]!));
    }
  }
}

/** The text the string and regex operators see: strings, and objects with a text form. */
export function textOf(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (isRuntimeObject(value)) {
    const text = value.text();
    return text === ABSENT ? undefined : text;
  }
  return undefined;
}

const stringOperators: Record<string, (a: string, b: string) => boolean> = {
  equal: (a, b) => a === b,
  contains: (a, b) => a.includes(b),
  begins_with: (a, b) => a.startsWith(b),
  ends_with: (a, b) => a.endsWith(b),
};

const caseInsensitiveOperators: Record<string, string> = { EqualS: "equal", ContainS: "contains", Begins_witH: "begins_with", Ends_witH: "ends_with" };

/**
 * P's binary operators on values. Absent operands make comparisons false and
 * arithmetic absent; integer arithmetic that leaves the exact range, or a
 * zero divisor, is absent too (docs/language.md §5, items 5 and 22).
 */
export function binary(op: string, left: Value, right: Value): Value {
  const folded = caseInsensitiveOperators[op];
  if (folded || op in stringOperators) {
    const a = textOf(left);
    const b = textOf(right);
    if (a === undefined || b === undefined) return false;
    return folded ? stringOperators[folded]!(asciiLower(a), asciiLower(b)) : stringOperators[op]!(a, b);
  }
  switch (op) {
    case "==":
    case "!=":
      if (left === ABSENT || right === ABSENT || typeof left !== typeof right || typeof left === "object") return false;
      return (left === right) === (op === "==");
    case "<":
    case "<=":
    case ">":
    case ">=":
      if (typeof left !== "number" || typeof right !== "number") return false;
      return op === "<" ? left < right : op === "<=" ? left <= right : op === ">" ? left > right : left >= right;
    case "+":
      if (typeof left === "string" && typeof right === "string") return left + right;
      return arithmetic(left, right, (a, b) => a + b);
    case "-":
      return arithmetic(left, right, (a, b) => a - b);
    case "*":
      return arithmetic(left, right, (a, b) => a * b);
    case "/":
      return arithmetic(left, right, (a, b) => (b === 0 ? NaN : Math.trunc(a / b)));
    case "%":
      return arithmetic(left, right, (a, b) => (b === 0 ? NaN : a % b));
    default:
      return ABSENT;
  }
}

function arithmetic(left: Value, right: Value, f: (a: number, b: number) => number): Value {
  if (typeof left !== "number" || typeof right !== "number") return ABSENT;
  const result = f(left, right);
  return Number.isSafeInteger(result) ? result : ABSENT;
}
