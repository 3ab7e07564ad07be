/**
 * The values a rule program computes with at run time. Strings, numbers and
 * booleans are JavaScript primitives; message data with members (an address,
 * a URI, a header section) is a RuntimeObject; a property the message does
 * not have is ABSENT, which every comparison treats as false.
 */

/** A property the message does not have (no such header, no query in the URI, an unknown consumer). */
export const ABSENT: unique symbol = Symbol("absent");
export type Absent = typeof ABSENT;

export type Value = string | number | boolean | Absent | RuntimeObject;

/** A value with members: what a catalog object type or module object is at run time. */
export interface RuntimeObject {
  /** The catalog type (`ip`, `headers`) or, for module objects, their path (`Http.request`). */
  readonly typeName: string;
  /**
   * Reads a property or nested object. `path` is the member's static catalog
   * path (`Http.request.uri.host`), by which members the model does not know
   * (a processor's catalog extension) are looked up in the context.
   */
  member(name: string, path: string): Value;
  /** Calls a method (`Http.request.headers.get`); arguments are already evaluated. */
  call(name: string, args: readonly Value[], path: string): Value;
  /**
   * The canonical text the string and regular-expression operators use, for
   * types that have one (ip, uri, time, header); ABSENT for the others or
   * when the text is unknown.
   */
  text(): string | Absent;
}

export function isAbsent(value: Value): value is Absent {
  return value === ABSENT;
}

export function isRuntimeObject(value: Value): value is RuntimeObject {
  return typeof value === "object";
}
