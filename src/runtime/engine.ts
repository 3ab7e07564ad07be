import type { KeyObject } from "node:crypto";
import { describeSchemaErrors, displayPointer } from "../json/index.js";
import { validate as validateBundleSchema } from "../json/validators/bundle.js";
import { bundleVersion, type Bundle, type ServiceRequest, type Term } from "./bundle.js";
import { validateContext, type ContextOptions } from "./context.js";
import { Decider, type DecideOptions, type Decision } from "./decide.js";
import { checkIntegrity } from "./integrity.js";
import { compileEre, EreCompileError, type CompiledRegex } from "./regex/index.js";
import type { CompiledPatterns } from "./terms.js";

/** Why a bundle was refused. `pointer` locates the offending part where there is one. */
export class BundleError extends Error {
  override readonly name = "BundleError";
  constructor(
    message: string,
    readonly pointer = "",
  ) {
    super(message);
  }
}

export interface LoadOptions {
  /**
   * Verify the ed25519 signature with this public key (PEM or KeyObject) and
   * refuse unsigned or tampered bundles.
   */
  readonly publicKey?: KeyObject | string;
}

/**
 * A loaded, checked bundle ready to decide transactions. Loading validates
 * the JSON Schema, the content hash, the signature when a key is given, and
 * every cross-reference, so evaluation never meets a malformed graph.
 * The engine decides with the loaded value's own lists, not copies: change
 * nothing in it after loading, or decisions stop matching what was checked.
 */
export class PolicyEngine {
  private readonly decider: Decider;

  private constructor(
    readonly bundle: Bundle,
    compiledPatterns: CompiledPatterns,
  ) {
    this.decider = new Decider(bundle, compiledPatterns);
  }

  /** Throws BundleError for anything but a valid bundle of a known version. */
  static load(value: unknown, options: LoadOptions = {}): PolicyEngine {
    const { bundle, compiledPatterns } = checkBundle(value);
    const problem = checkIntegrity(bundle, options.publicKey);
    if (problem) throw new BundleError(integrityMessages[problem]);
    return new PolicyEngine(bundle, compiledPatterns);
  }

  /**
   * Decides a transaction at its point. Throws ContextError (with JSON
   * pointers) for a context that does not follow the schema: a malformed
   * context never yields a silently empty plan.
   */
  decide(context: unknown, options: DecideOptions & ContextOptions = {}): Decision {
    const checked = validateContext(context, options);
    if (!checked.ok) throw checked.errors[0]!;
    return this.decider.decide(checked.context, options);
  }
}

const integrityMessages = {
  "hash-mismatch": "the bundle's content does not match its hash: it was changed after compilation",
  unsigned: "the bundle is not signed, and a signature is required",
  "wrong-key": "the bundle was signed with another key",
  "bad-signature": "the bundle's signature does not verify: it was changed after signing",
} as const;

function checkBundle(value: unknown): { bundle: Bundle; compiledPatterns: CompiledPatterns } {
  if (typeof value === "object" && value !== null && "version" in value && value.version !== bundleVersion && "format" in value) {
    throw new BundleError(`bundle format version ${String(value.version)} is not supported (this runtime reads version ${bundleVersion})`, "/version");
  }
  if (!validateBundleSchema(value)) {
    const issue = describeSchemaErrors(validateBundleSchema.errors ?? [])[0];
    throw new BundleError(issue ? `${displayPointer(issue.pointer)}: ${issue.message}` : "not a valid bundle", issue?.pointer ?? "");
  }
  const bundle = value as Bundle;
  return { bundle, compiledPatterns: checkReferences(bundle) };
}

/**
 * Indices the schema cannot check: every reference in range, terms only
 * referring to earlier terms (no cycles), patterns that parse. A pointer is
 * only made for an index out of range: one made per index checked made this
 * check allocation-bound on large bundles. Returns the compiled patterns, so
 * that the Decider does not parse them again.
 */
function checkReferences(bundle: Bundle): CompiledPatterns {
  const terms = bundle.terms.length;
  const { rulesets, rules, actions } = bundle;
  const compiledPatterns = new Map<Term, CompiledRegex>();
  bundle.terms.forEach((term, id) => {
    if (!refersToEarlierTerms(term, id)) throw new BundleError(`/terms/${id}: a term may only refer to earlier terms`, `/terms/${id}`);
    if (term.t === "match") compiledPatterns.set(term, compiledPattern(term, id));
  });
  const checkRequest = (request: ServiceRequest, pointer: string): void => {
    request.params.forEach((p, i) => {
      if (p.value >= terms) throw outOfRange(p.value, `${pointer}/params/${i}/value`);
    });
    request.alternates.forEach((a, i) => checkRequest(a, `${pointer}/alternates/${i}`));
  };
  rules.forEach((rule, i) => {
    if (rule.ruleset >= rulesets.length) throw outOfRange(rule.ruleset, `/rules/${i}/ruleset`);
  });
  actions.forEach((action, i) => {
    if (action.rule >= rules.length) throw outOfRange(action.rule, `/actions/${i}/rule`);
    action.guard.forEach((part, j) => {
      if (part.term >= terms) throw outOfRange(part.term, `/actions/${i}/guard/${j}/term`);
    });
    if (action.kind === "apply") checkRequest(action.service, `/actions/${i}/service`);
  });
  for (const key of Object.keys(bundle.graphs)) {
    const graph = bundle.graphs[key]!;
    const base = `/graphs/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
    graph.slots.forEach((slot, i) => {
      if (slot.ruleset >= rulesets.length) throw outOfRange(slot.ruleset, `${base}/slots/${i}/ruleset`);
      const always = beyond(slot.always, actions.length);
      if (always !== undefined) throw outOfRange(always, `${base}/slots/${i}/always`);
      slot.switches.forEach((table, j) => {
        if (table.term >= terms) throw outOfRange(table.term, `${base}/slots/${i}/switches/${j}/term`);
        for (const value of Object.keys(table.cases)) {
          const action = beyond(table.cases[value]!, actions.length);
          if (action !== undefined) throw outOfRange(action, `${base}/slots/${i}/switches/${j}/cases`);
        }
      });
    });
    for (const table of [graph.consumers, graph.consumerGroups, graph.providers, graph.providerGroups]) {
      for (const endpoint of Object.keys(table)) {
        const slot = beyond(table[endpoint]!, graph.slots.length);
        if (slot !== undefined) throw outOfRange(slot, base);
      }
    }
  }
  return compiledPatterns;
}

function compiledPattern(term: Term & { readonly t: "match" }, id: number): CompiledRegex {
  try {
    return compileEre(term.pattern, { caseInsensitive: term.ci });
  } catch (error) {
    if (error instanceof EreCompileError) throw new BundleError(`/terms/${id}: ${error.detail.message}`, `/terms/${id}/pattern`);
    throw error;
  }
}

function outOfRange(index: number, pointer: string): BundleError {
  return new BundleError(`${pointer}: index ${index} is out of range`, pointer);
}

/** The first index of the list that is not below `length`, if any. */
function beyond(indices: readonly number[], length: number): number | undefined {
  for (const index of indices) if (index >= length) return index;
  return undefined;
}

function refersToEarlierTerms(term: Term, id: number): boolean {
  switch (term.t) {
    case "lit":
    case "root":
      return true;
    case "get":
      return term.of < id;
    case "call":
      return term.of < id && beyond(term.args, id) === undefined;
    case "op":
      return beyond(term.args, id) === undefined;
    case "match":
      return term.arg < id;
    case "ite":
      return term.cond < id && term.then < id && term.else < id;
  }
}
