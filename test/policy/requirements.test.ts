import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { loadSitePolicy } from "../../src/policy/site-policy.js";

/**
 * The requirements of the OPES RFCs (ids from the project's reference notes)
 * that the site policy document itself enforces. Run-time and compile-time
 * requirements that build on these data are tested with those stages.
 */

const system = { uri: "http://opes.example/" };

function service(uri: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { uri, name: uri, protocol: "HTTP", points: ["response_out"], ...extra };
}

function load(policy: Record<string, unknown>) {
  const result = loadSitePolicy(new SourceFile("policy.json", JSON.stringify({ system, services: [], ...policy }, null, 2)));
  return { ...result, codes: result.diagnostics.map((d) => d.code), messages: result.diagnostics.map((d) => d.message) };
}

describe("site policy requirements", () => {
  it("R3838-4.1-a: services are named by location-independent URIs", () => {
    expect(load({ services: [service("urn:svc:translate-fr")] }).policy?.services[0]?.uri).toBe("urn:svc:translate-fr");
    expect(load({ services: [service("translate fr")] }).messages).toEqual(["/services/0/uri: must be an absolute URI"]);
  });

  it("R3838-4.1-i: each service has a machine-readable description whose parameter schema is checked", () => {
    const good = load({ services: [service("urn:svc:a", { parameters: { type: "object", properties: { level: { enum: ["a", "b"] } } } })] });
    expect(good.policy?.services[0]).toMatchObject({ protocol: "HTTP", parameters: { type: "object" } });
    const bad = load({ services: [service("urn:svc:a", { parameters: { type: "object", properties: { level: { type: "strin" } } } })] });
    expect(bad.codes).toContain("P3011");
    expect(bad.policy).toBeUndefined();
  });

  it("R3838-5.2-f: every service has a unique name", () => {
    const result = load({ services: [service("urn:svc:a"), service("urn:svc:a")] });
    expect(result.codes).toEqual(["P3004"]);
    expect(result.policy).toBeUndefined();
  });

  it("R3838-5.5-c: a third-party service must say where its privacy policy is", () => {
    expect(load({ services: [service("urn:svc:a", { thirdParty: true })] }).messages).toEqual([
      '/services/0: missing required property "privacyPolicy"',
    ]);
    expect(load({ services: [service("urn:svc:a", { thirdParty: true, privacyPolicy: "https://x.example/privacy" })] }).policy).toBeDefined();
  });

  it("R3838-4.3-b: the data sent to services is described in one fixed vocabulary", () => {
    expect(load({ services: [service("urn:svc:a", { receives: ["identity", "profile", "metadata", "content"] })] }).policy).toBeDefined();
    expect(load({ services: [service("urn:svc:a", { receives: ["location"] })] }).codes).toEqual(["P3003"]);
  });

  it("R3897-3.2-a, R3914-10-a: the system identity is a URI a user can follow", () => {
    expect(load({ system: { uri: "urn:opes:isp" } }).messages).toEqual(["/system/uri: must match the pattern ^https?://"]);
    expect(load({ system: { uri: "https://opes.isp.example/" } }).policy?.system.uri).toBe("https://opes.isp.example/");
  });

  it("R3897-4-a, R3897-8.2-a: bypassability is a per-service attribute, off unless granted", () => {
    const result = load({ services: [service("urn:svc:virus-scan", { mandate: "security" }), service("urn:svc:ads", { bypassable: true })] });
    expect(result.policy?.services.map((s) => s.bypassable)).toEqual([false, true]);
  });

  it("R3838-5.3-e: a security or legal mandate is recorded per service, none by default", () => {
    const result = load({ services: [service("urn:svc:a"), service("urn:svc:b", { mandate: "legal" })] });
    expect(result.policy?.services.map((s) => s.mandate)).toEqual(["none", "legal"]);
  });

  it("R3838-3.3-i: every HTTP processing point can be allowed", () => {
    const points = ["request_in", "request_out", "response_in", "response_out"];
    expect(load({ services: [service("urn:svc:a", { points })] }).policy?.services[0]?.points).toEqual(points);
  });

  it("R3838-4.1.2-b: groups are declared once and every reference to one is checked", () => {
    const result = load({ groups: { subscribers: { class: "consumer" } }, delegations: [{ delegate: "https://isp.example/", groups: ["subscribers", "gold"] }] });
    expect(result.messages).toEqual(['/delegations/0/groups/1: group "gold" is not declared in "groups"']);
  });

  it("R3838-5.3-f: a delegation must name the identities it covers", () => {
    expect(load({ delegations: [{ delegate: "https://isp.example/" }] }).codes).toEqual(["P3009"]);
  });

  it("R3837-2.2.2-a: a grant can be limited to named services, which must exist", () => {
    const result = load({
      services: [service("urn:svc:parental-filter")],
      delegations: [{ delegate: "https://kidsafe.example/", consumers: ["mailto:kid@example.net"], services: ["urn:svc:parental-filter", "urn:svc:ads"] }],
    });
    expect(result.messages).toEqual(['/delegations/0/services/1: service "urn:svc:ads" is not declared in "services"']);
  });

  it("R3835-2.1.1-a: contradictory order constraints are rejected, so every plan has one order", () => {
    const result = load({
      services: [service("urn:svc:a"), service("urn:svc:b")],
      order: [{ first: "urn:svc:a" }, { first: "urn:svc:b" }],
    });
    expect(result.messages).toEqual(["/order/0: order constraints form a cycle: urn:svc:a → urn:svc:b → urn:svc:a"]);
    expect(result.policy).toBeUndefined();
  });

  it("R3838-4.2.1-d: conflict precedence is explicit and ranks every requester class exactly once", () => {
    expect(load({}).policy?.precedence.ranks.flat().sort()).toEqual(["consumer", "consumer-delegate", "provider", "provider-delegate"]);
    expect(load({ precedence: { ranks: [["consumer", "provider", "consumer-delegate"]] } }).messages).toEqual([
      "/precedence/ranks: every requester class must be ranked; missing: provider-delegate",
    ]);
  });
});
