import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { policyDiagnostics } from "../../src/diagnostics/catalog/policy.js";
import type { DiagnosticDefinition } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy, type SitePolicy } from "../../src/policy/site-policy.js";
import { PolicyEngine, type Decision } from "../../src/runtime/index.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { readRuleFolder } from "./helpers/compile.js";

const examples = ["isp", "enterprise", "cdn-surrogate", "mail-gateway"] as const;
type Example = (typeof examples)[number];

const exampleUrl = (name: Example, path = "") => new URL(`../../examples/${name}/${path}`, import.meta.url);

function loadExample(name: Example): SitePolicy {
  const result = loadSitePolicy(new SourceFile(`examples/${name}/policy.json`, readFileSync(exampleUrl(name, "policy.json"), "utf8")));
  expect(result.diagnostics).toEqual([]);
  return result.policy!;
}

describe("the example site policies", () => {
  it.each(examples)("%s/policy.json loads without any diagnostic", (name) => {
    expect(loadExample(name).services.length).toBeGreaterThan(3);
  });

  it.each(examples)("%s/policy.json: every plain P file it assigns exists next to it", (name) => {
    for (const file of loadExample(name).files) {
      expect(existsSync(exampleUrl(name, file.path)), file.path).toBe(true);
    }
  });

  it("isp: a delegate limited to one service and point, consent-gated profiling", () => {
    const isp = loadExample("isp");
    expect(isp.delegations.find((d) => d.delegate === "https://kidsafe.example/")).toMatchObject({
      services: ["urn:svc:parental-filter"],
      points: ["request_in"],
    });
    expect(isp.services.find((s) => s.uri === "urn:svc:profile-logger")!.consents).toEqual(["profiling"]);
  });

  it("enterprise: the employer outranks employees and may act before its private cache", () => {
    const enterprise = loadExample("enterprise");
    expect(enterprise.pointRestrictions.consumer).toEqual([]);
    expect(enterprise.precedence.ranks[0]).toEqual(["consumer-delegate"]);
  });

  it("cdn-surrogate: acts for providers only", () => {
    const cdn = loadExample("cdn-surrogate");
    expect(cdn.pointRestrictions.consumer).toEqual(["request_in", "request_out", "response_in", "response_out"]);
    expect(cdn.groups[0]).toMatchObject({ class: "provider", members: ["www.shop.example", "images.shop.example", "news.example.com"] });
  });

  it("mail-gateway: DKIM signing runs last; recipients' rulesets may act from connect on, not at relay_out", () => {
    const mail = loadExample("mail-gateway");
    expect(mail.order).toContainEqual({ kind: "last", service: "urn:mail:svc:dkim-sign", reason: "the signature must cover the final message" });
    expect(mail.pointRestrictions.consumer).toEqual(["relay_out"]);
  });
});

/** What a test asserts of a decision: the plan in order with parameters, the refusals, stop/fail and the trace. */
function summary(decision: Decision) {
  return {
    services: decision.services.map((s) => `${s.uri} ${JSON.stringify(s.params)}${s.bypassRefused ? " bypass-refused" : ""}`),
    refused: decision.refused.map((r) => `${r.uri} ${r.reason}`),
    stop: decision.stop,
    fail: decision.fail?.reason ?? null,
    trace: decision.trace,
  };
}

/** The expected decision of each example transaction (examples/<name>/transactions/<transaction>.json). */
const expected: Record<Example, Record<string, ReturnType<typeof summary>>> = {
  isp: {
    "bob-reads-the-news": {
      services: ["urn:svc:virus-scan {}", 'urn:svc:ad-strip {"level":"aggressive"}', "urn:svc:usage-accounting {}"],
      refused: [],
      stop: false,
      fail: null,
      trace: {
        "OPES-System": "http://opes.homenet.example/",
        "OPES-Via": "http://opes.cdn.example/, http://opes.homenet.example/, urn:svc:virus-scan, urn:svc:ad-strip, urn:svc:usage-accounting",
      },
    },
    "kid-at-bedtime": {
      services: ['urn:svc:parental-filter {"age":6}'],
      refused: ["urn:svc:profile-logger consent-missing"],
      stop: false,
      fail: null,
      trace: { "OPES-System": "http://opes.homenet.example/", "OPES-Via": "http://opes.homenet.example/, urn:svc:parental-filter" },
    },
    "alice-bypasses-on-her-phone": {
      services: ["urn:svc:usage-accounting {} bypass-refused"],
      refused: ["urn:svc:image-transcode bypassed"],
      stop: false,
      fail: null,
      trace: { "OPES-System": "http://opes.homenet.example/", "OPES-Via": "http://opes.homenet.example/, urn:svc:usage-accounting; bypass=refused" },
    },
  },
  enterprise: {
    "erin-reads-german": {
      services: ['urn:corp:svc:translate {"target":"en"}'],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "https://opes.corp.example/", "OPES-Via": "https://opes.corp.example/, urn:corp:svc:translate" },
    },
    "contractor-late-at-night": {
      services: ["urn:corp:svc:access-logger {}", 'urn:corp:svc:url-filter {"profile":"contractor","workHoursOnly":true}'],
      refused: [],
      stop: false,
      fail: "contractor web access is limited to working hours",
      trace: { "OPES-System": "https://opes.corp.example/", "OPES-Via": "https://opes.corp.example/, urn:corp:svc:access-logger, urn:corp:svc:url-filter" },
    },
    "finance-upload-with-bypass": {
      services: ["urn:corp:svc:dlp-scan {} bypass-refused"],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "https://opes.corp.example/", "OPES-Via": "https://opes.corp.example/, urn:corp:svc:dlp-scan; bypass=refused" },
    },
  },
  "cdn-surrogate": {
    "phone-gets-a-product-image": {
      services: ['urn:cdn:svc:image-transcode {"format":"webp","maxWidth":480}'],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "http://opes.cdn.example/", "OPES-Via": "http://opes.cdn.example/, urn:cdn:svc:image-transcode" },
    },
    "product-photo-from-the-origin": {
      services: ["urn:cdn:svc:virus-scan {}", 'urn:cdn:svc:watermark {"mark":"Shop Example"}'],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "http://opes.cdn.example/", "OPES-Via": "http://opes.cdn.example/, urn:cdn:svc:virus-scan, urn:cdn:svc:watermark" },
    },
    "news-page-without-consent": {
      services: [],
      refused: ["urn:cdn:svc:ad-insert consent-missing"],
      stop: false,
      fail: null,
      trace: {},
    },
  },
  "mail-gateway": {
    "inbound-message-for-carol": {
      services: [
        "urn:mail:svc:mail-logger {}",
        "urn:mail:svc:virus-scan {}",
        'urn:mail:svc:spam-check {"threshold":3,"action":"quarantine"}',
        'urn:mail:svc:attachment-link {"limitBytes":5242880}',
      ],
      refused: [],
      stop: false,
      fail: null,
      trace: {
        "OPES-System": "https://mx.mail.example/opes/",
        "OPES-Via": "https://mx.mail.example/opes/, urn:mail:svc:mail-logger, urn:mail:svc:virus-scan, urn:mail:svc:spam-check, urn:mail:svc:attachment-link",
      },
    },
    "outbound-message-is-signed": {
      services: ["urn:mail:svc:mail-logger {}", "urn:mail:svc:virus-scan {}", 'urn:mail:svc:dkim-sign {"domain":"mail.example","selector":"gw2026"}'],
      refused: [],
      stop: false,
      fail: null,
      trace: {
        "OPES-System": "https://mx.mail.example/opes/",
        "OPES-Via": "https://mx.mail.example/opes/, urn:mail:svc:mail-logger, urn:mail:svc:virus-scan, urn:mail:svc:dkim-sign",
      },
    },
    "recipient-at-the-branch": {
      services: ["urn:mail:svc:mail-logger {}", "urn:mail:svc:address-rewrite {}"],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "https://mx.mail.example/opes/", "OPES-Via": "https://mx.mail.example/opes/, urn:mail:svc:mail-logger, urn:mail:svc:address-rewrite" },
    },
  },
};

describe.each(examples)("the %s example", (name) => {
  const { policy, inputs } = readRuleFolder(exampleUrl(name));
  const compiled = compileSources(inputs, { policy });
  const transactions = readdirSync(exampleUrl(name, "transactions/")).filter((file) => file.endsWith(".json")).map((file) => file.replace(/\.json$/, ""));

  it("compiles clean against its site policy", () => {
    expect(formatDiagnostics(compiled.diagnostics, true)).toBe("\n");
    expect(compiled.bundle).toBeDefined();
  });

  it("has an expected decision for every transaction, and a transaction for every expected decision", () => {
    expect(transactions.sort()).toEqual(Object.keys(expected[name]).sort());
  });

  it.each(Object.keys(expected[name]))("decides %s as expected", (transaction) => {
    const engine = PolicyEngine.load(JSON.parse(JSON.stringify(compiled.bundle)));
    const context: unknown = JSON.parse(readFileSync(exampleUrl(name, `transactions/${transaction}.json`), "utf8"));
    expect(summary(engine.decide(context))).toEqual(expected[name][transaction]);
  });
});

describe("the published schema", () => {
  type SchemaNode = Record<string, unknown>;
  const schema = JSON.parse(readFileSync(new URL("../../schemas/site-policy.schema.json", import.meta.url), "utf8")) as SchemaNode;
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
  // The checks of rules against a policy (P31xx) have P examples: test/policy/compile-checks.test.ts runs them.
  const definitions: DiagnosticDefinition[] = Object.values(policyDiagnostics).filter((d) => d.code < "P3100");
  it.each(definitions.map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it", (_code, _name, definition) => {
    expect(definition.example.language).toBe("policy");
    const result = loadSitePolicy(new SourceFile("example.json", definition.example.source), {
      limits: definition.example.limits ?? {},
    });
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
  });
});
