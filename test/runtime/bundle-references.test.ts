import { describe, expect, it } from "vitest";
import { BundleError, PolicyEngine } from "../../src/runtime/index.js";
import { bobContext, compiledBobBundle as compiled, editedBobBundle as edited, type BundleJson as Json } from "../helpers/bob-bundle.js";

function refusal(bundle: unknown): { message: string; pointer: string } {
  try {
    PolicyEngine.load(bundle);
  } catch (error) {
    expect(error).toBeInstanceOf(BundleError);
    return { message: (error as BundleError).message, pointer: (error as BundleError).pointer };
  }
  throw new Error("the bundle was loaded");
}

const graph = "/graphs/HTTP~1response_out";
const slot = (b: Json) => b.graphs["HTTP/response_out"].slots[0];
const outOfRange = (pointer: string, index: number) => ({ message: `${pointer}: index ${index} is out of range`, pointer });
const forward = (id: number) => ({ message: `/terms/${id}: a term may only refer to earlier terms`, pointer: `/terms/${id}` });

describe("PolicyEngine.load reference checks", () => {
  it("loads the unedited bundle", () => {
    expect(() => PolicyEngine.load(edited(() => {}))).not.toThrow();
  });

  it.each([
    ["a rule's ruleset", (b: Json) => (b.rules[0].ruleset = 1), outOfRange("/rules/0/ruleset", 1)],
    ["an action's rule", (b: Json) => (b.actions[1].rule = 3), outOfRange("/actions/1/rule", 3)],
    ["a guard's term", (b: Json) => (b.actions[0].guard[1].term = 15), outOfRange("/actions/0/guard/1/term", 15)],
    ["a parameter's term", (b: Json) => (b.actions[1].service.params = [{ name: "p", value: 15 }]), outOfRange("/actions/1/service/params/0/value", 15)],
    [
      "an alternate's parameter",
      (b: Json) =>
        (b.actions[1].service.alternates = [
          {
            uri: "urn:svc:other",
            params: [
              { name: "p", value: 0 },
              { name: "q", value: 20 },
            ],
            onFailure: "abort",
            alternates: [],
          },
        ]),
      outOfRange("/actions/1/service/alternates/0/params/1/value", 20),
    ],
    ["a slot's ruleset", (b: Json) => (slot(b).ruleset = 1), outOfRange(`${graph}/slots/0/ruleset`, 1)],
    ["an always action", (b: Json) => (slot(b).always = [1, 2]), outOfRange(`${graph}/slots/0/always`, 2)],
    ["a switched term", (b: Json) => (slot(b).switches[0].term = 15), outOfRange(`${graph}/slots/0/switches/0/term`, 15)],
    ["a case's action", (b: Json) => (slot(b).switches[0].cases["s:text/xml"] = [0, 2]), outOfRange(`${graph}/slots/0/switches/0/cases`, 2)],
    ["a consumer's slot", (b: Json) => (b.graphs["HTTP/response_out"].consumers["x"] = [1]), outOfRange(graph, 1)],
    ["a provider group's slot", (b: Json) => (b.graphs["HTTP/response_out"].providerGroups["g"] = [0, 3]), outOfRange(graph, 3)],
    [
      "a slot of a graph whose key needs escaping",
      (b: Json) => {
        slot(b).ruleset = 4;
        b.graphs["HTTP/a~b"] = b.graphs["HTTP/response_out"];
        delete b.graphs["HTTP/response_out"];
      },
      outOfRange("/graphs/HTTP~1a~0b/slots/0/ruleset", 4),
    ],
    ["a property read of itself", (b: Json) => (b.terms[3].of = 3), forward(3)],
    ["a call on a later object", (b: Json) => (b.terms[10].of = 11), forward(10)],
    ["a call with a later argument", (b: Json) => (b.terms[10].args = [9, 10]), forward(10)],
    ["an operator with a later argument", (b: Json) => (b.terms[6].args = [4, 7]), forward(6)],
    ["a match of a later term", (b: Json) => (b.terms[12].arg = 13), forward(12)],
    ["a choice with a later branch", (b: Json) => b.terms.push({ t: "ite", cond: 0, then: 1, else: 15 }), forward(15)],
    ["a choice with a later condition", (b: Json) => b.terms.push({ t: "ite", cond: 16, then: 1, else: 2 }), forward(15)],
    ["an invalid regular expression", (b: Json) => (b.terms[12].pattern = "(a"), { message: "/terms/12: unclosed group: this '(' has no matching ')'", pointer: "/terms/12/pattern" }],
  ])("refuses %s out of range, with a pointer to it", (_what, edit, expected) => {
    expect(refusal(edited(edit))).toEqual(expected);
  });

  it("reports the first problem in the order terms, rules, actions, graphs, and before the hash", () => {
    const all = (b: Json) => {
      slot(b).ruleset = 1;
      b.actions[0].rule = 2;
      b.rules[0].ruleset = 3;
      b.terms[13].args = [6, 14];
      b.terms[12].pattern = "(a";
    };
    expect(refusal(edited(all, false))).toEqual({ message: "/terms/12: unclosed group: this '(' has no matching ')'", pointer: "/terms/12/pattern" });
    expect(refusal(edited((b) => (all(b), (b.terms[12].pattern = "a")), false))).toEqual(forward(13));
    expect(refusal(edited((b) => (all(b), (b.terms[12].pattern = "a"), (b.terms[13].args = [6, 12])), false))).toEqual(outOfRange("/rules/0/ruleset", 3));
    expect(refusal(edited((b) => (all(b), (b.terms[12].pattern = "a"), (b.terms[13].args = [6, 12]), (b.rules[0].ruleset = 0)), false))).toEqual(outOfRange("/actions/0/rule", 2));
    expect(refusal(edited((b) => (slot(b).ruleset = 1), false))).toEqual(outOfRange(`${graph}/slots/0/ruleset`, 1));
  });

  it("decides with lists out of order or repeated as if they were sorted without repetitions", () => {
    const unsorted = edited((b) => {
      slot(b).switches[0].cases["s:text/html"] = [1, 0];
      b.graphs["HTTP/response_out"].consumers["mailto:bob@example.net"] = [0, 0];
    });
    const decision = PolicyEngine.load(unsorted).decide(bobContext, { explain: true });
    expect(decision.services.map((s) => s.uri)).toEqual(["urn:svc:shrink", "urn:svc:log"]);
    expect(decision.explain?.rules.map((r) => [r.action, r.matched])).toEqual([
      ["apply urn:svc:shrink", true],
      ["apply urn:svc:log", true],
      ["apply urn:svc:log", true],
    ]);
  });
});

// The unions of terms, actions and order items pick their branch by a tag; a bad tag is reported at the tag with the values it may take.
describe("PolicyEngine.load tag errors", () => {
  it.each([
    ["an unknown action kind", (b: Json) => (b.actions[0].kind = "aply"), "/actions/0/kind", 'must be one of apply, stop, fail (did you mean "apply"?)'],
    ["an action kind of the wrong type", (b: Json) => (b.actions[0].kind = 5), "/actions/0/kind", "must be one of apply, stop, fail"],
    ["an unknown term tag", (b: Json) => (b.terms[0].t = "lt"), "/terms/0/t", 'must be one of lit, root, get, call, op, match, ite (did you mean "lit"?)'],
    ["an unknown order kind", (b: Json) => (b.order = [{ kind: "middle", service: "urn:svc:log" }]), "/order/0/kind", "must be one of before, first, last"],
  ])("reports %s at the tag", (_name, edit, pointer, message) => {
    expect(refusal(edited(edit))).toEqual({ message: `${pointer}: ${message}`, pointer });
  });

  it("reports a missing tag as a missing property of the item", () => {
    expect(refusal(edited((b) => delete b.actions[0].kind))).toEqual({ message: '/actions/0: missing required property "kind"', pointer: "/actions/0" });
  });

  it("reports an item that is not an object once", () => {
    expect(refusal(edited((b) => (b.terms[0] = 5)))).toEqual({ message: "/terms/0: must be an object", pointer: "/terms/0" });
  });
});
