export { describeSchemaErrors, suggestion, type SchemaIssue } from "./messages.js";
export {
  defaultJsonLimits,
  JsonDocument,
  parseJsonDocument,
  type JsonLimits,
  type JsonObject,
  type JsonParseResult,
  type JsonValue,
} from "./parse.js";
export { readPackageJson } from "./package-file.js";
export { childPointer, displayPointer, escapePointerToken, jsonPointer, parentPointer } from "./pointer.js";
export { problemToDiagnostic, type JsonProblem, type JsonProblemKind, type JsonRelatedSpan } from "./problem.js";
export { locateIssue, validateWithSchema } from "./schema.js";
