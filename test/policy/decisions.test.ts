import { describe, expect, it } from "vitest";
import { BundleError, PolicyEngine, type Decision } from "../../src/runtime/index.js";
import { compileWith, engineWith } from "./helpers/compile.js";

/**
 * The run-time half of issue 5 (design §4 and §7): rule sets compiled with
 * a site policy, then decided by the runtime's PolicyEngine. Tests are named
 * by the ids of the requirements they demonstrate (docs/authorization.md).
 */

const service = (uri: string, points: string[], extra: Record<string, unknown> = {}) => ({ uri, name: uri, protocol: "HTTP", points, ...extra });

const policy = {
  system: { uri: "http://opes.isp.example/", name: "HomeNet OPES", version: "2026.11" },
  services: [
    service("urn:svc:privacy", ["request_in", "request_out"], { bypassable: true, onFailure: "ignore" }),
    service("urn:svc:profiler", ["request_in"], { consents: ["profiling"], transforms: false, bypassable: true }),
    service("urn:svc:ad-strip", ["response_out"], { bypassable: true, onFailure: "ignore" }),
    service("urn:svc:ad-strip-lite", ["response_out"], { bypassable: true }),
    service("urn:svc:virus-scan", ["response_out"], { mandate: "security" }),
    service("urn:svc:accounting", ["request_in", "response_out"], { mandate: "legal", transforms: false, requestableBy: ["consumer-delegate"] }),
    service("urn:svc:compress", ["response_out"], { bypassable: true }),
    service("urn:svc:provider-log", ["request_out"], { transforms: false }),
    service("urn:svc:translate", ["response_out"], { bypassable: true }),
  ],
  groups: { subscribers: { class: "consumer" } },
  delegations: [{ delegate: "https://isp.example/", groups: ["subscribers"] }],
  order: [
    { first: "urn:svc:profiler" },
    { before: "urn:svc:virus-scan", after: "urn:svc:ad-strip" },
    { last: "urn:svc:accounting" },
  ],
};

const rules = {
  "bob.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at request_in {
    privacy := Services.findOne("urn:svc:privacy");
    privacy.action("remove-referer");
    Services.applyOne(privacy);
  }
  at request_out {
    Services.applyOne(Services.findOne("urn:svc:privacy"));
  }
  at response_out {
    if (Http.response.headers.get("Content-Type") begins_with "text/html") {
      strip := Services.findOne("urn:svc:ad-strip");
      strip.level("aggressive");
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }
    Services.applyOne(Services.findOne("urn:svc:virus-scan"));
  }
}
`,
  "isp.p": `rulemodule author delegate { name "HomeNet"; id "https://isp.example/"; }
ruleset authorized_by consumer group "subscribers" protocol HTTP {
  at request_in {
    Services.applyOne(Services.findOne("urn:svc:profiler"));
    Services.applyOne(Services.findOne("urn:svc:accounting"));
  }
  at response_out {
    Services.applyOne(Services.findOne("urn:svc:accounting"));
  }
}
`,
  "news.p": `rulemodule author self { name "News"; id "news.example.com"; }
ruleset authorized_by provider "news.example.com" protocol HTTP {
  at request_out { Services.applyOne(Services.findOne("urn:svc:provider-log")); }
  at response_out { Services.applyOne(Services.findOne("urn:svc:compress")); }
}
`,
  "shared-ip.p": `rulemodule author self { name "Cafe terminal"; id "192.0.2.7"; }
ruleset authorized_by consumer "192.0.2.7" protocol HTTP {
  at response_out {
    translate := Services.findOne("urn:svc:translate");
    translate.target("fr");
    Services.applyOne(translate);
  }
}
`,
};

const engine = engineWith(rules, policy);

type Headers = [string, string][];

interface Transaction {
  point?: string;
  consumer?: Record<string, unknown>;
  provider?: Record<string, unknown>;
  requestHeaders?: Headers;
  responseHeaders?: Headers;
  host?: string;
  alreadyRun?: string[];
}

const bob = { id: "mailto:bob@example.net", ip: "192.0.2.7", groups: ["subscribers"], consents: ["profiling"] };

/** A transaction of Bob's (by default) at a point, with an HTML response at response points. */
function context(transaction: Transaction = {}): Record<string, unknown> {
  const point = transaction.point ?? "response_out";
  const host = transaction.host ?? "news.example.com";
  return {
    protocol: "HTTP",
    point,
    time: "2026-11-28T22:15:00-05:00",
    consumer: transaction.consumer ?? bob,
    ...(transaction.provider ? { provider: transaction.provider } : {}),
    request: { method: "GET", uri: `http://${host}/a.html`, headers: [["Host", host], ...(transaction.requestHeaders ?? [])] },
    ...(point.startsWith("response")
      ? { response: { status: 200, headers: transaction.responseHeaders ?? [["Content-Type", "text/html; charset=utf-8"]] } }
      : {}),
    ...(transaction.alreadyRun ? { alreadyRun: transaction.alreadyRun } : {}),
  };
}

function decide(transaction: Transaction = {}, on = engine): Decision {
  return on.decide(context(transaction));
}

const planned = (decision: Decision) => decision.services.map((s) => s.uri);
const refused = (decision: Decision) => decision.refused.map((r) => `${r.uri} ${r.reason}`);

describe("relevance: a ruleset applies to its own endpoint's transactions only", () => {
  it("R3838-5.1.1-h, R3838-5.1.1-b: a consumer with an identity is selected by it, never by an address it shares", () => {
    expect(planned(decide())).not.toContain("urn:svc:translate");
    expect(planned(decide({ consumer: { ip: "192.0.2.7" } }))).toEqual(["urn:svc:compress", "urn:svc:translate"]);
    const carol = decide({ consumer: { id: "mailto:carol@example.net", ip: "192.0.2.7" } });
    expect(planned(carol)).toEqual(["urn:svc:compress"]);
  });

  it("R3838-4.1.2-b: a group's rulesets apply to the consumers the transaction context places in the group", () => {
    expect(planned(decide({ point: "request_in" }))).toEqual(["urn:svc:profiler", "urn:svc:privacy", "urn:svc:accounting"]);
    const outside = decide({ point: "request_in", consumer: { ...bob, groups: [] } });
    expect(planned(outside)).toEqual(["urn:svc:privacy"]);
  });

  it("R3838-4.2-a: a provider's rulesets apply to that provider's content only, named by provider id or request host", () => {
    expect(planned(decide({ provider: { id: "news.example.com" }, host: "cdn.example" }))).toContain("urn:svc:compress");
    expect(planned(decide({ host: "news.example.com" }))).toContain("urn:svc:compress");
    expect(planned(decide({ host: "shop.example" }))).not.toContain("urn:svc:compress");
  });

  it("R3838-3.3-g, R3838-3.3-i: each HTTP point runs the point blocks written for it", () => {
    expect(planned(decide({ point: "request_in" }))).toContain("urn:svc:privacy");
    expect(planned(decide({ point: "request_out" }))).toEqual(["urn:svc:privacy", "urn:svc:provider-log"]);
    expect(planned(decide({ point: "response_in" }))).toEqual([]);
    expect(planned(decide({ point: "response_out" }))).not.toContain("urn:svc:privacy");
  });

  // BUG (src/runtime/decide.ts, src/compile/bundle.ts): the bundle carries no group members, so a
  // provider the site policy lists in a group gets the group's rulesets only if the context repeats it.
  it("R3838-4.1.2-b: a provider the site policy lists as a group member gets the group's rulesets", () => {
    const cdn = engineWith(
      {
        "cdn.p": `rulemodule author delegate { name "CDN"; id "https://cdn.example/"; }
ruleset authorized_by provider group "customers" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:compress")); }
}
`,
      },
      { ...policy, groups: { customers: { class: "provider", members: ["shop.example"] } }, delegations: [{ delegate: "https://cdn.example/", groups: ["customers"] }] },
    );
    expect(planned(decide({ host: "shop.example", provider: { id: "shop.example" } }, cdn))).toEqual(["urn:svc:compress"]);
  });
});

describe("consent, blocks and opt-outs", () => {
  it("R3914-3-a, R3838-5.2-e: a service that needs consent the context does not carry is refused (consent-missing)", () => {
    const withoutConsent = decide({ point: "request_in", consumer: { ...bob, consents: [] } });
    expect(refused(withoutConsent)).toEqual(["urn:svc:profiler consent-missing"]);
    expect(withoutConsent.refused[0]).toMatchObject({ detail: "needs consent: profiling", origin: { ruleset: "subscribers", file: "isp.p" } });
    expect(planned(withoutConsent)).toEqual(["urn:svc:privacy", "urn:svc:accounting"]);
  });

  it("R3838-5.1.1-a, R3838-5.3-a: a consumer's block of one service refuses it on their traffic (blocked-by-user)", () => {
    const decision = decide({ consumer: { ...bob, blocks: ["urn:svc:ad-strip"] } });
    expect(refused(decision)).toEqual(["urn:svc:ad-strip blocked-by-user"]);
    expect(planned(decision)).toEqual(["urn:svc:compress", "urn:svc:virus-scan", "urn:svc:accounting"]);
  });

  it("R3838-5.3-b, R3838-4.3-a: block all refuses every service that is not mandated, at every point", () => {
    const blockAll = { ...bob, blocks: ["*"] };
    expect(refused(decide({ point: "request_in", consumer: blockAll }))).toEqual(["urn:svc:privacy blocked-by-user", "urn:svc:profiler blocked-by-user"]);
    expect(refused(decide({ point: "request_out", consumer: blockAll }))).toEqual(["urn:svc:privacy blocked-by-user", "urn:svc:provider-log blocked-by-user"]);
    expect(refused(decide({ consumer: blockAll }))).toEqual(["urn:svc:compress blocked-by-user", "urn:svc:ad-strip blocked-by-user"]);
  });

  it("R3838-5.3-e: services mandated for security or legal reasons run despite the consumer's blocks", () => {
    const decision = decide({ consumer: { ...bob, blocks: ["*", "urn:svc:virus-scan", "urn:svc:accounting"] } });
    expect(planned(decision)).toEqual(["urn:svc:virus-scan", "urn:svc:accounting"]);
  });

  it("R3838-5.3-h: a provider's prohibition refuses services on its content (opted-out-by-provider)", () => {
    const one = decide({ provider: { id: "news.example.com", optOut: ["urn:svc:ad-strip"] } });
    expect(refused(one)).toEqual(["urn:svc:ad-strip opted-out-by-provider"]);
    const all = decide({ provider: { id: "news.example.com", optOut: ["*"] } });
    expect(refused(all)).toEqual(["urn:svc:compress opted-out-by-provider", "urn:svc:ad-strip opted-out-by-provider"]);
    expect(planned(all)).toEqual(["urn:svc:virus-scan", "urn:svc:accounting"]);
  });

  it("R3914-5.3-c: Cache-Control: no-transform refuses the services that transform content, and only those", () => {
    const response = decide({ responseHeaders: [["Content-Type", "text/html"], ["Cache-Control", "max-age=60, No-Transform"]] });
    expect(refused(response)).toEqual(["urn:svc:compress opted-out-by-provider", "urn:svc:ad-strip opted-out-by-provider"]);
    expect(response.refused[0]!.detail).toBe("the response carries Cache-Control: no-transform");
    expect(planned(response)).toEqual(["urn:svc:virus-scan", "urn:svc:accounting"]);
    const request = decide({ point: "request_in", requestHeaders: [["Cache-Control", "no-transform"]] });
    expect(refused(request)).toEqual(["urn:svc:privacy blocked-by-user"]);
    expect(planned(request)).toEqual(["urn:svc:profiler", "urn:svc:accounting"]);
  });

  // BUG (src/runtime/decide.ts): precedence.consumerOverridesProviderOptOut is not in the bundle and
  // never consulted; the provider's opt-out always wins.
  it("R3838-5.3-h: with consumerOverridesProviderOptOut, a consumer's own request survives the provider's opt-out", () => {
    const overriding = engineWith(rules, { ...policy, precedence: { consumerOverridesProviderOptOut: true } });
    const decision = decide({ provider: { id: "news.example.com", optOut: ["*"] } }, overriding);
    expect(planned(decision)).toContain("urn:svc:ad-strip");
    expect(refused(decision)).toEqual(["urn:svc:compress opted-out-by-provider"]);
  });
});

describe("OPES-Bypass (RFC 4236 §5)", () => {
  const bypassing = (value: string, point = "response_out") => decide({ point, requestHeaders: [["OPES-Bypass", value]] });

  it("R4236-5-a, R3897-4.2-a, R3897-4.3-c, R3897-4.4-a: `*` skips every bypassable service (bypassed); the others run with bypassRefused", () => {
    const decision = bypassing("*");
    expect(refused(decision)).toEqual(["urn:svc:compress bypassed", "urn:svc:ad-strip bypassed"]);
    expect(decision.refused[0]!.detail).toBe("OPES-Bypass asks to bypass all services");
    expect(decision.services.map((s) => [s.uri, s.bypassRefused])).toEqual([
      ["urn:svc:virus-scan", true],
      ["urn:svc:accounting", true],
    ]);
  });

  it("R3897-4.2-b: a bypass naming a service skips it for the request and for its response", () => {
    expect(refused(bypassing("urn:svc:privacy", "request_in"))).toEqual(["urn:svc:privacy bypassed"]);
    expect(refused(bypassing("urn:svc:ad-strip"))).toEqual(["urn:svc:ad-strip bypassed"]);
    expect(planned(bypassing("urn:svc:ad-strip"))).toEqual(["urn:svc:compress", "urn:svc:virus-scan", "urn:svc:accounting"]);
  });

  it("R3897-4.3-d, R3897-4-b, R3897-4.3-a: a URI naming nothing this system knows bypasses every bypassable service", () => {
    expect(refused(bypassing("http://unknown.example/opes"))).toEqual(["urn:svc:compress bypassed", "urn:svc:ad-strip bypassed"]);
  });

  it("R3897-4-a: the system's own URI names every service attached to it", () => {
    expect(refused(bypassing("http://opes.isp.example/"))).toEqual(["urn:svc:compress bypassed", "urn:svc:ad-strip bypassed"]);
  });

  it("R3897-4.1-a: every service is matched against every URI of the instruction, across fields", () => {
    const decision = decide({ requestHeaders: [["OPES-Bypass", "urn:svc:translate, urn:svc:compress"], ["OPES-Bypass", "urn:svc:ad-strip"]] });
    expect(refused(decision)).toEqual(["urn:svc:compress bypassed", "urn:svc:ad-strip bypassed"]);
  });

  it("R3897-4-c, R3897-4.2-c, R3897-4.2-d, R3914-6-a, R3897-8.2-a: a non-bypassable service still runs and the trace says the bypass was refused", () => {
    const decision = bypassing("urn:svc:virus-scan");
    expect(decision.refused).toEqual([]);
    expect(decision.services.find((s) => s.uri === "urn:svc:virus-scan")?.bypassRefused).toBe(true);
    expect(decision.services.filter((s) => s.bypassRefused).map((s) => s.uri)).toEqual(["urn:svc:virus-scan"]);
    expect(decision.trace["OPES-Via"]).toContain("urn:svc:virus-scan; bypass=refused");
  });
});

describe("the plan: order, duplicates, failure modes", () => {
  it("R3838-3.3-a, R3836-3.13-a: the services of one ruleset keep document order", () => {
    const ordered = engineWith(
      {
        "a.p": `rulemodule author self { name "A"; id "mailto:a@example.net"; }
ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  at response_out {
    Services.applyOne(Services.findOne("urn:svc:translate"));
    Services.applyOne(Services.findOne("urn:svc:compress"));
  }
}
ruleset authorized_by consumer "mailto:a@example.net" protocol HTTP {
  at request_in { Services.applyOne(Services.findOne("urn:svc:privacy")); }
}
`,
      },
      policy,
    );
    expect(planned(decide({ consumer: { id: "mailto:a@example.net" }, host: "x.example" }, ordered))).toEqual(["urn:svc:translate", "urn:svc:compress"]);
  });

  it("R3835-2.1.1-a: consumer rulesets plan first at request points, provider rulesets first at response points", () => {
    expect(planned(decide({ point: "request_out" }))).toEqual(["urn:svc:privacy", "urn:svc:provider-log"]);
    expect(decide({ point: "request_out" }).services.map((s) => s.origin.ruleset)).toEqual(["mailto:bob@example.net", "news.example.com"]);
    expect(decide().services.map((s) => s.origin.ruleset)[0]).toBe("news.example.com");
  });

  it("R3835-2.1.1-a, R3836-3.13-a: the site's before/after, first and last constraints apply on top of document order", () => {
    // Document order at response_out: compress (provider), ad-strip, virus-scan (Bob), accounting (group).
    expect(planned(decide())).toEqual(["urn:svc:compress", "urn:svc:virus-scan", "urn:svc:ad-strip", "urn:svc:accounting"]);
    // At request_in the profiler is first although the group's ruleset comes after Bob's.
    expect(planned(decide({ point: "request_in" }))).toEqual(["urn:svc:profiler", "urn:svc:privacy", "urn:svc:accounting"]);
  });

  it("R3838-4.2.1-d: a service requested by several rulesets is planned once", () => {
    const twice = engineWith(
      {
        ...rules,
        "bob-extra.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:virus-scan")); }
}
`,
      },
      policy,
    );
    expect(planned(decide({}, twice)).filter((uri) => uri === "urn:svc:virus-scan")).toHaveLength(1);
  });

  // BUG (src/runtime/decide.ts, src/compile/bundle.ts): precedence ranks are not in the bundle; of two
  // requests for one service the first in dispatch order (ruleset index, that is file path order) wins.
  it("R3838-4.2.1-d, R3835-2.1.1-a: of two requests for one service, the higher-ranked requester's parameters win", () => {
    const ranked = engineWith(
      {
        "a-isp.p": `rulemodule author delegate { name "HomeNet"; id "https://isp.example/"; }
ruleset authorized_by consumer group "subscribers" protocol HTTP {
  at response_out { s := Services.findOne("urn:svc:ad-strip"); s.level("light"); Services.applyOne(s); }
}
`,
        "b-bob.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out { s := Services.findOne("urn:svc:ad-strip"); s.level("aggressive"); Services.applyOne(s); }
}
`,
      },
      policy,
    );
    expect(decide({}, ranked).services.find((s) => s.uri === "urn:svc:ad-strip")?.params).toEqual({ level: "aggressive" });
  });

  it("R3838-3.3-c, R3838-3.3-f: evaluating a message again plans only what has not run yet (alreadyRun)", () => {
    expect(planned(decide({ alreadyRun: ["urn:svc:compress", "urn:svc:virus-scan"] }))).toEqual(["urn:svc:ad-strip", "urn:svc:accounting"]);
  });

  it("R3836-3.4-a, R3836-3.7-a: parameters, failure modes and alternates are carried into the plan", () => {
    const strip = decide().services.find((s) => s.uri === "urn:svc:ad-strip");
    expect(strip).toMatchObject({
      params: { level: "aggressive" },
      onFailure: "try-alternate",
      alternates: [{ uri: "urn:svc:ad-strip-lite", params: {}, onFailure: "abort" }],
      origin: { ruleset: "mailto:bob@example.net", file: "bob.p", line: 15 },
    });
  });

  it("R3838-5.1.1-a: a refused alternate is left out of the plan and listed as refused", () => {
    const decision = decide({ consumer: { ...bob, blocks: ["urn:svc:ad-strip-lite"] } });
    expect(decision.services.find((s) => s.uri === "urn:svc:ad-strip")?.alternates).toEqual([]);
    expect(decision.refused).toEqual([
      expect.objectContaining({ uri: "urn:svc:ad-strip-lite", reason: "blocked-by-user", detail: "alternate of urn:svc:ad-strip: the consumer blocks this service" }),
    ]);
  });

  // BUG (src/compile/lower.ts, src/runtime/decide.ts): a request the rule leaves without onFailure is
  // lowered as "abort", so the failure default the site policy gives the service never applies.
  it("R3837-2.2.9-a: a service's failure default from the site policy applies when the rule names none", () => {
    const privacy = decide({ point: "request_in" }).services.find((s) => s.uri === "urn:svc:privacy");
    expect(privacy?.onFailure).toBe("ignore");
  });

  it("stop() ends its own ruleset only; fail() is reported with its origin", () => {
    const stopping = engineWith(
      {
        "bob.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out {
    if (Http.request.host equal "quiet.example") { Core.interpreter.stop(); }
    if (Http.request.host equal "broken.example") { Core.interpreter.fail("no rules for this site"); }
    Services.applyOne(Services.findOne("urn:svc:translate"));
  }
}
`,
        "news.p": rules["news.p"],
      },
      policy,
    );
    const quiet = decide({ host: "quiet.example", provider: { id: "news.example.com" } }, stopping);
    expect([quiet.stop, quiet.fail, planned(quiet)]).toEqual([true, null, ["urn:svc:compress"]]);
    const broken = decide({ host: "broken.example", provider: { id: "news.example.com" } }, stopping);
    expect(broken.fail).toEqual({ reason: "no rules for this site", origin: { ruleset: "mailto:bob@example.net", file: "bob.p", line: 5 } });
    expect(planned(broken)).toEqual(["urn:svc:compress"]);
  });
});

describe("trace headers (RFC 4236 §4)", () => {
  it("R3897-3.1-b, R4236-4-b, R3914-5.4-a, R3897-3.2-a: a decision that plans a service names the system in OPES-System", () => {
    expect(decide().trace["OPES-System"]).toBe("http://opes.isp.example/");
  });

  it("R4236-4-c, R3897-3.1-d, R3914-5.3-b, R3835-4-a: OPES-Via has the system entry, then one entry per planned service in plan order", () => {
    expect(decide().trace["OPES-Via"]).toBe("http://opes.isp.example/, urn:svc:compress, urn:svc:virus-scan, urn:svc:ad-strip, urn:svc:accounting");
  });

  it("R4236-4-d, R4236-4-e, R4236-4-f: entries are appended to the message's OPES-Via fields, as one field", () => {
    const decision = decide({
      responseHeaders: [
        ["Content-Type", "text/plain"],
        ["OPES-Via", "http://cdn.example/opes?session=1"],
        ["opes-via", "http://cdn.example/svc/a; mode=A"],
      ],
    });
    expect(decision.trace["OPES-Via"]).toBe(
      "http://cdn.example/opes?session=1, http://cdn.example/svc/a; mode=A, http://opes.isp.example/, urn:svc:compress, urn:svc:virus-scan, urn:svc:accounting",
    );
  });

  it("R3914-5.3-a: services planned at a request point trace into the request", () => {
    const decision = decide({ point: "request_out", requestHeaders: [["OPES-Via", "http://client-side.example/opes"]] });
    expect(decision.trace).toEqual({
      "OPES-System": "http://opes.isp.example/",
      "OPES-Via": "http://client-side.example/opes, http://opes.isp.example/, urn:svc:privacy, urn:svc:provider-log",
    });
  });

  it("a decision that plans nothing adds no trace", () => {
    const decision = decide({ point: "response_in" });
    expect(decision.services).toEqual([]);
    expect(decision.trace).toEqual({});
  });

  it("docs/site-policy.md: the system's trace entry is its URI alone; name and version stay in the bundle", () => {
    expect(decide().trace["OPES-System"]).toBe("http://opes.isp.example/");
  });
});

describe("rules, conditions and the engine", () => {
  const conditional = engineWith(
    {
      "bob.p": `rulemodule author self { name "Bob"; id "mailto:bob@example.net"; }
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out {
    if (Http.response.headers.get("Content-Language") equal "de" and Services.variable("translate") equal "yes") {
      translate := Services.findOne("urn:svc:translate");
      translate.target("en");
      Services.applyOne(translate);
    }
  }
}
`,
      "news.p": rules["news.p"],
    },
    policy,
  );
  const german = (variables: Record<string, string>) => ({
    ...context({ responseHeaders: [["Content-Language", "de"]] }),
    variables,
  });

  it("R3838-4.2.3-a, R3838-4.2.4-a, R3838-4.1.2-a: conditions test message headers and service variables; the action fires when they hold", () => {
    expect(planned(conditional.decide(german({ translate: "yes" })))).toEqual(["urn:svc:compress", "urn:svc:translate"]);
    expect(planned(conditional.decide(german({ translate: "no" })))).toEqual(["urn:svc:compress"]);
    expect(planned(conditional.decide(german({})))).toEqual(["urn:svc:compress"]);
  });

  it("R3838-4.2.3-b: a rule without a condition fires on every transaction of its endpoint at its point", () => {
    for (const type of ["text/html", "image/png", "application/octet-stream"]) {
      expect(planned(decide({ responseHeaders: [["Content-Type", type]] }, conditional))).toEqual(["urn:svc:compress"]);
    }
  });

  it("R4236-3.5-a: no request method is skipped: CONNECT and OPTIONS requests reach the rules too", () => {
    for (const request of [
      { method: "CONNECT", uri: "news.example.com:443" },
      { method: "OPTIONS", uri: "*", headers: [["Host", "news.example.com"]] },
    ]) {
      const decision = engine.decide({ protocol: "HTTP", point: "request_in", consumer: bob, request });
      expect(planned(decision)).toContain("urn:svc:privacy");
    }
  });

  it("R3838-5.3-i, R3837-3.7-a: a decision can be explained: which rulesets applied and the first condition that was false", () => {
    const decision = conditional.decide(german({ translate: "no" }), { explain: true });
    expect(decision.explain?.relevantRulesets).toEqual(["news.example.com", "mailto:bob@example.net"]);
    expect(decision.explain?.rules.find((r) => r.action === "apply urn:svc:translate")).toMatchObject({
      matched: false,
      failedCondition: { text: 'Services.variable("translate") equal "yes"', line: 4 },
    });
  });

  it("R3835-2.4-a: the same rules and policy give the same bundle in any file order, and the same decision every time", () => {
    const forwards = compileWith(rules, policy).bundle!;
    const backwards = compileWith(Object.fromEntries(Object.entries(rules).reverse()), policy).bundle!;
    expect(backwards.hash).toBe(forwards.hash);
    expect(JSON.stringify(backwards)).toBe(JSON.stringify(forwards));
    expect(decide()).toEqual(decide());
  });

  it("R3838-3.1-b, R3838-3.2-a: the engine loads compiled bundles of its own format version only", () => {
    const bundle = compileWith(rules, policy).bundle!;
    expect(() => PolicyEngine.load({ ...bundle, version: 2 })).toThrow(BundleError);
    expect(() => PolicyEngine.load(rules["bob.p"])).toThrow(BundleError);
    expect(PolicyEngine.load(JSON.parse(JSON.stringify(bundle))).bundle.version).toBe(1);
  });
});
