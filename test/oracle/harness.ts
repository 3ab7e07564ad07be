/** Running one rule set through both implementations: the compiler and runtime, and the oracle. */
import { expect } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import type { SitePolicy } from "../../src/policy/site-policy-types.js";
import type { TransactionContext } from "../../src/runtime/context.js";
import type { Decision } from "../../src/runtime/decide.js";
import { PolicyEngine } from "../../src/runtime/engine.js";
import { oracleOf, type Oracle, type OracleDecision, type OracleSource } from "./interpreter.js";

export interface Pair {
  readonly engine: PolicyEngine;
  readonly oracle: Oracle;
}

/** Compiles and loads the bundle (through JSON, as a processor would) and loads the oracle; a rule set with errors fails loudly. */
export function loadBoth(files: readonly OracleSource[], policy?: SitePolicy): Pair {
  const result = compileSources(files, policy ? { policy } : {});
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (!result.bundle || errors.length > 0) {
    throw new Error(`the rule set does not compile:\n${errors.map((d) => `${d.code} ${d.message}`).join("\n")}\n${listing(files)}`);
  }
  // The oracle shares the front end's reading of the files, not what the compiler made of them.
  const checked = result.check.files.map((f) => ({ parse: f.parse, model: f.model! }));
  return { engine: PolicyEngine.load(JSON.parse(JSON.stringify(result.bundle))), oracle: oracleOf(checked, policy) };
}

/** The runtime's decision must be the oracle's, to the last field. */
export function expectSameDecision(pair: Pair, context: TransactionContext, files: readonly OracleSource[], policy?: SitePolicy): OracleDecision {
  const expected = pair.oracle.decide(context);
  const actual: Decision = pair.engine.decide(context);
  // Compare as JSON with sorted keys (the decision's wire form) and let vitest show the difference.
  if (stableJson(actual) !== stableJson(expected)) {
    const report = [listing(files), policy ? `policy: ${JSON.stringify(policy)}` : "no policy", `context: ${JSON.stringify(context)}`].join("\n");
    expect(actual, report).toStrictEqual(expected);
  }
  return expected;
}

/** JSON with sorted keys: field order is not part of the decision. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

function listing(files: readonly OracleSource[]): string {
  return files.map((f) => `--- ${f.path}\n${f.text}`).join("\n");
}
