/**
 * Inputs on which the compiler or the runtime disagree with the documented
 * semantics, each pinned by a failing test (`it.fails`) in known-bugs.test.ts.
 * The generators leave an input out while its trigger is false; when a bug is
 * fixed, set its trigger to true in differential.test.ts so the random cases
 * cover it again.
 */
export interface BugTriggers {
  /** Division or remainder by zero, and results beyond 2^53 − 1: an absent value (language §5 item 22). */
  readonly zeroDivisor: boolean;
  /** Conditions whose value is absent (no consumer address, an unreadable HTTP version, no message yet). */
  readonly absentCondition: boolean;
  /** `header otherwise "default"`: an absent left side gives the right one. */
  readonly otherwiseOnAbsent: boolean;
  /** Service objects bound at ruleset level and configured in point blocks. */
  readonly rulesetLevelService: boolean;
  /** A service bound in exclusive branches used as an alternate. */
  readonly branchBoundAlternate: boolean;
  /** A name bound in exclusive branches used as a service parameter (does not compile). */
  readonly branchBoundParameter: boolean;
  /** Endpoint ids written in another letter case than the rulesets' (docs/irml.md §6 item 30). */
  readonly idCase: boolean;
  /** Request targets whose host the runtime's relevance dispatch misreads: with user info, in authority form (CONNECT). */
  readonly requestHostForms: boolean;
}

export const noBugTriggers: BugTriggers = {
  zeroDivisor: false,
  absentCondition: false,
  otherwiseOnAbsent: false,
  rulesetLevelService: false,
  branchBoundAlternate: false,
  branchBoundParameter: false,
  idCase: false,
  requestHostForms: false,
};
