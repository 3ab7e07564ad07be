import { describe, expect, it } from "vitest";
import { CedarAuthorizer, cedarPolicyText } from "../../bench/cedar.js";
import { cedarMismatches, cedarQuestions, compileWorkload, decisionMismatches, loadWorkloadPolicy } from "../../bench/harness.js";
import { LinearScan } from "../../bench/linear-scan.js";
import { buildWorkload, hostName, ruleCount, toContext, workloadShape } from "../../bench/workload.js";
import type { Bundle } from "../../src/runtime/bundle.js";
import { PolicyEngine, type TransactionContext } from "../../src/runtime/index.js";

const size = 100;
const workload = buildWorkload(size);
const bundle = compileWorkload(workload, loadWorkloadPolicy(workload));
const engine = PolicyEngine.load(JSON.parse(JSON.stringify(bundle)));

describe("benchmark workload", () => {
  it("is the same for the same size", () => {
    const again = buildWorkload(size);
    expect(again.sources).toEqual(workload.sources);
    expect(again.contexts).toEqual(workload.contexts);
    expect(again.policyText).toBe(workload.policyText);
  });

  it("compiles to one action per rule, from several modules and every kind of ruleset", () => {
    expect(ruleCount(workload.modules)).toBe(size);
    expect(bundle.actions).toHaveLength(size);
    expect(workload.sources.length).toBeGreaterThan(3);
    const shape = workloadShape(size);
    const kinds = bundle.rulesets.map((r) => `${r.endpoint}${r.group ? " group" : ""} ${r.author?.kind}`);
    expect(new Set(kinds)).toEqual(new Set(["consumer self", "consumer delegate", "consumer group delegate", "provider self", "provider delegate"]));
    expect(bundle.rulesets.filter((r) => r.endpoint === "consumer" && !r.group)).toHaveLength(shape.consumers);
  });

  it("has contexts at both points that hit and that miss", () => {
    const decisions = workload.contexts.map((c) => engine.decide(c));
    expect(new Set(workload.contexts.map((c) => c.point))).toEqual(new Set(["response_out", "request_in"]));
    expect(decisions.filter((d) => d.services.length > 0).length).toBeGreaterThan(workload.contexts.length / 4);
    expect(decisions.filter((d) => d.services.length === 0).length).toBeGreaterThan(workload.contexts.length / 4);
    // Dynamic parameters (the Accept-Language given to the translator) reach the plan.
    expect(decisions.some((d) => d.services.some((s) => s.uri === "urn:svc:translate" && typeof s.params["target"] === "string"))).toBe(true);
  });
});

describe("linear-scan baseline", () => {
  it("decides every context of the pool exactly as the engine", () => {
    expect(decisionMismatches(engine, new LinearScan(engine.bundle), workload.contexts)).toEqual([]);
  });

  it("applies precedence as the engine does when a consumer and a provider ask for one service", () => {
    const consumer = workload.modules.flatMap((m) => m.rulesets).find((r) => r.endpoint.kind === "consumer")!;
    const transcode = consumer.rules.find((r) => r.service === "urn:svc:image-transcode")!;
    const userAgent = transcode.conditions.find((c) => c.kind === "matches")!;
    const context = toContext({
      point: "response_out",
      consumer: consumer.endpoint.id,
      groups: [],
      host: hostName(0),
      userAgent: userAgent.kind === "matches" ? userAgent.pattern.example : "",
      contentType: "image/webp",
    });
    const planned = engine.decide(context).services.filter((s) => s.uri === "urn:svc:image-transcode");
    // The provider's rules run first at response_out, but the consumer's delegate outranks the provider's.
    expect(planned.map((s) => s.origin.ruleset)).toEqual([consumer.endpoint.id]);
    expect(decisionMismatches(engine, new LinearScan(engine.bundle), [context])).toEqual([]);
  });

  it("is caught when it decides differently", () => {
    const firesAction = (index: number) => (c: TransactionContext) =>
      engine.decide(c).services.some((s) => s.origin.line === bundle.actions[index]!.line && s.origin.file === bundle.rules[bundle.actions[index]!.rule]!.file);
    const target = bundle.actions.findIndex((_, i) => workload.contexts.some(firesAction(i)));
    const altered: Bundle = {
      ...bundle,
      actions: bundle.actions.map((a, i) => (i === target && a.kind === "apply" ? { ...a, service: { ...a.service, uri: "urn:svc:elsewhere" } } : a)),
    };
    const affected = workload.contexts.filter(firesAction(target));
    expect(affected.length).toBeGreaterThan(0);
    expect(decisionMismatches(engine, new LinearScan(altered), affected)).toHaveLength(affected.length);
    expect(decisionMismatches(engine, new LinearScan(altered), workload.contexts.filter((c) => !affected.includes(c)))).toEqual([]);
  });
});

describe("cedar-wasm adapter", () => {
  const cedar = new CedarAuthorizer(cedarPolicyText(workload.modules));
  const questions = cedarQuestions(engine, workload.contexts);

  it("has one permit per rule", () => {
    expect(cedar.policies).toBe(size);
  });

  it("answers allow and deny as the engine's plans say", () => {
    expect(new Set(questions.map((q) => q.expected))).toEqual(new Set(["allow", "deny"]));
    expect(cedarMismatches(cedar, workload.contexts, questions)).toEqual([]);
  });
});
