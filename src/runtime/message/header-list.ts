/** Pieces of HTTP field syntax (RFC 9110 §5) shared by the message model and the OPES headers. */

/** A header field as the transaction context carries it. */
export type HeaderField = readonly [name: string, value: string];

const token = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 §5.6.2 token: what a field name, a directive name or a parameter name must be. */
export function isToken(text: string): boolean {
  return token.test(text);
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

/** Every value of the fields with this name (case-insensitive), in order. */
export function fieldValues(headers: readonly HeaderField[], name: string): string[] {
  const wanted = name.toLowerCase();
  return headers.filter(([fieldName]) => fieldName.toLowerCase() === wanted).map(([, value]) => trimOws(value));
}

/** The list elements of every field with this name, in order. */
export function fieldListElements(headers: readonly HeaderField[], name: string): string[] {
  return fieldValues(headers, name).flatMap(splitHeaderList);
}

/** The media type of the first Content-Type field in lower case, without parameters (RFC 9110 §8.3). */
export function mediaTypeOf(headers: readonly HeaderField[]): string | undefined {
  const value = fieldValues(headers, "content-type")[0];
  const mediaType = value?.split(";")[0]?.trim().toLowerCase();
  return mediaType === "" ? undefined : mediaType;
}
