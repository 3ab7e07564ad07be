import { readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ValidateFunction } from "ajv/dist/2020.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { SourceFile } from "../../diagnostics/source.js";
import {
  childPointer,
  parseJsonDocument,
  validateWithSchema,
  type JsonDocument,
  type JsonLimits,
  type JsonObject,
  type JsonProblemKind,
  type JsonValue,
} from "../../json/index.js";
import { validate as validateConfigSchema } from "../../json/validators/policy-test-config.js";
import { validate as validateTestSchema } from "../../json/validators/policy-test.js";
import { expandPaths, expandRuleFiles, statKind } from "../files.js";
import { diagnosticAt, testFileDiagnosticKinds as kinds, type TestFileDiagnosticKey } from "./diagnostics.js";
import { normalizeExpectation, type Expectation } from "./expect.js";

export const testFileSuffix = ".test.json";
export const configFileName = "opes-test.json";

/** A JSON document read with positions, and where its relative paths start. */
export interface LocatedDocument {
  readonly document: JsonDocument;
  readonly directory: string;
}

/** Where a case's transaction comes from. */
export type CaseContextSpec =
  /** Inline: the base contexts (configuration, then file), then the case's own, merged in that order. */
  | { readonly kind: "inline"; readonly bases: readonly ContextLayer[]; readonly own: ContextLayer }
  /** A complete context file, as `opes eval` reads it. */
  | { readonly kind: "file"; readonly path: string };

/** One partial context and where it is written, to place errors of the merged context. */
export interface ContextLayer {
  readonly value: JsonObject;
  readonly document: JsonDocument;
  readonly pointer: string;
}

export interface TestCaseSpec {
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** A stand-in for a file whose cases cannot be read: it fails, and `--run` does not filter it out. */
  readonly standsForFile?: boolean;
  /** Absent when the test file has errors: the case is reported as failed. */
  readonly context?: CaseContextSpec;
  readonly expect?: Expectation;
}

/** The rules, policy and catalogs a test file's cases run against, as paths the CLI can read. */
export interface SuiteInputs {
  /** Rule files, directories expanded, in sorted order. */
  readonly rules: readonly string[];
  readonly policy?: string;
  readonly catalogs: readonly string[];
}

export interface TestSuite {
  readonly path: string;
  /** The test file's directory: relative paths in expectations start there. */
  readonly directory: string;
  /** The `opes-test.json` it inherits from, if any. */
  readonly config?: string;
  /** Absent when the file or its configuration has errors. */
  readonly inputs?: SuiteInputs;
  /** As many as could be read: named cases even in a broken file, so they are reported as failed. */
  readonly cases: readonly TestCaseSpec[];
  readonly diagnostics: readonly Diagnostic[];
  /** Files the diagnostics point into, for code frames. */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/**
 * Finds test files: named files as they are, directories searched for
 * `*.test.json` (hidden directories and node_modules skipped), sorted.
 */
export function discoverTestFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  return expandPaths(paths, (name) => name.endsWith(testFileSuffix));
}

export interface LoadOptions {
  readonly limits?: Partial<JsonLimits>;
}

/**
 * Reads one test file (by path, or its text already read) and the
 * `opes-test.json` nearest above it, resolving every path they name. Never
 * throws: problems are diagnostics with positions, and a file with errors
 * yields no inputs.
 */
export function loadTestSuite(file: string | SourceFile, options: LoadOptions = {}): TestSuite {
  const path = typeof file === "string" ? file : file.path;
  const directory = dirname(path);
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  const configPath = findConfig(directory);
  const finish = (cases: readonly TestCaseSpec[], inputs?: SuiteInputs): TestSuite => {
    const sorted = sortDiagnostics(diagnostics);
    return { path, directory, ...(configPath ? { config: configPath } : {}), ...(inputs && !hasErrors(sorted) ? { inputs } : {}), cases, diagnostics: sorted, sources };
  };

  const test = readDocument(file, validateTestSchema, sources, diagnostics, options);
  if (!test.document) return finish(test.fallbackCases);
  const config = configPath ? readDocument(configPath, validateConfigSchema, sources, diagnostics, options) : undefined;
  const readable = !hasErrors(diagnostics) && (!config || config.document !== undefined);
  const cases = readCases(test.document, config?.document, diagnostics);
  if (!readable) return finish(cases);

  const located = (document: JsonDocument): LocatedDocument => ({ document, directory: dirname(document.source.path) });
  const owners = [located(test.document), ...(config?.document ? [located(config.document)] : [])];
  const inputs = resolveInputs(owners, diagnostics);
  return finish(cases, inputs);
}

interface ReadDocument {
  readonly document?: JsonDocument;
  /** For a file that is not JSON: one stand-in case, so the run counts a failure. */
  readonly fallbackCases: readonly TestCaseSpec[];
}

const kindByProblem: Record<JsonProblemKind, TestFileDiagnosticKey> = {
  syntax: "testInvalidJson",
  limit: "testLimitExceeded",
  "duplicate-key": "testDuplicateKey",
  schema: "testSchemaViolation",
};

/** Strict JSON, then the schema. The document is returned after a schema violation too, for case names. */
function readDocument(file: string | SourceFile, validate: ValidateFunction, sources: Map<string, SourceFile>, diagnostics: Diagnostic[], options: LoadOptions): ReadDocument {
  const read = typeof file === "string" ? readSource(file) : { source: file };
  if (!read.source) {
    diagnostics.push(read.diagnostic);
    return { fallbackCases: [standIn(read.diagnostic.range.file)] };
  }
  const source = read.source;
  sources.set(source.path, source);
  const parsed = parseJsonDocument(source, options.limits);
  const report = (problems: typeof parsed.problems) => {
    for (const problem of problems) diagnostics.push(diagnosticAt(kinds[kindByProblem[problem.kind]], source, problem.span, problem.message, problem.related));
  };
  report(parsed.problems);
  if (!parsed.document) return { fallbackCases: [standIn(source.path)] };
  report(validateWithSchema(parsed.document, validate));
  return { document: parsed.document, fallbackCases: [] };
}

/** A file a test names, or why it cannot be read (test-path-not-found). */
export function readSource(path: string): { source: SourceFile; diagnostic?: undefined } | { source?: undefined; diagnostic: Diagnostic } {
  try {
    return { source: new SourceFile(path, readFileSync(path, "utf8")) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    return { diagnostic: diagnosticAt(kinds.testPathNotFound, new SourceFile(path, ""), { start: 0, end: 0 }, `cannot read ${path}: ${reason}`) };
  }
}

function standIn(path: string): TestCaseSpec {
  return { name: path, file: path, line: 1, column: 1, standsForFile: true };
}

/**
 * The nearest `opes-test.json` in the directory or above it, named the way
 * the user names paths (relative to the working directory unless absolute).
 */
function findConfig(directory: string): string | undefined {
  let current = resolve(directory);
  for (;;) {
    const candidate = join(current, configFileName);
    if (statKind(candidate) === "file") return isAbsolute(directory) ? candidate : relative(process.cwd(), candidate);
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

function member(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(value) && Object.hasOwn(value, key) ? value[key] : undefined;
}

export function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The cases with their positions. After a schema violation, cases are still
 * listed (by name, or by number) so that they count as failed; their
 * contexts and expectations are read only from a valid file.
 */
function readCases(test: JsonDocument, config: JsonDocument | undefined, diagnostics: Diagnostic[]): TestCaseSpec[] {
  const valid = !hasErrors(diagnostics);
  const list = member(test.value, "cases");
  if (!Array.isArray(list) || list.length === 0) {
    return [{ ...standIn(test.source.path), ...position(test, "") }];
  }
  const firstByName = new Map<string, string>();
  return list.map((item: JsonValue, index: number): TestCaseSpec => {
    const pointer = childPointer("/cases", index);
    const name = member(item, "name");
    const label = typeof name === "string" && name !== "" ? name : `case ${index + 1}`;
    const where = { name: label, file: test.source.path, ...position(test, typeof name === "string" ? childPointer(pointer, "name") : pointer) };
    const earlier = firstByName.get(label);
    if (earlier !== undefined && typeof name === "string") {
      diagnostics.push(
        diagnosticAt(kinds.testDuplicateName, test.source, test.valueSpan(childPointer(pointer, "name")), `${childPointer(pointer, "name")}: another case is already named ${JSON.stringify(label)}`, [
          { span: test.valueSpan(earlier), message: "the first case of that name" },
        ]),
      );
    } else {
      firstByName.set(label, childPointer(pointer, "name"));
    }
    if (!valid || !isObject(item)) return where;
    const context = contextSpec(item, pointer, test, config);
    if (context.kind === "file" && statKind(context.path) !== "file") {
      const at = childPointer(pointer, "contextFile");
      diagnostics.push(diagnosticAt(kinds.testPathNotFound, test.source, test.valueSpan(at), `${at}: ${context.path} does not exist`));
    }
    return { ...where, context, expect: normalizeExpectation(item["expect"] as JsonObject) };
  });
}

function position(document: JsonDocument, pointer: string): { line: number; column: number } {
  const { line, column } = document.source.position(document.valueSpan(pointer).start);
  return { line, column };
}

function contextSpec(item: JsonObject, pointer: string, test: JsonDocument, config: JsonDocument | undefined): CaseContextSpec {
  const file = item["contextFile"];
  if (typeof file === "string") return { kind: "file", path: join(dirname(test.source.path), file) };
  const layer = (document: JsonDocument, at: string): ContextLayer[] => {
    const value = valueAt(document.value, at);
    return isObject(value) ? [{ value, document, pointer: at }] : [];
  };
  const bases = [...(config ? layer(config, "/context") : []), ...layer(test, "/context")];
  // The schema made the case's context an object (it has no contextFile).
  const own = { value: item["context"] as JsonObject, document: test, pointer: childPointer(pointer, "context") };
  return { kind: "inline", bases, own };
}

/** The value at a JSON Pointer, if there is one. */
export function valueAt(value: JsonValue, pointer: string): JsonValue | undefined {
  let current: JsonValue | undefined = value;
  for (const token of pointer.split("/").slice(1)) {
    const key = token.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current)) current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    else current = member(current, key);
    if (current === undefined) return undefined;
  }
  return current;
}

/**
 * Rules, policy and catalogs: the test file's own, else the configuration's,
 * each resolved against the directory of the file that names it. Paths
 * that do not exist are errors at the string that names them.
 */
function resolveInputs(owners: readonly LocatedDocument[], diagnostics: Diagnostic[]): SuiteInputs | undefined {
  const owning = (key: string) => owners.find((owner) => member(owner.document.value, key) !== undefined);
  const paths = (key: string): string[] => {
    const owner = owning(key);
    if (!owner) return [];
    const value = member(owner.document.value, key);
    const list = Array.isArray(value) ? value : [value];
    return list.flatMap((item: JsonValue, index: number) => {
      const pointer = Array.isArray(value) ? childPointer(`/${key}`, index) : `/${key}`;
      const path = join(owner.directory, item as string);
      if (statKind(path) !== undefined) return [path];
      diagnostics.push(diagnosticAt(kinds.testPathNotFound, owner.document.source, owner.document.valueSpan(pointer), `${pointer}: ${path} does not exist`));
      return [];
    });
  };

  const ruleOwner = owning("rules");
  const ruleFiles = expandRuleFiles(paths("rules")).files;
  const [policy] = paths("policy");
  const catalogs = paths("catalogs");
  if (hasErrors(diagnostics)) return undefined;
  if (ruleFiles.length === 0) {
    const test = owners[0]!.document;
    const [document, pointer, message] = ruleOwner
      ? [ruleOwner.document, "/rules", "/rules: no rule files (.p, .xml, .irml) are found there"]
      : [test, "", `no rules to test: give "rules" here or in an ${configFileName} in this directory or above`];
    diagnostics.push(diagnosticAt(kinds.testNoRules, document.source, ruleOwner ? document.valueSpan(pointer) : document.headSpan(pointer), message));
    return undefined;
  }
  return { rules: ruleFiles, ...(policy !== undefined ? { policy } : {}), catalogs };
}
