import { contextDiagnosticKinds as kinds, type ContextDiagnosticKey } from "../../runtime/context.js";
import type { DiagnosticDefinition, DiagnosticExample } from "../diagnostic.js";

/*
 * Diagnostics of reading a transaction context (P3900–P3919), reported by
 * src/runtime/context.ts (readContextFile) for `opes eval` and `opes test`.
 * Codes, names and summaries live with the runtime, which cannot import this
 * catalogue; this file adds the examples the docs show and a test runs.
 */

/** A context file's text from a JSON value, as a processor or a test author would write it. */
function contextText(context: unknown): string {
  return `${JSON.stringify(context, null, 2)}\n`;
}

const request = { method: "GET", uri: "http://news.example.com/a.html", headers: [["Host", "news.example.com"]] };

const examples: Record<ContextDiagnosticKey, DiagnosticExample> = {
  contextInvalidJson: {
    language: "context",
    source: '{\n  "protocol": "HTTP",\n  "point": "request_in",\n}\n',
  },
  contextLimitExceeded: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", consumer: { groups: ["a"] } }),
    limits: { maxNestingDepth: 2 },
  },
  contextDuplicateKey: {
    language: "context",
    source: '{\n  "protocol": "HTTP",\n  "point": "request_in",\n  "point": "request_out"\n}\n',
  },
  contextSchemaViolation: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "response_out", request, response: { status: "200" } }),
  },
  contextPointMismatch: {
    language: "context",
    source: contextText({ protocol: "SMTP", point: "response_out" }),
  },
  contextResponseMissing: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "response_out", request }),
  },
  contextResponseUnexpected: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", request, response: { status: 200 } }),
  },
  contextProtocolMismatch: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", request, mail: { from: "bob@example.net" } }),
  },
  contextHeaderName: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", request: { ...request, headers: [["Content Type", "text/html"]] } }),
  },
  contextInvalidIp: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", consumer: { ip: "192.0.2.300" }, request }),
  },
  contextInvalidTime: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", time: "2026-11-28T22:15:00-0500", request }),
  },
  contextRequestTarget: {
    language: "context",
    source: contextText({ protocol: "HTTP", point: "request_in", request: { ...request, uri: "news.example.com/a.html" } }),
  },
  contextDuplicateParameter: {
    language: "context",
    source: contextText({ protocol: "SMTP", point: "mail", mail: { from: "bob@example.net", params: { SIZE: "1000", size: "2000" } } }),
  },
};

export const contextDiagnostics = Object.fromEntries(
  Object.entries(kinds).map(([key, kind]) => [key, { ...kind, example: examples[key as ContextDiagnosticKey] }]),
) as Readonly<Record<ContextDiagnosticKey, DiagnosticDefinition>>;
