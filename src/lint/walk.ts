import type * as A from "../syntax/ast.js";

/** What a walk over a program reports: every statement and every expression, outermost first. */
export interface ProgramVisitor {
  statement?(statement: A.Statement): void;
  expression?(expression: A.Expression): void;
}

/**
 * Visits every statement and expression of a program, including the bodies
 * of rulesets, point blocks, if branches and code objects (a code object's
 * statements run wherever it is used, so they are linted where written).
 */
export function walkProgram(program: A.Program, visitor: ProgramVisitor): void {
  for (const item of program.items) {
    if (item.kind === "RuleSet") walkStatements(item.body, visitor);
    else walkStatement(item, visitor);
  }
}

function walkStatements(statements: readonly A.Statement[], visitor: ProgramVisitor): void {
  for (const statement of statements) walkStatement(statement, visitor);
}

function walkStatement(statement: A.Statement, visitor: ProgramVisitor): void {
  visitor.statement?.(statement);
  switch (statement.kind) {
    case "ExpressionStatement":
      walkExpression(statement.expression, visitor);
      return;
    case "Assignment":
      walkExpression(statement.value, visitor);
      return;
    case "Block":
      walkStatements(statement.body, visitor);
      return;
    case "If":
      for (const branch of statement.branches) {
        walkExpression(branch.condition, visitor);
        walkStatements(branch.body.body, visitor);
      }
      if (statement.otherwise) walkStatements(statement.otherwise.body, visitor);
      return;
    case "PointBlock":
      walkStatements(statement.body.body, visitor);
      return;
    case "Empty":
      return;
  }
}

function walkExpression(expression: A.Expression, visitor: ProgramVisitor): void {
  visitor.expression?.(expression);
  switch (expression.kind) {
    case "Member":
      walkExpression(expression.object, visitor);
      return;
    case "Call":
      walkExpression(expression.callee, visitor);
      for (const argument of expression.args) walkExpression(argument, visitor);
      return;
    case "Unary":
      walkExpression(expression.operand, visitor);
      return;
    case "Binary":
      walkExpression(expression.left, visitor);
      walkExpression(expression.right, visitor);
      return;
    case "Code":
      walkStatements(expression.body, visitor);
      return;
    default:
      return;
  }
}

/** The operands of a condition's top-level `and`s, as the compiler splits it into guard parts. */
export function conjuncts(condition: A.Expression): A.Expression[] {
  if (condition.kind === "Binary" && condition.operator === "and") return [...conjuncts(condition.left), ...conjuncts(condition.right)];
  return [condition];
}
