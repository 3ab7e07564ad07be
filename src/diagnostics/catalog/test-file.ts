import { testFileDiagnosticKinds as kinds, type TestFileDiagnosticKey } from "../../cli/test-files/diagnostics.js";
import { testFileDiagnosticExamples as examples } from "../../cli/test-files/examples.js";
import type { DiagnosticDefinition } from "../diagnostic.js";

/*
 * Diagnostics of reading policy test files (P3920–P3939), reported by
 * `opes test`. Codes and summaries live with the reader; this file adds the
 * examples the docs show and the catalogue test runs.
 */
export const testFileDiagnostics = Object.fromEntries(
  Object.entries(kinds).map(([key, kind]) => [key, { ...kind, example: { language: "test", ...examples[key as TestFileDiagnosticKey] } }]),
) as Readonly<Record<TestFileDiagnosticKey, DiagnosticDefinition>>;
