import type { Span } from "../diagnostics/source.js";
import type { ActionKind, GuardPart, RuleInfo, RuleSetInfo } from "../runtime/bundle.js";
import type { TermTable } from "./terms.js";

/**
 * The lowered rule set of a whole compilation: what the policy checker, the
 * linter and the graph builder work on. Every action keeps the span of the
 * statement it came from, so later stages can point at it.
 */
export interface LoweredAction {
  readonly action: ActionKind;
  readonly ruleset: number;
  readonly rule: number;
  readonly point: string;
  readonly guard: readonly GuardPart[];
  readonly file: string;
  readonly span: Span;
  readonly line: number;
  readonly column: number;
  /** Spans of each service request (primary, then alternates) and of its static parameters, for diagnostics. */
  readonly serviceSpans?: readonly LoweredServiceSpan[];
}

export interface LoweredServiceSpan {
  readonly uri: string;
  readonly span: Span;
  readonly params: ReadonlyMap<string, Span>;
}

export interface LoweredRuleSet extends RuleSetInfo {
  /** The span of the `ruleset` header (or of the IRML element), for diagnostics. */
  readonly span: Span;
  readonly endpointSpan: Span;
  readonly authorSpan?: Span;
  /** A plain P file assigned to an endpoint by the site policy: the operator wrote it. */
  readonly assignedByPolicy: boolean;
}

export interface LoweredProgram {
  readonly terms: TermTable;
  readonly rulesets: readonly LoweredRuleSet[];
  readonly rules: readonly RuleInfo[];
  readonly actions: readonly LoweredAction[];
}
