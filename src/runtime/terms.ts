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
  /** Each term's computation, made at load (see computation). */
  private readonly computations: readonly Computation[];
  private generationNumber = 0;
  private view: MessageView | undefined;
  /** The ASCII lower-cased text of terms that case-insensitive switches look up, stamped like the values. */
  private readonly lowered: (string | undefined)[];
  private readonly loweredStamps: Uint32Array;

  constructor(terms: readonly Term[], compiledPatterns: CompiledPatterns = new Map()) {
    this.values = new Array<Value>(terms.length);
    this.stamps = new Uint32Array(terms.length);
    this.lowered = new Array<string | undefined>(terms.length);
    this.loweredStamps = new Uint32Array(terms.length);
    this.computations = terms.map((term) => this.computation(term, compiledPatterns));
  }

  /** Starts a decision over a new message. */
  begin(view: MessageView): void {
    this.view = view;
    this.generationNumber = (this.generationNumber + 1) >>> 0;
    if (this.generationNumber === 0) {
      // After 2^32 decisions the stamps wrap: clear them once.
      this.stamps.fill(0);
      this.loweredStamps.fill(0);
      this.generationNumber = 1;
    }
  }

  /**
   * The decision at hand, for other caches of the decision to stamp their
   * entries with. It starts again at 1 after 2^32 decisions, when a cache
   * must clear its stamps as this one does.
   */
  get generation(): number {
    return this.generationNumber;
  }

  value(id: number): Value {
    if (this.stamps[id] === this.generationNumber) return this.values[id]!;
    const result = this.computations[id]!();
    this.values[id] = result;
    this.stamps[id] = this.generationNumber;
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
    if (this.loweredStamps[id] !== this.generationNumber) {
      const text = textOf(value);
      this.lowered[id] = text === undefined ? undefined : asciiLower(text);
      this.loweredStamps[id] = this.generationNumber;
    }
    return this.lowered[id];
  }

  /** A condition holds only when it is the boolean true; absent or false do not. */
  holds(id: number): boolean {
    return this.value(id) === true;
  }

  /**
   * A term's computation as a function, made once at load: dispatching on
   * the term's kind (and an operator's name) on every evaluation costs string
   * comparisons, as the bundle's strings are not the program's constants.
   */
  private computation(term: Term, compiledPatterns: CompiledPatterns): Computation {
    switch (term.t) {
      case "lit": {
        const literal = term.v;
        return () => literal;
      }
      case "root":
        return () => this.view!.root(term.module);
      case "get":
        return () => {
          const object = this.value(term.of);
          return isRuntimeObject(object) ? object.member(term.name, term.path) : ABSENT;
        };
      case "call":
        return () => {
          const object = this.value(term.of);
          if (!isRuntimeObject(object)) return ABSENT;
          return object.call(term.name, term.args.map((a) => this.value(a)), term.path);
        };
      case "match": {
        const regex = compiledPatterns.get(term) ?? compileEre(term.pattern, { caseInsensitive: term.ci });
        return () => {
          const text = textOf(this.value(term.arg));
          if (text === undefined) return false;
          return regex.test(text) !== term.negate;
        };
      }
      case "ite":
        return () => (this.holds(term.cond) ? this.value(term.then) : this.value(term.else));
      case "op": {
        const operator = operatorOf(term.op);
        return () => operator(this, term.args);
      }
    }
  }
}

type Computation = () => Value;

/** Match terms' patterns already compiled, by term (PolicyEngine.load compiles them when it checks them). */
export type CompiledPatterns = ReadonlyMap<Term, CompiledRegex>;

/** An `op` term's operator, resolved once at load. */
type Operator = (evaluator: TermEvaluator, args: readonly number[]) => Value;

const logicalOperators: Readonly<Record<string, Operator>> = {
  and: (evaluator, args) => {
    for (const arg of args) if (!evaluator.holds(arg)) return false;
    return true;
  },
  or: (evaluator, args) => {
    for (const arg of args) if (evaluator.holds(arg)) return true;
    return false;
  },
  not: (evaluator, args) => {
    const value = evaluator.value(args[0]!);
    return typeof value === "boolean" ? !value : ABSENT;
  },
  nottrue: (evaluator, args) => !evaluator.holds(args[0]!),
  xor: (evaluator, args) => {
    const a = evaluator.value(args[0]!);
    const b = evaluator.value(args[1]!);
    return typeof a === "boolean" && typeof b === "boolean" ? a !== b : ABSENT;
  },
  otherwise: (evaluator, args) => {
    const first = evaluator.value(args[0]!);
    return first === ABSENT ? evaluator.value(args[1]!) : first;
  },
  neg: (evaluator, args) => {
    const value = evaluator.value(args[0]!);
    return typeof value === "number" ? -value : ABSENT;
  },
};

function operatorOf(op: string): Operator {
  if (Object.hasOwn(logicalOperators, op)) return logicalOperators[op]!;
  const apply = binaryOperator(op);
  return (evaluator, args) => apply(evaluator.value(args[0]!), evaluator.value(args[1]!));
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

type BinaryOperator = (left: Value, right: Value) => Value;

function stringOperator(compare: (a: string, b: string) => boolean, foldCase: boolean): BinaryOperator {
  return (left, right) => {
    const a = textOf(left);
    const b = textOf(right);
    if (a === undefined || b === undefined) return false;
    return foldCase ? compare(asciiLower(a), asciiLower(b)) : compare(a, b);
  };
}

function equality(equal: boolean): BinaryOperator {
  return (left, right) => {
    if (left === ABSENT || right === ABSENT || typeof left !== typeof right || typeof left === "object") return false;
    return (left === right) === equal;
  };
}

function ordering(compare: (a: number, b: number) => boolean): BinaryOperator {
  return (left, right) => (typeof left === "number" && typeof right === "number" ? compare(left, right) : false);
}

function arithmeticOperator(f: (a: number, b: number) => number): BinaryOperator {
  return (left, right) => arithmetic(left, right, f);
}

/**
 * P's binary operators on values, by name. Absent operands make comparisons
 * false and arithmetic absent; integer arithmetic that leaves the exact
 * range, or a zero divisor, is absent too (docs/language.md §5, items 5 and 22).
 */
const binaryOperators: ReadonlyMap<string, BinaryOperator> = new Map([
  ...Object.entries(stringOperators).map(([op, compare]) => [op, stringOperator(compare, false)] as const),
  ...Object.entries(caseInsensitiveOperators).map(([op, plain]) => [op, stringOperator(stringOperators[plain]!, true)] as const),
  ["==", equality(true)],
  ["!=", equality(false)],
  ["<", ordering((a, b) => a < b)],
  ["<=", ordering((a, b) => a <= b)],
  [">", ordering((a, b) => a > b)],
  [">=", ordering((a, b) => a >= b)],
  ["+", (left, right) => (typeof left === "string" && typeof right === "string" ? left + right : arithmetic(left, right, (a, b) => a + b))],
  ["-", arithmeticOperator((a, b) => a - b)],
  ["*", arithmeticOperator((a, b) => a * b)],
  ["/", arithmeticOperator((a, b) => (b === 0 ? NaN : Math.trunc(a / b)))],
  ["%", arithmeticOperator((a, b) => (b === 0 ? NaN : a % b))],
]);

const unknownOperator: BinaryOperator = () => ABSENT;

/** The function of a binary operator; an unknown name gives ABSENT. */
export function binaryOperator(op: string): BinaryOperator {
  return binaryOperators.get(op) ?? unknownOperator;
}

/** P's binary operators on values (see binaryOperators). */
export function binary(op: string, left: Value, right: Value): Value {
  return binaryOperator(op)(left, right);
}

function arithmetic(left: Value, right: Value, f: (a: number, b: number) => number): Value {
  if (typeof left !== "number" || typeof right !== "number") return ABSENT;
  const result = f(left, right);
  return Number.isSafeInteger(result) ? result : ABSENT;
}
