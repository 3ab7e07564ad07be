import type { Diagnostic, DiagnosticDefinition } from "../../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../../diagnostics/source.js";
import type { JsonProblem } from "../../json/index.js";

/*
 * Diagnostics of reading policy test files (`*.test.json`, `opes-test.json`),
 * P3920–P3939. Inline transaction contexts that are wrong get the context
 * codes (P39xx of src/runtime/context.ts), placed in the test file.
 */

type TestFileDiagnosticKind = Omit<DiagnosticDefinition, "example">;

export const testFileDiagnosticKinds = {
  testInvalidJson: {
    code: "P3920",
    name: "test-invalid-json",
    stage: "policy",
    severity: "error",
    summary: "A policy test file (`*.test.json`, `opes-test.json`) is not strict JSON.",
  },
  testLimitExceeded: {
    code: "P3921",
    name: "test-limit-exceeded",
    stage: "policy",
    severity: "error",
    summary: "A policy test file is larger or nested deeper than the reader accepts.",
  },
  testDuplicateKey: {
    code: "P3922",
    name: "test-duplicate-key",
    stage: "policy",
    severity: "error",
    summary: "An object in a policy test file gives the same property twice.",
  },
  testSchemaViolation: {
    code: "P3923",
    name: "test-schema-violation",
    stage: "policy",
    severity: "error",
    summary: "A policy test file breaks its JSON Schema (schemas/policy-test.schema.json); the message names the JSON Pointer.",
  },
  testPathNotFound: {
    code: "P3924",
    name: "test-path-not-found",
    stage: "policy",
    severity: "error",
    summary: "A rule file or directory, site policy, catalog or context file named by a policy test file does not exist.",
  },
  testNoRules: {
    code: "P3925",
    name: "test-no-rules",
    stage: "policy",
    severity: "error",
    summary: "A policy test file names no rules, and no `opes-test.json` above it does either.",
  },
  testDuplicateName: {
    code: "P3926",
    name: "test-duplicate-name",
    stage: "policy",
    severity: "warning",
    summary: "Two cases of one policy test file have the same name, so a report cannot tell them apart.",
  },
} as const satisfies Record<string, TestFileDiagnosticKind>;

export type TestFileDiagnosticKey = keyof typeof testFileDiagnosticKinds;

/** A diagnostic of any catalogued kind (test-file or context code) at a span of a file. */
export function diagnosticAt(
  kind: TestFileDiagnosticKind,
  source: SourceFile,
  span: Span,
  message: string,
  related: JsonProblem["related"] = [],
): Diagnostic {
  const { code, name, stage, severity } = kind;
  const relatedInformation = related.map((item) => ({ range: source.range(item.span), message: item.message }));
  return {
    code,
    name,
    stage,
    severity,
    message,
    range: source.range(span),
    ...(relatedInformation.length > 0 ? { related: relatedInformation } : {}),
  };
}
