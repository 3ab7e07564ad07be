import "../polyfills.js";
import { CstParser, EOF, type IParserErrorMessageProvider, type IToken, type TokenType } from "chevrotain";
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
  primary: "an expression",
  unary: "an expression",
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
 * The grammar of P with the rule-module extension. Precedence follows draft
 * -02 §3.3 (docs/language.md records the gaps we filled); one rule per level.
 */
class PParser extends CstParser {
  constructor() {
    super(T.parserTokens, { recoveryEnabled: true, nodeLocationTracking: "onlyOffset", errorMessageProvider: messages, maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  readonly file = this.RULE("file", () => {
    this.OPTION(() => this.SUBRULE(this.moduleHeader));
    this.MANY(() => this.SUBRULE(this.topLevelItem));
  });

  readonly moduleHeader = this.RULE("moduleHeader", () => {
    this.CONSUME(T.RuleModule);
    this.OPTION(() => this.CONSUME(T.StringToken));
    this.CONSUME(T.Author);
    this.SUBRULE(this.authorKind);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.headerField));
    this.CONSUME(T.RCurly);
  });

  readonly authorKind = this.RULE("authorKind", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Self) }, { ALT: () => this.CONSUME(T.Delegate) }]);
  });

  readonly headerField = this.RULE("headerField", () => {
    this.OR([{ ALT: () => this.CONSUME(T.NameKw) }, { ALT: () => this.CONSUME(T.IdKw) }, { ALT: () => this.CONSUME(T.ContactKw) }]);
    this.CONSUME(T.StringToken);
    this.CONSUME(T.Semicolon);
  });

  readonly topLevelItem = this.RULE("topLevelItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.ruleSet) }, { ALT: () => this.SUBRULE(this.statement) }]);
  });

  readonly ruleSet = this.RULE("ruleSet", () => {
    this.CONSUME(T.RuleSetKw);
    this.CONSUME(T.AuthorizedBy);
    this.SUBRULE(this.endpointClass);
    this.OPTION(() => this.CONSUME(T.Group));
    this.CONSUME(T.StringToken);
    this.CONSUME(T.ProtocolKw);
    this.CONSUME(T.Identifier);
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.headerField));
    this.MANY2(() => this.SUBRULE(this.rulesetItem));
    this.CONSUME(T.RCurly);
  });

  readonly endpointClass = this.RULE("endpointClass", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Consumer) }, { ALT: () => this.CONSUME(T.Provider) }]);
  });

  readonly rulesetItem = this.RULE("rulesetItem", () => {
    this.OR([{ ALT: () => this.SUBRULE(this.pointBlock) }, { ALT: () => this.SUBRULE(this.statement) }]);
  });

  readonly pointBlock = this.RULE("pointBlock", () => {
    this.CONSUME(T.At);
    this.SUBRULE(this.pointName);
    this.SUBRULE(this.block);
  });

  readonly pointName = this.RULE("pointName", () => {
    this.OR([{ ALT: () => this.CONSUME(T.Identifier) }, { ALT: () => this.CONSUME(T.NumberLiteral) }]);
  });

  readonly block = this.RULE("block", () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(T.RCurly);
  });

  readonly statement = this.RULE("statement", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.ifStatement) },
      { ALT: () => this.CONSUME(T.Semicolon) },
      { ALT: () => this.SUBRULE(this.expressionStatement) },
    ]);
  });

  readonly ifStatement = this.RULE("ifStatement", () => {
    this.CONSUME(T.If);
    this.SUBRULE(this.condition);
    this.SUBRULE(this.block);
    this.MANY(() => this.SUBRULE(this.elsifClause));
    this.OPTION(() => this.SUBRULE(this.elseClause));
  });

  readonly elsifClause = this.RULE("elsifClause", () => {
    this.CONSUME(T.Elsif);
    this.SUBRULE(this.condition);
    this.SUBRULE(this.block);
  });

  readonly elseClause = this.RULE("elseClause", () => {
    this.CONSUME(T.Else);
    this.SUBRULE(this.block);
  });

  readonly condition = this.RULE("condition", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });

  /**
   * `expr ;` or `target := expr ;`. The target is parsed as an expression so
   * that `f() := x` is reported as a bad target at that statement only.
   * The `;` may be left out after a `}` (draft Fig. 23 ends `{…} otherwise {…}`).
   */
  readonly expressionStatement = this.RULE("expressionStatement", () => {
    this.SUBRULE(this.expression);
    this.OPTION(() => {
      this.CONSUME(T.Assign);
      this.SUBRULE2(this.expression);
    });
    this.OR([
      { ALT: () => this.CONSUME(T.Semicolon) },
      { GATE: () => this.LA(0).tokenType === T.RCurly, ALT: () => {} },
    ]);
  });

  readonly expression = this.RULE("expression", () => {
    this.SUBRULE(this.tryExpression);
    this.MANY(() => {
      this.CONSUME(T.Otherwise);
      this.SUBRULE2(this.tryExpression);
    });
  });

  readonly tryExpression = this.RULE("tryExpression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Try);
          this.SUBRULE(this.tryExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.xorExpression) },
    ]);
  });

  readonly xorExpression = this.RULE("xorExpression", () => {
    this.SUBRULE(this.orExpression);
    this.MANY(() => {
      this.CONSUME(T.Xor);
      this.SUBRULE2(this.orExpression);
    });
  });

  readonly orExpression = this.RULE("orExpression", () => {
    this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or);
      this.SUBRULE2(this.andExpression);
    });
  });

  readonly andExpression = this.RULE("andExpression", () => {
    this.SUBRULE(this.comparison);
    this.MANY(() => {
      this.CONSUME(T.And);
      this.SUBRULE2(this.comparison);
    });
  });

  readonly comparison = this.RULE("comparison", () => {
    this.SUBRULE(this.importExpression);
    this.MANY(() => {
      this.CONSUME(T.CompareOp);
      this.SUBRULE2(this.importExpression);
    });
  });

  readonly importExpression = this.RULE("importExpression", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Import);
          this.SUBRULE(this.importExpression);
        },
      },
      { ALT: () => this.SUBRULE(this.stringExpression) },
    ]);
  });

  readonly stringExpression = this.RULE("stringExpression", () => {
    this.SUBRULE(this.additive);
    this.MANY(() => {
      this.CONSUME(T.StringOp);
      this.SUBRULE2(this.additive);
    });
  });

  readonly additive = this.RULE("additive", () => {
    this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      this.CONSUME(T.AdditiveOp);
      this.SUBRULE2(this.multiplicative);
    });
  });

  readonly multiplicative = this.RULE("multiplicative", () => {
    this.SUBRULE(this.unary);
    this.MANY(() => {
      this.CONSUME(T.MultiplicativeOp);
      this.SUBRULE2(this.unary);
    });
  });

  readonly unary = this.RULE("unary", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.UnaryOp);
          this.SUBRULE(this.unary);
        },
      },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  readonly postfix = this.RULE("postfix", () => {
    this.SUBRULE(this.primary);
    this.MANY(() => this.SUBRULE(this.suffix));
  });

  readonly suffix = this.RULE("suffix", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Dot);
          this.CONSUME(T.MemberName);
        },
      },
      { ALT: () => this.SUBRULE(this.callArguments) },
    ]);
  });

  readonly callArguments = this.RULE("callArguments", () => {
    this.CONSUME(T.LParen);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression) });
    this.CONSUME(T.RParen);
  });

  readonly primary = this.RULE("primary", () => {
    this.OR([
      { ALT: () => this.CONSUME(T.StringToken) },
      { ALT: () => this.CONSUME(T.NumberLiteral) },
      { ALT: () => this.CONSUME(T.True) },
      { ALT: () => this.CONSUME(T.False) },
      { ALT: () => this.CONSUME(T.Identifier) },
      { ALT: () => this.SUBRULE(this.parenthesized) },
      { ALT: () => this.SUBRULE(this.block) },
    ]);
  });

  readonly parenthesized = this.RULE("parenthesized", () => {
    this.CONSUME(T.LParen);
    this.SUBRULE(this.expression);
    this.CONSUME(T.RParen);
  });
}

/** One parser for the process: chevrotain parsers are reusable and costly to build. */
export const pParser = new PParser();
