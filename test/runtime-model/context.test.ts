import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { contextDiagnostics } from "../../src/diagnostics/catalog/context.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { ContextError, contextDiagnosticKinds, readContextFile, validateContext } from "../../src/runtime/context.js";
import { httpRequestIn, httpResponseOut, smtpConnect, smtpRelayOut } from "./contexts.js";

const fixtures = new URL("fixtures/", import.meta.url);
const fixtureNames = readdirSync(fixtures).filter((name) => name.endsWith(".json"));

function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const related = (d.related ?? []).map((r) => `\n    related ${r.range.line}:${r.range.column}: ${r.message}`).join("");
      return `${d.range.line}:${d.range.column}-${d.range.endLine}:${d.range.endColumn} ${d.severity} ${d.code} ${d.name}: ${d.message}${related}`;
    })
    .join("\n");
}

function formatErrors(errors: readonly ContextError[]): string {
  return errors.map((e) => `${e.code} ${e.kind} at ${JSON.stringify(e.pointer)}: ${e.message}`).join("\n");
}

describe("reading context files", () => {
  it.each(fixtureNames)("%s", async (name) => {
    const text = readFileSync(new URL(name, fixtures), "utf8");
    const file = readContextFile(new SourceFile(`fixtures/${name}`, text));
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const validation = parsed === undefined ? undefined : validateContext(parsed);
    const golden = [
      "readContextFile:",
      file.diagnostics.length === 0 ? "(no diagnostics)" : formatDiagnostics(file.diagnostics),
      "validateContext:",
      validation === undefined ? "(not JSON)" : validation.ok ? "ok" : formatErrors(validation.errors),
    ].join("\n");
    await expect(`${golden}\n`).toMatchFileSnapshot(`fixtures/${name.replace(/\.json$/, ".diagnostics.txt")}`);

    // A context is given exactly when there is nothing to report.
    expect(file.context === undefined).toBe(file.diagnostics.length > 0);
    // Both ways in find the same problems in a document that JSON.parse reads the same.
    const duplicateKeys = file.diagnostics.some((d) => d.code === contextDiagnosticKinds.contextDuplicateKey.code);
    if (validation && !duplicateKeys) {
      const fromFile = file.diagnostics.map((d) => `${d.code} ${d.message}`).sort();
      const fromValue = validation.ok ? [] : validation.errors.map((e) => `${e.code} ${e.message}`).sort();
      expect(fromValue).toEqual(fromFile);
    }
  });
});

describe("validating context values", () => {
  it.each([httpResponseOut, httpRequestIn, smtpRelayOut, smtpConnect])("accepts the realistic context at $point", (context) => {
    const result = validateContext(context);
    expect(result).toEqual({ ok: true, context });
    expect(result.ok && result.context).toBe(context);
  });

  it.each([null, 42, "HTTP", [], {}, { protocol: "FTP", point: "x" }])("rejects %j with typed errors", (value) => {
    const result = validateContext(value);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    for (const error of result.errors) {
      expect(error).toBeInstanceOf(ContextError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe("ContextError");
      expect(error.code).toMatch(/^P39(0\d|1\d)$/);
      expect(typeof error.pointer).toBe("string");
    }
  });

  it("points at the offending value", () => {
    const result = validateContext({ ...httpResponseOut, response: { status: 99, headers: [["Content-Type"]] } });
    expect(result.ok ? [] : result.errors.map((e) => [e.pointer, e.kind])).toEqual([
      ["/response/status", "context-schema-violation"],
      ["/response/headers/0", "context-schema-violation"],
    ]);
  });

  it("accepts the points a processor's catalogs add, only for their protocol", () => {
    const context = { protocol: "HTTP", point: "response_cached", request: { method: "GET", uri: "/" } };
    expect(validateContext(context).ok).toBe(false);
    expect(validateContext(context, { extraPoints: { HTTP: ["response_cached"] } }).ok).toBe(true);
    expect(validateContext(context, { extraPoints: { SMTP: ["response_cached"] } }).ok).toBe(false);
  });

  it("reports every semantic problem at once", () => {
    const result = validateContext({
      protocol: "SMTP",
      point: "eoh",
      consumer: { ip: "x" },
      connection: { clientIp: "y" },
      response: { status: 200 },
    });
    expect(result.ok ? [] : result.errors.map((e) => e.pointer)).toEqual(["/response", "/consumer/ip", "/connection/clientIp"]);
  });
});

describe("the context diagnostics catalogue", () => {
  it("lists every kind with its code in P3900–P3919 and a unique name", () => {
    expect(Object.keys(contextDiagnostics)).toEqual(Object.keys(contextDiagnosticKinds));
    const codes = Object.values(contextDiagnostics).map((d) => d.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const definition of Object.values(contextDiagnostics)) {
      expect(Number(definition.code.slice(1))).toBeGreaterThanOrEqual(3900);
      expect(Number(definition.code.slice(1))).toBeLessThanOrEqual(3919);
      expect(definition.name).toMatch(/^context(-[a-z]+)+$/);
      expect(definition.example.language).toBe("context");
    }
  });

  it.each(Object.values(contextDiagnostics).map((d) => [d.code, d.name, d] as const))("%s %s: its example produces it", (_code, _name, definition) => {
    const result = readContextFile(new SourceFile("example.json", definition.example.source), { limits: definition.example.limits ?? {} });
    expect(result.diagnostics.map((d) => d.code)).toContain(definition.code);
  });
});
