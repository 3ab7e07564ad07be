import type { ErrorObject } from "ajv/dist/2020.js";
import { childPointer } from "./pointer.js";

/**
 * One schema violation in words. `target` says which part of the source text
 * to underline: the value, the property name (unknown properties), or the
 * head of the object (missing properties).
 */
export interface SchemaIssue {
  readonly pointer: string;
  readonly target: "value" | "key" | "head";
  readonly message: string;
}

/**
 * Turns ajv errors (collected with `allErrors` and `verbose`) into one
 * readable issue per problem: `if` failures are dropped (their `then` errors
 * say what is wrong), and a failed `oneOf`/`anyOf` is reduced to the errors of
 * the one branch the value evidently meant, or to one summary message.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaIssue[] {
  // `if` failures and `propertyNames` wrappers only repeat what the errors they wrap say.
  const kept = collapseAlternatives(errors.filter((error) => error.keyword !== "if" && error.keyword !== "propertyNames"));
  const seen = new Set<string>();
  const issues: SchemaIssue[] = [];
  for (const error of kept) {
    const issue = describeError(error);
    const key = `${issue.pointer}\u0000${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  return issues;
}

/** Errors that show a value has the wrong overall shape for a branch (as opposed to a bad member). */
const shapeKeywords = new Set(["type", "required", "additionalProperties", "unevaluatedProperties", "false schema"]);

/**
 * For each failed oneOf/anyOf, keeps only the errors of the branch the value
 * evidently meant: the one branch with the fewest shape errors at the value
 * itself. When no single branch stands out, the oneOf/anyOf error alone
 * remains and is described by the branches' titles.
 *
 * Branch errors are recognised by schema path. ajv restarts schema paths at a
 * `$ref` target, so errors found through a `$ref` inside a branch cannot be
 * attributed and are always kept; schemas should not hide branch shapes
 * (type, required, additionalProperties) behind a `$ref`.
 */
function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const removed = new Set<ErrorObject>();
  const alternatives = errors
    .filter((error) => error.keyword === "oneOf" || error.keyword === "anyOf")
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const alternative of alternatives) {
    if (removed.has(alternative)) continue;
    const branches = groupBranchErrors(errors, alternative);
    const chosen = closestBranch(branches, alternative.instancePath);
    branches.forEach((branch, index) => {
      if (index !== chosen) for (const error of branch) removed.add(error);
    });
    if (chosen !== undefined) removed.add(alternative);
  }
  return errors.filter((error) => !removed.has(error));
}

/** The errors reported inside each branch of a failed oneOf/anyOf, one list per branch. */
function groupBranchErrors(errors: readonly ErrorObject[], alternative: ErrorObject): ErrorObject[][] {
  const prefix = `${alternative.schemaPath}/`;
  const count = Array.isArray(alternative.schema) ? alternative.schema.length : 0;
  const branches: ErrorObject[][] = Array.from({ length: count }, () => []);
  for (const error of errors) {
    if (!error.schemaPath.startsWith(prefix) || !isWithin(error.instancePath, alternative.instancePath)) continue;
    branches[Number(error.schemaPath.slice(prefix.length).split("/")[0])]?.push(error);
  }
  return branches;
}

/** The index of the single branch with the fewest shape errors at the value, if there is one. */
function closestBranch(branches: readonly ErrorObject[][], instancePath: string): number | undefined {
  const shapeErrors = branches.map(
    (branch) => branch.filter((error) => error.instancePath === instancePath && shapeKeywords.has(error.keyword)).length,
  );
  const fewest = Math.min(...shapeErrors);
  const closest = shapeErrors.flatMap((count, index) => (count === fewest ? [index] : []));
  return closest.length === 1 ? closest[0] : undefined;
}

function isWithin(pointer: string, ancestor: string): boolean {
  return pointer === ancestor || pointer.startsWith(`${ancestor}/`);
}

function describeError(error: ErrorObject): SchemaIssue {
  const at = error.instancePath;
  const params = error.params as Record<string, unknown>;
  // Errors about a property *name* (propertyNames) carry the name; underline the name.
  if (error.propertyName !== undefined) {
    return { pointer: childPointer(at, error.propertyName), target: "key", message: `invalid property name: ${describeKeyword(error, params)}` };
  }
  switch (error.keyword) {
    case "required":
      return { pointer: at, target: "head", message: `missing required property "${String(params.missingProperty)}"` };
    case "dependentRequired":
      return {
        pointer: at,
        target: "head",
        message: `property "${String(params.property)}" needs property "${String(params.missingProperty)}" too`,
      };
    case "additionalProperties":
    case "unevaluatedProperties": {
      const name = String(params.additionalProperty ?? params.unevaluatedProperty);
      const known = Object.keys(objectProperty(error.parentSchema, "properties"));
      return { pointer: childPointer(at, name), target: "key", message: `unknown property "${name}"${suggestion(name, known)}` };
    }
    case "discriminator":
      return describeTag(error, params);
    case "uniqueItems": {
      // ajv names the two equal items in either order; report the later one as the repetition.
      const [first, repeated] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return {
        pointer: childPointer(at, repeated!),
        target: "value",
        message: `repeats item ${first!} of the list; items must be unique`,
      };
    }
    default:
      return { pointer: at, target: "value", message: describeKeyword(error, params) };
  }
}

/**
 * A union that picks its branch by a tag property (ajv's `discriminator`)
 * found the tag missing or naming no branch: say which values it may take,
 * read from the branches' `const` or `enum` of the tag.
 */
function describeTag(error: ErrorObject, params: Record<string, unknown>): SchemaIssue {
  const tag = String(params.tag);
  if (params.tagValue === undefined) return { pointer: error.instancePath, target: "head", message: `missing required property "${tag}"` };
  const branches = objectProperty(error.parentSchema, "oneOf");
  const allowed = Object.values(branches).flatMap((branch) => {
    const property = objectProperty(objectProperty(branch, "properties"), tag);
    return "const" in property ? [String(property.const)] : Array.isArray(property.enum) ? property.enum.map(String) : [];
  });
  const found = typeof params.tagValue === "string" ? suggestion(params.tagValue, allowed) : "";
  return { pointer: childPointer(error.instancePath, tag), target: "value", message: `must be one of ${allowed.join(", ")}${found}` };
}

function describeKeyword(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case "type":
      return `must be ${listOfTypes(params.type)}`;
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const found = typeof error.data === "string" ? suggestion(error.data, allowed) : "";
      return `must be one of ${allowed.join(", ")}${found}`;
    }
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "format":
      return `must be ${describeFormat(String(params.format))}`;
    case "pattern":
      return `must match the pattern ${String(params.pattern)}`;
    case "minLength":
      return params.limit === 1 ? "must not be empty" : `must be at least ${String(params.limit)} characters long`;
    case "maxLength":
      return `must be at most ${String(params.limit)} characters long`;
    case "minItems":
      return `must have at least ${plural(Number(params.limit), "item")}`;
    case "maxItems":
      return `must have at most ${plural(Number(params.limit), "item")}`;
    case "minProperties":
      return `must have at least ${plural(Number(params.limit), "property", "properties")}`;
    case "maxProperties":
      return `must have at most ${plural(Number(params.limit), "property", "properties")}`;
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return `must be ${String(params.comparison)} ${String(params.limit)}`;
    case "multipleOf":
      return `must be a multiple of ${String(params.multipleOf)}`;
    case "oneOf":
      return params.passingSchemas
        ? `matches more than one of: ${describeBranches(error.schema)}`
        : `must be one of: ${describeBranches(error.schema)}`;
    case "anyOf":
      return `must be one of: ${describeBranches(error.schema)}`;
    case "not":
      return "is not allowed here";
    case "false schema":
      return "is not allowed here";
    default:
      return error.message ?? `fails the "${error.keyword}" rule of the schema`;
  }
}

/** A short name for each branch of a oneOf/anyOf: its `title`, else its type. */
function describeBranches(branches: unknown): string {
  if (!Array.isArray(branches)) return "the allowed forms";
  return branches
    .map((branch) => {
      if (typeof branch !== "object" || branch === null) return String(branch);
      const record = branch as Record<string, unknown>;
      if (typeof record.title === "string") return record.title;
      if (record.type !== undefined) return listOfTypes(record.type);
      if (typeof record.$ref === "string") return record.$ref.slice(record.$ref.lastIndexOf("/") + 1);
      return "another form";
    })
    .join("; ");
}

const typeNames: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "a boolean",
  object: "an object",
  array: "an array",
  null: "null",
};

function listOfTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  return types.map((t) => typeNames[String(t)] ?? String(t)).join(" or ");
}

const formatNames: Record<string, string> = {
  uri: "an absolute URI",
  "uri-reference": "a URI reference",
  iri: "an absolute IRI",
  email: "an e-mail address",
  hostname: "a host name",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
  "date-time": "a date and time (RFC 3339)",
  date: "a date (RFC 3339)",
  regex: "a regular expression",
};

function describeFormat(format: string): string {
  return formatNames[format] ?? `a valid "${format}"`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function objectProperty(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null) return {};
  const inner = (value as Record<string, unknown>)[key];
  return typeof inner === "object" && inner !== null ? (inner as Record<string, unknown>) : {};
}

/** ` (did you mean "x"?)` when a candidate is a small edit away from the word, else "". */
export function suggestion(word: string, candidates: readonly string[]): string {
  if (word.length > 64) return "";
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best && best.candidate !== word ? ` (did you mean "${best.candidate}"?)` : "";
}

/** Levenshtein distance; words here are short (property names, enum values). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
