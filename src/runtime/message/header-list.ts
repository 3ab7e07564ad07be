/** Pieces of HTTP field syntax (RFC 9110 §5) shared by the message model and the OPES headers. */

/** A header field as the transaction context carries it. */
export type HeaderField = readonly [name: string, value: string];

/** tchar (RFC 9110 §5.6.2) by ASCII code: every field name of every context is checked against it. */
const tokenCharacters = new Uint8Array(128);
for (const character of "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") tokenCharacters[character.charCodeAt(0)] = 1;

/** RFC 9110 §5.6.2 token: what a field name, a directive name or a parameter name must be. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || tokenCharacters[code] === 0) return false;
  }
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
 * Whether `text.toLowerCase() === lower`, without making the lower-case
 * string when the text is ASCII (field names in contexts are), which is
 * the common case on every decision.
 */
export function equalsLowerCase(text: string, lower: string): boolean {
  if (text.length !== lower.length) return !isAscii(text) && text.toLowerCase() === lower;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    // Up to here both agree, and lower-casing maps each ASCII character alone.
    if (code >= 0x80) return text.toLowerCase() === lower;
    if (code >= 0x41 && code <= 0x5a) code += 0x20;
    if (code !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return false;
  return true;
}

/** Whether some field has this name (case-insensitive). */
export function hasField(headers: readonly HeaderField[], name: string): boolean {
  const wanted = name.toLowerCase();
  for (const [fieldName] of headers) if (equalsLowerCase(fieldName, wanted)) return true;
  return false;
}

/** The value of the first field with this name (case-insensitive). */
export function firstFieldValue(headers: readonly HeaderField[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [fieldName, value] of headers) if (equalsLowerCase(fieldName, wanted)) return trimOws(value);
  return undefined;
}

/** Every value of the fields with this name (case-insensitive), in order. */
export function fieldValues(headers: readonly HeaderField[], name: string): string[] {
  const wanted = name.toLowerCase();
  const values: string[] = [];
  for (const [fieldName, value] of headers) if (equalsLowerCase(fieldName, wanted)) values.push(trimOws(value));
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
