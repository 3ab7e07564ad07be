import type { Span } from "../diagnostics/source.js";

/**
 * The abstract syntax tree shared by both front ends: P sources and IRML
 * documents are read into these nodes, so every later stage sees one shape.
 * Every node carries the half-open span of the text it came from.
 */

export interface NodeBase {
  readonly span: Span;
}

export interface Comment extends NodeBase {
  readonly kind: "Comment";
  readonly style: "block" | "line";
  /** The whole comment including its delimiters. */
  readonly text: string;
}

export interface Identifier extends NodeBase {
  readonly kind: "Identifier";
  readonly name: string;
}

export interface StringLiteral extends NodeBase {
  readonly kind: "StringLiteral";
  /** The decoded value (escapes resolved). */
  readonly value: string;
}

export interface NumberLiteral extends NodeBase {
  readonly kind: "NumberLiteral";
  readonly value: number;
}

export interface BooleanLiteral extends NodeBase {
  readonly kind: "BooleanLiteral";
  readonly value: boolean;
}

/** A reference to a name: a binding made with `:=`, a module or an imported member. */
export interface NameExpression extends NodeBase {
  readonly kind: "Name";
  readonly name: string;
}

export interface MemberExpression extends NodeBase {
  readonly kind: "Member";
  readonly object: Expression;
  readonly property: Identifier;
}

export interface CallExpression extends NodeBase {
  readonly kind: "Call";
  readonly callee: Expression;
  readonly args: readonly Expression[];
}

export type UnaryOperator = "not" | "-" | "+" | "import" | "try";

export interface UnaryExpression extends NodeBase {
  readonly kind: "Unary";
  readonly operator: UnaryOperator;
  /** Where the operator was written `!` (legacy spelling of `not`). */
  readonly legacySpelling?: "!";
  readonly operand: Expression;
}

export type StringOperator =
  | "equal" | "contains" | "begins_with" | "ends_with"
  | "EqualS" | "ContainS" | "Begins_witH" | "Ends_witH"
  | "matches" | "not_matches" | "matches_cs" | "not_matches_cs";

export type BinaryOperator =
  | "*" | "/" | "%" | "+" | "-"
  | StringOperator
  | "==" | "!=" | "<" | "<=" | ">" | ">="
  | "and" | "or" | "xor" | "otherwise";

export interface BinaryExpression extends NodeBase {
  readonly kind: "Binary";
  readonly operator: BinaryOperator;
  readonly operatorSpan: Span;
  readonly left: Expression;
  readonly right: Expression;
}

/** A `{ … }` code object used as a value (P §3.1: code is an object too). */
export interface CodeExpression extends NodeBase {
  readonly kind: "Code";
  readonly body: readonly Statement[];
}

/** Stands where the parser found no expression; a syntax error was reported there. */
export interface MissingExpression extends NodeBase {
  readonly kind: "Missing";
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral;

export type Expression =
  | Literal
  | NameExpression
  | MemberExpression
  | CallExpression
  | UnaryExpression
  | BinaryExpression
  | CodeExpression
  | MissingExpression;

export interface ExpressionStatement extends NodeBase {
  readonly kind: "ExpressionStatement";
  readonly expression: Expression;
}

export interface AssignmentStatement extends NodeBase {
  readonly kind: "Assignment";
  readonly name: Identifier;
  readonly value: Expression;
}

export interface BlockStatement extends NodeBase {
  readonly kind: "Block";
  readonly body: readonly Statement[];
}

export interface IfBranch extends NodeBase {
  readonly kind: "IfBranch";
  readonly condition: Expression;
  readonly body: BlockStatement;
}

export interface IfStatement extends NodeBase {
  readonly kind: "If";
  /** The `if` branch followed by every `elsif` branch, in order. */
  readonly branches: readonly IfBranch[];
  readonly otherwise?: BlockStatement;
}

export interface EmptyStatement extends NodeBase {
  readonly kind: "Empty";
}

/** `at response_out { … }`: statements that run at one activation point. */
export interface PointBlock extends NodeBase {
  readonly kind: "PointBlock";
  /** The point as written: a name (`response_out`) or an HTTP alias (`4`). */
  readonly point: Identifier | NumberLiteral;
  readonly body: BlockStatement;
}

export type Statement =
  | ExpressionStatement
  | AssignmentStatement
  | BlockStatement
  | IfStatement
  | EmptyStatement
  | PointBlock;

export type HeaderFieldName = "name" | "id" | "contact";

/** `name "…";`, `id "…";` or `contact "…";` in a module header or ruleset. */
export interface HeaderField extends NodeBase {
  readonly kind: "HeaderField";
  readonly key: HeaderFieldName;
  readonly keySpan: Span;
  readonly value: StringLiteral;
}

/** `rulemodule ["uri"] author self|delegate { fields }` */
export interface ModuleHeader extends NodeBase {
  readonly kind: "ModuleHeader";
  readonly uri?: StringLiteral;
  readonly author: "self" | "delegate";
  readonly authorSpan: Span;
  readonly fields: readonly HeaderField[];
}

export type EndpointClass = "consumer" | "provider";

/**
 * `ruleset authorized_by consumer|provider [group] "id" protocol NAME { … }`:
 * rules authorized by one endpoint (or a group of them) for one protocol.
 */
export interface RuleSet extends NodeBase {
  readonly kind: "RuleSet";
  readonly endpoint: EndpointClass;
  readonly endpointSpan: Span;
  readonly group: boolean;
  readonly authorizedBy: StringLiteral;
  readonly protocol: Identifier;
  readonly fields: readonly HeaderField[];
  readonly body: readonly Statement[];
}

export type TopLevelItem = Statement | RuleSet;

export interface Program extends NodeBase {
  readonly kind: "Program";
  /** The source path, as diagnostics print it. */
  readonly file: string;
  readonly language: "p" | "irml";
  readonly header?: ModuleHeader;
  readonly items: readonly TopLevelItem[];
  /** Comments in source order, kept for the formatter and for conversion. */
  readonly comments: readonly Comment[];
}

export type Node =
  | Program
  | ModuleHeader
  | HeaderField
  | RuleSet
  | Statement
  | IfBranch
  | Expression
  | Identifier
  | Comment;
