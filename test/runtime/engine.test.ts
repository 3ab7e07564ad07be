import { describe, expect, it } from "vitest";
import { BundleError, ContextError, PolicyEngine } from "../../src/runtime/index.js";
import { bobContext as context, compiledBobBundle as compiled, editedBobBundle as edited } from "../helpers/bob-bundle.js";

describe("PolicyEngine", () => {
  it("decides with the graph and never plans a service that already ran", () => {
    const engine = PolicyEngine.load(compiled());
    expect(engine.decide(context).services.map((s) => s.uri)).toEqual(["urn:svc:shrink", "urn:svc:log"]);
    expect(engine.decide({ ...context, alreadyRun: ["urn:svc:shrink"] }).services.map((s) => s.uri)).toEqual(["urn:svc:log"]);
  });

  it("matches regular expressions without regard to case by default", () => {
    const engine = PolicyEngine.load(compiled());
    const desktop = { ...context, request: { ...context.request, headers: [["User-Agent", "Mozilla/5.0 (X11; Linux)"]] } };
    expect(engine.decide(desktop).services.map((s) => s.uri)).toEqual(["urn:svc:log"]);
    const shouting = { ...context, request: { ...context.request, headers: [["User-Agent", "ANDROID"]] } };
    expect(engine.decide(shouting).services.map((s) => s.uri)).toEqual(["urn:svc:shrink", "urn:svc:log"]);
  });

  it("treats an absent header as making its conditions false, not as an error", () => {
    const engine = PolicyEngine.load(compiled());
    const noAgent = { ...context, request: { method: "GET", uri: "http://news.example.com/" } };
    const decision = engine.decide(noAgent, { explain: true });
    expect(decision.services.map((s) => s.uri)).toEqual(["urn:svc:log"]);
    expect(decision.explain?.rules[0]).toMatchObject({ matched: false, failedCondition: { text: 'Http.request.headers.get("User-Agent") matches "mobile|android"' } });
  });

  it("applies a ruleset only to its own consumer", () => {
    const engine = PolicyEngine.load(compiled());
    const alice = { ...context, consumer: { id: "mailto:alice@example.net" } };
    expect(engine.decide(alice)).toMatchObject({ services: [], refused: [], stop: false, fail: null, trace: {} });
  });

  it("throws a typed ContextError with a JSON pointer for a malformed context", () => {
    const engine = PolicyEngine.load(compiled());
    const attempt = () => engine.decide({ ...context, response: { status: "200" } });
    expect(attempt).toThrow(ContextError);
    try {
      attempt();
    } catch (error) {
      expect((error as ContextError).pointer).toBe("/response/status");
    }
    expect(() => engine.decide(null)).toThrow(ContextError);
  });

  it.each([
    ["not an object", () => 42, "must be an object"],
    ["another format version", () => ({ ...compiled(), version: 2 }), "version 2 is not supported"],
    ["a schema violation", () => edited((b) => ((b["actions"] as { kind: string }[])[0]!.kind = "explode")), "/actions/0"],
    ["an index out of range", () => edited((b) => ((b["actions"] as { rule: number }[])[0]!.rule = 99)), "index 99 is out of range"],
    ["a term referring forward (a cycle)", () => edited((b) => ((b["terms"] as unknown[]).unshift({ t: "op", op: "not", args: [0] }))), "earlier terms"],
    ["an invalid regular expression", () => edited((b) => ((b["terms"] as { t: string; pattern?: string }[]).find((t) => t.t === "match")!.pattern = "(a")), "/terms/"],
    ["a changed action without a new hash", () => ({ ...compiled(), order: [{ kind: "first", service: "urn:svc:log" }] }), "does not match its hash"],
  ])("refuses a bundle with %s", (_what, make, message) => {
    expect(() => PolicyEngine.load(make())).toThrow(BundleError);
    expect(() => PolicyEngine.load(make())).toThrow(message);
  });
});
