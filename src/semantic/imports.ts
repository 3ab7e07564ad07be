import type { BinaryExpression, Expression, UnaryExpression } from "../syntax/ast.js";
import { semanticDiagnostics as codes } from "../diagnostics/catalog/semantic.js";
import { moduleSpecifiers, resolveModule, type ModuleInfo } from "./catalog.js";
import type { CheckerHost, Info } from "./checker.js";
import { didYouMean } from "./suggest.js";
import { stringType, unknownType, type Type } from "./types.js";

const unknownInfo: Info = { type: unknownType, requires: [] };

/**
 * `import A otherwise import B otherwise …` (draft Fig. 14): the operands of
 * an otherwise chain made only of imports of string literals, else undefined.
 */
export function importChain(expression: BinaryExpression): UnaryExpression[] | undefined {
  const operands: Expression[] = [];
  const flatten = (e: Expression): void => {
    if (e.kind === "Binary" && e.operator === "otherwise") {
      flatten(e.left);
      flatten(e.right);
    } else operands.push(e);
  };
  flatten(expression);
  const imports = operands.filter((e): e is UnaryExpression => e.kind === "Unary" && e.operator === "import" && e.operand.kind === "StringLiteral");
  return imports.length === operands.length ? imports : undefined;
}

function specifierOf(expression: UnaryExpression): string {
  return expression.operand.kind === "StringLiteral" ? expression.operand.value : "";
}

/** `import "uri"`: the module, whose members become visible unqualified from here on. */
export function checkImport(host: CheckerHost, expression: UnaryExpression): Info {
  if (expression.operand.kind !== "StringLiteral") {
    const operand = host.value(expression.operand);
    if (operand.type.kind !== "unknown") {
      host.report(codes.importNotLiteral, expression.operand.span, "the module of `import` must be a string literal (a module URI or short name), so that it is known when the rules are compiled");
    }
    return unknownInfo;
  }
  host.record(expression.operand, stringType);
  const module = resolveModule(host.catalogs, specifierOf(expression));
  if (!module) {
    reportUnknownModule(host, expression);
    return unknownInfo;
  }
  return { type: load(host, expression, module), requires: [] };
}

/**
 * The first known module of the chain is the one loaded: known modules never
 * fail to import, so the alternatives after it never run (nothing to report),
 * and unknown ones before it are deliberate preferences (a warning).
 */
export function checkImportChain(host: CheckerHost, expression: BinaryExpression, chain: readonly UnaryExpression[]): Info {
  const modules = chain.map((e) => resolveModule(host.catalogs, specifierOf(e)));
  const firstKnown = modules.findIndex((m) => m !== undefined);
  for (const e of chain) host.record(e.operand, stringType);
  if (firstKnown < 0) {
    chain.forEach((e) => reportUnknownModule(host, e));
    return unknownInfo;
  }
  const module = modules[firstKnown]!;
  chain.slice(0, firstKnown).forEach((e) => {
    host.report(codes.unknownModuleFallback, e.operand.span, `no catalog defines module "${specifierOf(e)}"; this import falls back to ${module.name}`);
    host.record(e, unknownType);
  });
  const type = load(host, chain[firstKnown]!, module);
  chain.slice(firstKnown + 1).forEach((e, i) => host.record(e, modules[firstKnown + 1 + i] ? moduleType(modules[firstKnown + 1 + i]!) : unknownType));
  recordChainTypes(host, expression, type);
  return { type, requires: [] };
}

/** The inner `otherwise` nodes of a left-associative chain have the chain's type too. */
function recordChainTypes(host: CheckerHost, expression: Expression, type: Type): void {
  if (expression.kind !== "Binary" || expression.operator !== "otherwise") return;
  host.record(expression, type);
  recordChainTypes(host, expression.left, type);
}

function moduleType(module: ModuleInfo): Type {
  return { kind: "module", module };
}

function load(host: CheckerHost, expression: UnaryExpression, module: ModuleInfo): Type {
  host.model.imports.set(expression, module);
  host.record(expression, moduleType(module));
  if (module.implicit) {
    host.report(codes.builtinModuleImport, expression.span, `${module.name} is present in every program; this import does nothing but return the built-in module`);
  } else host.binder.addImport(module);
  return moduleType(module);
}

function reportUnknownModule(host: CheckerHost, expression: UnaryExpression): void {
  const specifier = specifierOf(expression);
  const known = [...host.catalogs.modules.values()].filter((m) => !m.implicit).map((m) => m.shortNames[0] ?? m.uris[0] ?? m.name);
  const why = /^file:/i.test(specifier) ? "; P source files cannot be imported as modules" : didYouMean(specifier, moduleSpecifiers(host.catalogs));
  host.report(codes.unknownModule, expression.operand.span, `unknown module "${specifier}"${why}; the catalogs define ${known.join(", ")}`);
  host.record(expression, unknownType);
}
