import { describe, expect, it } from "vitest";
import { runGraph, type GraphCommandOptions } from "../../src/cli/commands/graph.js";
import { captureIo } from "./io.js";

const rules = "test/cli-test/fixtures/graph/rules.p";

function graph(options: Partial<GraphCommandOptions> & { point: string }, paths = [rules]) {
  const { io, stdout, stderr } = captureIo();
  const code = runGraph(paths, { catalogs: [], format: "dot", ...options }, io);
  return { code, stdout: stdout(), stderr: stderr() };
}

describe("opes graph", () => {
  it("renders a point's decision graph as DOT", async () => {
    const result = graph({ point: "response_out" });
    expect(result).toMatchObject({ code: 0, stderr: "" });
    await expect(result.stdout).toMatchFileSnapshot("golden/graph-response_out.dot");
  });

  it("renders the same graph as a Mermaid flowchart", async () => {
    const result = graph({ point: "response_out", format: "mermaid" });
    expect(result.code).toBe(0);
    await expect(result.stdout).toMatchFileSnapshot("golden/graph-response_out.mmd");
  });

  it("shows switches, always edges and leaves with rule locations and the conditions left", () => {
    const { stdout } = graph({ point: "response_out" });
    expect(stdout).toContain('label="switch Http.request.host"');
    expect(stdout).toContain('r0_s0 -> a1 [label="\\"video.example.com\\""];');
    expect(stdout).toContain("r0 -> a2 [label=\"always\"];");
    // The switch answered the host test, so the leaf keeps only the Content-Type condition.
    expect(stdout).toMatch(/a0 \[shape=box, label="apply urn:svc:ad-strip \(test\/cli-test\/fixtures\/graph\/rules.p:13\)\\lwith level = \\"aggressive\\"\\lotherwise urn:svc:ad-strip-lite\\lwhen Http.response.headers.get\(\\"Content-Type\\"\) begins_with \\"text\/html\\"\\l"\]/);
    expect(stdout).toContain('label="switch Http.response.headers.get(\\"Content-Type\\") (ignoring case)"');
  });

  it("escapes every label: DOT strings are well formed, Mermaid labels hold no raw quote, pipe or angle bracket", () => {
    const dot = graph({ point: "response_out" }).stdout;
    for (const line of dot.split("\n").filter((l) => l.includes("label="))) {
      expect(line).toMatch(/label="(?:[^"\\]|\\.)*"[\],]/);
    }
    const mermaid = graph({ point: "response_out", format: "mermaid" }).stdout;
    const labels = [...mermaid.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
    expect(labels.length).toBeGreaterThan(20);
    for (const label of labels) expect(label.replaceAll("<br/>", "\n")).not.toMatch(/[<>|`]|#(?!(quot|35|lt|gt|amp|124|96);)/);
    expect(mermaid).toContain("fail #quot;origin said \\#quot;no\\#quot; #124; #35;1 #lt;b#gt;#quot;");
    for (const line of mermaid.split("\n").slice(2).filter((l) => !l.includes("-->") && l.trim() !== "")) {
      expect(line).toMatch(/^ {2}\w+(\(\[|\{\{|\[\/|\{|\[)"[^"]*"(\]\)|\}\}|\/\]|\}|\])$/);
    }
  });

  it("is deterministic", () => {
    expect(graph({ point: "response_out" }).stdout).toBe(graph({ point: "response_out" }).stdout);
  });

  it("accepts HTTP's numeric aliases and names the order of the rulesets", () => {
    expect(graph({ point: "4" }).stdout).toBe(graph({ point: "response_out" }).stdout);
    expect(graph({ point: "response_out" }).stdout).toContain("provider rulesets first");
  });

  it("draws a point without rules as the point alone", () => {
    const result = graph({ point: "request_in", format: "mermaid" });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('flowchart LR\n  %% HTTP/request_in\n  point(["HTTP/request_in<br/>no rules act at this point"])\n');
  });

  it("exits 2 for an unknown point or one of another protocol", () => {
    const unknown = graph({ point: "respone_out" });
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain('unknown point "respone_out"');
    expect(graph({ point: "eom", protocol: "HTTP" }).code).toBe(2);
    expect(graph({ point: "eom" }).code).toBe(0);
  });

  it("exits 1 with the diagnostics on stderr when the rules do not compile", () => {
    const result = graph({ point: "response_out" }, ["test/cli-test/fixtures/broken-rules/broken.p"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toContain("P2030 operand-type-mismatch");
  });
});
