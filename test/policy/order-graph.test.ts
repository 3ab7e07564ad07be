import { describe, expect, it } from "vitest";
import { findOrderCycles, orderEdges } from "../../src/policy/order-graph.js";
import { sitePolicyDefaults, type OrderConstraint, type PolicyService, type Point } from "../../src/policy/site-policy.js";

function service(uri: string, points: Point[] = ["response_out"], protocol: "HTTP" | "SMTP" = "HTTP"): PolicyService {
  return { ...sitePolicyDefaults.service, uri, name: uri, protocol, points };
}

const before = (a: string, b: string): OrderConstraint => ({ kind: "before", before: a, after: b });

function cyclePaths(services: PolicyService[], order: OrderConstraint[]): string[] {
  return findOrderCycles(services, orderEdges(services, order)).map((cycle) => cycle.path.join(" → "));
}

describe("order constraints", () => {
  it("a chain has no cycle", () => {
    const services = ["a", "b", "c"].map((uri) => service(uri));
    expect(cyclePaths(services, [before("a", "b"), before("b", "c")])).toEqual([]);
  });

  it("finds the shortest cycle through the first declared service of a cycle", () => {
    const services = ["a", "b", "c", "d"].map((uri) => service(uri));
    const order = [before("b", "c"), before("c", "d"), before("d", "b"), before("c", "a"), before("a", "b")];
    expect(cyclePaths(services, order)).toEqual(["a → b → c → a"]);
  });

  it("reports independent cycles separately and a self-constraint as a cycle of one", () => {
    const services = ["a", "b", "x"].map((uri) => service(uri));
    expect(cyclePaths(services, [before("a", "b"), before("b", "a"), before("x", "x")])).toEqual(["a → b → a", "x → x"]);
  });

  it("relates first/last only to services that share a point", () => {
    const services = [service("sign", ["eom"], "SMTP"), service("log", ["mail", "eom"], "SMTP"), service("web", ["response_out"])];
    const edges = orderEdges(services, [{ kind: "last", service: "sign" }]);
    expect(edges).toEqual([{ from: "log", to: "sign", constraint: 0 }]);
  });

  it("two services that must both run last at one point contradict each other", () => {
    const services = [service("sign", ["eom"], "SMTP"), service("archive", ["eom"], "SMTP")];
    const order: OrderConstraint[] = [{ kind: "last", service: "sign" }, { kind: "last", service: "archive" }];
    expect(cyclePaths(services, order)).toEqual(["sign → archive → sign"]);
  });

  it("a first and a last at different points do not clash", () => {
    const services = [service("log", ["request_in"]), service("sign", ["response_out"]), service("strip", ["response_out"])];
    const order: OrderConstraint[] = [{ kind: "first", service: "log" }, { kind: "last", service: "sign" }];
    expect(cyclePaths(services, order)).toEqual([]);
  });

  it("keeps the constraint that first yields an edge", () => {
    const services = ["a", "b"].map((uri) => service(uri));
    expect(orderEdges(services, [before("a", "b"), { kind: "first", service: "a" }])).toEqual([{ from: "a", to: "b", constraint: 0 }]);
  });

  it("handles long chains without recursion", () => {
    const services = Array.from({ length: 20_000 }, (_, i) => service(`s${i}`, [i % 2 === 0 ? "response_out" : "request_in"]));
    const order = services.slice(1).map((s, i) => before(services[i]!.uri, s.uri));
    expect(cyclePaths(services, order)).toEqual([]);
    const [cycle] = findOrderCycles(services, orderEdges(services, [...order, before("s19999", "s0")]));
    expect(cycle!.path).toHaveLength(20_001);
  });
});
