/** Pieces of HTTP field syntax (RFC 9110 §5) shared by the message model and the OPES headers. */

/** A header field as the transaction context carries it. */
export type HeaderField = readonly [name: string, value: string];

/**
 * tchar (RFC 9110 §5.6.2) by UTF-16 code unit: every field name of every
 * context is checked against it, and a row for every unit spares the range
 * test per character.
 */
const tokenCharacters = new Uint8Array(0x10000);
for (const character of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") tokenCharacters[character.charCodeAt(0)] = 1;

/** RFC 9110 §5.6.2 token: what a field name, a directive name or a parameter name must be. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (tokenCharacters[text.charCodeAt(i)] === 0) return false;
  return true;
}

/**
 * Strips optional whitespace (SP and HTAB, RFC 9110 §5.6.3) from both ends.
 * A loop, not /[ \t]+$/, which takes quadratic time on a long run of spaces
 * that is not at the end (a hostile header value).
 */
export function trimOws(text: string): string {
  const isOws = (index: number): boolean => text[index] === " " || text[index] === "\t";
  let start = 0;
  let end = text.length;
  while (start < end && isOws(start)) start++;
  while (end > start && isOws(end - 1)) end--;
  return text.slice(start, end);
}

/**
 * The elements of a comma-separated list (RFC 9110 §5.6.1), with commas
 * inside quoted strings kept; elements are trimmed and empty ones dropped,
 * as recipients must accept `a, , b`.
 */
export function splitHeaderList(value: string): string[] {
  const elements: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === "\\") i++;
    else if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) {
      elements.push(value.slice(start, i));
      start = i + 1;
    }
  }
  elements.push(value.slice(start));
  return elements.map(trimOws).filter((element) => element !== "");
}

/**
 * Whether `text.toUpperCase() === upper`, for an `upper` in ASCII capitals
 * (request methods: `CONNECT`, `OPTIONS`). For ASCII text the case-blind
 * test answers the same without making the upper-case string.
 */
export function equalsUpperCase(text: string, upper: string): boolean {
  return isAscii(text) ? equalsIgnoringCase(text, upper) : text.toUpperCase() === upper;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/**
 * Whether `a.toLowerCase() === b.toLowerCase()`, without making either
 * string when both are ASCII: finding a field by name (`Http.request.headers.get("User-Agent")`)
 * would otherwise lower-case the name on every decision. Most fields of a
 * section differ from the name sought in their first letter, which settles
 * it at once.
 */
export function equalsIgnoringCase(a: string, b: string): boolean {
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    // Up to here both are ASCII and agree, and lower-casing maps each ASCII character alone.
    if ((x | y) >= 0x80) return a.toLowerCase() === b.toLowerCase();
    if (x !== y && asciiLowerCode(x) !== asciiLowerCode(y)) return false;
  }
  // One is an ASCII prefix of the other; lower-casing keeps the length of ASCII text.
  return a.length === b.length || (!(isAscii(a) && isAscii(b)) && a.toLowerCase() === b.toLowerCase());
}

function asciiLowerCode(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code + 0x20 : code;
}

/** The index of the first field at or after `from` with this name (case-insensitive); -1 when there is none. */
function findField(headers: readonly HeaderField[], name: string, from: number): number {
  for (let i = from; i < headers.length; i++) if (equalsIgnoringCase(headers[i]![0], name)) return i;
  return -1;
}

/** Whether some field has this name (case-insensitive). */
export function hasField(headers: readonly HeaderField[], name: string): boolean {
  return findField(headers, name, 0) >= 0;
}

/** The value of the first field with this name (case-insensitive). */
export function firstFieldValue(headers: readonly HeaderField[], name: string): string | undefined {
  const index = findField(headers, name, 0);
  return index < 0 ? undefined : trimOws(headers[index]![1]);
}

/** Every value of the fields with this name (case-insensitive), in order. */
export function fieldValues(headers: readonly HeaderField[], name: string): string[] {
  const values: string[] = [];
  for (let i = findField(headers, name, 0); i >= 0; i = findField(headers, name, i + 1)) values.push(trimOws(headers[i]![1]));
  return values;
}

/** The list elements of every field with this name, in order. */
export function fieldListElements(headers: readonly HeaderField[], name: string): string[] {
  return fieldValues(headers, name).flatMap(splitHeaderList);
}

/** The media type of the first Content-Type field in lower case, without parameters (RFC 9110 §8.3). */
export function mediaTypeOf(headers: readonly HeaderField[]): string | undefined {
  const value = firstFieldValue(headers, "content-type");
  if (value === undefined) return undefined;
  const semicolon = value.indexOf(";");
  const mediaType = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === "" ? undefined : mediaType;
}
