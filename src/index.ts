import "./polyfills.js";

/**
 * The compiler API (`opes-rules`): read, check and compile rule files. The
 * evaluator is `opes-rules/runtime`, which a processor can load alone.
 */
export * from "./diagnostics/index.js";
export * from "./syntax/index.js";
export { checkSources, type CheckOptions, type CheckResult, type FileCheck, type SourceInput } from "./check.js";
export { compileSources, serializeBundle, signBundle, type CompileOptions, type CompileResult } from "./compile/index.js";
export { loadSitePolicy, type SitePolicy } from "./policy/site-policy.js";
export { analyzeProgram, builtinCatalogs, loadCatalogPaths, loadCatalogs, type Catalogs, type SemanticModel } from "./semantic/index.js";
export { lintProgram, lintSources } from "./lint/index.js";
