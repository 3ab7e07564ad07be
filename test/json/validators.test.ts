import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateValidatorModules, isShippedByAjv, validatorSpecs } from "../../scripts/generate-validators.js";
import { repositoryRoot } from "../../scripts/generated-files.js";
import { compileSources } from "../../src/compile/index.js";
import { createAjv, jsonSchema2020Id, projectSchemaOptions } from "../../src/json/ajv.js";
import { compileUserSchema } from "../../src/json/user-schema.js";
import { loadSitePolicy } from "../../src/policy/site-policy.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { describeGeneratedFiles } from "../helpers/generated-files.js";
import { validate as bundle } from "../../src/json/validators/bundle.js";
import { validate as catalog } from "../../src/json/validators/catalog.js";
import { validate as jsonSchema2020 } from "../../src/json/validators/json-schema-2020-12.js";
import { validate as policyTestConfig } from "../../src/json/validators/policy-test-config.js";
import { validate as policyTest } from "../../src/json/validators/policy-test.js";
import { validate as sitePolicy } from "../../src/json/validators/site-policy.js";
import { validate as transactionContext } from "../../src/json/validators/transaction-context.js";

const precompiledValidators: Record<string, ValidateFunction> = {
  bundle,
  "transaction-context": transactionContext,
  "site-policy": sitePolicy,
  "policy-test": policyTest,
  "policy-test-config": policyTestConfig,
  catalog,
};

describeGeneratedFiles("the committed validators (src/json/validators/)", "validators", generateValidatorModules);

const read = (path: string): unknown => JSON.parse(readFileSync(join(repositoryRoot, path), "utf8"));
const filesIn = (dir: string, suffix: string): string[] =>
  readdirSync(join(repositoryRoot, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(suffix))
    .sort()
    .map((name) => join(dir, name));

/** The examples that are a site policy with its rules, in folders of examples/. */
const exampleDirs = filesIn("examples", "policy.json").map((path) => join(path, ".."));

function exampleBundle(dir = "examples/isp"): unknown {
  const policyPath = join(dir, "policy.json");
  const policy = loadSitePolicy(new SourceFile(policyPath, readFileSync(join(repositoryRoot, policyPath), "utf8"))).policy!;
  const sources = filesIn(dir, ".p").map((path) => ({ path, text: readFileSync(join(repositoryRoot, path), "utf8") }));
  const result = compileSources(sources, { policy, policyDirectory: join(repositoryRoot, dir) });
  expect(result.bundle).toBeDefined();
  return JSON.parse(JSON.stringify(result.bundle));
}

/** Valid documents of each schema, which the mutations below start from. */
const seeds: Record<string, unknown[]> = {
  bundle: [exampleBundle()],
  "transaction-context": filesIn("examples", ".json").filter((path) => path.includes("transactions")).map(read),
  "site-policy": filesIn("examples", "policy.json").map(read),
  "policy-test": filesIn("examples", ".test.json").map(read),
  "policy-test-config": filesIn("test/cli-test/fixtures", "opes-test.json")
    .filter((path) => !path.includes("broken-config"))
    .map(read),
  catalog: filesIn("catalogs", ".json").map(read),
};

/** Replaces, removes or adds one member somewhere in a JSON value. */
function mutate(value: unknown, path: readonly number[], replacement: unknown, action: number): unknown {
  if (typeof value !== "object" || value === null) return replacement;
  const isArray = Array.isArray(value);
  const keys = Object.keys(value);
  if (keys.length === 0) return isArray ? [replacement] : { extra: replacement };
  const key = keys[path[0]! % keys.length]!;
  const copy: Record<string, unknown> | unknown[] = isArray ? [...value] : { ...value };
  const target = copy as Record<string, unknown>;
  if (path.length > 1) target[key] = mutate(target[key], path.slice(1), replacement, action);
  else if (action === 0 && !isArray) delete target[key];
  else if (action === 1 && !isArray) target[`${key}x`] = replacement;
  else target[key] = replacement;
  return copy;
}

const jsonValue = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1.5, "", "x", "urn:x", "http://a.example/", "2026-01-01T00:00:00Z", [], {}, ["x"], { a: 1 }),
  fc.string({ maxLength: 8 }),
  fc.integer(),
);

function validatorsOf(module: string): { precompiled: ValidateFunction; inMemory: ValidateFunction } {
  const spec = validatorSpecs.find((s) => s.module === module)!;
  const schema = read(spec.schema) as { $id: string };
  const ajv = createAjv(projectSchemaOptions);
  ajv.addSchema(schema);
  const inMemory = ajv.getSchema(schema.$id + (spec.fragment ?? ""))!;
  return { precompiled: precompiledValidators[module]!, inMemory };
}

describe("a precompiled validator and the same schema compiled in memory", () => {
  it.each(validatorSpecs.filter((s) => !isShippedByAjv(s)).map((s) => s.module))("%s: same verdict and same errors on valid documents and their mutations", (module) => {
    const { precompiled, inMemory } = validatorsOf(module);
    const documents = seeds[module]!;
    expect(documents.length).toBeGreaterThan(0);
    let invalid = 0;
    const verdicts = (document: unknown) => {
      const [a, b] = [precompiled(document), inMemory(document)];
      expect(a).toBe(b);
      expect(JSON.stringify(precompiled.errors)).toBe(JSON.stringify(inMemory.errors));
      if (!a) invalid++;
      return a;
    };
    for (const document of documents) expect(verdicts(document)).toBe(true);
    fc.assert(
      fc.property(fc.constantFrom(...documents), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), jsonValue, fc.nat(2), (document, path, replacement, action) => {
        verdicts(mutate(document, path, replacement, action));
      }),
      { numRuns: 300 },
    );
    // The mutations do reach the error paths.
    expect(invalid).toBeGreaterThan(30);
  });
});

/**
 * The bundle schema as it was before its tagged unions got `discriminator`
 * (with the `type` and `$comment` that came with it): plain `oneOf`s, which
 * ajv compiles without the discriminator option.
 */
function withoutDiscriminators(schema: unknown): unknown {
  if (typeof schema !== "object" || schema === null) return schema;
  if (Array.isArray(schema)) return schema.map(withoutDiscriminators);
  const tagged = "discriminator" in schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key]) => !(tagged && ["discriminator", "type", "$comment"].includes(key)))
      .map(([key, value]) => [key, withoutDiscriminators(value)]),
  );
}

/** The members of a bundle that the tagged unions check, with their tag and the tags their union allows. */
const taggedUnions = [
  { member: "terms", tag: "t", tags: ["lit", "root", "get", "call", "op", "match", "ite"] },
  { member: "actions", tag: "kind", tags: ["apply", "stop", "fail"] },
  { member: "order", tag: "kind", tags: ["before", "first", "last"] },
] as const;

/** Values of every JSON type, for a tag or a member of a union's branch. */
const wrongValues: unknown[] = [null, true, 0, -1, 1.5, "", "x", [], {}, ["x"], [0], { a: 1 }];

/** Mutations of one item of a tagged union: other and wrong tags, no tag, each member removed, replaced by each wrong value, an extra member, no object at all. */
function itemMutations(item: Record<string, unknown>, tag: string, tags: readonly string[]): unknown[] {
  const without = (key: string) => Object.fromEntries(Object.entries(item).filter(([k]) => k !== key));
  return [
    ...[...tags, "explode", ...wrongValues].map((value) => ({ ...item, [tag]: value })),
    ...Object.keys(item).flatMap((key) => [without(key), ...wrongValues.map((value) => ({ ...item, [key]: value }))]),
    { ...item, extra: 1 },
    ...wrongValues,
  ];
}

describe("the bundle schema with discriminators and the same schema with plain oneOf", () => {
  const schema = read("schemas/bundle.schema.json") as { $id: string };
  const plainOneOf = createAjv().compile(withoutDiscriminators(schema) as object);
  /** The examples have no `ite` term and no order constraints; the schema checks neither their indices nor their services. */
  const withEveryKind = (bundle: unknown) => ({
    ...(bundle as object),
    terms: [...(bundle as { terms: unknown[] }).terms, { t: "ite", cond: 0, then: 0, else: 0 }],
    order: [
      { kind: "before", before: "urn:a", after: "urn:b" },
      { kind: "first", service: "urn:a" },
      { kind: "last", service: "urn:b" },
    ],
  });
  const bundles = exampleDirs.map((dir) => withEveryKind(exampleBundle(dir)));
  const verdicts = { valid: 0, invalid: 0 };
  const sameVerdict = (document: unknown) => {
    const expected = plainOneOf(document);
    expect(bundle(document)).toBe(expected);
    verdicts[expected ? "valid" : "invalid"]++;
  };

  it("same verdict on the examples' bundles", () => {
    expect(bundles.length).toBeGreaterThan(3);
    for (const document of bundles) {
      expect(plainOneOf(document)).toBe(true);
      sameVerdict(document);
    }
  });

  it.each(taggedUnions)("same verdict on mutations of each kind of $member item", ({ member, tag, tags }) => {
    [verdicts.valid, verdicts.invalid] = [0, 0];
    const kindsSeen = new Set<unknown>();
    for (const document of bundles) {
      const items = (document as Record<string, Record<string, unknown>[]>)[member]!;
      items.forEach((item, index) => {
        // One item of each kind per bundle keeps the run short; the kinds' branches are what differ.
        if (items.findIndex((other) => other[tag] === item[tag]) !== index) return;
        kindsSeen.add(item[tag]);
        for (const mutated of itemMutations(item, tag, tags)) {
          sameVerdict({ ...document, [member]: items.map((other, i) => (i === index ? mutated : other)) });
        }
      });
    }
    expect([...kindsSeen].sort()).toEqual([...tags].sort());
    expect(verdicts.invalid).toBeGreaterThan(100);
    expect(verdicts.valid).toBeGreaterThan(0);
  });

  it("same verdict on random mutations inside terms, actions and order", () => {
    [verdicts.valid, verdicts.invalid] = [0, 0];
    const member = fc.constantFrom(...taggedUnions.map((union) => union.member));
    fc.assert(
      fc.property(fc.constantFrom(...bundles), member, fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), jsonValue, fc.nat(2), (document, name, path, replacement, action) => {
        const items = (document as Record<string, unknown[]>)[name]!;
        sameVerdict({ ...document, [name]: mutate(items, path, replacement, action) });
      }),
      { numRuns: 1500 },
    );
    expect(verdicts.invalid).toBeGreaterThan(500);
    expect(verdicts.valid).toBeGreaterThan(20);
  });
});

describe("discriminator in a user's schema", () => {
  it("is still an unknown keyword, which strict mode rejects: only the project's schemas get the option", () => {
    const result = compileUserSchema({
      type: "object",
      required: ["kind"],
      discriminator: { propertyName: "kind" },
      oneOf: [{ properties: { kind: { const: "a" } } }, { properties: { kind: { const: "b" } } }],
    });
    expect(result).toEqual({
      ok: false,
      issues: [{ pointer: "/discriminator", target: "key", message: 'is not a usable JSON Schema: unknown keyword: "discriminator"' }],
    });
  });
});

/** Some fixtures are broken JSON on purpose. */
function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every service's parameter schema in the repository's JSON files (policies, fixtures), and the project's own schemas. */
function schemaCorpus(): unknown[] {
  const parameterSchemas = ["examples", "catalogs", "test"].flatMap((dir) =>
    filesIn(dir, ".json").flatMap((path) => {
      const document = parsedOrUndefined(readFileSync(join(repositoryRoot, path), "utf8")) as { services?: unknown } | undefined;
      if (!Array.isArray(document?.services)) return [];
      return document!.services.flatMap((service: { parameters?: unknown }) => (service.parameters === undefined ? [] : [service.parameters]));
    }),
  );
  return [...parameterSchemas, ...filesIn("schemas", ".schema.json").map(read)];
}

/** Schemas of every shape the meta-schema knows, with keyword values of the right type or of a wrong one. */
const generatedSchema = fc.letrec<{ schema: unknown }>((tie) => {
  const schema = tie("schema");
  const schemas = fc.array(schema, { maxLength: 3 });
  const schemaMap = fc.dictionary(fc.constantFrom("a", "b", "x/y", "~0"), schema, { maxKeys: 3 });
  const wrong = fc.constantFrom<unknown>(null, 1, -1, 1.5, "x", "", [], {}, [1], true);
  const either = (right: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: right, weight: 4 }, { arbitrary: wrong, weight: 1 });
  const keywords: Record<string, fc.Arbitrary<unknown>> = {
    type: either(fc.oneof(fc.constantFrom("object", "string", "integer", "number", "boolean", "array", "null", "strin"), fc.array(fc.constantFrom("string", "null", "string"), { maxLength: 3 }))),
    properties: either(schemaMap),
    patternProperties: either(fc.dictionary(fc.constantFrom("^a", "([a-z]+", "x"), schema, { maxKeys: 2 })),
    additionalProperties: either(schema),
    propertyNames: either(schema),
    items: either(schema),
    prefixItems: either(schemas),
    contains: either(schema),
    $defs: either(schemaMap),
    definitions: either(schemaMap),
    dependentSchemas: either(schemaMap),
    allOf: either(schemas),
    anyOf: either(schemas),
    oneOf: either(schemas),
    not: either(schema),
    if: either(schema),
    then: either(schema),
    else: either(schema),
    unevaluatedProperties: either(schema),
    $ref: either(fc.constantFrom("#", "#/$defs/a", "#/$defs/missing", "urn:x", "%%", "http://a.example/#x")),
    $dynamicRef: either(fc.constantFrom("#meta", "#x", "urn:x#meta")),
    $dynamicAnchor: either(fc.constantFrom("meta", "1bad", "a.b")),
    $anchor: either(fc.constantFrom("a", "#a", "a b")),
    $id: either(fc.constantFrom("urn:example:x", "http://a.example/s#", "http://a.example/s#frag", "s.json")),
    $schema: either(fc.constantFrom(jsonSchema2020Id)),
    $vocabulary: either(fc.dictionary(fc.constantFrom("https://a.example/v", "not a uri"), fc.oneof(fc.boolean(), wrong), { maxKeys: 2 })),
    $comment: either(fc.string({ maxLength: 4 })),
    enum: either(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 })),
    const: fc.jsonValue({ maxDepth: 1 }),
    required: either(fc.array(fc.constantFrom("a", "b", "a"), { maxLength: 3 })),
    dependentRequired: either(fc.dictionary(fc.constantFrom("a", "b"), fc.oneof(fc.array(fc.constantFrom("a", "b", "a"), { maxLength: 3 }), wrong), { maxKeys: 2 })),
    minimum: either(fc.double({ noNaN: true, noDefaultInfinity: true })),
    exclusiveMaximum: either(fc.integer()),
    multipleOf: either(fc.constantFrom(0, -1, 0.5, 3)),
    minLength: either(fc.constantFrom(0, 1, -1, 1.5)),
    maxItems: either(fc.nat()),
    uniqueItems: either(fc.boolean()),
    pattern: either(fc.constantFrom("^a$", "([a-z]+", "\\p{L}")),
    format: either(fc.constantFrom("uri", "date-time", "no-such-format")),
    contentEncoding: either(fc.constantFrom("base64")),
    title: either(fc.string({ maxLength: 4 })),
    default: fc.jsonValue({ maxDepth: 1 }),
    examples: either(fc.array(fc.integer(), { maxLength: 2 })),
    deprecated: either(fc.boolean()),
    minimun: fc.integer(),
    "x-unknown": fc.jsonValue({ maxDepth: 1 }),
  };
  // A few keywords per schema object keep the documents (and ajv's verbose errors, which repeat them) small.
  const keyword = fc.oneof(...Object.entries(keywords).map(([name, value]) => fc.tuple(fc.constant(name), value)));
  const schemaObject = fc.array(keyword, { maxLength: 4 }).map((members) => Object.fromEntries(members));
  return { schema: fc.oneof({ maxDepth: 4, depthSize: "small", withCrossShrink: true }, fc.boolean(), schemaObject) };
}).schema;

describe("the precompiled 2020-12 meta-schema and ajv.validateSchema", () => {
  const ajv = createAjv();
  /** What compileUserSchema asks of the precompiled validator, asked of ajv, which compiles the meta-schema in memory. */
  const inMemory = (schema: object | boolean) => {
    ajv.errors = null;
    const valid = ajv.validateSchema(schema);
    return { valid, errors: JSON.stringify(ajv.errors) };
  };
  const precompiled = (schema: object | boolean) => {
    const valid = jsonSchema2020(schema);
    return { valid, errors: JSON.stringify(jsonSchema2020.errors) };
  };
  /** The schemas compileUserSchema checks with the precompiled validator. */
  const inDefaultDialect = (schema: unknown): schema is object | boolean =>
    typeof schema === "boolean" ||
    (typeof schema === "object" && schema !== null && !Array.isArray(schema) && [undefined, jsonSchema2020Id].includes((schema as { $schema?: unknown }).$schema as string));
  const corpus = schemaCorpus();
  let compared = 0;
  let invalid = 0;
  const sameVerdicts = (schema: unknown) => {
    if (!inDefaultDialect(schema)) return;
    const expected = inMemory(schema);
    expect(precompiled(schema)).toEqual(expected);
    compared++;
    if (!expected.valid) invalid++;
  };

  it("same verdict and errors on the repository's parameter schemas and the project's schemas", () => {
    expect(corpus.length).toBeGreaterThan(15);
    for (const schema of corpus) sameVerdicts(schema);
    expect(compared).toBe(corpus.length);
  });

  it("same verdict and errors on mutations of those schemas", () => {
    [compared, invalid] = [0, 0];
    const replacement = fc.oneof(jsonValue, generatedSchema);
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), replacement, fc.nat(2), (schema, path, value, action) => {
        sameVerdicts(mutate(schema, path, value, action));
      }),
      { numRuns: 400 },
    );
    expect(invalid).toBeGreaterThan(50);
  });

  it("same verdict and errors on generated schemas (keywords of every kind, nested, of right and wrong types)", () => {
    [compared, invalid] = [0, 0];
    fc.assert(fc.property(generatedSchema, sameVerdicts), { numRuns: 1000 });
    expect(compared).toBeGreaterThan(900);
    expect(invalid).toBeGreaterThan(150);
    expect(compared - invalid).toBeGreaterThan(100);
  });
});
