/**
 * The OPES tracing and bypass headers of the HTTP binding (RFC 4236 §4-5):
 *
 *   OPES-System = "OPES-System" ":" #trace-entry
 *   OPES-Via    = "OPES-Via" ":" #trace-entry
 *   trace-entry = opes-agent-id *( ";" parameter )
 *   OPES-Bypass = "OPES-Bypass" ":" ( "*" | 1#bypass-entry )
 *   bypass-entry = opes-agent-id          opes-agent-id = absoluteURI
 *
 * plus Cache-Control: no-transform, a provider's standing prohibition.
 */
import { fieldListElements, type HeaderField, isToken, splitHeaderList } from "./message/header-list.js";

export interface BypassRequest {
  /** Bypass every bypassable service: `*`, or an instruction this processor cannot read. */
  readonly all: boolean;
  /** The well-formed agent URIs named, in order, without repetitions. */
  readonly uris: string[];
  /** Some entry was not an absolute URI (or `*` was mixed into a list); `all` is then set. */
  readonly malformed: boolean;
}

/** An absoluteURI (RFC 3986 §4.3): a scheme, a colon, then URI characters only, escapes well formed. */
const absoluteUri = /^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+;=]|%[0-9A-Fa-f]{2})+$/;

/**
 * Reads the values of every OPES-Bypass field of a request. A bypass
 * instruction the processor cannot read can name nothing it can rule out, so
 * it means every service (RFC 3897 §4.3: an unknown URI is the wildcard;
 * §4: when unsure a URI does not match a service, bypass it): a malformed
 * entry, an empty field, or `*` inside a list all give `all`.
 */
export function parseOpesBypass(values: readonly string[]): BypassRequest {
  // Several fields are one list (RFC 9110 §5.3), so `*` must be the only entry of all of them.
  const fields = values.map(splitHeaderList);
  const entries = fields.flat();
  const uris = [...new Set(entries.filter((entry) => absoluteUri.test(entry)))];
  const wildcard = entries.includes("*");
  const malformed =
    fields.some((field) => field.length === 0) ||
    (wildcard && entries.length > 1) ||
    entries.some((entry) => entry !== "*" && !absoluteUri.test(entry));
  return { all: wildcard || malformed, uris, malformed };
}

/** Trace parameters: attribute names are tokens; values of any text. */
export type TraceParameters = Readonly<Record<string, string>> | readonly (readonly [string, string])[];

/**
 * One trace entry: `uri` or `uri; name=value; ...`. Characters a URI cannot
 * hold (spaces, commas, quotes, CR/LF) are percent-encoded, so an entry can
 * never split a list or a header; a value that is not a token is written as
 * a quoted-string with control characters replaced by spaces, which a
 * quoted-string cannot carry. Throws RangeError for an attribute name that is
 * not a token: parameter names are the program's own constants.
 */
export function formatTraceEntry(uri: string, params: TraceParameters = []): string {
  const entries = Array.isArray(params) ? (params as readonly (readonly [string, string])[]) : Object.entries(params);
  const formatted = entries.map(([name, value]) => {
    if (!isToken(name)) throw new RangeError(`trace parameter name ${JSON.stringify(name)} is not an HTTP token`);
    return `${name}=${isToken(value) ? value : quotedString(value)}`;
  });
  return [encodeUriText(uri), ...formatted].join("; ");
}

/** Percent-encodes what may not appear in a URI (and the comma, which would split the list). */
function encodeUriText(uri: string): string {
  return uri.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#[\]@!$&'()*+;=%]/gu, (character) =>
    [...new TextEncoder().encode(character)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join(""),
  );
}

function quotedString(value: string): string {
  // Control characters other than HTAB cannot appear in a quoted-string, not even escaped (RFC 9110 §5.6.4).
  const printable = value.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, " ");
  return `"${printable.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

/**
 * The single OPES-Via field value after appending entries: the existing
 * fields' entries first, in order, then the new ones (RFC 4236 §4: append,
 * never reorder; one field rather than repeated fields). Empty list elements
 * of the existing fields are dropped.
 */
export function appendOpesVia(existing: readonly string[], entries: readonly string[]): string {
  return [...existing.flatMap(splitHeaderList), ...entries].join(", ");
}

/** Whether any Cache-Control field carries the no-transform directive (RFC 9111 §5.2), in any letter case. */
export function hasNoTransform(headers: readonly HeaderField[]): boolean {
  return fieldListElements(headers, "cache-control").some((directive) => {
    const name = directive.split("=")[0]!.trim();
    return name.toLowerCase() === "no-transform";
  });
}
