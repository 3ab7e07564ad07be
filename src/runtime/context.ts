/**
 * The transaction context: what a processor knows about one transaction at
 * one activation point (schemas/transaction-context.schema.json). Two ways in:
 * validateContext for a value a processor hands to the runtime (typed errors
 * with JSON Pointers), readContextFile for a file the CLI reads (diagnostics
 * with line and column). Both run the schema, then the checks the schema
 * cannot express, and never throw on bad input.
 */
import type { Diagnostic, DiagnosticDefinition } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import {
  describeSchemaErrors,
  displayPointer,
  jsonPointer,
  locateIssue,
  parseJsonDocument,
  suggestion,
  validateWithSchema,
  type JsonLimits,
  type JsonProblem,
  type JsonProblemKind,
  type SchemaIssue,
} from "../json/index.js";
import { validate as validateContextSchema } from "../json/validators/transaction-context.js";
import { equalsUpperCase, isToken, type HeaderField } from "./message/header-list.js";
import { parseIp } from "./message/ip.js";
import { isHttpRequestPoint, protocolPoints, type Protocol } from "./message/points.js";
import { parseRfc3339 } from "./message/time.js";
import { isAbsoluteUri } from "./message/uri.js";

export type { HeaderField } from "./message/header-list.js";
export { isHttpRequestPoint, protocolPoints, type Protocol } from "./message/points.js";

export interface BodyInfo {
  readonly text?: string;
  /** Octets. */
  readonly size?: number;
}

export interface HttpRequestContext {
  readonly method: string;
  /** The request target as received. */
  readonly uri: string;
  /** Default HTTP/1.1. */
  readonly version?: string;
  readonly line?: string;
  readonly headers?: readonly HeaderField[];
  readonly body?: BodyInfo;
}

export interface HttpResponseContext {
  readonly status: number;
  readonly reason?: string;
  /** Default HTTP/1.1. */
  readonly version?: string;
  readonly line?: string;
  readonly headers?: readonly HeaderField[];
  readonly body?: BodyInfo;
  readonly cacheHit?: boolean;
}

export interface TlsInfo {
  readonly version?: string;
  readonly cipher?: string;
  readonly bits?: number;
  readonly certSubject?: string;
  readonly certIssuer?: string;
}

export interface ConnectionContext {
  readonly clientIp?: string;
  readonly clientName?: string;
  readonly clientPort?: number;
  readonly helo?: string;
  readonly tls?: TlsInfo;
  readonly authUser?: string;
  readonly persistent?: boolean;
}

/** ESMTP parameters by keyword; a keyword without value maps to "". */
export type SmtpParams = Readonly<Record<string, string>>;

export interface TransactionContext {
  readonly protocol: Protocol;
  readonly point: string;
  /** RFC 3339 with offset; the evaluation time in UTC when omitted. */
  readonly time?: string;
  readonly consumer?: {
    readonly id?: string;
    readonly groups?: readonly string[];
    readonly ip?: string;
    readonly consents?: readonly string[];
    readonly blocks?: readonly string[];
  };
  readonly provider?: {
    readonly id?: string;
    readonly groups?: readonly string[];
    readonly optOut?: readonly string[];
  };
  readonly request?: HttpRequestContext;
  readonly response?: HttpResponseContext;
  readonly connection?: ConnectionContext;
  readonly mail?: { readonly from: string; readonly params?: SmtpParams };
  readonly rcpt?: { readonly to: string; readonly params?: SmtpParams };
  readonly recipients?: readonly string[];
  readonly message?: { readonly headers?: readonly HeaderField[]; readonly body?: BodyInfo; readonly size?: number };
  readonly relay?: { readonly host?: string };
  readonly variables?: Readonly<Record<string, string>>;
  /** Values of catalog-extension members by path (`Http.request.geo_country`). */
  readonly properties?: Readonly<Record<string, string | number | boolean>>;
  readonly alreadyRun?: readonly string[];
}

/* Diagnostics. The catalogue (src/diagnostics/catalog/context.ts) adds an example to each. */

type ContextDiagnosticKind = Omit<DiagnosticDefinition, "example">;

export const contextDiagnosticKinds = {
  contextInvalidJson: {
    code: "P3900",
    name: "context-invalid-json",
    stage: "policy",
    severity: "error",
    summary: "The transaction context is not strict JSON.",
  },
  contextLimitExceeded: {
    code: "P3901",
    name: "context-limit-exceeded",
    stage: "policy",
    severity: "error",
    summary: "The transaction context is larger or nested deeper than the reader accepts.",
  },
  contextDuplicateKey: {
    code: "P3902",
    name: "context-duplicate-key",
    stage: "policy",
    severity: "error",
    summary: "An object in the transaction context gives the same property twice.",
  },
  contextSchemaViolation: {
    code: "P3903",
    name: "context-schema-violation",
    stage: "policy",
    severity: "error",
    summary: "The transaction context breaks its JSON Schema (schemas/transaction-context.schema.json); the message names the JSON Pointer.",
  },
  contextPointMismatch: {
    code: "P3904",
    name: "context-point-mismatch",
    stage: "policy",
    severity: "error",
    summary: "The activation point is not a point of the context's protocol.",
  },
  contextResponseMissing: {
    code: "P3905",
    name: "context-response-missing",
    stage: "policy",
    severity: "error",
    summary: "An HTTP context at a response point (response_in, response_out) has no response.",
  },
  contextResponseUnexpected: {
    code: "P3906",
    name: "context-response-unexpected",
    stage: "policy",
    severity: "error",
    summary: "An HTTP context at a request point (request_in, request_out) carries a response, which does not exist yet.",
  },
  contextProtocolMismatch: {
    code: "P3907",
    name: "context-protocol-mismatch",
    stage: "policy",
    severity: "error",
    summary: "The context carries data of the other protocol: SMTP envelope or message data in an HTTP context, or an HTTP request or response in an SMTP context.",
  },
  contextHeaderName: {
    code: "P3908",
    name: "context-header-name",
    stage: "policy",
    severity: "error",
    summary: "A header field name is not a token (HTTP, RFC 9110 §5.1) or not a field name (mail, RFC 5322 §2.2).",
  },
  contextInvalidIp: {
    code: "P3909",
    name: "context-invalid-ip",
    stage: "policy",
    severity: "error",
    summary: "A client address (consumer.ip, connection.clientIp) is not an IPv4 or IPv6 address.",
  },
  contextInvalidTime: {
    code: "P3910",
    name: "context-invalid-time",
    stage: "policy",
    severity: "error",
    summary: "The time is not an RFC 3339 date-time with a `Z` or `±hh:mm` offset, so its local hour and weekday are unknown.",
  },
  contextRequestTarget: {
    code: "P3911",
    name: "context-request-target",
    stage: "policy",
    severity: "error",
    summary: "The request URI is none of the forms of RFC 9112 §3.2: origin form (/path), absolute form (http://host/path), authority form (host:port, CONNECT only) or * (OPTIONS only).",
  },
  contextDuplicateParameter: {
    code: "P3912",
    name: "context-duplicate-parameter",
    stage: "policy",
    severity: "error",
    summary: "An SMTP command gives the same ESMTP keyword twice (keywords compare case-insensitively).",
  },
} as const satisfies Record<string, ContextDiagnosticKind>;

export type ContextDiagnosticKey = keyof typeof contextDiagnosticKinds;

/** One reason a context value is invalid, for processors that hand contexts to the runtime. */
export class ContextError extends Error {
  override readonly name = "ContextError";

  constructor(
    /** The diagnostic code (P39xx). */
    readonly code: string,
    /** The diagnostic's kebab-case name (context-schema-violation). */
    readonly kind: string,
    /** JSON Pointer of the offending value ("" for the whole context). */
    readonly pointer: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ContextOptions {
  /** Activation points that a processor's own catalogs add, by protocol. */
  readonly extraPoints?: Readonly<Partial<Record<Protocol, readonly string[]>>>;
}

export type ContextValidation =
  | { readonly ok: true; readonly context: TransactionContext }
  | { readonly ok: false; readonly errors: ContextError[] };

/** Checks a value against the schema and the semantic rules; never throws. */
export function validateContext(value: unknown, options: ContextOptions = {}): ContextValidation {
  if (!validateContextSchema(value)) {
    const errors = describeSchemaErrors(validateContextSchema.errors ?? []).map((issue) =>
      contextError("contextSchemaViolation", issue),
    );
    return { ok: false, errors };
  }
  const context = value as TransactionContext;
  const issues = checkContext(context, options);
  if (issues.length > 0) return { ok: false, errors: issues.map(({ key, issue }) => contextError(key, issue)) };
  return { ok: true, context };
}

function contextError(key: ContextDiagnosticKey, issue: SchemaIssue): ContextError {
  const kind = contextDiagnosticKinds[key];
  return new ContextError(kind.code, kind.name, issue.pointer, `${displayPointer(issue.pointer)}: ${issue.message}`);
}

export interface ContextFileOptions extends ContextOptions {
  /** Size and nesting limits of the JSON reader. */
  readonly limits?: Partial<JsonLimits>;
}

const keyByProblem: Record<JsonProblemKind, ContextDiagnosticKey> = {
  syntax: "contextInvalidJson",
  limit: "contextLimitExceeded",
  "duplicate-key": "contextDuplicateKey",
  schema: "contextSchemaViolation",
};

/**
 * Reads a context file for the CLI: strict JSON, the schema, then the
 * semantic checks, each step only when the previous one found nothing, so a
 * broken file is not buried under follow-on reports. The context is given
 * only when there is no diagnostic.
 */
export function readContextFile(
  source: SourceFile,
  options: ContextFileOptions = {},
): { context?: TransactionContext; diagnostics: Diagnostic[] } {
  const parsed = parseJsonDocument(source, options.limits);
  const document = parsed.document;
  const toDiagnostics = (key: (problem: JsonProblem) => ContextDiagnosticKey, problems: readonly JsonProblem[]): Diagnostic[] =>
    problems.map((problem) => contextDiagnostic(key(problem), source, problem)).sort((a, b) => a.range.start - b.range.start);

  if (!document || parsed.problems.length > 0) {
    return { diagnostics: toDiagnostics((problem) => keyByProblem[problem.kind], parsed.problems) };
  }
  const schemaProblems = validateWithSchema(document, validateContextSchema);
  if (schemaProblems.length > 0) return { diagnostics: toDiagnostics(() => "contextSchemaViolation", schemaProblems) };

  const context = document.value as unknown as TransactionContext;
  const issues = checkContext(context, options);
  if (issues.length === 0) return { context, diagnostics: [] };
  const diagnostics = issues
    .map(({ key, issue }) => contextDiagnostic(key, source, locateIssue(document, issue)))
    .sort((a, b) => a.range.start - b.range.start);
  return { diagnostics };
}

function contextDiagnostic(key: ContextDiagnosticKey, source: SourceFile, problem: JsonProblem): Diagnostic {
  const { code, name, stage, severity } = contextDiagnosticKinds[key];
  const related = (problem.related ?? []).map((item) => ({ range: source.range(item.span), message: item.message }));
  return {
    code,
    name,
    stage,
    severity,
    message: problem.message,
    range: source.range(problem.span),
    ...(related.length > 0 ? { related } : {}),
  };
}

/*
 * Semantic checks: what the schema cannot say. Each adds its issues, with
 * pointers, to one list; a valid context, which every decision checks, costs
 * that list and nothing else.
 */

interface ContextIssue {
  readonly key: ContextDiagnosticKey;
  readonly issue: SchemaIssue;
}

function checkContext(context: TransactionContext, options: ContextOptions): ContextIssue[] {
  const issues: ContextIssue[] = [];
  checkPoint(context, options, issues);
  checkProtocolData(context, issues);
  checkHeaderNames(context, issues);
  checkAddresses(context, issues);
  checkTime(context, issues);
  checkRequestTarget(context, issues);
  checkParameters(context, issues);
  return issues;
}

function issue(key: ContextDiagnosticKey, pointer: string, message: string, target: SchemaIssue["target"] = "value"): ContextIssue {
  return { key, issue: { pointer, target, message } };
}

const noPoints: readonly string[] = [];

function checkPoint(context: TransactionContext, options: ContextOptions, issues: ContextIssue[]): void {
  const extraPoints = options.extraPoints?.[context.protocol] ?? noPoints;
  if (!protocolPoints[context.protocol].includes(context.point) && !extraPoints.includes(context.point)) {
    const points = [...protocolPoints[context.protocol], ...extraPoints];
    const other: Protocol = context.protocol === "HTTP" ? "SMTP" : "HTTP";
    const hint = protocolPoints[other].includes(context.point) ? ` (it is an ${other} point)` : suggestion(context.point, points);
    issues.push(
      issue(
        "contextPointMismatch",
        "/point",
        `"${context.point}" is not an ${context.protocol} point${hint}; ${context.protocol} points are ${points.join(", ")}`,
      ),
    );
    return;
  }
  if (context.protocol !== "HTTP") return;
  const atRequest = isHttpRequestPoint(context.point);
  if (atRequest === false && !context.response) {
    issues.push(issue("contextResponseMissing", "", `missing property "response": ${context.point} is a response point`, "head"));
  } else if (atRequest === true && context.response) {
    issues.push(
      issue(
        "contextResponseUnexpected",
        "/response",
        `a context at ${context.point} has no response yet; "response" belongs to response_in and response_out`,
        "key",
      ),
    );
  }
}

type ProtocolData = readonly (readonly [key: keyof TransactionContext, read: (context: TransactionContext) => unknown])[];

/** Each protocol's members, with a reader each: a property read by a computed name is slow where, as here, it is usually absent. */
const dataOfProtocol: Readonly<Record<Protocol, ProtocolData>> = {
  HTTP: [
    ["request", (context) => context.request],
    ["response", (context) => context.response],
  ],
  SMTP: [
    ["mail", (context) => context.mail],
    ["rcpt", (context) => context.rcpt],
    ["recipients", (context) => context.recipients],
    ["message", (context) => context.message],
    ["relay", (context) => context.relay],
  ],
};

function checkProtocolData(context: TransactionContext, issues: ContextIssue[]): void {
  const other: Protocol = context.protocol === "HTTP" ? "SMTP" : "HTTP";
  const members = dataOfProtocol[other];
  // Indexing, not destructuring each pair: this runs on every decision, and the members are nearly always absent.
  for (let i = 0; i < members.length; i++) {
    const member = members[i]!;
    if (member[1](context) === undefined) continue;
    const key = member[0];
    issues.push(issue("contextProtocolMismatch", jsonPointer(key), `"${key}" is ${other} data; an ${context.protocol} context cannot carry it`, "key"));
  }
}

/** RFC 5322 §2.2 field-name: printable US-ASCII except the colon. */
const mailFieldName = /^[!-9;-~]+$/;
const isMailFieldName = (name: string): boolean => mailFieldName.test(name);
const httpFieldNameRule = "an HTTP token (letters, digits and !#$%&'*+-.^_`|~)";

function checkHeaderNames(context: TransactionContext, issues: ContextIssue[]): void {
  checkFieldNames("request", context.request?.headers, isToken, httpFieldNameRule, issues);
  checkFieldNames("response", context.response?.headers, isToken, httpFieldNameRule, issues);
  checkFieldNames("message", context.message?.headers, isMailFieldName, "printable ASCII without spaces or colons", issues);
}

function checkFieldNames(owner: string, headers: readonly HeaderField[] | undefined, valid: (name: string) => boolean, expected: string, issues: ContextIssue[]): void {
  if (!headers) return;
  for (let index = 0; index < headers.length; index++) {
    const name = headers[index]![0];
    if (valid(name)) continue;
    issues.push(issue("contextHeaderName", jsonPointer(owner, "headers", index, 0), `${JSON.stringify(name)} is not a field name: it must be ${expected}`));
  }
}

function checkAddresses(context: TransactionContext, issues: ContextIssue[]): void {
  checkAddress(context.consumer?.ip, "consumer", "ip", issues);
  checkAddress(context.connection?.clientIp, "connection", "clientIp", issues);
}

function checkAddress(address: string | undefined, owner: string, member: string, issues: ContextIssue[]): void {
  if (address === undefined || parseIp(address)) return;
  issues.push(issue("contextInvalidIp", jsonPointer(owner, member), `${JSON.stringify(address)} is not an IPv4 or IPv6 address`));
}

function checkTime(context: TransactionContext, issues: ContextIssue[]): void {
  if (context.time === undefined || parseRfc3339(context.time)) return;
  issues.push(
    issue(
      "contextInvalidTime",
      "/time",
      `${JSON.stringify(context.time)} is not an RFC 3339 date-time such as 2026-11-28T22:15:00-05:00 (the offset is Z or ±hh:mm)`,
    ),
  );
}

function checkRequestTarget(context: TransactionContext, issues: ContextIssue[]): void {
  const request = context.request;
  if (!request) return;
  const problem = requestTargetProblem(request.method, request.uri);
  if (problem) issues.push(issue("contextRequestTarget", "/request/uri", problem));
}

const authorityForm = /^(\[[0-9A-Fa-f:.]+\]|[^\s/?#@[\]:]+):[0-9]{1,5}$/;

function requestTargetProblem(method: string, target: string): string | undefined {
  if (/[\u0000-\u0020\u007f]/.test(target)) return "a request target contains no spaces or control characters";
  if (equalsUpperCase(method, "CONNECT")) {
    return authorityForm.test(target) ? undefined : "a CONNECT request names host:port (authority form)";
  }
  if (target === "*") return equalsUpperCase(method, "OPTIONS") ? undefined : "only OPTIONS requests have the target *";
  if (target.startsWith("/") || isAbsoluteUri(target)) return undefined;
  return `${JSON.stringify(target)} is neither a path starting with / nor an absolute URI`;
}

function checkParameters(context: TransactionContext, issues: ContextIssue[]): void {
  checkParameterKeywords("mail", context.mail?.params, issues);
  checkParameterKeywords("rcpt", context.rcpt?.params, issues);
}

function checkParameterKeywords(command: "mail" | "rcpt", params: SmtpParams | undefined, issues: ContextIssue[]): void {
  if (!params) return;
  const seen = new Map<string, string>();
  for (const keyword of Object.keys(params)) {
    const first = seen.get(keyword.toLowerCase());
    if (first === undefined) {
      seen.set(keyword.toLowerCase(), keyword);
      continue;
    }
    issues.push(
      issue(
        "contextDuplicateParameter",
        jsonPointer(command, "params", keyword),
        `ESMTP keyword "${keyword}" repeats "${first}"; keywords compare case-insensitively`,
        "key",
      ),
    );
  }
}
