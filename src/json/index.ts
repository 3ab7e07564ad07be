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
export {
  compileProjectSchema,
  compileUserSchema,
  locateIssue,
  validateWithSchema,
  type UserSchema,
  type UserSchemaResult,
} from "./schema.js";
