import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { policyDiagnostics } from "../../src/diagnostics/catalog/policy.js";
import type { DiagnosticDefinition } from "../../src/diagnostics/diagnostic.js";
import { formatDiagnostics } from "./format-diagnostics.js";
import { compileWith, readRuleFolder, sitePolicy } from "./helpers/compile.js";

const fixtures = new URL("./fixtures/compile/", import.meta.url);
const fixtureNames = readdirSync(fixtures).sort();

function compileFixture(name: string) {
  const { policy, inputs } = readRuleFolder(new URL(`${name}/`, fixtures));
  return compileSources(inputs, { policy });
}

describe("compile-time policy checks (golden diagnostics)", () => {
  it.each(fixtureNames)("%s", async (name) => {
    const result = compileFixture(name);
    expect(result.diagnostics.length).toBeGreaterThan(0);
    expect(result.bundle).toBeUndefined();
    await expect(formatDiagnostics(result.diagnostics, true)).toMatchFileSnapshot(`fixtures/compile/${name}/diagnostics.txt`);
  });

  it("each fixture is about the check it is named after", () => {
    for (const name of fixtureNames) {
      expect(new Set(compileFixture(name).diagnostics.map((d) => d.name)), name).toEqual(new Set([name]));
    }
  });
});

describe("the P31xx catalogue examples", () => {
  const definitions: DiagnosticDefinition[] = Object.values(policyDiagnostics).filter((d) => d.example.language === "p");

  it("cover every check of rules against the policy", () => {
    expect(definitions.map((d) => d.code)).toEqual(["P3101", "P3102", "P3103", "P3104", "P3105", "P3106", "P3107"]);
  });

  // The catalogue test runs P examples this way: the example's policy loaded, then compileSources.
  it.each(definitions.map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it against its policy", (_code, _name, definition) => {
    const result = compileWith({ "example.p": definition.example.source }, definition.example.policy!);
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
    expect(result.diagnostics.every((d) => d.stage === "policy")).toBe(true);
  });

  it.each(definitions.map((d) => [d.code, d] as const))("%s: its example compiles clean without a policy", (_code, definition) => {
    expect(compileSources([{ path: "example.p", text: definition.example.source }]).diagnostics).toEqual([]);
  });
});

describe("the compiler hook", () => {
  const policy = { system: { uri: "http://opes.example/" }, services: [] };
  const rules = {
    "bob.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:ad-strip")); }
}
`,
  };

  it("runs the checks whenever a policy is given, also when only checking", () => {
    expect(compileWith(rules, policy).diagnostics.map((d) => d.code)).toEqual(["P3103"]);
    expect(compileWith(rules, policy, { checkOnly: true }).diagnostics.map((d) => d.code)).toEqual(["P3103"]);
  });

  it("runs none without a policy", () => {
    const inputs = Object.entries(rules).map(([path, text]) => ({ path, text }));
    expect(compileSources(inputs).diagnostics).toEqual([]);
  });

  it("reports a problem once, even when a bound service is requested at several points", () => {
    const plain = { "plain.p": 'Services.applyOne(Services.findOne("urn:svc:ad-strip"));\n' };
    const assigned = {
      ...policy,
      files: [{ path: "plain.p", protocol: "HTTP", points: ["request_in", "response_out"], authorizedBy: { class: "consumer", id: "mailto:bob@example.net" } }],
    };
    expect(compileWith(plain, assigned).diagnostics.map((d) => `${d.code} ${d.range.line}:${d.range.column}`)).toEqual(["P3103 1:19"]);
  });

  it("loads the example policies it is given the same way as files", () => {
    expect(sitePolicy(policy).services).toEqual([]);
  });
});

describe("requirements checked at compile time", () => {
  const policy = {
    system: { uri: "http://opes.isp.example/" },
    services: [
      { uri: "urn:svc:ad-strip", name: "Ad stripper", protocol: "HTTP", points: ["response_out"], parameters: { type: "object", additionalProperties: false, properties: { level: { enum: ["light", "aggressive"] } } } },
      { uri: "urn:svc:parental-filter", name: "Parental filter", protocol: "HTTP", points: ["request_in"], requestableBy: ["consumer", "consumer-delegate"] },
      { uri: "urn:svc:compress", name: "Compressor", protocol: "HTTP", points: ["request_in", "request_out", "response_in", "response_out"] },
    ],
    groups: { "family-plan": { class: "consumer" } },
    delegations: [
      { delegate: "https://isp.example/", consumers: ["mailto:bob@example.net"] },
      { delegate: "https://kidsafe.example/", groups: ["family-plan"], services: ["urn:svc:parental-filter"], points: ["request_in"] },
    ],
  };

  /** A module by `author` (`self "id"` or `delegate "id"`) with one ruleset for `endpoint` requesting `uri` at `point`. */
  function rule(author: string, endpoint: string, point: string, uri: string, settings = ""): string {
    const [kind, id] = author.split(" ");
    return `rulemodule author ${kind} { name "X"; id ${id}; }
ruleset authorized_by ${endpoint} protocol HTTP {
  at ${point} { s := Services.findOne("${uri}"); ${settings} Services.applyOne(s); }
}
`;
  }

  const codes = (files: Record<string, string>) => compileWith(files, policy).diagnostics.map((d) => d.code);
  const messages = (files: Record<string, string>) => compileWith(files, policy).diagnostics.map((d) => d.message);

  it("R3838-3.2-b: a ruleset without an author identity does not compile against a site policy", () => {
    const anonymous = `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:ad-strip")); }
}
`;
    const result = compileWith({ "anonymous.p": anonymous }, policy);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["P3101"]);
    expect(result.bundle).toBeUndefined();
  });

  it("R3838-3.2-c, R3838-4.2.1-b, R3914-3-a, R3835-2.1-c: a rule outside its author's authority is rejected, naming the rule and the scope", () => {
    const result = compileWith({ "isp.p": rule('delegate "https://isp.example/"', 'consumer "mailto:alice@example.net"', "response_out", "urn:svc:ad-strip") }, policy);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]).toMatchObject({ code: "P3101", range: { file: "isp.p", line: 2 } });
    expect(result.diagnostics[0]!.message).toContain('(it may write for: consumer "mailto:bob@example.net")');
  });

  it("R3838-5.1.1-b: a user's rule for another user's traffic is rejected", () => {
    expect(codes({ "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:alice@example.net"', "response_out", "urn:svc:ad-strip") })).toEqual(["P3101"]);
    expect(codes({ "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip") })).toEqual([]);
  });

  it("R3838-4.2.1-a: a provider cannot install consumer-side rules by itself", () => {
    expect(codes({ "news.p": rule('self "news.example.com"', 'consumer "news.example.com"', "response_out", "urn:svc:compress") })).toEqual([]);
    expect(codes({ "news.p": rule('self "news.example.com"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:compress") })).toEqual(["P3101"]);
  });

  it("R3838-5.3-f, R3835-3.1-a: rules for another party compile only under a delegation naming that party", () => {
    expect(codes({ "isp.p": rule('delegate "https://isp.example/"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip") })).toEqual([]);
    expect(messages({ "x.p": rule('delegate "https://x.example/"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip") })).toEqual([
      'the site policy has no delegation for "https://x.example/", so it may not write rules for consumer "mailto:bob@example.net"',
    ]);
  });

  it("R3838-5.1.2-a: a delegate writing for providers is held to the same authority checks", () => {
    const cdnPolicy = {
      ...policy,
      groups: { customers: { class: "provider", members: ["www.shop.example"] } },
      delegations: [{ delegate: "https://cdn.example/", groups: ["customers"] }],
    };
    const cdn = (endpoint: string) => ({ "cdn.p": rule('delegate "https://cdn.example/"', endpoint, "response_out", "urn:svc:compress") });
    expect(compileWith(cdn('provider group "customers"'), cdnPolicy).diagnostics).toEqual([]);
    expect(compileWith(cdn('provider "www.shop.example"'), cdnPolicy).diagnostics).toEqual([]);
    expect(compileWith(cdn('provider "www.other.example"'), cdnPolicy).diagnostics.map((d) => d.code)).toEqual(["P3101"]);
  });

  it("R3837-2.2.2-a: a delegate's grant limits the services and points it may request", () => {
    const kidsafe = 'delegate "https://kidsafe.example/"';
    expect(codes({ "k.p": rule(kidsafe, 'consumer group "family-plan"', "request_in", "urn:svc:parental-filter") })).toEqual([]);
    expect(codes({ "k.p": rule(kidsafe, 'consumer group "family-plan"', "request_out", "urn:svc:compress") })).toEqual(["P3101"]);
    expect(codes({ "k.p": rule(kidsafe, 'consumer group "family-plan"', "response_out", "urn:svc:compress") })).toEqual(["P3101"]);
  });

  it("R3838-4.1-d, R3838-4.2.4-b: a reference to a service this installation does not have is an error", () => {
    expect(codes({ "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:translate") })).toEqual(["P3103"]);
  });

  it("R3838-5.3-c: an unknown service and a service the policy denies are told apart", () => {
    const unknown = compileWith({ "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:nope") }, policy);
    const denied = compileWith({ "news.p": rule('self "news.example.com"', 'provider "news.example.com"', "request_in", "urn:svc:parental-filter") }, policy);
    expect(unknown.diagnostics.map((d) => d.name)).toEqual(["unknown-service"]);
    expect(denied.diagnostics.map((d) => d.name)).toEqual(["service-not-requestable"]);
  });

  it("R3838-4.2.4-c, R3838-4.1-i: parameter names and static values are checked against the service's description", () => {
    const bob = (settings: string) => ({ "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip", settings) });
    expect(codes(bob('s.level("light");'))).toEqual([]);
    expect(messages(bob('s.level("heavy");'))).toEqual(['parameter "level" of "urn:svc:ad-strip": must be one of light, aggressive']);
    expect(messages(bob("s.depth(Http.request.host);"))).toEqual(['parameter "depth" of "urn:svc:ad-strip": unknown property "depth"']);
  });

  it("R3838-3.3-i, R3838-3.3-g: rules for each of the four HTTP points compile, each into its own decision graph", () => {
    const points = ["request_in", "request_out", "response_in", "response_out"];
    const files = Object.fromEntries(points.map((point) => [`${point}.p`, rule('self "news.example.com"', 'provider "news.example.com"', point, "urn:svc:compress")]));
    const result = compileWith(files, policy);
    expect(result.diagnostics).toEqual([]);
    expect(Object.keys(result.bundle!.graphs)).toEqual(points.map((point) => `HTTP/${point}`));
  });

  it("R3838-4.2-a, R3897-2-a, R3835-3.1-a: the bundle records each ruleset's side and who wrote it", () => {
    const result = compileWith(
      {
        "bob.p": rule('self "mailto:bob@example.net"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip"),
        "isp.p": rule('delegate "https://isp.example/"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:compress"),
      },
      policy,
    );
    expect(result.bundle!.rulesets.map((r) => [r.endpoint, r.id, r.author?.kind, r.author?.id])).toEqual([
      ["consumer", "mailto:bob@example.net", "self", "mailto:bob@example.net"],
      ["consumer", "mailto:bob@example.net", "delegate", "https://isp.example/"],
    ]);
  });

  it("R3838-4.2.1-d, R3838-4.2.1-e, R3835-2.1.1-a: conflicting requests of equal precedence are rejected; different ranks are settled by precedence", () => {
    const light = rule('delegate "https://isp.example/"', 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip", 's.level("light");');
    const aggressive = (author: string) => rule(author, 'consumer "mailto:bob@example.net"', "response_out", "urn:svc:ad-strip", 's.level("aggressive");');
    const twoDelegates = { ...policy, delegations: [...policy.delegations, { delegate: "https://other.example/", consumers: ["mailto:bob@example.net"] }] };
    const equal = compileWith({ "isp.p": light, "other.p": aggressive('delegate "https://other.example/"') }, twoDelegates);
    expect(equal.diagnostics.map((d) => `${d.code} ${d.range.file}`)).toEqual(["P3106 isp.p", "P3106 other.p"]);
    expect(codes({ "isp.p": light, "bob.p": aggressive('self "mailto:bob@example.net"') })).toEqual([]);
  });
});

describe("properties of the checks on random rule sets", () => {
  const policy = sitePolicy({
    system: { uri: "http://opes.example/" },
    services: [
      { uri: "urn:svc:a", name: "A", protocol: "HTTP", points: ["request_in", "response_out"], parameters: { type: "object", additionalProperties: false, properties: { level: { enum: ["light", "aggressive"] } } } },
      { uri: "urn:svc:b", name: "B", protocol: "HTTP", points: ["response_out"], requestableBy: ["consumer-delegate", "provider"] },
    ],
    groups: { subs: { class: "consumer", members: ["mailto:bob@x"] }, sites: { class: "provider", members: ["news.x"] } },
    delegations: [{ delegate: "https://isp/", consumers: ["mailto:bob@x"], groups: ["subs"] }, { delegate: "https://cdn/", groups: ["sites"], points: ["response_out"] }],
    precedence: { ranks: [["consumer", "provider"], ["consumer-delegate", "provider-delegate"]] },
  });

  const weighted = <T>(...choices: [number, T][]) => fc.oneof(...choices.map(([weight, value]) => ({ weight, arbitrary: fc.constant(value) })));
  const request = fc.record({
    point: weighted([3, "response_out"], [1, "request_in"]),
    uri: weighted([6, "urn:svc:a"], [2, "urn:svc:b"], [1, "urn:svc:c"]),
    level: weighted<string | undefined>([2, undefined], [3, '"light"'], [3, '"aggressive"'], [1, '"extreme"'], [1, "Http.request.host"]),
    host: weighted<string | undefined>([2, undefined], [1, "a.x"], [1, "b.x"]),
  });
  /** Mostly authors with the endpoints they may write for, sometimes any combination. */
  const persona = weighted<{ author: string; endpoints: string[] }>(
    [3, { author: 'author self { name "x"; id "mailto:bob@x"; }', endpoints: ['consumer "mailto:bob@x"'] }],
    [3, { author: 'author self { name "x"; id "news.x"; }', endpoints: ['provider "news.x"'] }],
    [3, { author: 'author delegate { name "x"; id "https://isp/"; }', endpoints: ['consumer "mailto:bob@x"', 'consumer group "subs"'] }],
    [3, { author: 'author delegate { name "x"; id "https://cdn/"; }', endpoints: ['provider group "sites"', 'provider "news.x"'] }],
    [1, { author: "", endpoints: ['consumer "mailto:bob@x"', 'consumer "mailto:eve@x"', 'consumer group "subs"', 'provider group "sites"'] }],
  );
  const module = persona.chain(({ author, endpoints }) =>
    fc.record({
      author: fc.constant(author),
      rulesets: fc.array(fc.record({ endpoint: fc.constantFrom(...endpoints), requests: fc.array(request, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 }),
    }),
  );

  function moduleText(m: { author: string; rulesets: { endpoint: string; requests: { point: string; uri: string; level: string | undefined; host: string | undefined }[] }[] }): string {
    const header = m.author === "" ? "" : `rulemodule ${m.author}\n`;
    const rulesets = m.rulesets.map((r) => {
      const blocks = r.requests.map((q, i) => {
        const setting = q.level === undefined ? "" : ` s${i}.level(${q.level});`;
        const body = `s${i} := Services.findOne("${q.uri}");${setting} Services.applyOne(s${i});`;
        return `  at ${q.point} { ${q.host === undefined ? body : `if (Http.request.host equal "${q.host}") { ${body} }`} }`;
      });
      return `ruleset authorized_by ${r.endpoint} protocol HTTP {\n${blocks.join("\n")}\n}`;
    });
    return `${header}${rulesets.join("\n")}\n`;
  }

  it("report only P31xx policy diagnostics, install nothing on an error, and report both sides of every conflict", () => {
    fc.assert(
      fc.property(fc.array(module, { minLength: 1, maxLength: 3 }), (modules) => {
        const inputs = modules.map((m, i) => ({ path: `m${i}.p`, text: moduleText(m) }));
        const result = compileSources(inputs, { policy });
        for (const d of result.diagnostics) expect(d.code, d.message).toMatch(/^P310[1-7]$/);
        expect(result.bundle === undefined).toBe(result.diagnostics.some((d) => d.severity === "error"));
        const at = (range: { file: string; start: number }) => `${range.file}@${range.start}`;
        const conflicts = result.diagnostics.filter((d) => d.code === "P3106");
        const reported = new Set(conflicts.map((d) => at(d.range)));
        for (const d of conflicts) expect(reported.has(at(d.related![0]!.range))).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
