import { describeSchemaErrors, type SchemaIssue } from "./messages.js";
import type { Ajv2020, ErrorObject } from "ajv/dist/2020.js";
import { createAjv, jsonSchema2020Id } from "./ajv.js";
import { childPointer } from "./pointer.js";
import { validate as validateAgainstJsonSchema2020 } from "./validators/json-schema-2020-12.js";

/** A JSON Schema written by a user (a service's parameter schema), ready to check values. */
export interface UserSchema {
  /** The violations of a value; empty when it is valid. Pointers are relative to the value. */
  check(value: unknown): SchemaIssue[];
}

export type UserSchemaResult =
  | { readonly ok: true; readonly schema: UserSchema }
  | { readonly ok: false; readonly issues: readonly SchemaIssue[] };

/**
 * User schemas get their own ajv instance, emptied after every compilation so
 * one document's `$id`s can never clash with another's. Results are cached by
 * schema text, since the same policy is loaded again and again (tests, watch).
 * The instance is made on first use: a run that meets no user schema should
 * not pay for it. It does not check the schemas it compiles against their
 * meta-schema: compileUserSchema has just done so.
 */
let userAjvInstance: Ajv2020 | undefined;
const userAjv = (): Ajv2020 => (userAjvInstance ??= createAjv({ validateSchema: false }));
const userSchemaCache = new Map<string, UserSchemaResult>();
const userSchemaCacheLimit = 512;

/**
 * Checks that a value is a valid JSON Schema (2020-12, ajv strict mode) and
 * compiles it. Issues point into the schema (relative pointers). Never throws:
 * ajv's compile-time errors (unknown keywords, unresolvable `$ref`s, bad
 * regular expressions) become issues.
 */
export function compileUserSchema(schema: unknown): UserSchemaResult {
  const key = JSON.stringify(schema);
  const cached = userSchemaCache.get(key);
  if (cached) return cached;
  const result = compileUserSchemaUncached(schema);
  if (userSchemaCache.size >= userSchemaCacheLimit) userSchemaCache.clear();
  userSchemaCache.set(key, result);
  return result;
}

function compileUserSchemaUncached(schema: unknown): UserSchemaResult {
  if (typeof schema !== "boolean" && (typeof schema !== "object" || schema === null || Array.isArray(schema))) {
    return { ok: false, issues: [{ pointer: "", target: "value", message: "must be a JSON Schema (an object or a boolean)" }] };
  }
  const ajv = userAjv();
  try {
    const metaSchemaErrors = checkAgainstMetaSchema(ajv, schema);
    if (metaSchemaErrors) return { ok: false, issues: describeSchemaErrors(metaSchemaErrors) };
    const validate = ajv.compile(schema);
    return {
      ok: true,
      schema: { check: (value) => (validate(value) ? [] : describeSchemaErrors(validate.errors ?? [])) },
    };
  } catch (error) {
    return { ok: false, issues: [issueFromCompileError(schema, error)] };
  } finally {
    ajv.removeSchema();
  }
}

/**
 * The errors of a schema against its meta-schema, undefined when it is valid.
 * Schemas in the 2020-12 dialect (the default) meet the precompiled
 * validator: ajv would compile the meta-schema in memory first, some 50 ms.
 * Other `$schema` values get ajv's own check, which throws for one it does not know.
 */
function checkAgainstMetaSchema(ajv: Ajv2020, schema: object | boolean): ErrorObject[] | undefined {
  const dialect = typeof schema === "object" ? (schema as { $schema?: unknown }).$schema : undefined;
  if (dialect === undefined || dialect === jsonSchema2020Id) {
    return validateAgainstJsonSchema2020(schema) ? undefined : (validateAgainstJsonSchema2020.errors ?? []);
  }
  return ajv.validateSchema(schema) ? undefined : (ajv.errors ?? []);
}

/**
 * Where a compile error of ajv lies in the schema. Strict-mode messages end
 * with `at "#/json/pointer"`; for the others the culprit is found by what the
 * message names: an unknown keyword, an unresolvable `$ref`, a bad `pattern`.
 */
function issueFromCompileError(schema: object | boolean, error: unknown): SchemaIssue {
  const text = error instanceof Error ? error.message : String(error);
  const firstLine = text.split("\n")[0] ?? text;
  const message = firstLine.replace(/ at "#[^"]*"/, "").replace(/ from id #.*$/, "").replace(/^strict mode: /, "");
  const issue = (pointer: string, target: SchemaIssue["target"] = "value"): SchemaIssue => ({
    pointer,
    target,
    message: `is not a usable JSON Schema: ${message}`,
  });

  const location = /at "#([^"]*)"/.exec(firstLine);
  if (location) return issue(safeDecode(location[1]!));
  const unknownKeyword = /unknown keyword: "([^"]*)"/.exec(firstLine);
  if (unknownKeyword) return locateMember(schema, (key) => key === unknownKeyword[1], "key", issue);
  const missingRef = /can't resolve reference (\S+)/.exec(firstLine);
  if (missingRef) return locateMember(schema, (key, value) => key === "$ref" && value === missingRef[1], "value", issue);
  const badPattern = /^Invalid regular expression: \/(.*)\/[a-z]*: /.exec(firstLine);
  if (badPattern) return locateMember(schema, (key, value) => key === "pattern" && value === badPattern[1], "value", issue);
  return issue("");
}

/** The issue at the first member (depth-first, document order) that matches, else at the schema itself. */
function locateMember(
  schema: object | boolean,
  matches: (key: string, value: unknown) => boolean,
  target: SchemaIssue["target"],
  issue: (pointer: string, target?: SchemaIssue["target"]) => SchemaIssue,
): SchemaIssue {
  const pointer = findMember(schema, "", matches);
  return pointer === undefined ? issue("") : issue(pointer, target);
}

function findMember(value: unknown, pointer: string, matches: (key: string, value: unknown) => boolean): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childAt = childPointer(pointer, Array.isArray(value) ? Number(key) : key);
    if (!Array.isArray(value) && matches(key, child)) return childAt;
    const found = findMember(child, childAt, matches);
    if (found !== undefined) return found;
  }
  return undefined;
}

function safeDecode(fragment: string): string {
  try {
    return decodeURIComponent(fragment);
  } catch {
    return fragment;
  }
}
