/**
 * URIs split into the parts the catalog's `uri` type offers, and the effective
 * URI of an HTTP request (RFC 9112 §3.2-3.3): an absolute-form target as it
 * is, an origin-form target (`/a.html`) resolved against the Host header, an
 * authority-form target (CONNECT) and the asterisk form (OPTIONS *) with no
 * path. Parts that cannot be known are left out, never guessed. Nothing is
 * percent-decoded: rules see the URI as the message carries it.
 */

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

/** RFC 3986 Appendix B: the regular expression that splits any URI reference. */
const uriReference = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#.*)?$/s;
const schemeSyntax = /^[A-Za-z][A-Za-z0-9+.-]*$/;

/** The parts of an absolute URI; undefined when the text has no scheme. */
export function parseAbsoluteUri(text: string): UriParts | undefined {
  const match = uriReference.exec(text);
  const scheme = match?.[1];
  if (!match || scheme === undefined || !schemeSyntax.test(scheme)) return undefined;
  const lowerScheme = scheme.toLowerCase();
  const authority = match[2] === undefined ? undefined : splitAuthority(match[2], lowerScheme);
  const rawPath = match[3] ?? "";
  // A hierarchical URI with an authority and an empty path has the path "/" (RFC 9110 §4.2.3).
  const path = authority && rawPath === "" ? "/" : rawPath.startsWith("/") ? rawPath : undefined;
  return { text, scheme: lowerScheme, ...authority, ...pathParts(path), query: match[4] };
}

/**
 * The effective request URI of an HTTP request.
 * @param target the request target as received
 * @param host the value of the first Host header, if any
 * @param secure whether the connection uses TLS (https for an origin-form target)
 */
export function requestUri(target: string, method: string, host: string | undefined, secure: boolean): UriParts {
  if (method.toUpperCase() === "CONNECT") return { text: target, ...splitAuthority(target, undefined) };
  const absolute = parseAbsoluteUri(target);
  if (absolute) return absolute;
  const scheme = secure ? "https" : "http";
  const authority = host === undefined || host === "" ? undefined : splitAuthority(host, scheme);
  if (target === "*") {
    return { text: authority && `${scheme}://${host}`, scheme, ...authority };
  }
  const match = uriReference.exec(target);
  const rawPath = match?.[3] ?? "";
  return {
    text: authority && `${scheme}://${host}${target}`,
    scheme,
    ...authority,
    ...pathParts(rawPath.startsWith("/") ? rawPath : undefined),
    query: match?.[4],
  };
}

/** Host and port of an authority (`user@Host:8080`, `[2001:db8::1]:443`). */
function splitAuthority(authority: string, scheme: string | undefined): { host?: string; port?: number } {
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const closingBracket = hostAndPort.startsWith("[") ? hostAndPort.indexOf("]") : -1;
  const colon = hostAndPort.indexOf(":", Math.max(0, closingBracket));
  const host = (colon < 0 ? hostAndPort : hostAndPort.slice(0, colon)).toLowerCase();
  const portText = colon < 0 ? "" : hostAndPort.slice(colon + 1);
  const written = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : undefined;
  const port = written !== undefined && written <= 65535 ? written : portText === "" && scheme ? defaultPorts[scheme] : undefined;
  return { host: host === "" ? undefined : host, port };
}

function pathParts(path: string | undefined): { path?: string; extension?: string } {
  if (path === undefined) return {};
  // Path parameters (`/a.jsp;jsessionid=1`) are not part of the name.
  const segment = path.slice(path.lastIndexOf("/") + 1).split(";")[0]!;
  const dot = segment.lastIndexOf(".");
  // A leading dot marks a hidden name (.htaccess), not an extension.
  const extension = dot > 0 && dot < segment.length - 1 ? segment.slice(dot + 1).toLowerCase() : undefined;
  return { path, extension };
}
