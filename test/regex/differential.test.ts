import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileEre, parseEre } from "../../src/runtime/regex/index.js";

/**
 * Patterns from the subset where POSIX ERE and JavaScript (flags "su", plus
 * "i") mean the same thing, printed in both dialects. For a yes/no search,
 * leftmost-longest and leftmost-first agree, so `test` must agree.
 */
type Item = { kind: "char"; c: string } | { kind: "range"; from: string; to: string } | { kind: "class"; name: keyof typeof classInJs };
type Node =
  | { kind: "char"; c: string }
  | { kind: "any" }
  | { kind: "anchor"; c: "^" | "$" }
  | { kind: "bracket"; negated: boolean; items: Item[] }
  | { kind: "group"; body: Node }
  | { kind: "concat"; items: Node[] }
  | { kind: "alt"; branches: Node[] }
  | { kind: "repeat"; body: Node; min: number; max: number | undefined; form: "*" | "+" | "?" | "{}" };

const alphabet = ["a", "b", "c", "A", "B", "k", "s", "é", "É", "ß", "\u212a", "\u017f", "😀", "-", ".", "*", "]", "^", "$", "(", "{", "/", "1", " ", "\n"];
const rangeEnds = ["0", "3", "9", "A", "C", "K", "Z", "a", "c", "k", "s", "z", "à", "å", "😀", "😃"];
const classInJs = {
  digit: "0-9",
  alpha: "A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  alnum: "0-9A-Za-z",
  space: "\\t\\n\\v\\f\\r ",
  punct: "!-\\/:-@\\[-\\u{60}{-~",
  xdigit: "0-9A-Fa-f",
} as const;

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.constantFrom(...alphabet.filter((c) => c !== "\n")).map((c): Item => ({ kind: "char", c })),
  fc.tuple(fc.constantFrom(...rangeEnds), fc.constantFrom(...rangeEnds)).map(([x, y]): Item => {
    const [from, to] = x.codePointAt(0)! <= y.codePointAt(0)! ? [x, y] : [y, x];
    return { kind: "range", from, to };
  }),
  fc.constantFrom(...(Object.keys(classInJs) as (keyof typeof classInJs)[])).map((name): Item => ({ kind: "class", name })),
);

const quantifier = fc.oneof(
  fc.constantFrom({ min: 0, max: undefined, form: "*" as const }, { min: 1, max: undefined, form: "+" as const }, { min: 0, max: 1, form: "?" as const }),
  fc.tuple(fc.nat({ max: 3 }), fc.option(fc.nat({ max: 2 }), { nil: undefined }), fc.boolean()).map(([min, extra, bounded]) => ({
    min,
    max: bounded ? min + (extra ?? 0) : undefined,
    form: "{}" as const,
  })),
);

const { node } = fc.letrec<{ node: Node; leaf: Node }>((tie) => ({
  leaf: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...alphabet).map((c): Node => ({ kind: "char", c })) },
    { weight: 1, arbitrary: fc.constant<Node>({ kind: "any" }) },
    { weight: 1, arbitrary: fc.constantFrom<Node>({ kind: "anchor", c: "^" }, { kind: "anchor", c: "$" }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant("bracket" as const), negated: fc.boolean(), items: fc.array(item, { minLength: 1, maxLength: 3 }) }) },
  ),
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 4, arbitrary: tie("leaf") },
    { weight: 1, arbitrary: tie("node").map((body): Node => ({ kind: "group", body })) },
    { weight: 2, arbitrary: fc.array(tie("node"), { minLength: 2, maxLength: 4 }).map((items): Node => ({ kind: "concat", items })) },
    { weight: 1, arbitrary: fc.array(tie("node"), { minLength: 2, maxLength: 3 }).map((branches): Node => ({ kind: "alt", branches })) },
    { weight: 2, arbitrary: fc.tuple(tie("node"), quantifier).map(([body, q]): Node => ({ kind: "repeat", body, ...q })) },
  ),
}));

const hex = (c: string): string => `\\u{${c.codePointAt(0)!.toString(16)}}`;
const specialInEre = new Set([..."^.[]$()|*+?{}\\"]);

function quantifierText(n: Extract<Node, { kind: "repeat" }>): string {
  if (n.form !== "{}") return n.form;
  return n.max === undefined ? `{${n.min},}` : n.max === n.min ? `{${n.min}}` : `{${n.min},${n.max}}`;
}

/** Prints in ERE (dialect "ere") or JavaScript ("js") syntax; `wrap` parenthesises what a quantifier or concatenation cannot take bare. */
function print(n: Node, dialect: "ere" | "js", context: "top" | "concat" | "quantified" = "top"): string {
  const text = printBare(n, dialect);
  const needsGroup = (context === "quantified" && !["char", "any", "bracket", "group"].includes(n.kind)) || (context === "concat" && n.kind === "alt");
  return needsGroup ? `(${text})` : text;
}

function printBare(n: Node, dialect: "ere" | "js"): string {
  switch (n.kind) {
    case "char":
      return dialect === "js" ? hex(n.c) : specialInEre.has(n.c) ? `\\${n.c}` : n.c;
    case "any":
      return ".";
    case "anchor":
      return n.c;
    case "bracket":
      return dialect === "js" ? `[${n.negated ? "^" : ""}${n.items.map(itemInJs).join("")}]` : bracketInEre(n.negated, n.items);
    case "group":
      return `(${print(n.body, dialect)})`;
    case "concat":
      return n.items.map((x) => print(x, dialect, "concat")).join("");
    case "alt":
      return n.branches.map((x) => print(x, dialect)).join("|");
    case "repeat":
      return print(n.body, dialect, "quantified") + quantifierText(n);
  }
}

function itemInJs(i: Item): string {
  return i.kind === "char" ? hex(i.c) : i.kind === "range" ? `${hex(i.from)}-${hex(i.to)}` : classInJs[i.name];
}

/** POSIX placement rules: ']' first, '-' last, '^' anywhere but first. */
function bracketInEre(negated: boolean, items: Item[]): string {
  const text = (i: Item): string => (i.kind === "char" ? i.c : i.kind === "range" ? `${i.from}-${i.to}` : `[:${i.name}:]`);
  const isChar = (c: string) => (i: Item) => i.kind === "char" && i.c === c;
  const middle = items.filter((i) => !isChar("]")(i) && !isChar("-")(i) && !isChar("^")(i)).map(text);
  const caret = items.some(isChar("^")) ? "^" : "";
  let body = [items.some(isChar("]")) ? "]" : "", ...middle, caret, items.some(isChar("-")) ? "-" : ""].join("");
  // A '^' first would read as negation: with '-' alone beside it write "-^"; alone, a collating symbol.
  if (body === "^-") body = "-^";
  return `[${negated ? "^" : ""}${body === "^" ? "[.^.]" : body}]`;
}

/** A string the pattern is likely to match, to balance the random inputs. */
function sample(n: Node, pick: () => number): string {
  switch (n.kind) {
    case "char":
      return n.c;
    case "any":
      return alphabet[pick() % alphabet.length]!;
    case "anchor":
      return "";
    case "bracket": {
      const first = n.items[pick() % n.items.length]!;
      return n.negated ? "x" : first.kind === "char" ? first.c : first.kind === "range" ? first.from : "1";
    }
    case "group":
      return sample(n.body, pick);
    case "concat":
      return n.items.map((x) => sample(x, pick)).join("");
    case "alt":
      return sample(n.branches[pick() % n.branches.length]!, pick);
    case "repeat": {
      const count = n.min + (pick() % ((n.max ?? n.min + 2) - n.min + 1));
      return Array.from({ length: count }, () => sample(n.body, pick)).join("");
    }
  }
}

const input = fc.string({ unit: fc.constantFrom(...alphabet, "x", "S", "K"), maxLength: 10 });

describe("differential test against JavaScript RegExp", () => {
  it("agrees with new RegExp(p, 'su'/'sui').test on generated patterns and inputs", () => {
    const outcomes = { true: 0, false: 0 };
    fc.assert(
      fc.property(node, fc.array(input, { minLength: 4, maxLength: 4 }), fc.tuple(input, input), fc.integer(), (pattern, inputs, [before, after], seed) => {
        const ere = print(pattern, "ere");
        const js = print(pattern, "js");
        expect(parseEre(ere)).toMatchObject({ ok: true });
        let state = seed;
        const pick = () => (state = (state * 1103515245 + 12345) & 0x7fffffff);
        const all = [...inputs, before + sample(pattern, pick) + after];
        for (const caseInsensitive of [false, true]) {
          const reference = new RegExp(js, caseInsensitive ? "sui" : "su");
          const ours = compileEre(ere, { caseInsensitive });
          const tinyCache = compileEre(ere, { caseInsensitive, maxCachedStates: 2 });
          for (const text of all) {
            const expected = reference.test(text);
            outcomes[`${expected}`]++;
            expect({ ere, js, caseInsensitive, text, result: ours.test(text) }).toEqual({ ere, js, caseInsensitive, text, result: expected });
            expect(tinyCache.test(text)).toBe(expected);
          }
        }
      }),
      { numRuns: 2500 },
    );
    // Both answers occur often, so the comparison is not one-sided.
    expect(Math.min(outcomes.true, outcomes.false)).toBeGreaterThan(3000);
  });
});
