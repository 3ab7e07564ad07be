import "../polyfills.js";
import { EmbeddedActionsParser, EOF, type IOrAlt, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
import type * as A from "./ast.js";
import { tokenSpan, type AstBuilder } from "./build-ast.js";
import { OperatorChain } from "./operator-chain.js";
import * as T from "./tokens.js";

/** Human-readable name of a token type for messages ("';'", "identifier"). */
export function describeTokenType(type: TokenType): string {
  if (type === EOF) return "end of file";
  return typeof type.LABEL === "string" ? type.LABEL : type.name;
}

export function describeToken(token: IToken): string {
  return token.tokenType === EOF ? "end of file" : `'${token.image}'`;
}

/** What a rule stands for, when the parser found none of its alternatives. */
const ruleDescriptions: Record<string, string> = {
  topLevelItem: "a statement or ruleset",
  rulesetItem: "a statement or point block",
  statement: "a statement",
  expressionStatement: "';'",
  operand: "an expression",
  primary: "an expression",
  suffix: "'.' or '('",
  headerField: "'name', 'id' or 'contact'",
  pointName: "an activation point",
  authorKind: "'self' or 'delegate'",
  endpointClass: "'consumer' or 'provider'",
};

function describeAlternatives(paths: TokenType[][][]): string {
  const firsts = new Set<string>();
  for (const alternative of paths) for (const path of alternative) if (path[0]) firsts.add(describeTokenType(path[0]));
  return [...firsts].slice(0, 6).join(", ");
}

const messages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, actual }) => `expected ${describeTokenType(expected)} but found ${describeToken(actual)}`,
  buildNotAllInputParsedMessage: ({ firstRedundant }) => `expected a statement but found ${describeToken(firstRedundant)}`,
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual, ruleName }) => {
    const wanted = ruleDescriptions[ruleName] ?? describeAlternatives(expectedPathsPerAlt);
    return `expected ${wanted} but found ${describeToken(actual[0]!)}`;
  },
  buildEarlyExitMessage: ({ expectedIterationPaths, actual, ruleName }) => {
    const wanted = ruleDescriptions[ruleName] ?? describeAlternatives([expectedIterationPaths]);
    return `expected ${wanted} but found ${describeToken(actual[0]!)}`;
  },
};

/**
 * What a rule returns while chevrotain records the grammar: it runs every
 * rule once with placeholder tokens, and nothing reads the result. The hot
 * rules test RECORDING_PHASE instead of wrapping their actions in ACTION
 * closures, which would be allocated on every call.
 */
const recording = undefined as never;

/**
 * The grammar of P with the rule-module extension. Its actions build the AST
 * directly (through an AstBuilder, which also reports what the grammar alone
 * cannot catch), so a file is read in one pass without a concrete syntax tree.
 *
 * An expression is read as a flat sequence of operands and operators and
 * arranged by the precedence table of src/syntax/precedence.ts, instead of
 * one rule per precedence level: that kept the work per operand constant
 * and made parsing several times faster.
 */
class PParser extends EmbeddedActionsParser {
  /** Set for each file by `parse`; actions only run after that. */
  private build!: AstBuilder;
  /**
   * What the file rule has read so far. Kept outside the rule so that the
   * items before an error the parser could not recover from still count.
   */
  private header: A.ModuleHeader | undefined;
  private items: A.TopLevelItem[] = [];
  /**
   * Operator chains by nesting depth, reused: a new chain per expression
   * made a fifth of the bytes a whole compile allocated. An expression that
   * error recovery abandons leaves the depth one higher; the expression
   * around it puts its own depth back after each operand, and `parse` starts
   * each file at 0.
   */
  private readonly chains: OperatorChain[] = [];
  private chainDepth = 0;

  constructor() {
    super(T.parserTokens, { recoveryEnabled: true, errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  /** Reads the token vector of one file. */
  parse(tokens: IToken[], build: AstBuilder): { header: A.ModuleHeader | undefined; items: A.TopLevelItem[] } {
    this.build = build;
    this.header = undefined;
    this.items = [];
    this.chainDepth = 0;
    this.input = tokens;
    this.file();
    return { header: this.header, items: this.items };
  }

  /** Offset just past the last token consumed, or `fallback` before the first. */
  private endOfConsumed(fallback: number): number {
    const last = this.LA(0);
    return last.startOffset >= 0 ? last.startOffset + last.image.length : fallback;
  }

  /** Where the next token starts (the end of the previous one at the end of input). */
  private nextStart(): number {
    const next = this.LA(1);
    return next.startOffset >= 0 ? next.startOffset : this.endOfConsumed(0);
  }

  private spanFrom(start: number): A.NodeBase["span"] {
    return { start, end: Math.max(start, this.endOfConsumed(start)) };
  }

  private readonly file = this.RULE("file", () => {
    const header = this.OPTION(() => this.SUBRULE(this.moduleHeader));
    if (!this.RECORDING_PHASE) this.header = header;
    this.MANY(() => {
      const item = this.SUBRULE(this.topLevelItem);
      if (item && !this.RECORDING_PHASE) this.items.push(item);
    });
  });

  private readonly moduleHeader = this.RULE("moduleHeader", (): A.ModuleHeader => {
    const start = this.nextStart();
    this.CONSUME(T.RuleModule);
    const uri = this.OPTION(() => this.CONSUME(T.StringToken));
    this.CONSUME(T.Author);
    const author = this.SUBRULE(this.authorKind);
    this.CONSUME(T.LCurly);
    const fields = this.headerFields();
    this.CONSUME(T.RCurly);
    return this.ACTION(() => this.build.moduleHeader({ uri, author }, fields, this.spanFrom(start)));
  });

  private readonly authorKind = this.RULE("authorKind", () =>
    this.OR([{ ALT: () => this.CONSUME(T.Self) }, { ALT: () => this.CONSUME(T.Delegate) }]),
  );

  /**
   * The fields at the start of a header or ruleset. Not a rule of its own:
   * in a ruleset, `name := …;` is a statement, and telling it from a field
   * takes the second token, which chevrotain only looks at within one rule.
   */
  private headerFields(): A.HeaderField[] {
    const fields: A.HeaderField[] = [];
    this.MANY(() => {
      const field = this.SUBRULE(this.headerField);
      if (field && !this.RECORDING_PHASE) fields.push(field);
    });
    return fields;
  }

  private readonly headerField = this.RULE("headerField", (): A.HeaderField | undefined => {
    const key = this.OR([{ ALT: () => this.CONSUME(T.NameKw) }, { ALT: () => this.CONSUME(T.IdKw) }, { ALT: () => this.CONSUME(T.ContactKw) }]);
    const value = this.CONSUME(T.StringToken);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => this.build.headerField(key, value, this.spanFrom(key.startOffset)));
  });

  private readonly topLevelItem = this.RULE("topLevelItem", (): A.TopLevelItem | undefined =>
    this.OR([{ ALT: () => this.SUBRULE(this.ruleSet) }, { ALT: () => this.SUBRULE(this.statement) }]),
  );

  private readonly ruleSet = this.RULE("ruleSet", (): A.RuleSet => {
    const start = this.nextStart();
    this.CONSUME(T.RuleSetKw);
    this.CONSUME(T.AuthorizedBy);
    const endpoint = this.SUBRULE(this.endpointClass);
    const group = this.OPTION(() => this.CONSUME(T.Group));
    const id = this.CONSUME(T.StringToken);
    this.CONSUME(T.ProtocolKw);
    const protocol = this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    const fields = this.headerFields();
    const body: A.Statement[] = [];
    this.MANY2(() => {
      const item = this.SUBRULE(this.rulesetItem);
      if (item) body.push(item);
    });
    this.CONSUME(T.RCurly);
    return this.ACTION(() => this.build.ruleSet({ endpoint, group, id, protocol }, fields, body, this.spanFrom(start)));
  });

  private readonly endpointClass = this.RULE("endpointClass", () =>
    this.OR([{ ALT: () => this.CONSUME(T.Consumer) }, { ALT: () => this.CONSUME(T.Provider) }]),
  );

  private readonly rulesetItem = this.RULE("rulesetItem", (): A.Statement | undefined =>
    this.OR([{ ALT: () => this.SUBRULE(this.pointBlock) }, { ALT: () => this.SUBRULE(this.statement) }]),
  );

  private readonly pointBlock = this.RULE("pointBlock", (): A.PointBlock => {
    const start = this.nextStart();
    this.CONSUME(T.At);
    const point = this.SUBRULE(this.pointName);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => this.build.pointBlock(point, body, this.spanFrom(start)));
  });

  private readonly pointName = this.RULE("pointName", () =>
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]),
  );

  private readonly block = this.RULE("block", (): A.BlockStatement => {
    const start = this.nextStart();
    this.CONSUME(T.LCurly);
    const body = this.SUBRULE(this.statements);
    this.CONSUME(T.RCurly);
    return { kind: "Block", span: this.spanFrom(start), body };
  });

  private readonly statements = this.RULE("statements", () => {
    const body: A.Statement[] = [];
    this.MANY(() => {
      const statement = this.SUBRULE(this.statement);
      if (statement) body.push(statement);
    });
    return body;
  });

  private readonly statement = this.RULE("statement", (): A.Statement | undefined => this.OR(this.statementAlternatives));

  // The alternatives of the rules run once per statement or operand are built
  // once: a fresh array of closures per call made the parser allocation-bound.
  private readonly statementAlternatives: IOrAlt<A.Statement | undefined>[] = [
    { ALT: () => this.SUBRULE(this.ifStatement) },
    { ALT: () => ({ kind: "Empty", span: tokenSpan(this.CONSUME(T.Semicolon)) }) as A.EmptyStatement },
    { ALT: () => this.SUBRULE(this.expressionStatement) },
  ];

  private readonly ifStatement = this.RULE("ifStatement", (): A.IfStatement => {
    const start = this.nextStart();
    this.CONSUME(T.If);
    const branches: A.IfBranch[] = [];
    const first = this.SUBRULE(this.conditionalBlock, { ARGS: [start] });
    this.ACTION(() => branches.push(first));
    this.MANY(() => {
      const clauseStart = this.nextStart();
      this.CONSUME(T.Elsif);
      const branch = this.SUBRULE2(this.conditionalBlock, { ARGS: [clauseStart] });
      this.ACTION(() => branches.push(branch));
    });
    const otherwise = this.OPTION(() => {
      const clauseStart = this.nextStart();
      this.CONSUME(T.Else);
      const body = this.SUBRULE(this.block);
      return this.ACTION(() => body ?? this.build.emptyBlock(this.spanFrom(clauseStart)));
    });
    return { kind: "If", span: this.spanFrom(start), branches, ...(otherwise ? { otherwise } : {}) };
  });

  /** `( condition ) { … }` after `if` or `elsif`; the branch starts at that keyword. */
  private readonly conditionalBlock = this.RULE("conditionalBlock", (start: number): A.IfBranch => {
    this.CONSUME(T.LParen);
    const condition = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    const body = this.SUBRULE(this.block);
    return this.ACTION(() => {
      const whole = this.spanFrom(start);
      const block = body ?? this.build.emptyBlock(whole);
      return { kind: "IfBranch", span: { start, end: block.span.end }, condition: condition ?? this.build.missing(whole), body: block };
    });
  });

  /**
   * `expr ;` or `target := expr ;`. The target is parsed as an expression so
   * that `f() := x` is reported as a bad target at that statement only.
   * The `;` may be left out after a `}` (draft Fig. 23 ends `{…} otherwise {…}`).
   */
  private readonly expressionStatement = this.RULE("expressionStatement", (): A.Statement => {
    const start = this.nextStart();
    const target = this.SUBRULE(this.expression);
    const value = this.OPTION(() => {
      this.CONSUME(T.Assign);
      return this.SUBRULE2(this.expression) ?? null;
    });
    this.OR(this.statementEnd);
    return this.RECORDING_PHASE ? recording : this.build.expressionStatement(target, value, this.spanFrom(start));
  });

  /** `;`, which may be left out after `}`. */
  private readonly statementEnd: IOrAlt<unknown>[] = [{ ALT: () => this.CONSUME(T.Semicolon) }, { GATE: () => this.LA(0).tokenType === T.RCurly, ALT: () => {} }];

  /**
   * A whole expression: operands joined by binary operators, each operand
   * possibly preceded by `try` or `import`. The parser reads the sequence
   * flat; an OperatorChain arranges it by precedence.
   *
   * Its repetitions' bodies, like those of `operand`, are built once: closures
   * over the rules' locals, made per expression and per operand, were a fifth
   * of what parsing allocated. So the chain being filled is found by depth.
   */
  private readonly expression = this.RULE("expression", (): A.Expression => {
    const depth = this.RECORDING_PHASE ? 0 : this.openChain();
    this.MANY(this.leadingLoosePrefix);
    this.chainOperand(depth, this.nextStart(), this.SUBRULE(this.operand));
    this.MANY2(this.binaryOperation);
    return this.RECORDING_PHASE ? recording : this.closeChain(depth);
  });

  private readonly leadingLoosePrefix = () => this.loosePrefix(this.CONSUME(T.LoosePrefixOp));

  /** An operator and its right operand, with its own loose prefixes. */
  private readonly binaryOperation = () => {
    const depth = this.chainDepth;
    const operator = this.CONSUME(T.BinaryOp);
    if (!this.RECORDING_PHASE) this.chains[depth - 1]!.binary(operator);
    this.MANY3(this.innerLoosePrefix);
    this.chainOperand(depth, this.nextStart(), this.SUBRULE2(this.operand));
  };

  private readonly innerLoosePrefix = () => this.loosePrefix(this.CONSUME2(T.LoosePrefixOp));

  /** Starts the chain of a new expression; returns the depth that finds it. */
  private openChain(): number {
    (this.chains[this.chainDepth] ??= new OperatorChain()).begin(this.build);
    return ++this.chainDepth;
  }

  private closeChain(depth: number): A.Expression {
    this.chainDepth = depth - 1;
    return this.chains[depth - 1]!.finish();
  }

  private loosePrefix(operator: IToken): void {
    if (!this.RECORDING_PHASE) this.chains[this.chainDepth - 1]!.loosePrefix(operator);
  }

  /** `start` is taken before the operand is read, so its extent covers the parentheses around it. */
  private chainOperand(depth: number, start: number, operand: A.Expression | undefined): void {
    if (this.RECORDING_PHASE) return;
    this.chainDepth = depth;
    this.chains[depth - 1]!.operand(operand ?? this.build.missing({ start, end: start }), start, this.endOfConsumed(start));
  }

  /**
   * An operand: a tight prefix operator (`not`, `-`, `+`) and its operand, or
   * a primary expression followed by members and calls. No suffix ever
   * follows a prefixed operand here: the innermost operand has already taken
   * them all (`not a.b` is `not (a.b)`), so one rule serves both forms.
   */
  private readonly operand = this.RULE("operand", (): A.Expression => {
    const start = this.nextStart();
    this.suffixed = this.OR(this.operandAlternatives);
    this.suffixedStart = start;
    this.MANY(this.suffix);
    return this.suffixed;
  });

  /**
   * What the operand being read has become so far and where it starts: fields
   * rather than locals of `operand`, so that its repetition body is built once.
   * A suffix's arguments hold operands of their own, so `suffix` keeps both in
   * locals while it reads them.
   */
  private suffixed: A.Expression | undefined;
  private suffixedStart = 0;

  /** `.name` or `(…)` after an operand. */
  private readonly suffix = () => {
    const object = this.suffixed;
    const start = this.suffixedStart;
    const suffix = this.OR2(this.suffixAlternatives);
    if (this.RECORDING_PHASE) return;
    this.suffixed = Array.isArray(suffix) ? this.build.call(object, suffix, this.spanFrom(start)) : this.build.member(object, suffix, this.spanFrom(start));
    this.suffixedStart = start;
  };

  private readonly operandAlternatives: IOrAlt<A.Expression>[] = [
    { ALT: () => this.prefixed(this.CONSUME(T.UnaryOp), this.SUBRULE(this.operand)) },
    { ALT: () => this.leaf(this.CONSUME(T.StringToken)) },
    { ALT: () => this.leaf(this.CONSUME(T.NumberLiteral)) },
    { ALT: () => this.leaf(this.CONSUME(T.True)) },
    { ALT: () => this.leaf(this.CONSUME(T.False)) },
    { ALT: () => this.leaf(this.CONSUME(T.Identifier)) },
    { ALT: () => this.SUBRULE(this.parenthesized) },
    { ALT: () => this.SUBRULE(this.codeValue) },
  ];

  private prefixed(operator: IToken, operand: A.Expression | undefined): A.Expression {
    return this.RECORDING_PHASE ? recording : this.build.unary(operator, operand, this.spanFrom(operator.startOffset));
  }

  private leaf(token: IToken): A.Expression {
    return this.RECORDING_PHASE ? recording : this.build.leaf(token);
  }

  /** `.name` gives the member's token, `(…)` the arguments. */
  private readonly suffixAlternatives: IOrAlt<IToken | A.Expression[]>[] = [
    {
      ALT: () => {
        this.CONSUME(T.Dot);
        return this.CONSUME(T.MemberName);
      },
    },
    { ALT: () => this.SUBRULE(this.callArguments) },
  ];

  private readonly callArguments = this.RULE("callArguments", (): A.Expression[] => {
    const start = this.nextStart();
    const args: A.Expression[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        const arg = this.SUBRULE(this.expression);
        if (!this.RECORDING_PHASE) args.push(arg ?? this.build.missing(this.spanFrom(start)));
      },
    });
    this.CONSUME(T.RParen);
    return args;
  });

  /** Parentheses group; the expression inside keeps its own span. */
  private readonly parenthesized = this.RULE("parenthesized", (): A.Expression => {
    const start = this.nextStart();
    this.CONSUME(T.LParen);
    const inner = this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
    return this.ACTION(() => inner ?? this.build.missing(this.spanFrom(start)));
  });

  /** A `{ … }` code value (P §3.1); as a whole statement it is a compound statement instead. */
  private readonly codeValue = this.RULE("codeValue", (): A.CodeExpression => {
    const block = this.SUBRULE(this.block);
    return this.ACTION(() => ({ kind: "Code", span: block.span, body: block.body }));
  });
}

/** One parser for the process: chevrotain parsers are reusable and costly to build. */
export const pParser = new PParser();
