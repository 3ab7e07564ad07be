import type { CheckedFile } from "../../compile/lower.js";
import { lintDiagnostics as codes } from "../../diagnostics/catalog/lint.js";
import type { FixIt } from "../../diagnostics/diagnostic.js";
import { caseClosure } from "../../runtime/regex/case-fold.js";
import { parseEre, riskOfBacktracking, type EreNode } from "../../runtime/regex/index.js";
import type * as A from "../../syntax/ast.js";
import { encodeString } from "../../syntax/strings.js";
import type { LintContext } from "../context.js";
import { walkProgram } from "../walk.js";

const regexOperators = new Set<A.BinaryOperator>(["matches", "not_matches", "matches_cs", "not_matches_cs"]);

/** P4007 and P4008, on every pattern written after a regex operator. */
export function lintPatterns(context: LintContext): void {
  for (const file of context.files) {
    walkProgram(file.program, {
      expression(expression) {
        if (expression.kind !== "Binary" || !regexOperators.has(expression.operator) || expression.right.kind !== "StringLiteral") return;
        const parsed = parseEre(expression.right.value);
        if (!parsed.ok) return;
        const risk = riskOfBacktracking(parsed.ast);
        if (risk !== undefined) context.report(codes.regexBacktrackingRisk, file.source.path, expression.right.span, `this pattern is unsafe for backtracking engines: ${risk}`);
        // IRML has no string operators: a pattern is the only test it can write.
        if (file.program.language === "p") suggestStringOperator(context, file, expression, expression.right, parsed.ast);
      },
    });
  }
}

/** The string operator that says what a plain-text pattern says: [anchored at start][anchored at end], case-sensitive or not. */
const equivalents = {
  sensitive: { both: "equal", start: "begins_with", end: "ends_with", none: "contains" },
  insensitive: { both: "EqualS", start: "Begins_witH", end: "Ends_witH", none: "ContainS" },
} as const;

function suggestStringOperator(context: LintContext, file: CheckedFile, expression: A.BinaryExpression, pattern: A.StringLiteral, ast: EreNode): void {
  // not_matches is also false on an absent value, which `not (… contains …)` is not: no equivalent.
  if (expression.operator !== "matches" && expression.operator !== "matches_cs") return;
  const literal = plainText(ast);
  const caseInsensitive = expression.operator === "matches";
  if (!literal || (caseInsensitive && !foldsLikeAscii(literal.text))) return;
  const anchoring = literal.start ? (literal.end ? "both" : "start") : literal.end ? "end" : "none";
  const operator = equivalents[caseInsensitive ? "insensitive" : "sensitive"][anchoring];
  const replacement = encodeString(literal.text);
  const fix: FixIt = {
    message: `use \`${operator} ${replacement}\``,
    edits: [
      { range: file.source.range(expression.operatorSpan), newText: operator },
      { range: file.source.range(pattern.span), newText: replacement },
    ],
  };
  const indexable = anchoring === "both" ? ", and unlike a pattern it can be indexed by the decision graph" : "";
  context.report(codes.literalRegex, file.source.path, pattern.span, `this pattern is plain text: \`${operator} ${replacement}\` says the same${indexable}`, { fix });
}

/** The text of a pattern made only of literal characters, with `^` first and `$` last at most; undefined for anything else. */
function plainText(ast: EreNode): { text: string; start: boolean; end: boolean } | undefined {
  const atoms: EreNode[] = [];
  const flatten = (node: EreNode): void => {
    if (node.kind === "concat") node.items.forEach(flatten);
    else if (node.kind === "group") flatten(node.body);
    else atoms.push(node);
  };
  flatten(ast);
  const start = atoms[0]?.kind === "start";
  const end = atoms.length > (start ? 1 : 0) && atoms.at(-1)?.kind === "end";
  const body = atoms.slice(start ? 1 : 0, end ? -1 : undefined);
  if (body.length === 0) return undefined;
  let text = "";
  for (const atom of body) {
    if (atom.kind !== "char") return undefined;
    text += String.fromCodePoint(atom.codePoint);
  }
  return { text, start, end };
}

/**
 * Whether ignoring case the regex way (Unicode simple case folding) and the
 * string operators' way (ASCII letters only) agree on this text: true when
 * no character of it has a non-ASCII case partner (as `k` has the Kelvin sign).
 */
function foldsLikeAscii(text: string): boolean {
  for (const ch of text) {
    const codePoint = ch.codePointAt(0)!;
    const closure = caseClosure([codePoint, codePoint]);
    if (closure[closure.length - 1]! > 0x7f) return false;
  }
  return true;
}
