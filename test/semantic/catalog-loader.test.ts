import { readdirSync, readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { catalogFileDiagnostics } from "../../src/diagnostics/catalog/semantic.js";
import { builtinCatalogs, loadCatalogPaths, loadCatalogs, type Catalogs, type MemberInfo } from "../../src/semantic/index.js";
import { check } from "./helpers.js";

function member(catalogs: Catalogs, path: string): MemberInfo | undefined {
  const [moduleName, ...rest] = path.split(".");
  let members = catalogs.modules.get(moduleName!)?.shape.members ?? catalogs.types.get(moduleName!)?.members;
  let found: MemberInfo | undefined;
  for (const name of rest) {
    found = members?.get(name);
    members = found?.kind === "object" ? found.shape.members : undefined;
  }
  return found;
}

const load = (text: string) => loadCatalogs([{ path: "acme.json", text }]);
const describeProblems = (text: string) => load(text).diagnostics.map((d) => `${d.code} ${d.range.line}:${d.range.column} ${d.message}`);

describe("built-in catalogs", () => {
  // Loading trusts the shipped catalogs (CatalogFile.shipped) instead of compiling the schema on every run: this is the check.
  it.each(readdirSync("catalogs").filter((name) => name.endsWith(".json")))("catalogs/%s satisfies schemas/catalog.schema.json", (name) => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(JSON.parse(readFileSync("schemas/catalog.schema.json", "utf8")) as object);
    expect(validate(JSON.parse(readFileSync(`catalogs/${name}`, "utf8"))), JSON.stringify(validate.errors)).toBe(true);
  });

  it("load once and are shared", () => {
    expect(builtinCatalogs()).toBe(builtinCatalogs());
    expect(loadCatalogs([]).catalogs).toBe(builtinCatalogs());
    expect([...builtinCatalogs().modules.keys()]).toEqual(["Core", "Services", "Http", "Smtp"]);
  });

  it("declare the HTTP and SMTP points with HTTP's numeric aliases", () => {
    const protocols = builtinCatalogs().protocols;
    expect(protocols.get("HTTP")!.points.map((p) => `${p.name}=${p.alias}`)).toEqual(["request_in=1", "request_out=2", "response_in=3", "response_out=4"]);
    expect(protocols.get("SMTP")!.points.map((p) => p.name)).toEqual(["connect", "helo", "mail", "rcpt", "data", "eoh", "eom", "relay_out"]);
  });

  // The IRML converter and the compiler rely on these exact names (common notes).
  it.each([
    ["Core.system.date", "string"],
    ["Core.consumer.ip", "ip"],
    ["Http.request.line", "string"],
    ["Http.request.method", "string"],
    ["Http.request.path", "string"],
    ["Http.request.version", "string"],
    ["Http.request.host", "string"],
    ["Http.request.uri", "uri"],
    ["Http.response.line", "string"],
    ["Http.response.code", "string"],
    ["Http.response.status", "number"],
    ["Http.request.headers", "headers"],
    ["Http.response.headers", "headers"],
  ])("define %s as %s", (path, type) => {
    expect(member(builtinCatalogs(), path)).toMatchObject({ kind: "property", type });
  });

  it.each([
    ["Services.variable", "string"],
    ["Services.findOne", "service"],
    ["Services.applyOne", "void"],
    ["headers.get", "string"],
    ["headers.have", "boolean"],
    ["Core.interpreter.stop", "void"],
    ["Core.interpreter.fail", "void"],
  ])("define the method %s returning %s", (path, returns) => {
    const found = member(builtinCatalogs(), path);
    expect(found?.kind).toBe("method");
    expect(found?.kind === "method" && found.signatures.every((s) => s.returns === returns)).toBe(true);
  });

  it("narrow availability along the path", () => {
    const catalogs = builtinCatalogs();
    expect(member(catalogs, "Http.response.status")?.points).toEqual(["response_in", "response_out"]);
    expect(member(catalogs, "Http.response.from_cache")?.points).toEqual(["response_out"]);
    expect(member(catalogs, "Http.request.method")?.points).toEqual(["request_in", "request_out", "response_in", "response_out"]);
    expect(member(catalogs, "Smtp.message.body")?.points).toEqual(["eom", "relay_out"]);
    expect(member(catalogs, "Core.consumer.ip")?.points).toBeUndefined();
  });
});

describe("catalog files", () => {
  it("reports invalid JSON with its position and skips the file", () => {
    const result = load('{ "catalogVersion": 1,,\n}');
    expect(result.diagnostics.map((d) => [d.code, d.range.line, d.range.column])).toContainEqual(["P2901", 1, 23]);
    expect(result.catalogs.modules.size).toBe(4);
  });

  it("reports schema violations at the offending key or value", () => {
    const text = `{
  "catalogVersion": 1,
  "modules": {
    "Acme": {
      "shortNames": ["Acme"],
      "members": {
        "x": { "kind": "property", "type": "string", "summery": "X." },
        "y": { "kind": "method", "summary": "Y." }
      }
    }
  },
  "protocols": { "ftp": {} }
}`;
    expect(describeProblems(text).sort()).toEqual([
      'P2902 12:18 invalid name "ftp": must match pattern "^[A-Z][A-Z0-9_]*$"',
      'P2902 7:14 missing field "summary"',
      'P2902 7:54 unknown field "summery"; did you mean "summary"?',
      'P2902 8:14 missing field "signatures"',
    ]);
  });

  it("reports unknown types and points where they are named", () => {
    const text = `{ "catalogVersion": 1, "modules": { "Acme": { "shortNames": ["Acme"], "protocol": "HTTP", "members": {
  "a": { "kind": "property", "type": "strng", "summary": "A." },
  "b": { "kind": "property", "type": "string", "points": ["respons_out"], "summary": "B." },
  "c": { "kind": "property", "type": "string", "points": ["eom"], "summary": "C." },
  "d": { "kind": "method", "summary": "D.", "signatures": [{ "params": [{ "name": "x", "type": "string", "optional": true }, { "name": "y", "type": "string" }], "returns": "any" }] },
  "e": { "kind": "method", "summary": "E.", "signatures": [{ "params": [{ "name": "x", "type": "any", "variadic": true }, { "name": "y", "type": "string" }], "returns": "void" }] }
} } } }`;
    expect(describeProblems(text)).toEqual([
      'P2903 2:38 unknown type "strng"; did you mean "string"?',
      'P2903 3:59 unknown point "respons_out"; did you mean "response_out"?',
      'P2903 4:59 point "eom" belongs to protocol SMTP, not HTTP',
      "P2903 5:126 a required parameter cannot follow an optional one",
      // `any` is a parameter type only.
      'P2903 5:173 unknown type "any"',
      "P2903 6:73 only the last parameter may be variadic",
      "P2903 6:123 a required parameter cannot follow an optional one",
    ]);
  });

  it("reports redefinitions of points, members, URIs and aliases", () => {
    const text = `{ "catalogVersion": 1,
  "protocols": { "HTTP": { "points": { "request_in": { "summary": "again" }, "late": { "alias": 4, "summary": "L." } } },
                 "RTSP": { "points": { "eom": { "summary": "taken" } } } },
  "modules": {
    "Http": { "members": { "request": { "kind": "property", "type": "string", "summary": "R." } } },
    "Other": { "uris": ["http://ietf.org/opes/rules/p/HTTP"] }
  }
}`;
    const problems = describeProblems(text);
    expect(problems.filter((p) => p.startsWith("P2904"))).toHaveLength(5);
    expect(problems).toContainEqual("P2904 3:40 point \"eom\" is already defined by protocol SMTP");
    expect(problems).toContainEqual("P2904 5:28 Http.request is already defined (in catalogs/http.json)");
    expect(problems).toContainEqual('P2904 2:40 point "request_in" is already defined by protocol HTTP');
    expect(problems.some((p) => p.includes("alias 4 already names point \"response_out\""))).toBe(true);
    expect(problems.some((p) => p.includes('"http://ietf.org/opes/rules/p/HTTP" already names module Http'))).toBe(true);
    expect(problems).toContainEqual("P2903 6:5 module Other has no URI or short name, so no program can import it");
  });

  it("reports an unreadable file", () => {
    const result = loadCatalogPaths(["/nonexistent/catalog.json"]);
    expect(result.diagnostics.map((d) => [d.code, d.range.file])).toEqual([["P2901", "/nonexistent/catalog.json"]]);
  });

  it("lets a processor add a method whose literal argument is a checked regular expression", () => {
    const { catalogs, diagnostics } = load(`{ "catalogVersion": 1, "modules": { "Http": { "members": { "request": { "kind": "object", "summary": "R.", "members": {
      "path_matches": { "kind": "method", "summary": "P.", "signatures": [{ "params": [{ "name": "pattern", "type": "string", "literal": true, "format": "ere" }], "returns": "boolean" }] }
    } } } } } }`);
    expect(diagnostics).toEqual([]);
    const result = check('Http := import "Http";\nok := Http.request.path_matches("^/a") and Http.request.path_matches("\\\\d");\n', { catalogs });
    // The literal has an escape, so its offsets differ from the pattern's: the whole literal is marked.
    expect(result.diagnostics.map((d) => `${d.name} ${d.range.line}:${d.range.column}`)).toEqual(["invalid-regex 2:70"]);
  });

  it.each(Object.values(catalogFileDiagnostics))("has a real example for $code $name", (definition) => {
    expect(load(definition.example.source).diagnostics.map((d) => d.code)).toContain(definition.code);
  });
});
