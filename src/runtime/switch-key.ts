import type { Scalar } from "./bundle.js";

/** ASCII-only lower-casing: what the case-insensitive P operators (EqualS, …) compare. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/**
 * The key a switch files a literal under, and looks a value up by. The
 * compiler and the evaluator share it, so the two always agree.
 */
export function switchKey(value: Scalar, caseInsensitive: boolean): string {
  if (typeof value === "string") return `s:${caseInsensitive ? asciiLower(value) : value}`;
  return typeof value === "number" ? `n:${value}` : `b:${value}`;
}
