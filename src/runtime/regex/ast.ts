/**
 * The syntax tree of a POSIX extended regular expression. Offsets and lengths
 * count UTF-16 code units of the pattern string, like JavaScript string
 * indices, so a caller can point into the pattern it passed in.
 */

export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** The POSIX character class names, defined here over ASCII (the POSIX locale). */
export const posixClassNames = ["alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print", "graph", "cntrl", "xdigit"] as const;
export type PosixClassName = (typeof posixClassNames)[number];

/** One member of a bracket expression: a code point range (a single character has from === to) or a class. */
export type BracketItem = { readonly kind: "range"; readonly from: number; readonly to: number } | { readonly kind: "class"; readonly name: PosixClassName };

export type EreNode =
  | { readonly kind: "char"; readonly codePoint: number; readonly span: Span }
  /** `.`: any one character, newline included (POSIX without REG_NEWLINE). */
  | { readonly kind: "any"; readonly span: Span }
  | { readonly kind: "bracket"; readonly negated: boolean; readonly items: readonly BracketItem[]; readonly span: Span }
  /** `^`: holds only at the start of the input, wherever it appears in the pattern. */
  | { readonly kind: "start"; readonly span: Span }
  /** `$`: holds only at the end of the input, wherever it appears in the pattern. */
  | { readonly kind: "end"; readonly span: Span }
  | { readonly kind: "group"; readonly body: EreNode; readonly span: Span }
  | { readonly kind: "concat"; readonly items: readonly EreNode[]; readonly span: Span }
  | { readonly kind: "alternation"; readonly branches: readonly EreNode[]; readonly span: Span }
  /** `*` `+` `?` `{m}` `{m,}` `{m,n}`; `max` undefined means unbounded. */
  | { readonly kind: "repeat"; readonly min: number; readonly max: number | undefined; readonly body: EreNode; readonly span: Span };

export interface EreSyntaxError {
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

export type EreParseResult = { readonly ok: true; readonly ast: EreNode } | { readonly ok: false; readonly error: EreSyntaxError };
