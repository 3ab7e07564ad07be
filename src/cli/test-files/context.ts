import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../../diagnostics/source.js";
import { displayPointer, parentPointer, type JsonLimits, type JsonObject, type JsonValue } from "../../json/index.js";
import { contextDiagnosticKinds, readContextFile, validateContext, type ContextError, type ContextOptions, type TransactionContext } from "../../runtime/context.js";
import { diagnosticAt } from "./diagnostics.js";
import { isObject, readSource, valueAt, type CaseContextSpec, type ContextLayer } from "./load.js";

export interface CaseContextOptions extends ContextOptions {
  readonly limits?: Partial<JsonLimits>;
}

export interface CaseContext {
  /** Absent when the context is invalid. */
  readonly context?: TransactionContext;
  readonly diagnostics: readonly Diagnostic[];
  /** The context file read, for code frames. */
  readonly source?: SourceFile;
}

/**
 * The transaction of a case: a context file read as `opes eval` reads it,
 * or the inline layers merged and validated, each problem placed at the
 * layer (case, file base, configuration base) that wrote the value.
 */
export function caseContext(spec: CaseContextSpec, options: CaseContextOptions = {}): CaseContext {
  if (spec.kind === "file") {
    const read = readSource(spec.path);
    if (!read.source) return { diagnostics: [read.diagnostic] };
    const checked = readContextFile(read.source, options);
    return { ...(checked.context ? { context: checked.context } : {}), diagnostics: checked.diagnostics, source: read.source };
  }
  const merged = [...spec.bases, spec.own].reduce<JsonObject>((base, layer) => mergeContext(base, layer.value), {});
  const checked = validateContext(merged, options);
  if (checked.ok) return { context: checked.context, diagnostics: [] };
  return { diagnostics: checked.errors.map((error) => placeError(error, spec)) };
}

/** Objects merge member by member; `null` removes a member; anything else replaces. */
export function mergeContext(base: JsonObject, over: JsonObject): JsonObject {
  const result: Record<string, JsonValue> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    if (value === null) delete result[key];
    else if (isObject(value) && isObject(current)) result[key] = mergeContext(current, value);
    else result[key] = value;
  }
  return result;
}

/**
 * Reports a context error in the test file: at the value of the last layer
 * that writes the pointer, or its nearest written ancestor (at worst the
 * case's own context), with the pointer as it reads in that file.
 */
function placeError(error: ContextError, spec: Extract<CaseContextSpec, { kind: "inline" }>): Diagnostic {
  const kind = Object.values(contextDiagnosticKinds).find((k) => k.code === error.code) ?? contextDiagnosticKinds.contextSchemaViolation;
  const prefix = `${displayPointer(error.pointer)}: `;
  const what = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const report = (layer: ContextLayer, pointer: string) => diagnosticAt(kind, layer.document.source, spanOf(layer, pointer), `${layer.pointer}${error.pointer}: ${what}`);
  for (let pointer = error.pointer; pointer !== ""; pointer = parentPointer(pointer)!) {
    const layer = [spec.own, ...[...spec.bases].reverse()].find((l) => valueAt(l.value, pointer) !== undefined);
    if (layer) return report(layer, pointer);
  }
  return report(spec.own, "");
}

/** A scalar is underlined whole; an object or list by its name, so a long block is not. */
function spanOf(layer: ContextLayer, pointer: string): Span {
  const at = `${layer.pointer}${pointer}`;
  const value = valueAt(layer.value, pointer);
  return typeof value === "object" && value !== null ? layer.document.headSpan(at) : layer.document.valueSpan(at);
}
