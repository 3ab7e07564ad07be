import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const rules = `rulemodule "urn:example:homenet:bob" author self {
  name "Bob"; id "mailto:bob@example.net";
}
ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out {
    if (Http.request.host equal "news.example.com") {
      strip := Services.findOne("urn:svc:ad-strip");
      strip.level("aggressive");
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }
  }
}
`;

const policy = {
  system: { uri: "http://opes.isp.example/" },
  services: [
    { uri: "urn:svc:ad-strip", name: "Ad stripper", protocol: "HTTP", points: ["response_out"], bypassable: true, parameters: { type: "object", properties: { level: { enum: ["light", "aggressive"] } }, additionalProperties: false } },
    { uri: "urn:svc:ad-strip-lite", name: "Ad stripper (lite)", protocol: "HTTP", points: ["response_out"], bypassable: true },
  ],
};

const context = (host: string, extraHeaders: [string, string][] = []) => ({
  protocol: "HTTP",
  point: "response_out",
  consumer: { id: "mailto:bob@example.net" },
  request: { method: "GET", uri: `http://${host}/a.html`, headers: [["Host", host], ...extraHeaders] },
  response: { status: 200, headers: [["Content-Type", "text/html"]] },
});

function workspace(): string {
  const dir = mkdtempSync(join(tmpdir(), "opes-compile-"));
  writeFileSync(join(dir, "bob.p"), rules);
  writeFileSync(join(dir, "policy.json"), JSON.stringify(policy, null, 2));
  writeFileSync(join(dir, "news.json"), JSON.stringify(context("news.example.com")));
  writeFileSync(join(dir, "bypass.json"), JSON.stringify(context("news.example.com", [["OPES-Bypass", "*"]])));
  writeFileSync(join(dir, "bad-context.json"), '{ "protocol": "HTTP", "point": "nowhere" }\n');
  return dir;
}

describe("opes compile, eval, explain and verify", () => {
  it("compiles, then decides a transaction as design §7 specifies", async () => {
    const dir = workspace();
    const bundle = join(dir, "bundle.json");
    const compiled = await runCli(["compile", join(dir, "bob.p"), "--policy", join(dir, "policy.json"), "-o", bundle]);
    expect(compiled.code).toBe(0);
    expect(compiled.stdout).toContain("wrote");
    const run = await runCli(["eval", "--bundle", bundle, "--context", join(dir, "news.json")]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      point: "response_out",
      services: [
        {
          uri: "urn:svc:ad-strip",
          params: { level: "aggressive" },
          onFailure: "try-alternate",
          alternates: [{ uri: "urn:svc:ad-strip-lite", params: {}, onFailure: "abort" }],
          bypassRefused: false,
          origin: { ruleset: "mailto:bob@example.net", file: join(dir, "bob.p"), line: 9 },
        },
      ],
      refused: [],
      stop: false,
      fail: null,
      trace: { "OPES-System": "http://opes.isp.example/", "OPES-Via": "http://opes.isp.example/, urn:svc:ad-strip" },
    });
  });

  it("refuses bypassed services and explains rules in words", async () => {
    const dir = workspace();
    const bundle = join(dir, "bundle.json");
    await runCli(["compile", join(dir, "bob.p"), "--policy", join(dir, "policy.json"), "-o", bundle]);
    const decision = JSON.parse((await runCli(["eval", "--bundle", bundle, "--context", join(dir, "bypass.json"), "--explain"])).stdout);
    expect(decision.services).toEqual([]);
    expect(decision.refused).toMatchObject([{ uri: "urn:svc:ad-strip", reason: "bypassed" }]);
    expect(decision.explain.rules).toMatchObject([{ action: "apply urn:svc:ad-strip", matched: true }]);
    writeFileSync(join(dir, "other.json"), JSON.stringify(context("other.example")));
    const text = (await runCli(["explain", "--bundle", bundle, "--context", join(dir, "other.json")])).stdout;
    expect(text).toContain("no service runs");
    expect(text).toContain('apply urn:svc:ad-strip: not matched: Http.request.host equal "news.example.com" is not true (line 6)');
  });

  it("writes nothing when a rule breaks the policy's parameter schema", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "bob.p"), rules.replace('"aggressive"', '"nuclear"'));
    const bundle = join(dir, "bundle.json");
    const run = await runCli(["compile", join(dir, "bob.p"), "--policy", join(dir, "policy.json"), "-o", bundle, "--format", "json"]);
    expect(run.code).toBe(1);
    expect(existsSync(bundle)).toBe(false);
  });

  it("reports a malformed context with its position (exit 1) and a tampered bundle (exit 1)", async () => {
    const dir = workspace();
    const bundle = join(dir, "bundle.json");
    await runCli(["compile", join(dir, "bob.p"), "-o", bundle]);
    const bad = await runCli(["eval", "--bundle", bundle, "--context", join(dir, "bad-context.json")]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad-context\.json:1:\d+ error P39/);
    const tampered = JSON.parse(readFileSync(bundle, "utf8"));
    tampered.actions[0].service.uri = "urn:svc:evil";
    writeFileSync(bundle, JSON.stringify(tampered));
    const run = await runCli(["eval", "--bundle", bundle, "--context", join(dir, "news.json")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("does not match its hash");
  });

  it("signs with --sign and verifies with the public key; another key or no signature is refused", async () => {
    const dir = workspace();
    const keys = generateKeyPairSync("ed25519");
    const other = generateKeyPairSync("ed25519");
    writeFileSync(join(dir, "key.pem"), keys.privateKey.export({ type: "pkcs8", format: "pem" }));
    writeFileSync(join(dir, "key.pub.pem"), keys.publicKey.export({ type: "spki", format: "pem" }));
    writeFileSync(join(dir, "other.pub.pem"), other.publicKey.export({ type: "spki", format: "pem" }));
    const signed = join(dir, "signed.json");
    const unsigned = join(dir, "unsigned.json");
    expect((await runCli(["compile", join(dir, "bob.p"), "-o", signed, "--sign", join(dir, "key.pem")])).code).toBe(0);
    expect((await runCli(["compile", join(dir, "bob.p"), "-o", unsigned])).code).toBe(0);
    const ok = await runCli(["verify", signed, "--public-key", join(dir, "key.pub.pem")]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("signature verified");
    expect((await runCli(["verify", signed, "--public-key", join(dir, "other.pub.pem")])).stderr).toContain("signed with another key");
    expect((await runCli(["verify", unsigned, "--public-key", join(dir, "key.pub.pem")])).stderr).toContain("not signed");
    expect((await runCli(["eval", "--bundle", unsigned, "--context", join(dir, "news.json"), "--public-key", join(dir, "key.pub.pem")])).code).toBe(1);
  });

  it("compiles the same bundle bytes whatever the order of files", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "alice.p"), rules.replaceAll("bob", "alice").replace("news.example.com", "blog.example.com"));
    await runCli(["compile", join(dir, "bob.p"), join(dir, "alice.p"), "-o", join(dir, "one.json")]);
    await runCli(["compile", join(dir, "alice.p"), join(dir, "bob.p"), "-o", join(dir, "two.json")]);
    expect(readFileSync(join(dir, "one.json"), "utf8")).toBe(readFileSync(join(dir, "two.json"), "utf8"));
  });
});

describe("opes convert", () => {
  it("converts P to IRML and back, keeping the rules", async () => {
    const dir = workspace();
    const xml = await runCli(["convert", "--to", "irml", join(dir, "bob.p"), "-o", join(dir, "bob.xml")]);
    expect(xml.code).toBe(0);
    expect(readFileSync(join(dir, "bob.xml"), "utf8")).toContain("<rulemodule");
    const back = await runCli(["convert", "--to", "p", join(dir, "bob.xml")]);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Services.findOne("urn:svc:ad-strip")');
  });

  it("reports what IRML cannot express and writes nothing", async () => {
    const dir = workspace();
    writeFileSync(join(dir, "elsif.p"), rules.replace("    }\n  }\n}", "    } elsif (Http.request.method equal \"POST\") { Core.interpreter.stop(); }\n  }\n}"));
    const run = await runCli(["convert", "--to", "irml", join(dir, "elsif.p")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error P156");
  });
});

describe("opes compile's progress display", () => {
  it("draws progress on a terminal's stderr and nothing when stderr is not a terminal", async () => {
    const { main } = await import("../../src/cli/main.js");
    const dir = workspace();
    let stderr = "";
    const io = { stdout: () => {}, stderr: (t: string) => (stderr += t), isTTY: true, cwd: dir };
    expect(await main(["compile", join(dir, "bob.p"), "-o", join(dir, "b.json")], io)).toBe(0);
    expect(stderr).toContain("checking");
    expect(stderr).toContain("building decision graphs");
    expect(stderr.endsWith("\r\x1b[2K")).toBe(true);
    const quiet = await runCli(["compile", join(dir, "bob.p"), "-o", join(dir, "c.json")]);
    expect(quiet.stderr).toBe("");
  });
});
