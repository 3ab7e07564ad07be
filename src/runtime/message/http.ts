/** The Http module (catalogs/http.json): the request, the response, the message at this point, the connection. */
import type { HttpRequestContext, HttpResponseContext } from "../context.js";
import { ABSENT, type Value } from "../values.js";
import { fieldListElements, fieldValues, firstFieldValue, type HeaderField, mediaTypeOf } from "./header-list.js";
import { anyTagMatches } from "./language.js";
import { isHttpRequestPoint } from "./points.js";
import { type Getter, type MessageView, type Method, type ModuleSpec, type ObjectSpec, orAbsent, stringArgument } from "./spec.js";
import { type BodyFacts, bodyValue, givenBodySize, headersValue, headerValue, uriValue } from "./types.js";
import { requestHost, requestUri, type UriParts } from "./uri.js";

const defaultVersion = "HTTP/1.1";

type PartName = "request" | "response";

/** Which message the point sees; at a point the runtime does not know, the response once there is one. */
function currentPart(view: MessageView): PartName {
  const atRequest = isHttpRequestPoint(view.context.point) ?? view.context.response === undefined;
  return atRequest ? "request" : "response";
}

/* Members that requests and responses share, cached per part so Http.message and Http.request give one object. */

const memoKeys = {
  request: { headers: "http.request.headers", body: "http.request.body" },
  response: { headers: "http.response.headers", body: "http.response.body" },
} as const;

function headersOf(view: MessageView, part: PartName): Value {
  return view.once(memoKeys[part].headers, () => {
    const message = view.context[part];
    return message ? headersValue(view, message.headers ?? []) : ABSENT;
  });
}

function contentTypeOf(view: MessageView, part: PartName): Value {
  return orAbsent(mediaTypeOf(view.context[part]?.headers ?? []));
}

function bodyOf(view: MessageView, part: PartName): Value {
  return view.once(memoKeys[part].body, () => {
    const message = view.context[part];
    return message ? bodyValue(view, httpBodyFacts(message)) : ABSENT;
  });
}

/**
 * A body is present when the context gives one or the header section
 * announces one (Transfer-Encoding, or a Content-Length, even 0). Its size is
 * the given one, else the declared Content-Length when it is a single valid
 * number; a chunked body has none.
 */
function httpBodyFacts(message: HttpRequestContext | HttpResponseContext): BodyFacts {
  const fields = message.headers ?? [];
  const chunked = fieldValues(fields, "transfer-encoding").length > 0;
  const announced = chunked || fieldValues(fields, "content-length").length > 0;
  const declared = declaredContentLength(fields);
  return {
    present: message.body !== undefined || announced,
    size: givenBodySize(message.body) ?? (chunked ? undefined : declared),
  };
}

/** Content-Length when every value agrees (RFC 9110 §8.6 allows a repeated identical value); else unknown. */
function declaredContentLength(fields: readonly HeaderField[]): number | undefined {
  const values = new Set(fieldListElements(fields, "content-length"));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^[0-9]+$/.test(only)) return undefined;
  const length = Number(only);
  return Number.isSafeInteger(length) ? length : undefined;
}

function withRequest(read: (request: HttpRequestContext, view: MessageView) => Value): Getter<MessageView> {
  return (view) => (view.context.request ? read(view.context.request, view) : ABSENT);
}

function withResponse(read: (response: HttpResponseContext, view: MessageView) => Value): Getter<MessageView> {
  return (view) => (view.context.response ? read(view.context.response, view) : ABSENT);
}

/** The effective request URI, parsed once per view. */
function requestUriParts(view: MessageView, request: HttpRequestContext): UriParts {
  return view.once("http.request.uri", () => {
    const host = firstFieldValue(request.headers ?? [], "host");
    return requestUri(request.uri, request.method, host, view.context.connection?.tls !== undefined);
  });
}

const messageSpec: ObjectSpec<MessageView> = {
  typeName: "Http.message",
  properties: {
    headers: (view) => headersOf(view, currentPart(view)),
    method: (view) => (currentPart(view) === "request" ? orAbsent(view.context.request?.method) : ABSENT),
    content_type: (view) => contentTypeOf(view, currentPart(view)),
    body: (view) => bodyOf(view, currentPart(view)),
    is_request: (view) => currentPart(view) === "request",
  },
};

const requestSpec: ObjectSpec<MessageView> = {
  typeName: "Http.request",
  properties: {
    line: withRequest((request) => request.line ?? `${request.method} ${request.uri} ${request.version ?? defaultVersion}`),
    method: withRequest((request) => request.method),
    uri: withRequest((request, view) => uriValue(view, requestUriParts(view, request))),
    path: withRequest((request, view) => orAbsent(requestUriParts(view, request).path)),
    // The host alone: the common read (dispatch by host) need not split the whole URI.
    host: withRequest((request) => orAbsent(requestHost(request.uri, request.method, () => firstFieldValue(request.headers ?? [], "host")))),
    version: withRequest((request) => request.version ?? defaultVersion),
    headers: (view) => headersOf(view, "request"),
    content_type: (view) => contentTypeOf(view, "request"),
    body: (view) => bodyOf(view, "request"),
  },
};

const responseSpec: ObjectSpec<MessageView> = {
  typeName: "Http.response",
  properties: {
    // RFC 9112 §4: the space after the status code is there even without a reason phrase.
    line: withResponse(
      (response) => response.line ?? `${response.version ?? defaultVersion} ${response.status} ${response.reason ?? ""}`,
    ),
    code: withResponse((response) => String(response.status)),
    status: withResponse((response) => response.status),
    reason: withResponse((response) => orAbsent(response.reason)),
    version: withResponse((response) => response.version ?? defaultVersion),
    headers: (view) => headersOf(view, "response"),
    content_type: (view) => contentTypeOf(view, "response"),
    body: (view) => bodyOf(view, "response"),
    // A processor that does not say it served from its cache did not.
    from_cache: withResponse((response) => response.cacheHit ?? false),
  },
  methods: {
    language_is: (view, args) => {
      const response = view.context.response;
      if (!response) return ABSENT;
      const language = stringArgument(args, 0);
      return language !== undefined && anyTagMatches(fieldListElements(response.headers ?? [], "content-language"), language);
    },
  },
};

/**
 * Whether the connection stays open: as the processor says, else by RFC 9112
 * §9.3: `Connection: close` on either message ends it; HTTP/1.1 and later
 * persist by default; HTTP/1.0 only with `Connection: keep-alive`.
 */
const isPersistent: Method<MessageView> = (view) => {
  const given = view.context.connection?.persistent;
  if (given !== undefined) return given;
  const request = view.context.request;
  if (!request) return ABSENT;
  const options = [request.headers, view.context.response?.headers].flatMap((fields) =>
    fieldListElements(fields ?? [], "connection").map((option) => option.toLowerCase()),
  );
  if (options.includes("close")) return false;
  const version = /^HTTP\/([0-9]+)(?:\.([0-9]+))?$/i.exec(request.version ?? defaultVersion);
  if (!version) return ABSENT;
  const [major, minor] = [Number(version[1]), Number(version[2] ?? 0)];
  return major > 1 || (major === 1 && minor >= 1) || options.includes("keep-alive");
};

const connectionSpec: ObjectSpec<MessageView> = {
  typeName: "Http.connection",
  properties: {
    secure: (view) => view.context.connection?.tls !== undefined,
  },
  methods: { is_persistent: isPersistent },
};

export const httpModule: ModuleSpec = {
  typeName: "Http",
  objects: {
    message: { spec: messageSpec, exists: (view) => view.context[currentPart(view)] !== undefined },
    request: { spec: requestSpec, exists: (view) => view.context.request !== undefined },
    response: { spec: responseSpec, exists: (view) => view.context.response !== undefined },
    connection: { spec: connectionSpec },
  },
  methods: {
    makeHeader: (view, args) => {
      const name = stringArgument(args, 0);
      const value = stringArgument(args, 1);
      const wellTyped = name !== undefined && (args.length === 1 || value !== undefined);
      return wellTyped ? headerValue(view, name, value) : ABSENT;
    },
  },
};
