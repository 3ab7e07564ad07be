import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { protocolPoints, readContextFile, validateContext, type HeaderField, type TransactionContext } from "../../src/runtime/context.js";
import { messageView } from "../../src/runtime/message/index.js";
import { walkCatalogs } from "./catalog-walk.js";
import { httpRequestIn, httpResponseOut, smtpRelayOut } from "./contexts.js";

/* Generators of valid contexts: every field the schema allows, values that hit the model's special cases. */

const headerName = fc.oneof(
  fc.constantFrom("Host", "Content-Type", "content-length", "Transfer-Encoding", "Connection", "Content-Language", "Cache-Control", "OPES-Bypass"),
  fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}$/),
);
const headerValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("text/html; charset=utf-8", "0", "12, 12", "12, 13", "chunked", "close", "Keep-Alive", "de-AT, en", "no-transform", "example.com:8080", "[::1]:80"),
);
const headers: fc.Arbitrary<HeaderField[]> = fc.array(fc.tuple(headerName, headerValue), { maxLength: 8 });
const body = fc.record({ text: fc.string({ maxLength: 20 }), size: fc.nat() }, { requiredKeys: [] });
const ip = fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4().map((v4) => `::ffff:${v4}`));
const strings = fc.array(fc.string({ maxLength: 8 }), { maxLength: 4 });
const uniqueStrings = fc.uniqueArray(fc.string({ maxLength: 8 }), { maxLength: 4 });

/** An RFC 3339 time written in a random UTC offset. */
const time = fc
  .tuple(
    fc.date({ min: new Date("1900-01-02T00:00:00Z"), max: new Date("2199-12-30T00:00:00Z"), noInvalidDate: true }),
    fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }),
    fc.constantFrom("T", "t", " "),
  )
  .map(([instant, offset, separator]) => {
    const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19).replace("T", separator);
    const magnitude = Math.abs(offset);
    const zone = `${offset < 0 ? "-" : "+"}${String(Math.floor(magnitude / 60)).padStart(2, "0")}:${String(magnitude % 60).padStart(2, "0")}`;
    return `${local}${offset === 0 ? "Z" : zone}`;
  });

const request = fc.oneof(
  fc.record({
    method: fc.constantFrom("GET", "POST", "HEAD", "PUT"),
    uri: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webPath().map((path) => (path.startsWith("/") ? path : `/${path}`))),
    version: fc.constantFrom("HTTP/1.0", "HTTP/1.1", "HTTP/2", "HTTP/x"),
    line: fc.string({ maxLength: 20 }),
    headers,
    body,
  }, { requiredKeys: ["method", "uri"] }),
  fc.record({ method: fc.constant("OPTIONS"), uri: fc.constant("*"), headers }, { requiredKeys: ["method", "uri"] }),
  fc.record({ method: fc.constant("CONNECT"), uri: fc.tuple(fc.domain(), fc.integer({ min: 0, max: 99999 })).map(([host, port]) => `${host}:${port}`) }),
);

const response = fc.record(
  {
    status: fc.integer({ min: 100, max: 999 }),
    reason: fc.string({ maxLength: 12 }),
    version: fc.constantFrom("HTTP/1.0", "HTTP/1.1"),
    line: fc.string({ maxLength: 20 }),
    headers,
    body,
    cacheHit: fc.boolean(),
  },
  { requiredKeys: ["status"] },
);

const connection = fc.record(
  {
    clientIp: ip,
    clientName: fc.oneof(fc.domain(), ip.map((address) => `[${address}]`)),
    clientPort: fc.integer({ min: 0, max: 65535 }),
    helo: fc.domain(),
    tls: fc.record({ version: fc.constantFrom("TLSv1.2", "TLSv1.3"), cipher: fc.string(), bits: fc.nat() }, { requiredKeys: [] }),
    authUser: fc.string({ maxLength: 8 }),
    persistent: fc.boolean(),
  },
  { requiredKeys: [] },
);

const params = fc.dictionary(fc.constantFrom("SIZE", "BODY", "NOTIFY", "ENVID", "RET", "ORCPT"), fc.oneof(fc.string({ maxLength: 8 }), fc.nat().map(String)));

const common = {
  time,
  consumer: fc.record({ id: fc.string({ maxLength: 12 }), groups: uniqueStrings, ip, consents: uniqueStrings, blocks: uniqueStrings }, { requiredKeys: [] }),
  provider: fc.record({ id: fc.domain(), groups: uniqueStrings, optOut: uniqueStrings }, { requiredKeys: [] }),
  connection,
  variables: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 })),
  properties: fc.dictionary(
    fc.constantFrom("Http.request.geo", "Core.consumer.plan.tier", "Smtp.relay.port", "Acme.flag", "Http.response.x"),
    fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()),
  ),
  alreadyRun: uniqueStrings,
};

const httpContext = fc
  .record({
    protocol: fc.constant("HTTP" as const),
    point: fc.constantFrom(...protocolPoints.HTTP),
    request,
    response,
    ...common,
  }, { requiredKeys: ["protocol", "point", "response"] })
  .map(({ response: generated, ...context }): TransactionContext =>
    context.point.startsWith("response") ? { ...context, response: generated } : context,
  );

const smtpContext: fc.Arbitrary<TransactionContext> = fc.record(
  {
    protocol: fc.constant("SMTP" as const),
    point: fc.constantFrom(...protocolPoints.SMTP),
    mail: fc.record({ from: fc.emailAddress(), params }, { requiredKeys: ["from"] }),
    rcpt: fc.record({ to: fc.emailAddress(), params }, { requiredKeys: ["to"] }),
    recipients: fc.array(fc.emailAddress(), { maxLength: 3 }),
    message: fc.record(
      { headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }), body, size: fc.nat() },
      { requiredKeys: [] },
    ),
    relay: fc.record({ host: fc.domain() }, { requiredKeys: [] }),
    ...common,
  },
  { requiredKeys: ["protocol", "point"] },
);

const validContext = fc.oneof(httpContext, smtpContext);

/**
 * A valid context with one member, chosen by a path of indexes into the
 * existing keys, replaced by text that breaks a semantic rule, or by any
 * JSON value: near-misses that get past the schema to the deeper checks.
 */
const replacement = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom("request_in", "eom", "HTTP", "SMTP", "192.0.2.300", "2026-01-01T00:00:00+0100", "Bad Name", "*", "x:1", "") },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);
const nearMiss = fc
  .tuple(fc.constantFrom(httpResponseOut, httpRequestIn, smtpRelayOut), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), replacement)
  .map(([base, path, value]) => replaceAt(structuredClone(base) as unknown, path, value));

function replaceAt(value: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || typeof value !== "object" || value === null) return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const [first, ...rest] = path;
  const key = keys[first! % keys.length]!;
  const record = value as Record<string, unknown>;
  record[key] = replaceAt(record[key], rest, replacement);
  return value;
}

describe("robustness of context validation", () => {
  it("never throws on any JSON value, and says why it rejects one", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), nearMiss), (value) => {
        const result = validateContext(value);
        if (result.ok) expect(walkCatalogs(messageView(result.context)).problems).toEqual([]);
        else expect(result.errors.length).toBeGreaterThan(0);
        const file = readContextFile(new SourceFile("tx.json", JSON.stringify(value) ?? ""));
        expect(file.context === undefined).toBe(file.diagnostics.length > 0);
        if (JSON.stringify(value) !== undefined) expect(file.diagnostics.length === 0).toBe(result.ok);
      }),
      { numRuns: 400 },
    );
  });

  it("never throws on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        expect(Array.isArray(readContextFile(new SourceFile("tx.json", text)).diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe("the model on generated valid contexts", () => {
  it("accepts them, and every member read gives a value of the catalog's type without throwing", () => {
    fc.assert(
      fc.property(validContext, (context) => {
        const result = validateContext(context);
        expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([]);
        const { problems } = walkCatalogs(messageView(context, { now: () => new Date("2026-01-01T00:00:00Z") }));
        expect(problems).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });
});
