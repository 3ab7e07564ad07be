import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy } from "../../src/policy/site-policy.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const exampleTexts = ["isp", "enterprise", "cdn-surrogate", "mail-gateway"].map((name) =>
  readFileSync(new URL(`../../examples/${name}/policy.json`, import.meta.url), "utf8"),
);
const examples = exampleTexts.map((text) => JSON.parse(text) as Json);

/** Every string of the examples: swapping one in makes references that are plausible but wrong. */
const stringPool = [...new Set(examples.flatMap(strings))];

function strings(value: Json): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([key, child]) => [key, ...strings(child)]);
  return [];
}

/** The invariant of the loader: it never throws, and returns a policy exactly when it found no error. */
function checkLoad(text: string): void {
  const result = loadSitePolicy(new SourceFile("fuzz.json", text));
  expect(result.policy === undefined).toBe(hasErrors(result.diagnostics));
  for (const d of result.diagnostics) {
    expect(d.code).toMatch(/^P30\d\d$/);
    expect(d.message.length).toBeGreaterThan(0);
    expect(d.range.start).toBeGreaterThanOrEqual(0);
    expect(d.range.end).toBeLessThanOrEqual(text.length);
    expect(d.range.start).toBeLessThanOrEqual(d.range.end);
    expect(d.range.line).toBeGreaterThanOrEqual(1);
    expect(d.range.column).toBeGreaterThanOrEqual(1);
  }
}

type Mutation = { op: "delete" | "replace" | "pool" | "duplicate" | "rename"; target: number; pick: number; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom("delete", "replace", "pool", "duplicate", "rename"),
  target: fc.nat(),
  pick: fc.nat(),
  value: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
});

/** Every container in the value with one of its keys: the places a mutation can act on. */
function slots(value: Json): [Json[] | Record<string, Json>, string | number][] {
  if (Array.isArray(value)) return value.flatMap((child, index) => [[value, index] as [Json[], number], ...slots(child)]);
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([key, child]) => [[value, key] as [Record<string, Json>, string], ...slots(child)]);
  }
  return [];
}

function mutate(value: Json, m: Mutation): void {
  const all = slots(value);
  const slot = all[m.target % Math.max(1, all.length)];
  if (!slot) return;
  const [container, key] = slot;
  const item = (container as Record<string | number, Json>)[key]!;
  const pooled = stringPool[m.pick % stringPool.length]!;
  if (Array.isArray(container)) {
    const index = key as number;
    if (m.op === "delete") container.splice(index, 1);
    else if (m.op === "duplicate") container.splice(index, 0, structuredClone(item));
    else container[index] = m.op === "pool" ? pooled : m.value;
    return;
  }
  const record = container as Record<string, Json>;
  const name = key as string;
  if (m.op === "delete") delete record[name];
  else if (m.op === "rename") {
    delete record[name];
    record[pooled] = item;
  } else record[name] = m.op === "pool" ? pooled : m.op === "duplicate" ? structuredClone(item) : m.value;
}

describe("loadSitePolicy on hostile input", () => {
  it("survives arbitrary text", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), checkLoad), { numRuns: 300 });
  });

  it("survives arbitrary JSON", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), checkLoad), { numRuns: 300 });
  });

  it("survives mutated example policies", () => {
    fc.assert(
      fc.property(fc.nat(examples.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        const value = structuredClone(examples[which]!);
        for (const m of mutations) mutate(value, m);
        checkLoad(JSON.stringify(value, null, 2));
      }),
      { numRuns: 400 },
    );
  });

  it("survives cut and spliced example texts", () => {
    fc.assert(
      fc.property(fc.nat(exampleTexts.length - 1), fc.nat(), fc.nat({ max: 40 }), fc.string({ maxLength: 3 }), (which, at, cut, insert) => {
        const text = exampleTexts[which]!;
        const start = at % text.length;
        checkLoad(text.slice(0, start) + insert + text.slice(start + cut));
      }),
      { numRuns: 300 },
    );
  });
});
