/**
 * The run-time message model: the catalog modules (Core, Services, Http,
 * Smtp) as RuntimeObjects over one transaction context. Members are computed
 * on first read and cached in the view; members the context cannot supply
 * are ABSENT; members the model does not implement (a processor's catalog
 * extension) are read from `context.properties` by path.
 */
import type { TransactionContext } from "../context.js";
import type { RuntimeObject } from "../values.js";
import { coreModule } from "./core.js";
import { httpModule } from "./http.js";
import { servicesModule } from "./services.js";
import { smtpModule } from "./smtp.js";
import { MessageView, type MessageViewOptions, type ModuleSpec, specPaths } from "./spec.js";
import { typeSpecs } from "./types.js";

export { MessageView, type MessageViewOptions } from "./spec.js";

const modules: ReadonlyMap<string, ModuleSpec> = new Map([
  ["Core", coreModule],
  ["Services", servicesModule],
  ["Http", httpModule],
  ["Smtp", smtpModule],
]);

/** One view per decision: every module object read through it shares the parsed context. */
export function messageView(context: TransactionContext, options: MessageViewOptions = {}): MessageView {
  return new MessageView(context, modules, options);
}

/** A module object over a context (a fresh view; use messageView to share one across modules). */
export function rootObject(
  moduleName: "Core" | "Services" | "Http" | "Smtp" | (string & {}),
  context: TransactionContext,
  options: MessageViewOptions = {},
): RuntimeObject {
  return messageView(context, options).root(moduleName);
}

/**
 * Every member path the model implements, in the catalogs' notation: module
 * members from the module (`Http.request.uri`), type members from the type
 * (`headers.get`). A test compares this with the catalogs.
 */
export function implementedPaths(): string[] {
  return [
    ...[...modules].flatMap(([name, spec]) => specPaths(spec, name)),
    ...typeSpecs.flatMap((spec) => specPaths(spec, spec.typeName)),
  ].sort();
}
