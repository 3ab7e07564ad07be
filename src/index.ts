import "./polyfills.js";

export * from "./diagnostics/index.js";
export * from "./syntax/index.js";
export { checkSources, type CheckOptions, type CheckResult, type FileCheck, type SourceInput } from "./check.js";
