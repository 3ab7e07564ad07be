import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareDecision, normalizeExpectation } from "../../src/cli/test-files/expect.js";
import type { Decision, PlannedService, Refusal } from "../../src/runtime/decide.js";

const origin = { ruleset: "mailto:bob@example.net", file: "rules/bob.p", line: 9 };

function service(uri: string, extra: Partial<PlannedService> = {}): PlannedService {
  return { uri, params: {}, onFailure: "abort", alternates: [], bypassRefused: false, origin, ...extra };
}

function refusal(uri: string, reason: Refusal["reason"] = "consent-missing"): Refusal {
  return { uri, reason, detail: "needs consent: profiling", origin };
}

function decision(services: PlannedService[], refused: Refusal[] = [], extra: Partial<Decision> = {}): Decision {
  return { point: "response_out", services, refused, stop: false, fail: null, trace: {}, ...extra };
}

const options = { baseDir: "rules" };
const compare = (d: Decision, raw: Record<string, unknown>) => compareDecision(d, normalizeExpectation(raw), options);

describe("comparing a decision with an expectation", () => {
  it("compares only the members and fields given", () => {
    const actual = decision([service("urn:a", { params: { level: "high" } })], [refusal("urn:b")], { stop: true });
    expect(compare(actual, { services: ["urn:a"] })).toEqual([]);
    expect(compare(actual, { refused: [{ uri: "urn:b" }] })).toEqual([]);
    expect(compare(actual, { stop: true })).toEqual([]);
    expect(compare(actual, { services: [{ uri: "urn:a", params: { level: "high" }, onFailure: "abort", origin: { file: "bob.p", line: 9 } }] })).toEqual([]);
  });

  it("compares parameters as a whole object", () => {
    const actual = decision([service("urn:a", { params: { level: "high", mode: "x" } })]);
    expect(compare(actual, { services: [{ uri: "urn:a", params: { level: "high" } }] })).toHaveLength(1);
    expect(compare(actual, { services: [{ uri: "urn:a", params: {} }] })).toHaveLength(1);
  });

  it("compares alternates in order and origins relative to the test file", () => {
    const actual = decision([service("urn:a", { alternates: [{ uri: "urn:b", params: {}, onFailure: "abort" }, { uri: "urn:c", params: {}, onFailure: "abort" }] })]);
    expect(compare(actual, { services: [{ uri: "urn:a", alternates: ["urn:b", "urn:c"] }] })).toEqual([]);
    expect(compare(actual, { services: [{ uri: "urn:a", alternates: ["urn:c", "urn:b"] }] })).toHaveLength(1);
    expect(compare(actual, { services: [{ uri: "urn:a", origin: { file: "../rules/bob.p" } }] })).toEqual([]);
    expect(compare(actual, { services: [{ uri: "urn:a", origin: { file: "rules/bob.p" } }] })).toHaveLength(1);
  });

  it("lines services up by their longest common subsequence", () => {
    const [mismatch] = compare(decision([service("urn:new"), service("urn:a"), service("urn:b")]), { services: ["urn:a", "urn:gone", "urn:b"] });
    expect(mismatch).toMatchObject({ field: "services" });
    expect(mismatch?.field === "services" && mismatch.lines).toEqual([
      { sign: "+", text: "urn:new" },
      { sign: " ", text: "urn:a" },
      { sign: "-", text: "urn:gone" },
      { sign: " ", text: "urn:b" },
    ]);
  });

  it("reports fail reasons and trace headers, null meaning none", () => {
    const actual = decision([], [], { fail: { reason: "bad", origin }, trace: { "OPES-System": "http://opes.example/" } });
    expect(compare(actual, { fail: "bad", trace: { "OPES-System": "http://opes.example/", "OPES-Via": null } })).toEqual([]);
    expect(compare(actual, { fail: null, trace: { "OPES-System": null } })).toEqual([
      { field: "fail", expected: null, actual: "bad" },
      { field: "trace", header: "OPES-System", expected: null, actual: "http://opes.example/" },
    ]);
  });

  const uris = fc.array(fc.constantFrom("urn:a", "urn:b", "urn:c", "urn:d"), { maxLength: 7 });

  it("a service diff keeps both lists in order and is empty exactly when they are equal", () => {
    fc.assert(
      fc.property(uris, uris, (expected, actual) => {
        const mismatches = compare(decision(actual.map((uri) => service(uri))), { services: expected });
        if (JSON.stringify(expected) === JSON.stringify(actual)) return mismatches.length === 0;
        const lines = mismatches[0]?.field === "services" ? mismatches[0].lines : [];
        expect(lines.filter((l) => l.sign !== "+").map((l) => l.text)).toEqual(expected);
        expect(lines.filter((l) => l.sign !== "-").map((l) => l.text)).toEqual(actual);
        return true;
      }),
    );
  });

  it("refusals match in any order, each at most once", () => {
    fc.assert(
      fc.property(uris, uris, (expected, actual) => {
        const mismatches = compare(decision([], actual.map((uri) => refusal(uri))), { refused: expected.map((uri) => ({ uri })) });
        const sameMultiset = JSON.stringify([...expected].sort()) === JSON.stringify([...actual].sort());
        expect(mismatches.length === 0).toBe(sameMultiset);
      }),
    );
  });
});
