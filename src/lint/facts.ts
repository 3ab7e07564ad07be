import type { Scalar, Term } from "../runtime/bundle.js";
import { compileEre, EreCompileError } from "../runtime/regex/index.js";
import { asciiLower } from "../runtime/switch-key.js";
import { binary } from "../runtime/terms.js";

/**
 * What is known of a boolean term on every message that satisfies some guard
 * parts: `true`, `false`, or only `not-true` (false or absent, which a guard
 * treats alike), or nothing.
 */
export type Truth = "true" | "false" | "not-true" | "unknown";

export function cannotHold(truth: Truth): boolean {
  return truth === "false" || truth === "not-true";
}

/** Operators whose result is the negation of another's whenever either is true (both operands are then present). */
const complements: Readonly<Record<string, string>> = { "==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">" };

/** Operators compared on the text of their operands; the case-insensitive ones after ASCII lower-casing. */
const textOperators = new Set(["equal", "contains", "begins_with", "ends_with"]);
const foldedOperators = new Set(["EqualS", "ContainS", "Begins_witH", "Ends_witH"]);
const valueOperators = new Set(["==", "!=", "<", "<=", ">", ">="]);

/** Looks terms up by structure in a finished term table without adding to it. */
export class TermIndex {
  private readonly ids = new Map<string, number>();

  constructor(readonly terms: readonly Term[]) {
    terms.forEach((term, id) => this.ids.set(JSON.stringify(term), id));
  }

  find(term: Term): number | undefined {
    return this.ids.get(JSON.stringify(term));
  }
}

/**
 * Facts that follow from guard parts being true, and what they imply for
 * other terms: a small, sound propagation over the hash-consed terms (no
 * search), enough to see that `m equal "GET"` and `m equal "POST"` cannot
 * both hold, nor `c` and `not (c)`, nor `status == 404` and `status < 400`.
 */
export class GuardFacts {
  private readonly truths = new Map<number, Truth>();
  /** Exact text of a subject (from `equal`). */
  private readonly texts = new Map<number, string>();
  /** ASCII lower-cased text of a subject (from `EqualS`). */
  private readonly foldedTexts = new Map<number, string>();
  /** Exact value of a subject (from `==`). */
  private readonly values = new Map<number, Scalar>();

  constructor(private readonly index: TermIndex) {}

  /** Records that a guard part holds. */
  assume(term: number): void {
    this.record(term, "true");
  }

  /**
   * Keys (see `anchorKey`) of every test of a subject against a literal that
   * these facts can make true: the equality tests their pinned values pass,
   * and any test of a subject some true test is about.
   */
  anchors(): Set<string> {
    const keys = new Set<string>();
    for (const [subject, text] of this.texts) keys.add(pinKey("equal", subject, text)).add(pinKey("EqualS", subject, text));
    for (const [subject, text] of this.foldedTexts) keys.add(pinKey("EqualS", subject, text));
    for (const [subject, value] of this.values) keys.add(pinKey("==", subject, value));
    for (const [term, truth] of this.truths) {
      const subject = truth === "true" ? comparedSubject(this.index, term) : undefined;
      if (subject !== undefined) keys.add(`subject:${subject}`);
    }
    return keys;
  }

  truthOf(term: number): Truth {
    const known = this.truths.get(term);
    if (known) return known;
    const t = this.index.terms[term]!;
    switch (t.t) {
      case "lit":
        return t.v === true ? "true" : t.v === false ? "false" : "not-true";
      case "match":
        return this.complementTruth({ ...t, negate: !t.negate }) ?? this.matchTruth(t);
      case "op":
        return this.operatorTruth(t.op, t.args) ?? "unknown";
      default:
        return "unknown";
    }
  }

  private record(term: number, truth: Truth): void {
    this.truths.set(term, truth);
    const t = this.index.terms[term]!;
    if (t.t !== "op") return;
    if (truth === "true") {
      if (t.op === "and") t.args.forEach((a) => this.record(a, "true"));
      // `not x` is true only when x is the boolean false.
      else if (t.op === "not") this.record(t.args[0]!, "false");
      // `nottrue x` (an else branch, "no earlier stop()") is true when x did not hold.
      else if (t.op === "nottrue") this.record(t.args[0]!, "not-true");
      else this.recordComparison(t.op, t.args);
    } else if (truth === "false") {
      if (t.op === "or") t.args.forEach((a) => this.record(a, "not-true"));
      else if (t.op === "not" || t.op === "nottrue") this.record(t.args[0]!, "true");
    }
  }

  /** A true `subject equal "x"`, `subject EqualS "x"` or `subject == 3` pins the subject's value. */
  private recordComparison(op: string, args: readonly number[]): void {
    const operands = this.subjectAndLiteral(args);
    if (!operands) return;
    const { subject, literal } = operands;
    if (op === "equal" && typeof literal === "string") this.texts.set(subject, literal);
    else if (op === "EqualS" && typeof literal === "string") this.foldedTexts.set(subject, asciiLower(literal));
    else if (op === "==") this.values.set(subject, literal);
    const complement = complements[op];
    const opposite = complement ? this.index.find({ t: "op", op: complement, args }) : undefined;
    if (opposite !== undefined) this.truths.set(opposite, "false");
  }

  private operatorTruth(op: string, args: readonly number[]): Truth | undefined {
    const truths = () => args.map((a) => this.truthOf(a));
    switch (op) {
      case "and": {
        const all = truths();
        if (all.some(cannotHold)) return "false";
        return all.every((t) => t === "true") ? "true" : "unknown";
      }
      case "or": {
        const all = truths();
        if (all.includes("true")) return "true";
        return all.every(cannotHold) ? "false" : "unknown";
      }
      case "not": {
        const inner = this.truthOf(args[0]!);
        return inner === "true" ? "false" : inner === "false" ? "true" : "unknown";
      }
      case "nottrue": {
        const inner = this.truthOf(args[0]!);
        return inner === "true" ? "false" : cannotHold(inner) ? "true" : "unknown";
      }
      default: {
        const complement = complements[op];
        if (complement && this.complementTruth({ t: "op", op: complement, args })) return "false";
        return this.comparisonTruth(op, args);
      }
    }
  }

  /** "false" when the complementary test of the same operands is known to be true. */
  private complementTruth(complement: Term): Truth | undefined {
    const id = this.index.find(complement);
    return id !== undefined && this.truths.get(id) === "true" ? "false" : undefined;
  }

  /** A comparison of a subject with a literal, decided from the subject's pinned value with the runtime's own operators. */
  private comparisonTruth(op: string, args: readonly number[]): Truth | undefined {
    const operands = this.subjectAndLiteral(args);
    if (!operands) return undefined;
    const { subject, literal, subjectFirst } = operands;
    const known = this.knownValue(op, subject);
    if (known !== undefined) {
      const result = subjectFirst ? binary(op, known, literal) : binary(op, literal, known);
      return result === true ? "true" : "false";
    }
    // Only the folded text is known: an exact `equal` can still be ruled out.
    const folded = this.foldedTexts.get(subject);
    if (op === "equal" && folded !== undefined && typeof literal === "string" && asciiLower(literal) !== folded) return "false";
    return undefined;
  }

  private knownValue(op: string, subject: number): Scalar | undefined {
    if (valueOperators.has(op)) return this.values.get(subject);
    if (textOperators.has(op)) return this.texts.get(subject);
    if (foldedOperators.has(op)) return this.texts.get(subject) ?? this.foldedTexts.get(subject);
    return undefined;
  }

  private matchTruth(t: Extract<Term, { t: "match" }>): Truth {
    const text = this.texts.get(t.arg);
    if (text === undefined) return "unknown";
    try {
      return compileEre(t.pattern, { caseInsensitive: t.ci }).test(text) !== t.negate ? "true" : "false";
    } catch (error) {
      // The checker rejects invalid patterns (P2035); without that guarantee nothing is known.
      if (error instanceof EreCompileError) return "unknown";
      throw error;
    }
  }

  private subjectAndLiteral(args: readonly number[]): { subject: number; literal: Scalar; subjectFirst: boolean } | undefined {
    return subjectAndLiteral(this.index, args);
  }
}

function subjectAndLiteral(index: TermIndex, args: readonly number[]): { subject: number; literal: Scalar; subjectFirst: boolean } | undefined {
  if (args.length !== 2) return undefined;
  const [a, b] = args as [number, number];
  const [ta, tb] = [index.terms[a]!, index.terms[b]!];
  if (tb.t === "lit" && ta.t !== "lit") return { subject: a, literal: tb.v, subjectFirst: true };
  if (ta.t === "lit" && tb.t !== "lit") return { subject: b, literal: ta.v, subjectFirst: false };
  return undefined;
}

function comparedSubject(index: TermIndex, term: number): number | undefined {
  const t = index.terms[term]!;
  if (t.t === "match") return t.arg;
  return t.t === "op" ? subjectAndLiteral(index, t.args)?.subject : undefined;
}

function pinKey(op: "equal" | "EqualS" | "==", subject: number, value: Scalar): string {
  const shown = op === "EqualS" && typeof value === "string" ? asciiLower(value) : value;
  return `${op}:${subject}:${JSON.stringify(shown)}`;
}

/**
 * A key for a test of a subject against a literal, or undefined for other
 * terms: an equality test (`equal`, `EqualS`, `==`) by the value it pins,
 * any other by its subject. Facts can make such a test true only if their
 * `anchors()` contain its key, which lets a caller skip guards that cannot
 * be implied without evaluating them (the pruning changes no verdict).
 */
export function anchorKey(index: TermIndex, term: number): string | undefined {
  const t = index.terms[term]!;
  if (t.t === "op" && (t.op === "equal" || t.op === "EqualS" || t.op === "==")) {
    const operands = subjectAndLiteral(index, t.args);
    if (operands) return pinKey(t.op, operands.subject, operands.literal);
  }
  const subject = comparedSubject(index, term);
  return subject === undefined ? undefined : `subject:${subject}`;
}

/** The facts of guard parts that all hold. */
export function factsOf(index: TermIndex, parts: readonly number[]): GuardFacts {
  const facts = new GuardFacts(index);
  for (const part of parts) facts.assume(part);
  return facts;
}

/**
 * Where a list of guard parts first contradicts itself: part `index` cannot
 * hold, by itself (a literal false) or given the parts before it; `cause` is
 * the one earlier part that rules it out alone, when there is one.
 */
export interface Contradiction {
  readonly index: number;
  readonly byItself: boolean;
  readonly cause?: number;
}

/** The first part that cannot hold given the parts before it (guards list outer conditions first). */
export function findContradiction(index: TermIndex, parts: readonly number[]): Contradiction | undefined {
  const facts = new GuardFacts(index);
  for (let i = 0; i < parts.length; i++) {
    if (cannotHold(facts.truthOf(parts[i]!))) return explain(index, parts, i);
    facts.assume(parts[i]!);
  }
  return undefined;
}

function explain(index: TermIndex, parts: readonly number[], i: number): Contradiction {
  const ruledOutBy = (earlier: readonly number[]) => cannotHold(factsOf(index, earlier).truthOf(parts[i]!));
  if (ruledOutBy([])) return { index: i, byItself: true };
  for (let j = 0; j < i; j++) if (ruledOutBy([parts[j]!])) return { index: i, byItself: false, cause: j };
  return { index: i, byItself: false };
}

/** Whether every message that satisfies `stronger` also satisfies `weaker`, as far as the facts show. */
export function implies(index: TermIndex, stronger: readonly number[], weaker: readonly number[]): boolean {
  return allTrue(factsOf(index, stronger), weaker);
}

export function allTrue(facts: GuardFacts, parts: readonly number[]): boolean {
  return parts.every((part) => facts.truthOf(part) === "true");
}
