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

/**
 * The value a switch key stands for, the inverse of switchKey: the runtime
 * looks values up by it instead of making a key string per lookup. Undefined
 * for a key that no value has (`n:1.0`: numbers are keyed as JavaScript
 * prints them).
 */
export function switchKeyValue(key: string): Scalar | undefined {
  const text = key.slice(2);
  if (key.startsWith("s:")) return text;
  if (key.startsWith("n:")) {
    const number = Number(text);
    return `${number}` === text ? number : undefined;
  }
  if (key === "b:true") return true;
  return key === "b:false" ? false : undefined;
}
