export { analyzeProgram, type AnalyzeOptions, type SemanticResult } from "./analyze.js";
export * from "./catalog.js";
export { builtinCatalogs, loadCatalogPaths, loadCatalogs, type CatalogFile, type CatalogLoadResult } from "./catalog-loader.js";
export type * from "./model.js";
export { typeName, type Type } from "./types.js";
