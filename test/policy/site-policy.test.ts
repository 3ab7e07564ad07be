import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasErrors } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy, sitePolicyDefaults } from "../../src/policy/site-policy.js";
import { formatDiagnostics } from "./format-diagnostics.js";

const fixtureDir = new URL("./fixtures/", import.meta.url);
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith(".json")).sort();

function load(text: string, path = "policy.json") {
  return loadSitePolicy(new SourceFile(path, text));
}

function loadFixture(name: string) {
  return load(readFileSync(new URL(name, fixtureDir), "utf8"), name);
}

describe("invalid site policies (golden diagnostics)", () => {
  it.each(fixtures)("%s", async (name) => {
    const result = loadFixture(name);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    // Fail closed: a policy with an error is never returned; warnings alone keep it.
    expect(result.policy === undefined).toBe(hasErrors(result.diagnostics));
    await expect(formatDiagnostics(result.diagnostics)).toMatchFileSnapshot(`fixtures/${name.replace(/\.json$/, ".diagnostics.txt")}`);
  });
});

describe("JSON syntax errors point at the offending character", () => {
  it("a trailing comma is reported at the comma", () => {
    const [d] = loadFixture("syntax-trailing-comma.json").diagnostics;
    expect(d).toMatchObject({ code: "P3001", range: { line: 4, column: 86, endLine: 4, endColumn: 87 } });
    expect(d!.message).toBe("a trailing comma is not allowed in JSON");
  });

  it("a comment is reported where it starts", () => {
    const [d] = loadFixture("syntax-comment.json").diagnostics;
    expect(d).toMatchObject({ code: "P3001", range: { line: 2, column: 3 } });
    expect(d!.message).toBe("comments are not allowed in JSON");
  });

  it("an empty file is reported at its end", () => {
    const [d] = loadFixture("syntax-empty.json").diagnostics;
    expect(d).toMatchObject({ code: "P3001", range: { line: 1, column: 1, endLine: 1, endColumn: 1 } });
  });

  it("reports only the first syntax error, not the parser's recovery echoes", () => {
    expect(loadFixture("syntax-unterminated-string.json").diagnostics).toHaveLength(1);
  });

  it("accepts a byte-order mark before the document", () => {
    const result = load('\uFEFF{"system": {"uri": "http://opes.example/"}, "services": []}');
    expect(result.diagnostics).toEqual([]);
    expect(result.policy).toBeDefined();
  });
});

describe("schema violations name the JSON Pointer and the right place", () => {
  const result = loadFixture("schema-violations.json");
  const byPointer = (pointer: string) => result.diagnostics.filter((d) => d.message.startsWith(`${pointer}: `));

  it("reports every violation at once, all as P3003", () => {
    expect(result.diagnostics.length).toBeGreaterThan(15);
    expect(new Set(result.diagnostics.map((d) => d.code))).toEqual(new Set(["P3003"]));
  });

  it("a point of the wrong protocol lists the protocol's points", () => {
    const [d] = byPointer("/services/0/points/1");
    expect(d!.message).toBe("/services/0/points/1: must be one of request_in, request_out, response_in, response_out");
    expect(d!.range).toMatchObject({ line: 8, column: 33, endColumn: 38 });
  });

  it("a missing property is reported at the name of the object that lacks it", () => {
    const [d] = byPointer("/system");
    expect(d!.message).toBe('/system: missing required property "uri"');
    expect(d!.range).toMatchObject({ line: 2, column: 3, endLine: 2, endColumn: 11 });
  });

  it("an unknown property is reported at its name, with a suggestion", () => {
    const [d] = byPointer("/services/0/bypasable");
    expect(d!.message).toBe('/services/0/bypasable: unknown property "bypasable" (did you mean "bypassable"?)');
    expect(d!.range).toMatchObject({ line: 9, column: 7, endLine: 9, endColumn: 18 });
  });

  it("a repeated list item is reported at the repetition", () => {
    const [d] = byPointer("/services/0/points/3");
    expect(d!.message).toBe("/services/0/points/3: repeats item 2 of the list; items must be unique");
    expect(d!.range).toMatchObject({ line: 8, column: 56 });
  });

  it("an order constraint that fits no form says which forms exist", () => {
    const [d] = byPointer("/order/2");
    expect(d!.message).toBe('/order/2: must be one of: { "before": uri, "after": uri }; { "first": uri }; { "last": uri }');
  });

  it("an order constraint that evidently meant one form gets that form's errors only", () => {
    expect(byPointer("/order/0").map((d) => d.message)).toEqual(['/order/0: missing required property "after"']);
    expect(byPointer("/order/1/reason").map((d) => d.message)).toEqual(["/order/1/reason: must be a string"]);
    expect(byPointer("/order/1")).toEqual([]);
  });

  it("the root of the document is shown as (root)", () => {
    const [d] = loadFixture("schema-root-not-object.json").diagnostics;
    expect(d!.message).toBe("(root): must be an object");
  });

  it("a missing top-level property is reported at the opening brace", () => {
    const [d] = loadFixture("schema-missing-services.json").diagnostics;
    expect(d!.message).toBe('(root): missing required property "services"');
    expect(d!.range).toMatchObject({ line: 1, column: 1, endLine: 1, endColumn: 2 });
  });
});

describe("consistency checks", () => {
  it("prints an order cycle as a path, at one constraint, with the others related", () => {
    const cycles = loadFixture("order-cycles.json").diagnostics.filter((d) => d.code === "P3008");
    expect(cycles.map((d) => d.message)).toEqual([
      "/order/0: order constraints form a cycle: urn:svc:a → urn:svc:b → urn:svc:c → urn:svc:a",
      "/order/4: order constraints form a cycle: urn:svc:sign → urn:svc:archive → urn:svc:sign",
      "/order/5: order constraints form a cycle: urn:svc:self → urn:svc:self",
    ]);
    expect(cycles[0]!.related!.map((r) => r.range.line)).toEqual([13, 14]);
    expect(cycles[0]!.range.line).toBe(12);
  });

  it("reports a duplicate service URI at the repetition and points to the first", () => {
    const [d] = loadFixture("duplicate-services.json").diagnostics;
    expect(d).toMatchObject({ code: "P3004", range: { line: 6, column: 14 } });
    expect(d!.related![0]!.range.line).toBe(4);
  });

  it("suggests the declared name for a misspelt service or group", () => {
    const messages = loadFixture("undeclared-names.json").diagnostics.map((d) => d.message);
    expect(messages).toContain('/order/0/before: service "urn:svc:virusscan" is not declared in "services" (did you mean "urn:svc:virus-scan"?)');
    expect(messages).toContain('/delegations/0/groups/0: group "subscriber" is not declared in "groups" (did you mean "subscribers"?)');
  });

  it("a warning alone keeps the policy", () => {
    const result = loadFixture("never-applies.json");
    expect(result.diagnostics.every((d) => d.severity === "warning")).toBe(true);
    expect(result.policy).toBeDefined();
  });
});

describe("defaults", () => {
  const minimal = load(
    JSON.stringify({
      system: { uri: "http://opes.example/" },
      services: [{ uri: "urn:svc:a", name: "A", protocol: "HTTP", points: ["response_out"] }],
    }),
  );

  it("fills every optional service field", () => {
    expect(minimal.policy!.services[0]).toEqual({
      uri: "urn:svc:a",
      name: "A",
      protocol: "HTTP",
      points: ["response_out"],
      receives: ["identity", "profile", "metadata", "content"],
      consents: [],
      bypassable: false,
      onFailure: "abort",
      mandate: "none",
      transforms: true,
      requestableBy: ["consumer", "provider", "consumer-delegate", "provider-delegate"],
      thirdParty: false,
    });
  });

  it("forbids consumers response_in and fills the other top-level defaults", () => {
    expect(minimal.policy).toMatchObject({
      groups: [],
      delegations: [],
      order: [],
      files: [],
      pointRestrictions: { consumer: ["response_in"], provider: [] },
      precedence: {
        ranks: [["consumer"], ["provider"], ["consumer-delegate"], ["provider-delegate"]],
        consumerOverridesProviderOptOut: false,
      },
    });
  });

  it("a class listed in pointRestrictions replaces only that class's default", () => {
    const result = load(
      JSON.stringify({ system: { uri: "http://opes.example/" }, services: [], pointRestrictions: { provider: ["request_in"] } }),
    );
    expect(result.policy!.pointRestrictions).toEqual({ consumer: ["response_in"], provider: ["request_in"] });
  });

  it("docs/site-policy.md states the same defaults as the code", () => {
    const doc = readFileSync(new URL("../../docs/site-policy.md", import.meta.url), "utf8");
    const documented = new Map(
      [...doc.matchAll(/^\| `([^`]+)` \| `([^`]+)` \|/gm)].map((m) => [m[1]!, JSON.parse(m[2]!) as unknown]),
    );
    const expected = new Map<string, unknown>([
      ...Object.entries(sitePolicyDefaults.service).map(([key, value]) => [`services[].${key}`, value] as const),
      ["pointRestrictions.consumer", sitePolicyDefaults.pointRestrictions.consumer],
      ["pointRestrictions.provider", sitePolicyDefaults.pointRestrictions.provider],
      ["precedence.ranks", sitePolicyDefaults.precedence.ranks],
      ["precedence.consumerOverridesProviderOptOut", sitePolicyDefaults.precedence.consumerOverridesProviderOptOut],
    ]);
    for (const [field, value] of expected) expect(documented.get(field), field).toEqual(value);
  });
});
