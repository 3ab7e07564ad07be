import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";

const ruleset = (body: string) => `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n  at request_in {\n${body}\n  }\n}\n`;

describe("the expansion limit of named code objects (P2052)", () => {
  it("does not count a point block's own statements, however many", () => {
    const body = Array.from({ length: 10_500 }, (_, i) => `    if (Http.request.host equal "site${i}.example") { Services.applyOne(Services.findOne("urn:svc:log")); }`).join("\n");
    const result = compileSources([{ path: "big.p", text: ruleset(body) }]);
    expect(result.diagnostics).toEqual([]);
    expect(result.bundle?.actions).toHaveLength(10_500);
  });

  it("stops code objects that double at every level, reporting once", () => {
    const levels = Array.from({ length: 14 }, (_, i) => `    c${i + 1} := { c${i}; c${i}; };`).join("\n");
    const body = `    c0 := { Services.applyOne(Services.findOne("urn:svc:log")); };\n${levels}\n    c14;`;
    const codes = compileSources([{ path: "bomb.p", text: ruleset(body) }]).diagnostics.map((d) => d.code);
    expect(codes).toEqual(["P2052"]);
  });
});
