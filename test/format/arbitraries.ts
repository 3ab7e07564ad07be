import fc from "fast-check";
import type * as A from "../../src/syntax/ast.js";

/**
 * Random valid P programs as ASTs: every operator and precedence level,
 * nested if/elsif/else, blocks, code values, the module header, rulesets and
 * point blocks. Spans are placeholders; tests compare trees without them.
 */

const span = { start: 0, end: 0 };

/**
 * Names a statement may start with. `ruleset`, `rulemodule` and `at` are left
 * out: the parser takes them for the extension's keywords at the start of a
 * statement (see the formatter's report). Other extension words are included.
 */
const names = ["a", "b", "x", "total", "_tmp1", "Http", "Core", "Services", "Smtp", "name", "id", "contact", "group", "author", "protocol", "consumer", "self"];
/** After `.` any word may follow, reserved words included (draft App. B). */
const memberNames = ["request", "headers", "get", "uri", "host", "applyOne", "not", "and", "if", "else", "equal", "EqualS", "matches", "import", "try", "otherwise", "true", "at", "ruleset"];

const binaryOperators: A.BinaryOperator[] = [
  "*", "/", "%", "+", "-",
  "equal", "contains", "begins_with", "ends_with", "EqualS", "ContainS", "Begins_witH", "Ends_witH",
  "matches", "not_matches", "matches_cs", "not_matches_cs",
  "==", "!=", "<", "<=", ">", ">=",
  "and", "or", "xor", "otherwise",
];
const unaryOperators: A.UnaryOperator[] = ["not", "-", "+", "import", "try"];

/** Characters that exercise every escape of `encodeString`. */
const stringValue = fc.string({
  unit: fc.constantFrom("a", "Z", " ", "é", "😀", '"', "\\", "\n", "\r", "\t", "\x00", "\x1b", "\x7f", "/*", "*/", "//"),
  maxLength: 8,
});

export const stringLiteral: fc.Arbitrary<A.StringLiteral> = stringValue.map((value) => ({ kind: "StringLiteral", span, value }));
const identifier = (pool: readonly string[]): fc.Arbitrary<A.Identifier> => fc.constantFrom(...pool).map((name) => ({ kind: "Identifier", span, name }));

const leaf: fc.Arbitrary<A.Expression> = fc.oneof(
  stringLiteral,
  fc.maxSafeNat().map((value): A.Expression => ({ kind: "NumberLiteral", span, value })),
  fc.boolean().map((value): A.Expression => ({ kind: "BooleanLiteral", span, value })),
  fc.constantFrom(...names).map((name): A.Expression => ({ kind: "Name", span, name })),
);

const depth = { depthIdentifier: "program", depthSize: "small", maxDepth: 5 } as const;

const tree = fc.letrec<{ expression: A.Expression; statement: A.Statement; block: A.BlockStatement }>((tie) => ({
  expression: fc.oneof(
    depth,
    leaf,
    fc.record({ object: tie("expression"), property: identifier(memberNames) }).map((e): A.Expression => ({ kind: "Member", span, ...e })),
    fc.record({ callee: tie("expression"), args: fc.array(tie("expression"), { maxLength: 3, ...depth }) }).map((e): A.Expression => ({ kind: "Call", span, ...e })),
    fc.record({ operator: fc.constantFrom(...unaryOperators), operand: tie("expression") }).map((e): A.Expression => ({ kind: "Unary", span, ...e })),
    fc
      .record({ operator: fc.constantFrom(...binaryOperators), left: tie("expression"), right: tie("expression") })
      .map((e): A.Expression => ({ kind: "Binary", span, operatorSpan: span, ...e })),
    tie("block").map((block): A.Expression => ({ kind: "Code", span, body: block.body })),
  ),
  block: fc.array(tie("statement"), { maxLength: 3, ...depth }).map((body): A.BlockStatement => ({ kind: "Block", span, body })),
  statement: fc.oneof(
    depth,
    fc.constant<A.Statement>({ kind: "Empty", span }),
    // A statement that is only a `{ … }` is a block, so a bare code value is not an expression statement.
    tie("expression")
      .filter((e) => e.kind !== "Code")
      .map((expression): A.Statement => ({ kind: "ExpressionStatement", span, expression })),
    fc.record({ name: identifier(names), value: tie("expression") }).map((s): A.Statement => ({ kind: "Assignment", span, ...s })),
    tie("block"),
    fc
      .record({
        branches: fc.array(fc.record({ condition: tie("expression"), body: tie("block") }), { minLength: 1, maxLength: 3, ...depth }),
        otherwise: fc.option(tie("block"), { nil: undefined, ...depth }),
      })
      .map(({ branches, otherwise }): A.Statement => ({
        kind: "If",
        span,
        branches: branches.map((branch) => ({ kind: "IfBranch", span, ...branch })),
        ...(otherwise ? { otherwise } : {}),
      })),
  ),
}));

export const expression = tree.expression;
export const statement = tree.statement;

/** Header fields in any order, without duplicates, always including `required`. */
function fields(required: A.HeaderFieldName[], optional: A.HeaderFieldName[]): fc.Arbitrary<A.HeaderField[]> {
  return fc
    .shuffledSubarray(optional)
    .chain((chosen) => fc.shuffledSubarray([...required, ...chosen], { minLength: required.length + chosen.length }))
    .chain((keys) => fc.tuple(...keys.map((key) => stringLiteral.map((value): A.HeaderField => ({ kind: "HeaderField", span, keySpan: span, key, value })))));
}

const pointBlock: fc.Arbitrary<A.Statement> = fc
  .record({
    point: fc.oneof(
      identifier(["request_in", "response_out", "helo", "eom", "name"]),
      fc.integer({ min: 1, max: 4 }).map((value): A.NumberLiteral => ({ kind: "NumberLiteral", span, value })),
    ),
    body: tree.block,
  })
  .map((p): A.Statement => ({ kind: "PointBlock", span, ...p }));

export const ruleSet: fc.Arbitrary<A.RuleSet> = fc
  .record({
    endpoint: fc.constantFrom<A.EndpointClass>("consumer", "provider"),
    group: fc.boolean(),
    authorizedBy: stringLiteral,
    protocol: identifier(["HTTP", "SMTP"]),
    fields: fields([], ["name", "contact"]),
    body: fc.array(fc.oneof(pointBlock, statement), { maxLength: 3 }),
  })
  .map((r): A.RuleSet => ({ kind: "RuleSet", span, endpointSpan: span, ...r }));

export const moduleHeader: fc.Arbitrary<A.ModuleHeader> = fc
  .record({
    uri: fc.option(stringLiteral, { nil: undefined }),
    author: fc.constantFrom<"self" | "delegate">("self", "delegate"),
    fields: fields(["name", "id"], ["contact"]),
  })
  .map(({ uri, ...h }): A.ModuleHeader => ({ kind: "ModuleHeader", span, authorSpan: span, ...(uri ? { uri } : {}), ...h }));

export const program: fc.Arbitrary<A.Program> = fc
  .record({
    header: fc.option(moduleHeader, { nil: undefined }),
    items: fc.array(fc.oneof(statement, ruleSet), { maxLength: 4 }),
  })
  .map(({ header, items }): A.Program => ({
    kind: "Program",
    span,
    file: "generated.p",
    language: "p",
    ...(header ? { header } : {}),
    items,
    comments: [],
  }));

/** `Http.request.headers.get("…") begins_with "…"`: an operand long enough to push a chain past the line width. */
const longComparison: fc.Arbitrary<A.Expression> = fc
  .record({
    path: fc.array(identifier(memberNames), { minLength: 1, maxLength: 4 }),
    argument: fc.string({ unit: fc.constantFrom("a", "b", "-", "x", "é"), minLength: 5, maxLength: 30 }),
    operator: fc.constantFrom<A.BinaryOperator>("equal", "begins_with", "matches", "==", "!="),
    expected: stringLiteral,
  })
  .map(({ path, argument, operator, expected }): A.Expression => {
    const callee = path.reduce<A.Expression>((object, property) => ({ kind: "Member", span, object, property }), { kind: "Name", span, name: "Http" });
    const call: A.Expression = { kind: "Call", span, callee, args: [{ kind: "StringLiteral", span, value: argument }] };
    return { kind: "Binary", span, operatorSpan: span, operator, left: call, right: expected };
  });

const logicDepth = { depthIdentifier: "logic", depthSize: "small", maxDepth: 6 } as const;

/** Deep `and`/`or`/`xor`/`otherwise` trees of long operands, to exercise line breaking. */
const longLogic = fc.letrec<{ logic: A.Expression }>((tie) => ({
  logic: fc.oneof(
    logicDepth,
    longComparison,
    fc
      .record({ operator: fc.constantFrom<A.BinaryOperator>("and", "or", "xor", "otherwise", "and", "or"), left: tie("logic"), right: tie("logic") })
      .map((e): A.Expression => ({ kind: "Binary", span, operatorSpan: span, ...e })),
    fc.record({ operator: fc.constantFrom<A.UnaryOperator>("not", "try"), operand: tie("logic") }).map((e): A.Expression => ({ kind: "Unary", span, ...e })),
    expression,
  ),
})).logic;

const longStatement: fc.Arbitrary<A.Statement> = fc.letrec<{ statement: A.Statement }>((tie) => ({
  statement: fc.oneof(
    { depthIdentifier: "long-statement", maxDepth: 3 },
    longLogic.filter((e) => e.kind !== "Code").map((expression): A.Statement => ({ kind: "ExpressionStatement", span, expression })),
    fc.record({ name: identifier(names), value: longLogic }).map((s): A.Statement => ({ kind: "Assignment", span, ...s })),
    fc
      .record({ conditions: fc.array(longLogic, { minLength: 1, maxLength: 2 }), body: fc.array(tie("statement"), { maxLength: 2 }) })
      .map(({ conditions, body }): A.Statement => ({
        kind: "If",
        span,
        branches: conditions.map((condition) => ({ kind: "IfBranch", span, condition, body: { kind: "Block", span, body } })),
      })),
  ),
})).statement;

/** Programs whose statements mostly do not fit on one line. */
export const longProgram: fc.Arbitrary<A.Program> = fc.array(longStatement, { minLength: 1, maxLength: 3 }).map(
  (items): A.Program => ({ kind: "Program", span, file: "generated.p", language: "p", items, comments: [] }),
);
