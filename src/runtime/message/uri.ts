/**
 * URIs split into the parts the catalog's `uri` type offers, and the effective
 * URI of an HTTP request (RFC 9112 §3.2-3.3): an absolute-form target as it
 * is, an origin-form target (`/a.html`) resolved against the Host header, an
 * authority-form target (CONNECT) and the asterisk form (OPTIONS *) with no
 * path. Parts that cannot be known are left out, never guessed. Nothing is
 * percent-decoded: rules see the URI as the message carries it.
 */

import { equalsUpperCase } from "./header-list.js";

export interface UriParts {
  /** The whole URI: the target as received, or the URI rebuilt from the Host header. */
  readonly text?: string;
  /** Lower case. */
  readonly scheme?: string;
  /** Lower case, without port; an IPv6 literal keeps its brackets. */
  readonly host?: string;
  /** The written port, else the scheme's default port. */
  readonly port?: number;
  /** Starts with `/`; no query, no fragment. */
  readonly path?: string;
  /** Without `?`; empty when the URI ends with a bare `?`. */
  readonly query?: string;
  /** Lower case, without the dot. */
  readonly extension?: string;
}

const defaultPorts: Readonly<Record<string, number>> = { http: 80, https: 443, ws: 80, wss: 443, ftp: 21 };

/**
 * A URI reference split as RFC 3986 Appendix B's regular expression
 * `^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?` splits it, in
 * one pass over the characters: requests are split on every decision.
 */
interface Reference {
  /** As written, whether or not it has a scheme's syntax (`absolute`). */
  readonly scheme: string | undefined;
  readonly absolute: boolean;
  readonly authority: string | undefined;
  readonly path: string;
  readonly query: string | undefined;
}

const SLASH = 0x2f;
const QUESTION_MARK = 0x3f;
const NUMBER_SIGN = 0x23;
const OPENING_BRACKET = 0x5b;

/** The index of the first `?` or `#` (also `/` when `slash`), from `from`; else the length. */
function componentEnd(text: string, from: number, slash: boolean): number {
  let i = from;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUESTION_MARK || code === NUMBER_SIGN || (slash && code === SLASH)) break;
  }
  return i;
}

function splitReference(text: string): Reference {
  // A scheme runs to the first colon, when no `/`, `?` or `#` comes before it.
  const colon = text.indexOf(":");
  const hasScheme = colon > 0 && componentEnd(text, 0, true) > colon;
  const scheme = hasScheme ? text.slice(0, colon) : undefined;
  let at = hasScheme ? colon + 1 : 0;
  let authority: string | undefined;
  if (text.charCodeAt(at) === SLASH && text.charCodeAt(at + 1) === SLASH) {
    const end = componentEnd(text, at + 2, true);
    authority = text.slice(at + 2, end);
    at = end;
  }
  const pathEnd = componentEnd(text, at, false);
  const path = text.slice(at, pathEnd);
  let query: string | undefined;
  if (text.charCodeAt(pathEnd) === QUESTION_MARK) {
    const fragment = text.indexOf("#", pathEnd + 1);
    query = text.slice(pathEnd + 1, fragment < 0 ? text.length : fragment);
  }
  return { scheme, absolute: scheme !== undefined && isAbsoluteUri(text), authority, path, query };
}

/**
 * Whether the text is an absolute URI (parseAbsoluteUri gives parts), without
 * splitting it: it starts with a scheme and a colon, which is then the first
 * colon, as the scheme's characters include no `/`, `?` or `#`.
 */
export function isAbsoluteUri(text: string): boolean {
  return schemePrefix.test(text);
}

const schemePrefix = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** The parts of an absolute URI; undefined when the text has no scheme. */
export function parseAbsoluteUri(text: string): UriParts | undefined {
  return absoluteUriParts(text, splitReference(text));
}

function absoluteUriParts(text: string, reference: Reference): UriParts | undefined {
  if (!reference.absolute) return undefined;
  const scheme = reference.scheme!.toLowerCase();
  const authority = reference.authority === undefined ? undefined : splitAuthority(reference.authority, scheme);
  // A hierarchical URI with an authority and an empty path has the path "/" (RFC 9110 §4.2.3).
  const path = authority && reference.path === "" ? "/" : reference.path.startsWith("/") ? reference.path : undefined;
  return uriParts(text, scheme, authority, path, reference.query);
}

/** The parts in one shape, whichever are known. */
function uriParts(text: string | undefined, scheme: string | undefined, authority: Authority | undefined, path: string | undefined, query: string | undefined): UriParts {
  return { text, scheme, host: authority?.host, port: authority?.port, path, query, extension: path === undefined ? undefined : extensionOf(path) };
}

/**
 * The effective request URI of an HTTP request.
 * @param target the request target as received
 * @param host the value of the first Host header, if any
 * @param secure whether the connection uses TLS (https for an origin-form target)
 */
export function requestUri(target: string, method: string, host: string | undefined, secure: boolean): UriParts {
  if (equalsUpperCase(method, "CONNECT")) return uriParts(target, undefined, splitAuthority(target, undefined), undefined, undefined);
  const reference = splitReference(target);
  const absolute = absoluteUriParts(target, reference);
  if (absolute) return absolute;
  const scheme = secure ? "https" : "http";
  const authority = host === undefined || host === "" ? undefined : splitAuthority(host, scheme);
  if (target === "*") return uriParts(authority && `${scheme}://${host}`, scheme, authority, undefined, undefined);
  const path = reference.path.startsWith("/") ? reference.path : undefined;
  return uriParts(authority && `${scheme}://${host}${target}`, scheme, authority, path, reference.query);
}

/**
 * The host of the effective request URI alone, as requestUri(...).host gives
 * it: dispatch (a provider known by its host) and most rules read only the
 * host, so neither the rest of the URI is split nor, for an absolute target,
 * the Host header read for it.
 * @param hostHeader reads the value of the first Host header; called only for a target without authority
 */
export function requestHost(target: string, method: string, hostHeader: () => string | undefined): string | undefined {
  if (equalsUpperCase(method, "CONNECT")) return authorityHost(target, 0, target.length);
  if (isAbsoluteUri(target)) {
    // The scheme ends at the first colon (isAbsoluteUri); an authority follows a `//` there.
    const at = target.indexOf(":") + 1;
    if (target.charCodeAt(at) !== SLASH || target.charCodeAt(at + 1) !== SLASH) return undefined;
    // Read in place: cutting the authority out first would make a string per decision for nothing.
    return authorityHost(target, at + 2, componentEnd(target, at + 2, true));
  }
  const host = hostHeader();
  return host === undefined || host === "" ? undefined : authorityHost(host, 0, host.length);
}

interface Authority {
  readonly host: string | undefined;
  readonly port: number | undefined;
}

/** Host and port of an authority (`user@Host:8080`, `[2001:db8::1]:443`). */
function splitAuthority(authority: string, scheme: string | undefined): Authority {
  const start = hostStart(authority, 0, authority.length);
  const colon = portColon(authority, start, authority.length);
  const written = colon < 0 ? undefined : decimalPort(authority, colon + 1);
  const port = written !== undefined && written <= 65535 ? written : (colon < 0 || colon === authority.length - 1) && scheme ? defaultPorts[scheme] : undefined;
  return { host: hostText(authority, start, colon < 0 ? authority.length : colon), port };
}

/** The host of the authority `text[start, end)`, lower case; undefined when empty. */
function authorityHost(text: string, start: number, end: number): string | undefined {
  const from = hostStart(text, start, end);
  const colon = portColon(text, from, end);
  return hostText(text, from, colon < 0 ? end : colon);
}

/** Where the host of the authority `text[start, end)` starts: after the user information. */
function hostStart(text: string, start: number, end: number): number {
  const at = end > start ? text.lastIndexOf("@", end - 1) : -1;
  return at >= start ? at + 1 : start;
}

/**
 * The colon before the port in an authority whose host runs from `from`
 * (after an IPv6 literal's brackets) to at most `end`; -1 when there is none.
 */
function portColon(text: string, from: number, end: number): number {
  const bracket = from < end && text.charCodeAt(from) === OPENING_BRACKET ? text.indexOf("]", from) : -1;
  const closingBracket = bracket < end ? bracket : -1;
  const colon = text.indexOf(":", Math.max(from, closingBracket));
  return colon < end ? colon : -1;
}

function hostText(text: string, start: number, end: number): string | undefined {
  return end > start ? text.slice(start, end).toLowerCase() : undefined;
}

/** The number written from `start` to the end when it is one to five ASCII digits. */
function decimalPort(text: string, start: number): number | undefined {
  const length = text.length - start;
  if (length < 1 || length > 5) return undefined;
  let port = 0;
  for (let i = start; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return undefined;
    port = port * 10 + digit;
  }
  return port;
}

/** The extension of the last path segment, lower case, without the dot. */
function extensionOf(path: string): string | undefined {
  const start = path.lastIndexOf("/") + 1;
  // Path parameters (`/a.jsp;jsessionid=1`) are not part of the name.
  const semicolon = path.indexOf(";", start);
  const end = semicolon < 0 ? path.length : semicolon;
  const dot = path.lastIndexOf(".", end - 1);
  // A leading dot marks a hidden name (.htaccess), not an extension.
  return dot > start && dot < end - 1 ? path.slice(dot + 1, end).toLowerCase() : undefined;
}
