import type { ValidateFunction } from "ajv/dist/2020.js";
import type { Span } from "../diagnostics/source.js";
import { describeSchemaErrors, type SchemaIssue } from "./messages.js";
import type { JsonDocument } from "./parse.js";
import { displayPointer } from "./pointer.js";
import type { JsonProblem } from "./problem.js";

/**
 * Validates a parsed document with the validator of one of the project's
 * schemas (src/json/validators/, compiled ahead of time); one problem per
 * violation.
 */
export function validateWithSchema(document: JsonDocument, validate: ValidateFunction): JsonProblem[] {
  if (validate(document.value)) return [];
  return describeSchemaErrors(validate.errors ?? []).map((issue) => locateIssue(document, issue));
}

/**
 * Places an issue in the document. `base` is the pointer of the value the
 * issue's pointer is relative to (for a schema embedded in the document).
 */
export function locateIssue(document: JsonDocument, issue: SchemaIssue, base = ""): JsonProblem {
  const pointer = base + issue.pointer;
  const span: Span =
    issue.target === "key"
      ? document.keySpan(pointer)
      : issue.target === "head"
        ? document.headSpan(pointer)
        : document.valueSpan(pointer);
  return { kind: "schema", pointer, span, message: `${displayPointer(pointer)}: ${issue.message}` };
}
