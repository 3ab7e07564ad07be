import type { CheckedFile } from "../../compile/lower.js";
import { lintDiagnostics as codes } from "../../diagnostics/catalog/lint.js";
import type { FixIt } from "../../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../../diagnostics/source.js";
import type { ModuleInfo } from "../../semantic/catalog.js";
import type { Binding } from "../../semantic/model.js";
import type * as A from "../../syntax/ast.js";
import type { LintContext } from "../context.js";
import { walkProgram } from "../walk.js";

/** P4005 and P4006: names bound and never used, imports whose module is never used. */
export function lintUnused(context: LintContext): void {
  for (const file of context.files) {
    const used = usage(file);
    for (const binding of file.model.bindings) {
      if (used.bindings.has(binding) || binding.name.startsWith("_")) continue;
      const modules = importedModules(file, binding.declarations.map((d) => d.value));
      if (modules === undefined) reportUnusedName(context, file, binding);
      else if (!modules.some((m) => used.unqualified.has(m))) reportUnusedImport(context, file, binding.declarations[0]!, `the module bound to \`${binding.name}\` is never used`);
    }
    for (const statement of bareImports(file)) {
      const modules = importedModules(file, [statement.expression]) ?? [];
      if (!modules.some((m) => used.unqualified.has(m))) reportUnusedImport(context, file, statement, "no member of this imported module is used");
    }
  }
}

/** The bindings a file reads, and the modules whose members it names unqualified (what an import makes visible). */
function usage(file: CheckedFile): { bindings: Set<Binding>; unqualified: Set<ModuleInfo> } {
  const bindings = new Set<Binding>();
  const unqualified = new Set<ModuleInfo>();
  for (const [expression, resolution] of file.model.resolutions) {
    if (resolution.kind === "binding") bindings.add(resolution.binding);
    if (expression.kind === "Name" && resolution.kind === "member" && resolution.module) unqualified.add(resolution.module);
  }
  return { bindings, unqualified };
}

/** The modules loaded when every value is an import (or an `import … otherwise import …` chain); undefined otherwise. */
function importedModules(file: CheckedFile, values: readonly A.Expression[]): ModuleInfo[] | undefined {
  const modules: ModuleInfo[] = [];
  const collect = (expression: A.Expression): boolean => {
    if (expression.kind === "Binary" && expression.operator === "otherwise") return collect(expression.left) && collect(expression.right);
    if (expression.kind !== "Unary" || expression.operator !== "import") return false;
    const module = file.model.imports.get(expression);
    if (module) modules.push(module);
    return true;
  };
  return values.every(collect) ? modules : undefined;
}

/** `import "…";` written as a statement of its own: it only makes the module's members visible unqualified. */
function bareImports(file: CheckedFile): A.ExpressionStatement[] {
  const found: A.ExpressionStatement[] = [];
  walkProgram(file.program, {
    statement(statement) {
      if (statement.kind === "ExpressionStatement" && importedModules(file, [statement.expression]) !== undefined) found.push(statement);
    },
  });
  return found;
}

function reportUnusedName(context: LintContext, file: CheckedFile, binding: Binding): void {
  const [declaration, ...others] = binding.declarations;
  if (!declaration) return;
  // A name bound in several exclusive branches has no single assignment to remove.
  const fix = others.length === 0 ? removal(file.source, declaration.span, "remove the assignment") : undefined;
  context.report(codes.unusedName, file.source.path, declaration.name.span, `\`${binding.name}\` is bound but never used (start the name with \`_\` to keep it on purpose)`, fix ? { fix } : {});
}

function reportUnusedImport(context: LintContext, file: CheckedFile, statement: A.Statement, message: string): void {
  const span = statement.kind === "Assignment" ? statement.name.span : statement.span;
  context.report(codes.unusedImport, file.source.path, span, message, { fix: removal(file.source, statement.span, "remove the import") });
}

/** A fix-it that deletes a statement, with its whole line when nothing else stands on it. */
function removal(source: SourceFile, span: Span, message: string): FixIt {
  return { message, edits: [{ range: source.range(wholeLines(source, span)), newText: "" }] };
}

function wholeLines(source: SourceFile, span: Span): Span {
  const first = source.position(span.start).line;
  const last = source.position(span.end).line;
  const lineStart = source.lineStarts[first - 1]!;
  const nextLine = source.lineStarts[last] ?? source.text.length;
  const before = source.text.slice(lineStart, span.start);
  const after = source.text.slice(span.end, nextLine);
  return before.trim() === "" && after.trim() === "" ? { start: lineStart, end: nextLine } : span;
}
