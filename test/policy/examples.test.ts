import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyDiagnostics } from "../../src/diagnostics/catalog/policy.js";
import type { DiagnosticDefinition } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy, sitePolicySchema, type SitePolicy } from "../../src/policy/site-policy.js";

const examples = ["isp", "enterprise", "cdn-surrogate", "mail-gateway"] as const;

function loadExample(name: string): SitePolicy {
  const url = new URL(`../../examples/policies/${name}.json`, import.meta.url);
  const result = loadSitePolicy(new SourceFile(`examples/policies/${name}.json`, readFileSync(url, "utf8")));
  expect(result.diagnostics).toEqual([]);
  return result.policy!;
}

describe("the example site policies", () => {
  it.each(examples)("%s.json loads without any diagnostic", (name) => {
    expect(loadExample(name).services.length).toBeGreaterThan(3);
  });

  it.each(examples)("%s.json: every plain P file it assigns exists", (name) => {
    for (const file of loadExample(name).files) {
      expect(existsSync(new URL(`../../examples/policies/${file.path}`, import.meta.url)), file.path).toBe(true);
    }
  });

  it("isp.json: a delegate limited to one service and point, consent-gated profiling", () => {
    const isp = loadExample("isp");
    expect(isp.delegations.find((d) => d.delegate === "https://kidsafe.example/")).toMatchObject({
      services: ["urn:svc:parental-filter"],
      points: ["request_in"],
    });
    expect(isp.services.find((s) => s.uri === "urn:svc:profile-logger")!.consents).toEqual(["profiling"]);
  });

  it("enterprise.json: the employer outranks employees and may act before its private cache", () => {
    const enterprise = loadExample("enterprise");
    expect(enterprise.pointRestrictions.consumer).toEqual([]);
    expect(enterprise.precedence.ranks[0]).toEqual(["consumer-delegate"]);
  });

  it("cdn-surrogate.json: acts for providers only", () => {
    const cdn = loadExample("cdn-surrogate");
    expect(cdn.pointRestrictions.consumer).toEqual(["request_in", "request_out", "response_in", "response_out"]);
    expect(cdn.groups[0]).toMatchObject({ class: "provider", members: ["www.shop.example", "images.shop.example", "news.example.com"] });
  });

  it("mail-gateway.json: DKIM signing runs last", () => {
    expect(loadExample("mail-gateway").order).toContainEqual({
      kind: "last",
      service: "urn:mail:svc:dkim-sign",
      reason: "the signature must cover the final message",
    });
  });
});

describe("the published schema", () => {
  type SchemaNode = Record<string, unknown>;
  const schema = sitePolicySchema as SchemaNode;
  const defs = schema.$defs as Record<string, SchemaNode>;

  /** Keywords whose subschemas restate or sample properties declared elsewhere. */
  const notDeclarations = new Set(["examples", "if", "then", "else", "not"]);

  /** Every `properties` member that declares a property of the document, with its path. */
  function properties(node: unknown, path: string): [string, SchemaNode][] {
    if (typeof node !== "object" || node === null) return [];
    return Object.entries(node).flatMap(([key, child]) => {
      if (notDeclarations.has(key)) return [];
      const here = `${path}/${key}`;
      const own =
        key === "properties" && typeof child === "object" && child !== null
          ? Object.entries(child as Record<string, SchemaNode>).map(([name, value]) => [`${here}/${name}`, value] as [string, SchemaNode])
          : [];
      return [...own, ...properties(child, here)];
    });
  }

  function describedAt(node: SchemaNode): boolean {
    if (typeof node.description === "string") return true;
    const ref = typeof node.$ref === "string" ? defs[node.$ref.replace("#/$defs/", "")] : undefined;
    return ref !== undefined && typeof ref.description === "string";
  }

  it("has a $id and is draft 2020-12", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.$id).toMatch(/^https:\/\//);
  });

  it("describes every property", () => {
    const undocumented = properties(schema, "#")
      .filter(([, node]) => node !== (true as unknown) && !describedAt(node))
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it("its own examples of whole policies load", () => {
    for (const example of schema.examples as unknown[]) {
      const result = loadSitePolicy(new SourceFile("example.json", JSON.stringify(example)));
      expect(result.diagnostics).toEqual([]);
    }
  });
});

describe("the policy diagnostics catalogue", () => {
  const definitions: DiagnosticDefinition[] = Object.values(policyDiagnostics);
  it.each(definitions.map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it", (_code, _name, definition) => {
    expect(definition.example.language).toBe("policy");
    const result = loadSitePolicy(new SourceFile("example.json", definition.example.source), {
      limits: definition.example.limits ?? {},
    });
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
  });
});
