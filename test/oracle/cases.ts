/**
 * Hand-written cases, one per construct, with the answers worked out by hand
 * from docs/language.md and docs/compiler.md. They check the oracle itself
 * (against these answers) and the runtime (against the oracle).
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { PolicyService, SitePolicy } from "../../src/policy/site-policy-types.js";
import type { HeaderField, TransactionContext } from "../../src/runtime/context.js";
import type { OracleDecision, OracleSource } from "./interpreter.js";

export interface Expectation {
  readonly context: TransactionContext;
  /** Planned URIs in plan order. */
  readonly services: readonly string[];
  /** `uri reason`, in order. */
  readonly refused?: readonly string[];
  readonly stop?: boolean;
  readonly fail?: string | null;
  /** Anything else worth pinning. */
  readonly also?: (decision: OracleDecision) => void;
}

export interface HandCase {
  readonly name: string;
  readonly files: readonly OracleSource[];
  readonly policy?: SitePolicy;
  readonly expectations: readonly Expectation[];
}

export const bob = "mailto:bob@example.net";

interface HttpOptions {
  readonly consumer?: TransactionContext["consumer"];
  readonly provider?: TransactionContext["provider"];
  readonly method?: string;
  readonly uri?: string;
  readonly headers?: readonly HeaderField[];
  readonly status?: number;
  readonly responseHeaders?: readonly HeaderField[];
  readonly variables?: Readonly<Record<string, string>>;
  readonly alreadyRun?: readonly string[];
  readonly time?: string;
}

/** An HTTP context for Bob fetching http://a.example/index.html (a text/html 200 at response points). */
export function http(point: string, options: HttpOptions = {}): TransactionContext {
  const response = point.startsWith("response_") ? { response: { status: options.status ?? 200, headers: options.responseHeaders ?? [["Content-Type", "text/html"]] } } : {};
  return {
    protocol: "HTTP",
    point,
    time: options.time ?? "2026-11-28T22:15:00-05:00",
    consumer: options.consumer ?? { id: bob, ip: "192.0.2.7" },
    provider: options.provider ?? {},
    request: { method: options.method ?? "GET", uri: options.uri ?? "http://a.example/index.html", headers: options.headers ?? [] },
    ...response,
    variables: options.variables ?? {},
    alreadyRun: options.alreadyRun ?? [],
  };
}

/** One ruleset of Bob's at one point. */
export function bobAt(point: string, body: string): OracleSource[] {
  return [{ path: "bob.p", text: `ruleset authorized_by consumer "${bob}" protocol HTTP {\n  at ${point} {\n${body}\n  }\n}\n` }];
}

/** A request for a service, as a statement. */
export const apply = (uri: string): string => `Services.applyOne(Services.findOne("${uri}"));`;

function service(uri: string, extra: Partial<PolicyService> = {}): PolicyService {
  return {
    uri,
    name: uri,
    protocol: "HTTP",
    points: ["request_in", "request_out", "response_in", "response_out"],
    receives: [],
    consents: [],
    bypassable: false,
    onFailure: "abort",
    mandate: "none",
    transforms: true,
    requestableBy: ["consumer", "provider", "consumer-delegate", "provider-delegate"],
    thirdParty: false,
    ...extra,
  };
}

const isp = "https://isp.example/";
const delegateHeader = `rulemodule author delegate { name "ISP"; id "${isp}"; }\n`;

/** A policy trusting the ISP for every endpoint of the cases. */
function policyWith(services: readonly PolicyService[], extra: Partial<SitePolicy> = {}): SitePolicy {
  return {
    system: { uri: "http://opes.example/" },
    services,
    groups: [{ id: "subscribers", class: "consumer", members: [] }, { id: "cdn", class: "provider", members: ["shop.example"] }],
    delegations: [{ delegate: isp, consumers: [bob, "mailto:alice@example.net", "192.0.2.7"], providers: ["a.example", "shop.example"], groups: ["subscribers", "cdn"] }],
    pointRestrictions: { consumer: [], provider: [] },
    order: [],
    precedence: { ranks: [["consumer"], ["provider"], ["consumer-delegate"], ["provider-delegate"]], consumerOverridesProviderOptOut: false },
    files: [],
    ...extra,
  };
}

const services = (...uris: string[]) => uris.map((uri) => service(uri));

export const handWrittenCases: readonly HandCase[] = [
  {
    name: "an unconditional request",
    files: bobAt("request_in", `    ${apply("urn:svc:a")}`),
    expectations: [{ context: http("request_in"), services: ["urn:svc:a"] }, { context: http("request_out"), services: [] }],
  },
  {
    name: "if / elsif / else: the first true branch runs",
    files: bobAt(
      "request_in",
      `    if (Http.request.method equal "POST") { ${apply("urn:svc:a")} }
    elsif (Http.request.path begins_with "/index") { ${apply("urn:svc:b")} }
    else { ${apply("urn:svc:c")} }`,
    ),
    expectations: [
      { context: http("request_in", { method: "POST" }), services: ["urn:svc:a"] },
      { context: http("request_in"), services: ["urn:svc:b"] },
      { context: http("request_in", { uri: "http://a.example/x" }), services: ["urn:svc:c"] },
    ],
  },
  {
    name: "absent values: every comparison and match is false, not_matches too; have() is false",
    files: bobAt(
      "request_in",
      `    x := Http.request.headers.get("X-Missing");
    if (x equal "") { ${apply("urn:svc:a")} }
    if (x not_matches "anything") { ${apply("urn:svc:b")} }
    if (not (x contains "a")) { ${apply("urn:svc:c")} }
    if (Http.request.headers.have("X-Missing")) { ${apply("urn:svc:d")} }
    if (not Http.request.headers.have("X-Missing")) { ${apply("urn:svc:e")} }`,
    ),
    expectations: [{ context: http("request_in"), services: ["urn:svc:c", "urn:svc:e"] }],
  },
  {
    name: "and, or, xor, not, == on booleans",
    files: bobAt(
      "request_in",
      `    yes := Http.request.method equal "GET";
    no := Http.request.method equal "PUT";
    if (yes and no) { ${apply("urn:svc:a")} }
    if (yes or no) { ${apply("urn:svc:b")} }
    if (yes xor no) { ${apply("urn:svc:c")} }
    if (not no and yes) { ${apply("urn:svc:d")} }
    if (yes == no) { ${apply("urn:svc:e")} }
    if (yes != no) { ${apply("urn:svc:f")} }`,
    ),
    expectations: [{ context: http("request_in"), services: ["urn:svc:b", "urn:svc:c", "urn:svc:d", "urn:svc:f"] }],
  },
  {
    name: "string operators, case-sensitive and folding ASCII case",
    files: bobAt(
      "request_in",
      `    h := Http.request.headers.get("X-Mode");
    if (h equal "Strict") { ${apply("urn:svc:a")} }
    if (h equal "strict") { ${apply("urn:svc:b")} }
    if (h EqualS "STRICT") { ${apply("urn:svc:c")} }
    if (h ContainS "RIC") { ${apply("urn:svc:d")} }
    if (h Begins_witH "st" and h Ends_witH "CT") { ${apply("urn:svc:e")} }
    if (h begins_with "st" or h ends_with "CT") { ${apply("urn:svc:f")} }`,
    ),
    expectations: [{ context: http("request_in", { headers: [["X-Mode", "Strict"]] }), services: ["urn:svc:a", "urn:svc:c", "urn:svc:d", "urn:svc:e"] }],
  },
  {
    name: "regular expressions: unanchored search, case-insensitive unless _cs",
    files: bobAt(
      "response_out",
      `    ct := Http.response.headers.get("Content-Type");
    if (ct matches "HTML") { ${apply("urn:svc:a")} }
    if (ct matches_cs "HTML") { ${apply("urn:svc:b")} }
    if (ct not_matches "^image/") { ${apply("urn:svc:c")} }
    if (ct not_matches_cs "^TEXT/") { ${apply("urn:svc:d")} }
    if (Http.request.path matches "^/$|^/index\\\\.html$") { ${apply("urn:svc:e")} }`,
    ),
    expectations: [{ context: http("response_out", { responseHeaders: [["Content-Type", "text/html; charset=utf-8"]] }), services: ["urn:svc:a", "urn:svc:c", "urn:svc:d", "urn:svc:e"] }],
  },
  {
    name: "numbers: comparisons and arithmetic",
    files: bobAt(
      "response_out",
      `    if (Http.response.status == 404) { ${apply("urn:svc:a")} }
    if (Http.response.status / 100 == 4) { ${apply("urn:svc:b")} }
    if (Core.system.time.hour % 2 == 0 and Core.system.time.hour >= 22) { ${apply("urn:svc:c")} }
    if (-Http.response.status + 500 < 100) { ${apply("urn:svc:d")} }`,
    ),
    expectations: [
      { context: http("response_out", { status: 404 }), services: ["urn:svc:a", "urn:svc:b", "urn:svc:c", "urn:svc:d"] },
      { context: http("response_out", { status: 200, time: "2026-11-28T23:15:00-05:00" }), services: [] },
    ],
  },
  {
    name: "a name bound in exclusive branches takes the value of the branch that ran",
    files: bobAt(
      "request_in",
      `    if (Http.request.headers.have("Cookie")) { who := Http.request.headers.get("Cookie"); } else { who := "anonymous"; }
    if (who equal "anonymous") { ${apply("urn:svc:a")} }
    if (who contains "sew=23") { ${apply("urn:svc:b")} }`,
    ),
    expectations: [
      { context: http("request_in"), services: ["urn:svc:a"] },
      { context: http("request_in", { headers: [["Cookie", "id=7; sew=23"]] }), services: ["urn:svc:b"] },
    ],
  },
  {
    name: "code objects run where used, not where bound; try runs them too",
    files: bobAt(
      "request_in",
      `    never := { ${apply("urn:svc:never")} };
    twice := { ${apply("urn:svc:a")} ${apply("urn:svc:b")} };
    twice;
    try twice;
    { ${apply("urn:svc:c")} }`,
    ),
    expectations: [{ context: http("request_in"), services: ["urn:svc:a", "urn:svc:b", "urn:svc:c"] }],
  },
  {
    name: "{ … } otherwise { … }: a failure on the left runs the right; requests made before it stay",
    files: bobAt(
      "request_in",
      `    {
      ${apply("urn:svc:a")}
      if (Http.request.method equal "GET") { Core.interpreter.fail("no GET"); }
      ${apply("urn:svc:b")}
    } otherwise {
      ${apply("urn:svc:c")}
    }
    retry := { if (Http.request.headers.have("X-Fail")) { Core.interpreter.fail("flaky"); } ${apply("urn:svc:d")} };
    try retry otherwise try { ${apply("urn:svc:e")} };`,
    ),
    expectations: [
      { context: http("request_in"), services: ["urn:svc:a", "urn:svc:c", "urn:svc:d"], fail: null },
      { context: http("request_in", { method: "POST", headers: [["X-Fail", "1"]] }), services: ["urn:svc:a", "urn:svc:b", "urn:svc:e"] },
    ],
  },
  {
    name: "an uncaught fail() ends its ruleset at this point (later blocks too) and sets fail; other rulesets go on",
    files: [
      {
        path: "bob.p",
        text: `ruleset authorized_by consumer "${bob}" protocol HTTP {
  at request_in {
    ${apply("urn:svc:a")}
    if (Http.request.method equal "GET") { Core.interpreter.fail("GET refused"); }
    ${apply("urn:svc:b")}
  }
  at 1 { ${apply("urn:svc:c")} }
}
ruleset authorized_by provider "a.example" protocol HTTP {
  at request_in { ${apply("urn:svc:d")} }
}
`,
      },
    ],
    expectations: [
      { context: http("request_in"), services: ["urn:svc:a", "urn:svc:d"], fail: "GET refused", also: (d) => expect(d.fail?.origin.line).toBe(4) },
      { context: http("request_in", { method: "HEAD" }), services: ["urn:svc:a", "urn:svc:b", "urn:svc:c", "urn:svc:d"], fail: null },
    ],
  },
  {
    name: "stop() ends its ruleset at this point; other rulesets go on",
    files: [
      {
        path: "bob.p",
        text: `ruleset authorized_by consumer "${bob}" protocol HTTP {
  at request_in {
    ${apply("urn:svc:a")}
    if (Http.request.path begins_with "/static/") { Core.interpreter.stop(); }
    ${apply("urn:svc:b")}
  }
}
ruleset authorized_by consumer group "subscribers" protocol HTTP {
  at request_in { ${apply("urn:svc:c")} }
}
`,
      },
    ],
    expectations: [
      { context: http("request_in", { uri: "http://a.example/static/x.css", consumer: { id: bob, groups: ["subscribers"] } }), services: ["urn:svc:a", "urn:svc:c"], stop: true },
      { context: http("request_in", { consumer: { id: bob, groups: ["subscribers"] } }), services: ["urn:svc:a", "urn:svc:b", "urn:svc:c"], stop: false },
    ],
  },
  {
    name: "service parameters: static, dynamic (objects by their text, absent as null), name and failure mode",
    files: bobAt(
      "request_in",
      `    s := Services.findOne("urn:svc:a", "Scanner A");
    s.level("aggressive");
    s.max(3);
    s.client(Core.consumer.ip);
    s.target(Http.request.uri);
    s.mode(Services.variable("mode"));
    s.max(4);
    s.onFailure("ignore");
    Services.applyOne(s);`,
    ),
    expectations: [
      {
        context: http("request_in"),
        services: ["urn:svc:a"],
        also: (d) => {
          const [planned] = d.services;
          expect(planned?.params).toEqual({ level: "aggressive", max: 4, client: "192.0.2.7", target: "http://a.example/index.html", mode: null });
          expect([planned?.name, planned?.onFailure]).toEqual(["Scanner A", "ignore"]);
        },
      },
    ],
  },
  {
    name: "alternates: applyOne(a) otherwise applyOne(b), and findOne(a) otherwise findOne(b)",
    files: bobAt(
      "request_in",
      `    a := Services.findOne("urn:svc:a");
    a.onFailure("ignore");
    b := Services.findOne("urn:svc:b") otherwise Services.findOne("urn:svc:c");
    b.onFailure("ignore");
    Services.applyOne(a) otherwise Services.applyOne(b);`,
    ),
    expectations: [
      {
        context: http("request_in"),
        services: ["urn:svc:a"],
        also: (d) => {
          const [planned] = d.services;
          expect(planned?.onFailure).toEqual("try-alternate");
          expect(planned?.alternates).toEqual([
            { uri: "urn:svc:b", params: {}, onFailure: "try-alternate" },
            { uri: "urn:svc:c", params: {}, onFailure: "abort" },
          ]);
        },
      },
    ],
  },
  {
    name: "a service bound in exclusive branches (the draft's Figure 12)",
    files: bobAt(
      "request_in",
      `    if (Http.request.method equal "POST") { s := Services.findOne("urn:svc:upload"); s.limit(10); }
    else { s := Services.findOne("urn:svc:download"); }
    Services.applyOne(s);`,
    ),
    expectations: [
      { context: http("request_in", { method: "POST" }), services: ["urn:svc:upload"], also: (d) => expect(d.services[0]?.params).toEqual({ limit: 10 }) },
      { context: http("request_in"), services: ["urn:svc:download"] },
    ],
  },
  {
    name: "relevance: the consumer by id (its address only without one) and groups, the provider by id or request host",
    files: [
      {
        path: "all.p",
        text: `ruleset authorized_by consumer "${bob}" protocol HTTP { at request_in { ${apply("urn:svc:bob")} } }
ruleset authorized_by consumer "192.0.2.7" protocol HTTP { at request_in { ${apply("urn:svc:by-ip")} } }
ruleset authorized_by consumer group "subscribers" protocol HTTP { at request_in { ${apply("urn:svc:group")} } }
ruleset authorized_by provider "shop.example" protocol HTTP { at request_in { ${apply("urn:svc:shop")} } }
ruleset authorized_by provider group "cdn" protocol HTTP { at request_in { ${apply("urn:svc:cdn")} } }
ruleset authorized_by consumer "${bob}" protocol SMTP { at connect { ${apply("urn:svc:mail")} } }
`,
      },
    ],
    expectations: [
      { context: http("request_in"), services: ["urn:svc:bob"] },
      { context: http("request_in", { consumer: { ip: "192.0.2.7", groups: ["subscribers"] }, uri: "http://shop.example/" }), services: ["urn:svc:by-ip", "urn:svc:group", "urn:svc:shop"] },
      { context: http("request_in", { provider: { id: "a.example", groups: ["cdn"] }, uri: "http://shop.example/" }), services: ["urn:svc:bob", "urn:svc:cdn"] },
    ],
  },
  {
    name: "order: consumer first at request points, provider first at response points; document order inside",
    files: [
      { path: "b-shop.p", text: `ruleset authorized_by provider "a.example" protocol HTTP {\n  at request_in { ${apply("urn:svc:p1")} ${apply("urn:svc:p2")} }\n  at response_out { ${apply("urn:svc:p1")} }\n}\n` },
      { path: "a-bob.p", text: `ruleset authorized_by consumer "${bob}" protocol HTTP {\n  at request_in { ${apply("urn:svc:c1")} }\n  at response_out { ${apply("urn:svc:c1")} ${apply("urn:svc:p1")} }\n}\n` },
    ],
    expectations: [
      { context: http("request_in"), services: ["urn:svc:c1", "urn:svc:p1", "urn:svc:p2"] },
      { context: http("response_out"), services: ["urn:svc:p1", "urn:svc:c1"], also: (d) => expect(d.services[0]?.origin.ruleset).toEqual("a.example") },
    ],
  },
  {
    name: "each service once, at its first place; what already ran is left out",
    files: bobAt("request_in", `    ${apply("urn:svc:a")}\n    ${apply("urn:svc:b")}\n    ${apply("urn:svc:a")}`),
    expectations: [
      { context: http("request_in"), services: ["urn:svc:a", "urn:svc:b"] },
      { context: http("request_in", { alreadyRun: ["urn:svc:a"] }), services: ["urn:svc:b"] },
    ],
  },
  {
    name: "many equality tests on one property (a switch), literal on either side, EqualS and ==",
    files: bobAt(
      "response_out",
      `    if (Http.request.host equal "a.example") { ${apply("urn:svc:a")} }
    if ("shop.example" equal Http.request.host) { ${apply("urn:svc:b")} }
    if (Http.request.host EqualS "A.EXAMPLE") { ${apply("urn:svc:c")} }
    if (Http.response.status == 200) { ${apply("urn:svc:d")} }
    if (Http.response.status == 404) { ${apply("urn:svc:e")} }
    if (Http.request.host equal "a.example" and Http.response.status == 200) { ${apply("urn:svc:f")} }`,
    ),
    expectations: [
      { context: http("response_out"), services: ["urn:svc:a", "urn:svc:c", "urn:svc:d", "urn:svc:f"] },
      { context: http("response_out", { uri: "http://shop.example/", status: 404 }), services: ["urn:svc:b", "urn:svc:e"] },
    ],
  },
  {
    name: "SMTP: the provider's rulesets first at every point",
    files: [
      {
        path: "mail.p",
        text: `ruleset authorized_by consumer "${bob}" protocol SMTP { at rcpt { if (Smtp.rcpt.to ends_with "@example.net") { ${apply("urn:svc:m1")} } } }
ruleset authorized_by provider "mx.example.org" protocol SMTP { at rcpt { ${apply("urn:svc:m2")} } }
`,
      },
    ],
    expectations: [
      {
        context: { protocol: "SMTP", point: "rcpt", consumer: { id: bob }, provider: { id: "mx.example.org" }, connection: { clientIp: "198.51.100.23" }, mail: { from: "alice@example.org" }, rcpt: { to: "bob@example.net" } },
        services: ["urn:svc:m2", "urn:svc:m1"],
      },
    ],
  },
  {
    name: "policy refusals: consent, blocks (mandates exempt), opt-outs, no-transform, and refused alternates",
    files: [
      {
        path: "bob.p",
        text: `${delegateHeader}ruleset authorized_by consumer "${bob}" protocol HTTP {
  at response_out {
    ${apply("urn:svc:profiler")}
    ${apply("urn:svc:scanner")}
    ${apply("urn:svc:strip")}
    Services.applyOne(Services.findOne("urn:svc:log")) otherwise Services.applyOne(Services.findOne("urn:svc:profiler"));
  }
}
`,
      },
    ],
    policy: policyWith([
      service("urn:svc:profiler", { consents: ["profiling"], transforms: false }),
      service("urn:svc:scanner", { mandate: "security" }),
      service("urn:svc:strip"),
      service("urn:svc:log", { transforms: false }),
    ]),
    expectations: [
      { context: http("response_out"), services: ["urn:svc:scanner", "urn:svc:strip", "urn:svc:log"], refused: ["urn:svc:profiler consent-missing", "urn:svc:profiler consent-missing"] },
      { context: http("response_out", { consumer: { id: bob, consents: ["profiling"], blocks: ["*"] } }), services: ["urn:svc:scanner"], refused: ["urn:svc:profiler blocked-by-user", "urn:svc:strip blocked-by-user", "urn:svc:log blocked-by-user"] },
      { context: http("response_out", { provider: { optOut: ["urn:svc:log"] }, responseHeaders: [["Cache-Control", "max-age=60, No-Transform"]] }), services: ["urn:svc:scanner"], refused: ["urn:svc:profiler consent-missing", "urn:svc:strip opted-out-by-provider", "urn:svc:log opted-out-by-provider"] },
    ],
  },
  {
    name: "OPES-Bypass: *, a URI, the system's URI, an unknown URI; non-bypassable services run and say so",
    files: [{ path: "bob.p", text: `${delegateHeader}ruleset authorized_by consumer "${bob}" protocol HTTP {\n  at request_in { ${apply("urn:svc:a")} ${apply("urn:svc:b")} }\n}\n` }],
    policy: policyWith([service("urn:svc:a", { bypassable: true }), service("urn:svc:b")]),
    expectations: [
      {
        context: http("request_in", { headers: [["OPES-Bypass", "*"], ["OPES-Via", "http://proxy.example/"]] }),
        services: ["urn:svc:b"],
        refused: ["urn:svc:a bypassed"],
        also: (d) => {
          expect(d.services[0]?.bypassRefused).toEqual(true);
          expect(d.trace).toEqual({ "OPES-System": "http://opes.example/", "OPES-Via": "http://proxy.example/, http://opes.example/, urn:svc:b; bypass=refused" });
        },
      },
      { context: http("request_in", { headers: [["OPES-Bypass", "urn:svc:a"]] }), services: ["urn:svc:b"], refused: ["urn:svc:a bypassed"], also: (d) => expect(d.services[0]?.bypassRefused).toEqual(false) },
      { context: http("request_in", { headers: [["OPES-Bypass", "http://opes.example/"]] }), services: ["urn:svc:b"], refused: ["urn:svc:a bypassed"] },
      { context: http("request_in", { headers: [["OPES-Bypass", "urn:svc:nobody-knows"]] }), services: ["urn:svc:b"], refused: ["urn:svc:a bypassed"] },
    ],
  },
  {
    name: "the site's order constraints on top of document order",
    files: [{ path: "bob.p", text: `${delegateHeader}ruleset authorized_by consumer "${bob}" protocol HTTP {\n  at request_in { ${["a", "b", "c", "d"].map((x) => apply(`urn:svc:${x}`)).join(" ")} }\n}\n` }],
    policy: policyWith(services("urn:svc:a", "urn:svc:b", "urn:svc:c", "urn:svc:d"), {
      order: [
        { kind: "last", service: "urn:svc:a" },
        { kind: "before", before: "urn:svc:d", after: "urn:svc:c" },
        { kind: "first", service: "urn:svc:b" },
      ],
    }),
    expectations: [{ context: http("request_in"), services: ["urn:svc:b", "urn:svc:d", "urn:svc:c", "urn:svc:a"] }],
  },
  {
    name: "one service asked for twice: the higher-ranked requester's request, at the first place",
    files: [
      { path: "a-isp.p", text: `${delegateHeader}ruleset authorized_by consumer group "subscribers" protocol HTTP {\n  at request_in { s := Services.findOne("urn:svc:a"); s.level("light"); Services.applyOne(s); ${apply("urn:svc:b")} }\n}\n` },
      { path: "b-bob.p", text: `rulemodule author self { name "Bob"; id "${bob}"; }\nruleset authorized_by consumer "${bob}" protocol HTTP {\n  at request_in { ${apply("urn:svc:b")} s := Services.findOne("urn:svc:a"); s.level("aggressive"); Services.applyOne(s); }\n}\n` },
    ],
    policy: policyWith(services("urn:svc:a", "urn:svc:b")),
    expectations: [
      {
        context: http("request_in", { consumer: { id: bob, groups: ["subscribers"] } }),
        services: ["urn:svc:a", "urn:svc:b"],
        also: (d) => expect([d.services[0]?.params, d.services[0]?.origin.ruleset, d.services[1]?.origin.ruleset]).toEqual([{ level: "aggressive" }, bob, bob]),
      },
    ],
  },
  {
    name: "policy defaults: the failure default, the consumer's override of opt-outs, group members",
    files: [
      { path: "bob.p", text: `${delegateHeader}ruleset authorized_by consumer "${bob}" protocol HTTP {\n  at response_out { ${apply("urn:svc:a")} }\n}\n` },
      { path: "cdn.p", text: `${delegateHeader}ruleset authorized_by provider group "cdn" protocol HTTP {\n  at response_out { ${apply("urn:svc:b")} }\n}\n` },
    ],
    policy: policyWith([service("urn:svc:a", { onFailure: "ignore" }), service("urn:svc:b")], {
      precedence: { ranks: [["consumer"], ["provider"], ["consumer-delegate"], ["provider-delegate"]], consumerOverridesProviderOptOut: true },
    }),
    expectations: [
      { context: http("response_out", { uri: "http://shop.example/" }), services: ["urn:svc:b", "urn:svc:a"], also: (d) => expect(d.services[1]?.onFailure).toEqual("ignore") },
      { context: http("response_out", { uri: "http://shop.example/", provider: { optOut: ["*"] } }), services: ["urn:svc:a"], refused: ["urn:svc:b opted-out-by-provider"] },
    ],
  },
  {
    name: "an IRML module (examples/irml): nested properties are nested conditions, static and dynamic parameters",
    files: [{ path: "provider-adaptation.xml", text: readFileSync(new URL("../../examples/irml/provider-adaptation.xml", import.meta.url), "utf8") }],
    expectations: [
      {
        context: http("response_in", { provider: { id: "www.news.example" }, uri: "http://www.news.example/photos/a.jpg", responseHeaders: [["Content-Type", "image/jpeg"]] }),
        services: ["urn:example:svc:image-recompress:4"],
        also: (d) => expect([d.services[0]?.params, d.services[0]?.onFailure]).toEqual([{ quality: "82" }, "ignore"]),
      },
      { context: http("response_in", { provider: { id: "www.news.example" }, uri: "http://www.news.example/Photos/a.jpg", responseHeaders: [["Content-Type", "image/jpeg"]] }), services: [] },
      {
        context: http("response_out", { provider: { id: "www.news.example" }, headers: [["User-Agent", "Mozilla/5.0 (Linux; Android 14)"], ["Accept-Language", "fr-CA"]] }),
        services: ["urn:example:svc:mobile-layout:2", "urn:example:svc:translate:1"],
        also: (d) => expect(d.services.map((s) => s.params)).toEqual([{ device: "Mozilla/5.0 (Linux; Android 14)" }, { target: "fr-CA" }]),
      },
    ],
  },
  {
    name: "a plain P file, placed by the site policy at two points",
    files: [{ path: "placed.p", text: `Http := import "Http";\nif (Http.request.headers.have("Cookie")) { ${apply("urn:svc:cookie")} }\n${apply("urn:svc:always")}\n` }],
    policy: policyWith(services("urn:svc:cookie", "urn:svc:always"), {
      files: [{ path: "placed.p", protocol: "HTTP", points: ["request_in", "response_out"], authorizedBy: { class: "provider", id: "a.example", group: false } }],
    }),
    expectations: [
      { context: http("request_in", { headers: [["Cookie", "a=1"]] }), services: ["urn:svc:cookie", "urn:svc:always"], also: (d) => expect(d.services[0]?.origin).toEqual({ ruleset: "a.example", file: "placed.p", line: 2 }) },
      { context: http("response_out"), services: ["urn:svc:always"] },
      { context: http("request_out"), services: [] },
    ],
  },
];

