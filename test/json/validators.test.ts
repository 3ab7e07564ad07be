import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ValidateFunction } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateValidatorModules, validatorSpecs } from "../../scripts/generate-validators.js";
import { repositoryRoot } from "../../scripts/generated-files.js";
import { compileSources } from "../../src/compile/index.js";
import { createAjv } from "../../src/json/ajv.js";
import { loadSitePolicy } from "../../src/policy/site-policy.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { describeGeneratedFiles } from "../helpers/generated-files.js";
import { validate as bundle } from "../../src/json/validators/bundle.js";
import { validate as catalog } from "../../src/json/validators/catalog.js";
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

function exampleBundle(): unknown {
  const dir = "examples/isp";
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
  const ajv = createAjv();
  ajv.addSchema(schema);
  const inMemory = ajv.getSchema(schema.$id + (spec.fragment ?? ""))!;
  return { precompiled: precompiledValidators[module]!, inMemory };
}

describe("a precompiled validator and the same schema compiled in memory", () => {
  it.each(validatorSpecs.map((s) => s.module))("%s: same verdict and same errors on valid documents and their mutations", (module) => {
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
