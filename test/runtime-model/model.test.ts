import { describe, expect, it } from "vitest";
import type { BodyInfo, HeaderField, TransactionContext } from "../../src/runtime/context.js";
import { messageView, rootObject } from "../../src/runtime/message/index.js";
import type { MessageView } from "../../src/runtime/message/spec.js";
import { ABSENT, isAbsent, isRuntimeObject, type RuntimeObject, type Value } from "../../src/runtime/values.js";
import { httpRequestIn, httpResponseOut, smtpRelayOut } from "./contexts.js";

/** Reads a dotted path (`Http.request.uri.host`) as the evaluator would, member by member. */
function read(view: MessageView, path: string): Value {
  const [module, ...names] = path.split(".");
  let value: Value = view.root(module!);
  names.forEach((name, index) => {
    if (typeof value !== "object") throw new Error(`${path}: ${names.slice(0, index).join(".")} is not an object`);
    value = value.member(name, [module, ...names.slice(0, index + 1)].join("."));
  });
  return value;
}

/** Calls the method at the end of a dotted path. */
function call(view: MessageView, path: string, ...args: Value[]): Value {
  const dot = path.lastIndexOf(".");
  const object = read(view, path.slice(0, dot));
  if (typeof object !== "object") throw new Error(`${path}: not an object`);
  return object.call(path.slice(dot + 1), args, path);
}

function view(context: TransactionContext): MessageView {
  return messageView(context, { now: () => new Date("2026-01-01T00:00:00Z") });
}

function httpRequest(headers: HeaderField[], extra: Partial<TransactionContext["request"]> = {}): MessageView {
  return view({ protocol: "HTTP", point: "request_in", request: { method: "GET", uri: "/", headers, ...extra } });
}

function httpResponse(headers: HeaderField[], extra: Partial<NonNullable<TransactionContext["response"]>> = {}): MessageView {
  return view({
    protocol: "HTTP",
    point: "response_out",
    request: { method: "GET", uri: "/" },
    response: { status: 200, headers, ...extra },
  });
}

describe("headers", () => {
  const message = httpRequest([
    ["Accept", " text/html "],
    ["X-Trace", "a"],
    ["accept", "application/xhtml+xml"],
    ["X-Empty", ""],
  ]);

  it("compare names case-insensitively and trim optional whitespace from values", () => {
    expect(call(message, "Http.request.headers.get", "ACCEPT")).toBe("text/html");
    expect(call(message, "Http.request.headers.all", "Accept")).toBe("text/html, application/xhtml+xml");
    expect(call(message, "Http.request.headers.count", "accept")).toBe(2);
    expect(call(message, "Http.request.headers.have", "x-trace")).toBe(true);
  });

  it("treat a field with an empty value as present", () => {
    expect(call(message, "Http.request.headers.have", "X-Empty")).toBe(true);
    expect(call(message, "Http.request.headers.get", "X-Empty")).toBe("");
  });

  it("make a missing field absent: have false, get and all absent, count 0", () => {
    expect(call(message, "Http.request.headers.have", "Cookie")).toBe(false);
    expect(call(message, "Http.request.headers.get", "Cookie")).toBe(ABSENT);
    expect(call(message, "Http.request.headers.all", "Cookie")).toBe(ABSENT);
    expect(call(message, "Http.request.headers.count", "Cookie")).toBe(0);
  });

  it("test a made header by name, or by name and exact value", () => {
    const header = (...args: string[]): Value => call(message, "Http.makeHeader", ...args);
    expect(call(message, "Http.request.headers.have", header("ACCEPT"))).toBe(true);
    expect(call(message, "Http.request.headers.have", header("Accept", "application/xhtml+xml"))).toBe(true);
    expect(call(message, "Http.request.headers.have", header("Accept", "TEXT/HTML"))).toBe(false);
    expect(call(message, "Http.request.headers.have", header("Cookie"))).toBe(false);
    expect(call(message, "Http.makeHeader", 42)).toBe(ABSENT);
    expect(call(message, "Http.makeHeader", "A", true)).toBe(ABSENT);
    expect((header("X", "y") as RuntimeObject).text()).toBe("X: y");
  });

  it("take linear time on hostile values (long runs of whitespace and commas)", () => {
    const hostile = `${" ".repeat(200_000)}x${",".repeat(200_000)}${" \t".repeat(100_000)}`;
    const message = httpResponse([["Content-Language", hostile], ["Connection", hostile], ["Content-Length", hostile]]);
    expect(call(message, "Http.response.headers.get", "Content-Language")).toBe(`x${",".repeat(200_000)}`);
    expect(call(message, "Http.response.language_is", "x")).toBe(true);
    expect(call(message, "Http.connection.is_persistent")).toBe(true);
    expect(read(message, "Http.response.body.size")).toBe(ABSENT);
  });

  it("give a request without header list an empty header section", () => {
    const bare = view({ protocol: "HTTP", point: "request_in", request: { method: "GET", uri: "/" } });
    expect(call(bare, "Http.request.headers.count", "Host")).toBe(0);
  });

  it("are one object per message: Http.message.headers is Http.request.headers at a request point", () => {
    expect(read(message, "Http.message.headers")).toBe(read(message, "Http.request.headers"));
    expect(call(message, "Http.request.headers")).toBe(read(message, "Http.request.headers"));
  });
});

describe("content type, body, language", () => {
  it.each([
    [[["Content-Type", "TEXT/Plain ; charset=x"]], "text/plain"],
    [[["content-type", "application/json"], ["Content-Type", "text/html"]], "application/json"],
    [[["Content-Type", ""]], ABSENT],
    [[["Content-Type", "; charset=x"]], ABSENT],
    [[], ABSENT],
  ] as [HeaderField[], Value][])("Content-Type %j gives %s", (headers, expected) => {
    expect(read(httpResponse(headers), "Http.response.content_type")).toBe(expected);
    expect(read(httpResponse(headers), "Http.message.content_type")).toBe(expected);
  });

  it.each([
    ["no body, no length", [], undefined, false, ABSENT],
    ["Content-Length: 0", [["Content-Length", "0"]], undefined, true, 0],
    ["repeated equal lengths", [["Content-Length", "12, 12"]], undefined, true, 12],
    ["conflicting lengths", [["Content-Length", "12"], ["Content-Length", "13"]], undefined, true, ABSENT],
    ["chunked", [["Transfer-Encoding", "chunked"], ["Content-Length", "10"]], undefined, true, ABSENT],
    ["a given size", [["Content-Length", "10"]], { size: 99 }, true, 99],
    ["a given text, in UTF-8 octets", [], { text: "h\u00e9llo \u{1F600}" }, true, 11],
    ["an empty body object", [], {}, true, ABSENT],
  ] as [string, HeaderField[], BodyInfo | undefined, boolean, Value][])(
    "%s",
    (_name, headers, body, present, size) => {
      const message = httpResponse(headers, body === undefined ? {} : { body });
      expect(read(message, "Http.response.body.present")).toBe(present);
      expect(read(message, "Http.response.body.size")).toBe(size);
    },
  );

  it.each([
    ["de-AT, en", "de", true],
    ["de-AT, en", "DE-at", true],
    ["de-AT, en", "de-CH", false],
    ["de-AT, en", "German", true],
    ["de-AT, en", "english", true],
    ["en-US", "en-us-x-private", false],
    ["fr", "de", false],
    ["da", "d", false],
    ["de", "not a language", false],
    ["", "de", false],
  ])("Content-Language %j: language_is(%j) is %s", (languages, language, expected) => {
    expect(call(httpResponse([["Content-Language", languages]]), "Http.response.language_is", language)).toBe(expected);
  });

  it("language_is is false without Content-Language or with a non-string argument", () => {
    expect(call(httpResponse([]), "Http.response.language_is", "de")).toBe(false);
    expect(call(httpResponse([["Content-Language", "de"]]), "Http.response.language_is", 7)).toBe(false);
  });
});

describe("request and response lines", () => {
  it("are given, or rebuilt from their parts", () => {
    expect(read(view(httpRequestIn), "Http.request.line")).toBe("POST https://Upload.Example.org:8443/files/report.tar.GZ HTTP/1.0");
    expect(read(httpRequest([], { line: "GET  /  HTTP/1.1" }), "Http.request.line")).toBe("GET  /  HTTP/1.1");
    expect(read(httpResponse([], { status: 204 }), "Http.response.line")).toBe("HTTP/1.1 204 ");
    expect(read(httpResponse([], { status: 404, reason: "Not Found", version: "HTTP/1.0" }), "Http.response.line")).toBe("HTTP/1.0 404 Not Found");
    expect(read(httpResponse([], { line: "HTTP/1.1 200 Fine" }), "Http.response.line")).toBe("HTTP/1.1 200 Fine");
    expect(read(httpResponse([], { status: 204 }), "Http.response.reason")).toBe(ABSENT);
    expect(read(httpResponse([], { status: 503 }), "Http.response.code")).toBe("503");
  });
});

describe("the connection", () => {
  it.each([
    ["HTTP/1.1", [], undefined, true],
    ["HTTP/1.1", [["Connection", "Close"]], undefined, false],
    ["HTTP/1.0", [], undefined, false],
    ["HTTP/1.0", [["Connection", "Upgrade, Keep-Alive"]], undefined, true],
    ["HTTP/2", [], undefined, true],
    ["HTTP/1.1", [], false, false],
    ["HTTP/1.0", [], true, true],
    ["SPDY", [], undefined, ABSENT],
  ] as [string, HeaderField[], boolean | undefined, Value][])("%s with %j, persistent flag %s: is_persistent() is %s", (version, headers, flag, expected) => {
    const message = view({
      protocol: "HTTP",
      point: "request_in",
      request: { method: "GET", uri: "/", version, headers },
      ...(flag === undefined ? {} : { connection: { persistent: flag } }),
    });
    expect(call(message, "Http.connection.is_persistent")).toBe(expected);
  });

  it("is closed when the response says so, and unknown without a request", () => {
    expect(call(httpResponse([["Connection", "close"]]), "Http.connection.is_persistent")).toBe(false);
    expect(call(view({ protocol: "HTTP", point: "request_in" }), "Http.connection.is_persistent")).toBe(ABSENT);
  });

  it("is secure once TLS is up", () => {
    expect(read(view(httpResponseOut), "Http.connection.secure")).toBe(true);
    expect(read(view(httpRequestIn), "Http.connection.secure")).toBe(false);
  });
});

describe("absent values", () => {
  const atRequest = view({ protocol: "HTTP", point: "request_in", request: { method: "GET", uri: "/" } });

  it("the response does not exist at a request point", () => {
    expect(read(atRequest, "Http.response")).toBe(ABSENT);
    expect(read(atRequest, "Http.message.is_request")).toBe(true);
    expect(read(view(httpResponseOut), "Http.message.method")).toBe(ABSENT);
  });

  it("an unknown consumer has no id and belongs to no group; an invalid address is absent", () => {
    const anonymous = view({ protocol: "HTTP", point: "request_in", consumer: { ip: "not-an-ip" } });
    expect(read(anonymous, "Core.consumer.id")).toBe(ABSENT);
    expect(read(anonymous, "Core.consumer.ip")).toBe(ABSENT);
    expect(call(anonymous, "Core.consumer.in_group", "subscribers")).toBe(false);
    expect(read(anonymous, "Core.provider.id")).toBe(ABSENT);
  });

  it("the wrong arguments give absent or false, never an exception", () => {
    expect(call(atRequest, "Http.request.headers.get", 1)).toBe(ABSENT);
    expect(call(atRequest, "Http.request.headers.have")).toBe(false);
    expect(call(atRequest, "Core.consumer.in_group", ABSENT)).toBe(false);
    expect(call(view(httpResponseOut), "Core.consumer.ip.in_subnet", "not a subnet")).toBe(false);
    expect(call(view(httpResponseOut), "Core.consumer.ip.is", 7)).toBe(false);
  });

  it("names of Object.prototype members are not members", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(read(atRequest, `Http.request.${name}`)).toBe(ABSENT);
      expect(call(atRequest, `Http.request.${name}`, "x")).toBe(ABSENT);
      expect(call(view({ ...httpResponseOut }), "Services.variable", name)).toBe(ABSENT);
    }
  });

  it("methods that configure services or stop the interpreter have no value in the model", () => {
    const context = view(httpResponseOut);
    expect(call(context, "Services.findOne", "urn:svc:ad-strip")).toBe(ABSENT);
    expect(call(context, "Services.applyOne", ABSENT)).toBe(ABSENT);
    expect(call(context, "Core.interpreter.stop")).toBe(ABSENT);
    expect(call(context, "Core.interpreter.fail", "no")).toBe(ABSENT);
  });
});

describe("members of a processor's catalog extension", () => {
  const extended = view(httpResponseOut);

  it("are read from context.properties by path, nested objects included", () => {
    expect(read(extended, "Http.request.geo_country")).toBe("CA");
    expect(read(extended, "Core.consumer.plan.tier")).toBe(3);
    expect((read(extended, "Core.consumer.plan") as RuntimeObject).typeName).toBe("Core.consumer.plan");
    expect(call(extended, "Http.request.geo_country")).toBe("CA");
    expect(call(extended, "Http.request.geo_country", "argument")).toBe(ABSENT);
    expect(read(extended, "Http.request.geo_city")).toBe(ABSENT);
  });

  it("make an object that the context lacks exist, and serve modules the model does not know", () => {
    const context = view({ protocol: "SMTP", point: "eom", properties: { "Smtp.relay.port": 25, "Acme.reputation.score": 0.5 } });
    expect(read(context, "Smtp.relay.port")).toBe(25);
    expect(read(context, "Smtp.relay.host")).toBe(ABSENT);
    expect(read(context, "Smtp.mail")).toBe(ABSENT);
    expect(read(context, "Acme.reputation.score")).toBe(0.5);
    expect(read(context, "Acme.other")).toBe(ABSENT);
  });
});

describe("SMTP", () => {
  const mail = view(smtpRelayOut);

  it("reads ESMTP keywords case-insensitively and the declared size as a number", () => {
    expect(call(mail, "Smtp.mail.params.get", "body")).toBe("8BITMIME");
    expect(call(mail, "Smtp.mail.params.have", "Size")).toBe(true);
    expect(read(mail, "Smtp.mail.declared_size")).toBe(20480);
    const undeclared = view({ protocol: "SMTP", point: "mail", mail: { from: "", params: { SIZE: "12x", RET: "" } } });
    expect(read(undeclared, "Smtp.mail.declared_size")).toBe(ABSENT);
    expect(call(undeclared, "Smtp.mail.params.get", "ret")).toBe("");
    expect(read(undeclared, "Smtp.mail.from")).toBe("");
  });

  it("finds recipients case-insensitively, with or without angle brackets", () => {
    expect(call(mail, "Smtp.recipients.include", "<BOB@example.NET>")).toBe(true);
    expect(call(mail, "Smtp.recipients.include", "dave@example.net")).toBe(false);
    expect(read(mail, "Smtp.recipients.count")).toBe(2);
  });

  it("has no client name when the reverse lookup failed, and no TLS before STARTTLS", () => {
    const early = view({ protocol: "SMTP", point: "helo", connection: { clientIp: "203.0.113.9", clientName: "[203.0.113.9]", helo: "x" } });
    expect(read(early, "Smtp.connection.client_name")).toBe(ABSENT);
    expect(read(early, "Smtp.connection.tls")).toBe(false);
    expect(read(early, "Smtp.connection.tls_version")).toBe(ABSENT);
    expect(read(early, "Smtp.message")).toBe(ABSENT);
  });
});

describe("the view", () => {
  it("computes each member once and returns the same object again", () => {
    const context = view(httpResponseOut);
    expect(read(context, "Http.request.uri")).toBe(read(context, "Http.request.uri"));
    expect(context.root("Http")).toBe(context.root("Http"));
  });

  it("tells absent values and objects from the primitives", () => {
    const context = view(httpResponseOut);
    const values: Value[] = [read(context, "Http.request.uri"), read(context, "Http.request.method"), read(context, "Core.consumer.nope")];
    expect(values.map((value) => isRuntimeObject(value))).toEqual([true, false, false]);
    expect(values.map((value) => isAbsent(value))).toEqual([false, false, true]);
  });

  it("rootObject gives a module object over a fresh view", () => {
    const http = rootObject("Http", httpRequestIn);
    expect(http.typeName).toBe("Http");
    expect((http.member("request", "Http.request") as RuntimeObject).member("method", "Http.request.method")).toBe("POST");
    expect(http.text()).toBe(ABSENT);
  });

  it("works at a point the runtime does not know, from what the context holds", () => {
    const custom = view({ protocol: "HTTP", point: "response_cached", request: { method: "GET", uri: "/" }, response: { status: 200 } });
    expect(read(custom, "Http.message.is_request")).toBe(false);
  });
});
