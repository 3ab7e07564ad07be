/** How the oracle reads the message model's values: text for the string operators, parameters for the plan. */
import type { ParameterValue } from "../../src/runtime/decide.js";
import { ABSENT, type Value } from "../../src/runtime/values.js";

/** The text a string or regex operator sees: a string, or the text form of an object (uri, ip, time). */
export function textOf(value: Value): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value !== "object") return undefined;
  const text = value.text();
  return text === ABSENT ? undefined : text;
}

/** A parameter as the decision carries it: objects by their text, absent (or text-less) values as null. */
export function toParameterValue(value: Value): ParameterValue {
  if (value === ABSENT) return null;
  if (typeof value === "object") return textOf(value) ?? null;
  return value;
}
