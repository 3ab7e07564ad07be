/**
 * A parser for POSIX extended regular expressions (IEEE Std 1003.1, XBD 9.4).
 * It accepts the portable ERE syntax and rejects, with the offset and a
 * message naming the construct, both what POSIX leaves undefined and the
 * Perl/JavaScript habits a host engine would read differently.
 */
import { type BracketItem, type EreNode, type EreParseResult, type EreSyntaxError, type PosixClassName, posixClassNames, type Span } from "./ast.js";

/** Largest repetition count: POSIX RE_DUP_MAX's guaranteed minimum, which every POSIX system accepts. */
export const MAX_REPEAT = 255;
/** Largest number of character positions (literals, `.`, brackets, anchors) after expanding counted repetitions. */
export const MAX_POSITIONS = 10_000;
/** Deepest nesting of groups. */
export const MAX_GROUP_DEPTH = 100;

/** Characters a backslash may quote outside brackets: the ERE specials, plus `/` and `-` that authors often escape. */
const quotable = new Set([..."^.[]$()|*+?{}\\/-"]);

/** Perl/JavaScript class escapes and what POSIX ERE writes instead. */
const perlClassEscapes: Readonly<Record<string, string>> = {
  d: "[[:digit:]]",
  D: "[^[:digit:]]",
  w: "[[:alnum:]_]",
  W: "[^[:alnum:]_]",
  s: "[[:space:]]",
  S: "[^[:space:]]",
};
const boundaryEscapes = new Set([..."bBAzZG<>"]);
const controlEscapes: Readonly<Record<string, string>> = { n: "newline", t: "tab", r: "carriage return", f: "form feed", v: "vertical tab" };

class SyntaxFailure extends Error {
  constructor(readonly detail: EreSyntaxError) {
    super(detail.message);
  }
}

function fail(offset: number, length: number, message: string): never {
  throw new SyntaxFailure({ offset, length, message });
}

function quote(text: string): string {
  return `'${text}'`;
}

class EreParser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly pattern: string) {}

  parse(): EreNode {
    if (this.pattern.length === 0) fail(0, 0, "the pattern is empty; POSIX leaves an empty ERE undefined (write '^' to match every value)");
    return this.alternation();
  }

  private peek(ahead = 0): string | undefined {
    return this.pattern[this.pos + ahead];
  }

  private span(start: number): Span {
    return { offset: start, length: this.pos - start };
  }

  private atBranchEnd(): boolean {
    const c = this.peek();
    return c === undefined || c === "|" || (c === ")" && this.depth > 0);
  }

  private alternation(): EreNode {
    const start = this.pos;
    const branches = [this.branch()];
    while (this.peek() === "|") {
      this.pos++;
      branches.push(this.branch());
    }
    return branches.length === 1 ? branches[0]! : { kind: "alternation", branches, span: this.span(start) };
  }

  private branch(): EreNode {
    const start = this.pos;
    if (this.atBranchEnd()) this.rejectEmptyBranch(start);
    const items: EreNode[] = [];
    while (!this.atBranchEnd()) items.push(this.piece());
    return items.length === 1 ? items[0]! : { kind: "concat", items, span: this.span(start) };
  }

  private rejectEmptyBranch(at: number): never {
    const bar = this.peek() === "|" ? at : at - 1;
    fail(Math.max(bar, 0), 1, "empty alternative: POSIX leaves it undefined; make the other alternatives optional with '?' instead");
  }

  private piece(): EreNode {
    const start = this.pos;
    let node = this.atom();
    let quantifierStart: number | undefined;
    while (this.isQuantifierStart()) {
      const here = this.pos;
      if (node.kind === "start" || node.kind === "end") {
        fail(here, 1, `${quote(this.peek()!)} cannot repeat the anchor ${quote(node.kind === "start" ? "^" : "$")}`);
      }
      if (quantifierStart !== undefined) this.rejectSecondQuantifier(quantifierStart);
      const [min, max] = this.quantifier();
      quantifierStart = here;
      node = { kind: "repeat", min, max, body: node, span: this.span(start) };
    }
    return node;
  }

  private isQuantifierStart(): boolean {
    const c = this.peek();
    return c === "*" || c === "+" || c === "?" || c === "{";
  }

  private rejectSecondQuantifier(firstStart: number): never {
    const c = this.peek()!;
    const length = this.pos + 1 - firstStart;
    if (c === "?") fail(firstStart, length, "lazy quantifiers ('*?', '+?', '??', '{m,n}?') are Perl/JavaScript syntax, not POSIX ERE");
    if (c === "+") fail(firstStart, length, "possessive quantifiers ('*+', '++', '?+') are Perl syntax, not POSIX ERE");
    fail(firstStart, length, "a quantifier cannot follow another quantifier (POSIX leaves 'a**' undefined); put the repeated part in parentheses first, e.g. '(a{2}){3}'");
  }

  /** Reads `*`, `+`, `?` or an interval; returns [min, max] with max undefined for unbounded. */
  private quantifier(): [number, number | undefined] {
    const c = this.peek()!;
    if (c !== "{") {
      this.pos++;
      return c === "*" ? [0, undefined] : c === "+" ? [1, undefined] : [0, 1];
    }
    const start = this.pos;
    this.pos++;
    const min = this.digits();
    const bounded = this.peek() !== ",";
    if (!bounded) this.pos++;
    const max = bounded ? min : this.digits();
    if (min === undefined || this.peek() !== "}") {
      fail(start, 1, "'{' must start an interval '{m}', '{m,}' or '{m,n}' with decimal counts (write '\\{' for a literal brace)");
    }
    this.pos++;
    const text = this.pattern.slice(start, this.pos);
    for (const count of [min, max]) {
      if (count !== undefined && count > MAX_REPEAT) fail(start, text.length, `repetition count ${count} in ${quote(text)} exceeds the maximum of ${MAX_REPEAT}`);
    }
    if (max !== undefined && max < min) fail(start, text.length, `invalid interval ${quote(text)}: the maximum is smaller than the minimum`);
    return [min, max];
  }

  /** A decimal count, or undefined when no digit follows. */
  private digits(): number | undefined {
    const start = this.pos;
    while (this.peek() !== undefined && this.peek()! >= "0" && this.peek()! <= "9") this.pos++;
    return this.pos === start ? undefined : Number(this.pattern.slice(start, this.pos));
  }

  private atom(): EreNode {
    const start = this.pos;
    const c = this.peek()!;
    switch (c) {
      case "*":
      case "+":
      case "?":
        fail(start, 1, `${quote(c)} has nothing to repeat`);
      case "{":
        fail(start, 1, "'{' has nothing to repeat (write '\\{' for a literal brace)");
      case "}":
        fail(start, 1, "unmatched '}' (write '\\}' for a literal brace)");
      case ")":
        fail(start, 1, "unmatched ')' (write '\\)' for a literal parenthesis)");
      case "^":
        this.pos++;
        return { kind: "start", span: this.span(start) };
      case "$":
        this.pos++;
        return { kind: "end", span: this.span(start) };
      case ".":
        this.pos++;
        return { kind: "any", span: this.span(start) };
      case "[":
        return this.bracket();
      case "(":
        return this.group();
      case "\\":
        return this.escape();
      default:
        return { kind: "char", codePoint: this.readCodePoint(), span: this.span(start) };
    }
  }

  private readCodePoint(): number {
    const cp = this.pattern.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  private group(): EreNode {
    const start = this.pos;
    if (this.peek(1) === "?") this.rejectPerlGroup(start);
    if (this.peek(1) === ")") fail(start, 2, "empty group '()': POSIX leaves it undefined; remove it, or make a part optional with '(…)?'");
    if (this.peek(1) === undefined) this.rejectUnclosedGroup(start);
    if (this.depth >= MAX_GROUP_DEPTH) fail(start, 1, `groups are nested more than ${MAX_GROUP_DEPTH} deep`);
    this.pos++;
    this.depth++;
    const body = this.alternation();
    this.depth--;
    if (this.peek() !== ")") this.rejectUnclosedGroup(start);
    this.pos++;
    return { kind: "group", body, span: this.span(start) };
  }

  private rejectUnclosedGroup(start: number): never {
    fail(start, 1, "unclosed group: this '(' has no matching ')'");
  }

  private rejectPerlGroup(start: number): never {
    const head = this.pattern.slice(start, start + 4);
    if (head.startsWith("(?=") || head.startsWith("(?!")) fail(start, 3, `lookahead ${quote(head.slice(0, 3))} is not part of POSIX ERE`);
    if (head === "(?<=" || head === "(?<!") fail(start, 4, `lookbehind ${quote(head)} is not part of POSIX ERE`);
    if (head.startsWith("(?<") || head.startsWith("(?P")) fail(start, 3, "named groups '(?<name>…)' are not part of POSIX ERE; use a plain group '(…)'");
    if (head.startsWith("(?:")) fail(start, 3, "non-capturing groups '(?:…)' are not part of POSIX ERE; a plain group '(…)' does the same here");
    fail(start, 2, "'(?' group modifiers are Perl/JavaScript syntax, not POSIX ERE");
  }

  private escape(): EreNode {
    const start = this.pos;
    const next = this.peek(1);
    if (next === undefined) fail(start, 1, "the pattern ends with a lone backslash (write '\\\\' for a backslash)");
    const escaped = `\\${next}`;
    if (next >= "1" && next <= "9") fail(start, 2, `backreferences (${quote(escaped)}) are not part of POSIX ERE`);
    const posix = perlClassEscapes[next];
    if (posix !== undefined) fail(start, 2, `${quote(escaped)} is Perl/JavaScript syntax, not POSIX ERE; write ${quote(posix)}`);
    if (boundaryEscapes.has(next)) fail(start, 2, `${quote(escaped)} (a word or text boundary) is not part of POSIX ERE; use '^', '$' or a bracket expression`);
    const control = controlEscapes[next];
    if (control !== undefined) fail(start, 2, `${quote(escaped)} is not a POSIX ERE escape; put the ${control} character itself in the pattern`);
    if (!quotable.has(next)) fail(start, 2, `${quote(escaped)} is not a POSIX ERE escape; a backslash may only quote one of ^.[]$()|*+?{}\\/-`);
    this.pos += 2;
    return { kind: "char", codePoint: next.codePointAt(0)!, span: this.span(start) };
  }

  /** `[abc]`, `[^a-z]`, `[]a]`, `[a-]`, `[[:alpha:]]`, `[[.-.]]`, `[[=e=]]`. */
  private bracket(): EreNode {
    const start = this.pos;
    this.pos++;
    const negated = this.peek() === "^";
    if (negated) this.pos++;
    const items: BracketItem[] = [];
    for (let first = true; ; first = false) {
      const c = this.peek();
      if (c === undefined) fail(start, 1, "unclosed bracket expression: this '[' has no matching ']'");
      if (c === "]" && !first) break;
      items.push(this.bracketMember());
    }
    this.pos++;
    return { kind: "bracket", negated, items, span: this.span(start) };
  }

  /** One character, range or class; a range is `x-y` where the `-` is not the last character before `]`. */
  private bracketMember(): BracketItem {
    const start = this.pos;
    const from = this.bracketElement();
    if (this.peek() !== "-" || this.peek(1) === "]" || this.peek(1) === undefined) return from;
    if (from.kind === "class") fail(start, this.pos - start, "a character class cannot start a range");
    this.pos++;
    const endStart = this.pos;
    const to = this.bracketElement();
    if (to.kind === "class") fail(endStart, this.pos - endStart, "a character class cannot end a range");
    if (to.from < from.from) {
      fail(start, this.pos - start, `invalid range ${quote(this.pattern.slice(start, this.pos))}: ${quote(String.fromCodePoint(to.from))} comes before ${quote(String.fromCodePoint(from.from))}`);
    }
    return { kind: "range", from: from.from, to: to.from };
  }

  /** A single character (as a one-element range) or a class. Equivalence classes `[=c=]` stand for `c` alone. */
  private bracketElement(): BracketItem {
    const start = this.pos;
    const c = this.peek()!;
    const delimiter = this.peek(1);
    if (c === "[" && (delimiter === ":" || delimiter === "." || delimiter === "=")) {
      const close = this.pattern.indexOf(`${delimiter}]`, this.pos + 2);
      if (close < 0) fail(start, 2, `unclosed ${quote(`[${delimiter}`)}: write ${quote(`[${delimiter}…${delimiter}]`)}`);
      const name = this.pattern.slice(this.pos + 2, close);
      this.pos = close + 2;
      if (delimiter === ":") return { kind: "class", name: this.className(name, start) };
      const codePoints = [...name];
      if (codePoints.length !== 1) {
        fail(start, this.pos - start, `only single characters are supported inside ${quote(`[${delimiter}…${delimiter}]`)} (no locale collating elements)`);
      }
      const cp = codePoints[0]!.codePointAt(0)!;
      return { kind: "range", from: cp, to: cp };
    }
    if (c === "\\" && delimiter !== undefined && perlClassEscapes[delimiter] !== undefined) {
      fail(start, 2, `inside a bracket expression a backslash is an ordinary character, so ${quote(`\\${delimiter}`)} does not mean ${quote(perlClassEscapes[delimiter]!)}; write the class itself`);
    }
    const cp = this.readCodePoint();
    return { kind: "range", from: cp, to: cp };
  }

  private className(name: string, start: number): PosixClassName {
    const known = posixClassNames.find((candidate) => candidate === name);
    if (known === undefined) fail(start, this.pos - start, `unknown character class ${quote(`[:${name}:]`)}; POSIX defines ${posixClassNames.join(", ")}`);
    return known;
  }
}

/** Character positions after counted repetitions are expanded, which is what the matcher builds. */
function expandedPositions(node: EreNode): number {
  switch (node.kind) {
    case "char":
    case "any":
    case "bracket":
    case "start":
    case "end":
      return 1;
    case "group":
      return expandedPositions(node.body);
    case "concat":
      return node.items.reduce((sum, item) => sum + expandedPositions(item), 0);
    case "alternation":
      return node.branches.reduce((sum, branch) => sum + expandedPositions(branch), 0);
    case "repeat":
      return expandedPositions(node.body) * Math.max(node.max ?? node.min + 1, 1);
  }
}

export function parseEre(pattern: string): EreParseResult {
  try {
    const ast = new EreParser(pattern).parse();
    const positions = expandedPositions(ast);
    if (positions > MAX_POSITIONS) {
      return {
        ok: false,
        error: {
          offset: 0,
          length: pattern.length,
          message: `the pattern is too large: its repetition counts expand it to ${positions} character positions, more than the limit of ${MAX_POSITIONS}`,
        },
      };
    }
    return { ok: true, ast };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: error.detail };
    throw error;
  }
}
