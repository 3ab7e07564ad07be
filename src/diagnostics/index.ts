export * from "./diagnostic.js";
export * from "./source.js";
export { allDiagnostics } from "./catalog/index.js";
