/**
 * The embeddable evaluator (`opes-rules/runtime`). It imports nothing of the
 * front end (syntax, semantic, policy, lint, compile), so a processor loads
 * only what it runs; a test checks the import graph.
 *
 * ```ts
 * import { PolicyEngine } from "opes-rules/runtime";
 * const engine = PolicyEngine.load(JSON.parse(bundleText));
 * const decision = engine.decide(transactionContext);
 * ```
 */
export * from "./bundle.js";
export { ContextError, validateContext, type ContextOptions, type ContextValidation, type TransactionContext } from "./context.js";
export type { Decision, DecideOptions, Explanation, Origin, PlannedAlternate, PlannedService, Refusal, RefusalReason, RuleExplanation } from "./decide.js";
export { BundleError, PolicyEngine, type LoadOptions } from "./engine.js";
export { checkIntegrity, contentHash, keyId, type IntegrityProblem } from "./integrity.js";
