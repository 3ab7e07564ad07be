import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import type { TransactionContext } from "../../src/runtime/context.js";
import { PolicyEngine } from "../../src/runtime/engine.js";
import type { BugTriggers } from "./bug-triggers.js";
import { apply, bob, bobAt, http } from "./cases.js";
import { loadBoth } from "./harness.js";
import type { OracleDecision, OracleSource } from "./interpreter.js";

/**
 * Where the compiler or the runtime disagree with docs/language.md,
 * docs/compiler.md or docs/irml.md, found by the differential test or while
 * writing the oracle. For each: the oracle gives the documented answer (a
 * passing test), the runtime does not (`it.fails`). When a runtime test
 * starts passing, remove its `.fails` and set its trigger (bug-triggers.ts)
 * to true in differential.test.ts.
 */

const uris = (decision: OracleDecision) => decision.services.map((s) => s.uri);

/** Bugs fixed since the oracle found them: their runtime tests must pass, and the random cases cover them again. */
export const fixedBugs: ReadonlySet<keyof BugTriggers> = new Set(["absentCondition", "requestHostForms", "branchBoundParameter", "branchBoundAlternate", "rulesetLevelService", "zeroDivisor", "otherwiseOnAbsent", "idCase"]);

interface KnownBug {
  readonly trigger: keyof BugTriggers;
  readonly documented: string;
  readonly files: readonly OracleSource[];
  readonly context: TransactionContext;
  /** The part of the decision the bug is about. */
  readonly observe: (decision: OracleDecision) => unknown;
  readonly expected: unknown;
}

const noAddress = http("request_in", { consumer: { id: bob } });

/** Request targets naming a provider's host in the forms the runtime's dispatch misreads. */
const hostForms: readonly (readonly [form: string, host: string, context: TransactionContext])[] = [
  ["a target with user info", "shop.example", http("request_in", { uri: "http://user@shop.example/cart" })],
  ["an authority-form target (CONNECT)", "shop.example", http("request_in", { method: "CONNECT", uri: "shop.example:443" })],
  ["an IPv6 literal", "[2001:db8::1]", http("request_in", { uri: "http://[2001:db8::1]/cart" })],
];

const knownBugs: readonly KnownBug[] = [
  {
    trigger: "zeroDivisor",
    documented: "a zero divisor gives an absent value: the test is false and the else branch runs (language §5 item 22)",
    files: bobAt("request_in", `    if (Core.system.time.hour / 0 == 1) { ${apply("urn:svc:a")} } else { ${apply("urn:svc:b")} }\n    ${apply("urn:svc:c")}`),
    context: http("request_in"),
    observe: (d) => [uris(d), d.fail?.reason],
    expected: [["urn:svc:b", "urn:svc:c"], undefined],
  },
  {
    trigger: "zeroDivisor",
    documented: "a result beyond 2^53 − 1 gives an absent value, so the test is false (language §5 item 22)",
    files: bobAt("request_in", `    if (Core.system.time.hour * 9007199254740991 > 0) { ${apply("urn:svc:a")} }`),
    context: http("request_in"),
    observe: (d) => [uris(d), d.fail?.reason],
    expected: [[], undefined],
  },
  {
    trigger: "absentCondition",
    documented: "elsif and else run after a condition whose value is absent (compiler.md: a condition on an absent value is false)",
    files: bobAt(
      "request_in",
      `    if (Core.consumer.ip.in_subnet("10.0.0.0/8")) { ${apply("urn:svc:a")} }
    elsif (Http.request.method equal "GET") { ${apply("urn:svc:b")} }
    else { ${apply("urn:svc:c")} }`,
    ),
    context: noAddress,
    observe: uris,
    expected: ["urn:svc:b"],
  },
  {
    trigger: "absentCondition",
    documented: "statements after an if whose absent condition kept its stop() from running still run",
    files: bobAt("request_in", `    if (Core.consumer.ip.in_subnet("10.0.0.0/8")) { Core.interpreter.stop(); }\n    ${apply("urn:svc:a")}`),
    context: noAddress,
    observe: uris,
    expected: ["urn:svc:a"],
  },
  {
    trigger: "otherwiseOnAbsent",
    documented: "between values, `otherwise` replaces an absent left side (language §3.6)",
    files: bobAt("request_in", `    mode := Http.request.headers.get("X-Mode") otherwise "none";\n    if (mode equal "none") { ${apply("urn:svc:a")} }`),
    context: http("request_in"),
    observe: uris,
    expected: ["urn:svc:a"],
  },
  {
    trigger: "rulesetLevelService",
    documented: "a ruleset's service configured at one point keeps none of it at another (language §5 item 17: values per evaluation at a point)",
    files: [
      {
        path: "bob.p",
        text: `ruleset authorized_by consumer "${bob}" protocol HTTP {
  s := Services.findOne("urn:svc:s");
  at request_out {
    s.level("high");
    Services.applyOne(s);
  }
  at request_in {
    Services.applyOne(s);
  }
}
`,
      },
    ],
    context: http("request_in"),
    observe: (d) => d.services[0]?.params,
    expected: {},
  },
  {
    trigger: "branchBoundAlternate",
    documented: "a service bound in exclusive branches, as an alternate, is the one of the branch that ran",
    files: bobAt(
      "request_in",
      `    if (Http.request.method equal "POST") { w := Services.findOne("urn:svc:a"); } else { w := Services.findOne("urn:svc:b"); }
    Services.applyOne(Services.findOne("urn:svc:p")) otherwise Services.applyOne(w);`,
    ),
    context: http("request_in"),
    observe: (d) => d.services[0]?.alternates.map((a) => a.uri),
    expected: ["urn:svc:b"],
  },
  {
    trigger: "idCase",
    documented: "endpoint identities compare without regard to case (docs/irml.md §6 item 30)",
    files: bobAt("request_in", `    ${apply("urn:svc:a")}`),
    context: http("request_in", { consumer: { id: "MAILTO:Bob@Example.NET" } }),
    observe: uris,
    expected: ["urn:svc:a"],
  },
  ...hostForms.map(
    ([form, host, context]): KnownBug => ({
      trigger: "requestHostForms",
      documented: `a provider without id is the request host as Http.request.host reads it (docs/irml.md §6 item 17), also from ${form}`,
      files: [{ path: "shop.p", text: `ruleset authorized_by provider "${host}" protocol HTTP {\n  at request_in { ${apply("urn:svc:a")} }\n}\n` }],
      context,
      observe: uris,
      expected: ["urn:svc:a"],
    }),
  ),
];

describe("known bugs: the oracle gives the documented answer, the runtime does not", () => {
  describe.each(knownBugs.map((bug) => [bug.trigger, bug.documented, bug] as const))("%s: %s", (_trigger, _documented, bug) => {
    const both = () => loadBoth(bug.files);

    it("the oracle", () => {
      expect(bug.observe(both().oracle.decide(bug.context))).toEqual(bug.expected);
    });

    (fixedBugs.has(bug.trigger) ? it : it.fails)("the runtime", () => {
      expect(bug.observe(both().engine.decide(bug.context))).toEqual(bug.expected);
    });
  });
});

describe("known bugs outside the differential test", () => {
  it("branchBoundParameter: a name bound in exclusive branches is a valid service parameter (language §4.6), not P2050", () => {
    const text = `ruleset authorized_by consumer "${bob}" protocol HTTP {
  at request_in {
    if (Http.request.headers.have("Cookie")) { who := Http.request.headers.get("Cookie"); } else { who := "anonymous"; }
    s := Services.findOne("urn:svc:a");
    s.user(who);
    Services.applyOne(s);
  }
}
`;
    const result = compileSources([{ path: "bob.p", text }]);
    expect(result.diagnostics.map((d) => d.code)).toEqual([]);
    const engine = PolicyEngine.load(JSON.parse(JSON.stringify(result.bundle)));
    expect(engine.decide(http("request_in")).services[0]?.params).toEqual({ user: "anonymous" });
  });

  it("Services.variable compares variable names without case (docs/irml.md §6 item 12); the oracle shares this message model", () => {
    const files = bobAt("request_in", `    if (Services.variable("mode") equal "strict") { ${apply("urn:svc:a")} }`);
    expect(uris(loadBoth(files).engine.decide(http("request_in", { variables: { Mode: "strict" } })))).toEqual(["urn:svc:a"]);
  });
});
