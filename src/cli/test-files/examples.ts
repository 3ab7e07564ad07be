import type { TestFileDiagnosticKey } from "./diagnostics.js";

/**
 * The smallest test file that produces each test-file diagnostic, for the
 * diagnostic catalogue (read with `loadTestSuite(new SourceFile(
 * "example.test.json", source), { limits })` from the project root).
 */
export const testFileDiagnosticExamples: Record<TestFileDiagnosticKey, { readonly source: string; readonly limits?: Readonly<Record<string, number>> }> = {
  testInvalidJson: { source: '{\n  "rules": ["bob.p"],\n  "cases": [],\n}\n' },
  testLimitExceeded: {
    source: '{ "rules": ["bob.p"], "cases": [{ "name": "deep", "context": { "consumer": {} }, "expect": { "stop": false } }] }\n',
    limits: { maxNestingDepth: 3 },
  },
  testDuplicateKey: { source: '{\n  "rules": ["bob.p"],\n  "rules": ["alice.p"],\n  "cases": [{ "name": "a", "context": {}, "expect": { "stop": false } }]\n}\n' },
  testSchemaViolation: { source: '{\n  "rules": ["bob.p"],\n  "cases": [{ "name": "a", "context": {}, "expct": { "stop": false } }]\n}\n' },
  testPathNotFound: { source: '{\n  "rules": ["no-such-rules.p"],\n  "cases": [{ "name": "a", "context": {}, "expect": { "stop": false } }]\n}\n' },
  testNoRules: { source: '{\n  "cases": [{ "name": "a", "context": {}, "expect": { "stop": false } }]\n}\n' },
  testDuplicateName: {
    source: '{\n  "rules": ["bob.p"],\n  "cases": [\n    { "name": "a", "context": {}, "expect": { "stop": false } },\n    { "name": "a", "context": {}, "expect": { "stop": true } }\n  ]\n}\n',
  },
};
