import type { Span } from "../../diagnostics/source.js";
import type * as A from "../ast.js";
import { memberPath, methodCall, pathCall, dottedPath, samePath, stringLiteral } from "./ast-nodes.js";
import type { PropertyContext } from "./vocabulary.js";

/**
 * IRML property references and the catalog members they stand for
 * (docs/irml.md §2). One table serves both directions, so reading IRML and
 * writing it back cannot drift apart.
 */

/** The standard system properties: §3.6.1 (general) and Appendix B (HTTP). */
export const systemProperties: Readonly<Record<string, readonly string[]>> = {
  "system-date": ["Core", "system", "date"],
  "client-ip": ["Core", "consumer", "ip"],
  "request-line": ["Http", "request", "line"],
  "request-method": ["Http", "request", "method"],
  "request-path": ["Http", "request", "path"],
  "request-version": ["Http", "request", "version"],
  "request-host": ["Http", "request", "host"],
  "request-uri": ["Http", "request", "uri"],
  "response-line": ["Http", "response", "line"],
  "response-code": ["Http", "response", "code"],
};

/** Calls that take the property name as their one string argument. */
const namedLookups: Readonly<Record<Exclude<PropertyContext, "system">, readonly string[]>> = {
  "req-msg": ["Http", "request", "headers", "get"],
  "res-msg": ["Http", "response", "headers", "get"],
  service: ["Services", "variable"],
};

export interface PropertyRef {
  readonly context: PropertyContext;
  readonly name: string;
}

/** Finds a standard system property, ignoring case as IRML requires of names. */
export function systemPropertyPath(name: string): readonly string[] | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(systemProperties, key) ? systemProperties[key] : undefined;
}

/**
 * The expression for an IRML property. Header and variable names keep their
 * spelling (the catalog compares them without case); system names are
 * resolved here. Undefined for an unknown system property.
 */
export function propertyExpression(ref: PropertyRef, span: Span, nameSpan: Span): A.Expression | undefined {
  if (ref.context === "system") {
    const path = systemPropertyPath(ref.name);
    return path && memberPath(path, span);
  }
  return methodCall(namedLookups[ref.context], [stringLiteral(ref.name, nameSpan)], span);
}

/** The IRML property an expression reads, or undefined when IRML cannot name it. */
export function expressionProperty(expression: A.Expression): PropertyRef | undefined {
  const path = dottedPath(expression);
  if (path) {
    const system = Object.entries(systemProperties).find(([, target]) => samePath(path, target));
    return system && { context: "system", name: system[0] };
  }
  const lookup = pathCall(expression);
  const argument = lookup?.args.length === 1 ? lookup.args[0] : undefined;
  if (!lookup || argument?.kind !== "StringLiteral") return undefined;
  for (const [context, target] of Object.entries(namedLookups) as [PropertyContext, readonly string[]][]) {
    if (samePath(lookup.path, target)) return { context, name: argument.value };
  }
  return undefined;
}
