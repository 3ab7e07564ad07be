import { relative, resolve } from "node:path";
import type { FailureMode } from "../../runtime/bundle.js";
import type { Decision, Origin, ParameterValue, PlannedAlternate, PlannedService, Refusal, RefusalReason } from "../../runtime/decide.js";

/*
 * What a test case expects of a decision, and how a decision is compared with
 * it. Only the members an expectation gives are compared; lists of services
 * and alternates are compared in order, refusals in any order.
 */

export type Parameters = Readonly<Record<string, ParameterValue>>;

export interface ExpectedAlternate {
  readonly uri: string;
  readonly params?: Parameters;
  readonly onFailure?: FailureMode;
}

export interface ExpectedService extends ExpectedAlternate {
  readonly alternates?: readonly ExpectedAlternate[];
  readonly bypassRefused?: boolean;
  /** `file` is resolved against the test file's directory before comparing. */
  readonly origin?: { readonly ruleset?: string; readonly file?: string; readonly line?: number };
}

export interface ExpectedRefusal {
  readonly uri: string;
  readonly reason?: RefusalReason;
  readonly detail?: string;
}

export interface Expectation {
  readonly services?: readonly ExpectedService[];
  readonly refused?: readonly ExpectedRefusal[];
  readonly stop?: boolean;
  readonly fail?: string | null;
  readonly trace?: Readonly<Record<string, string | null>>;
}

/** The expectation as the test file writes it (the schema has checked the shape): URIs stand for `{ "uri": … }`. */
export function normalizeExpectation(raw: Record<string, unknown>): Expectation {
  const asObject = <T extends { uri: string }>(item: unknown): T => (typeof item === "string" ? ({ uri: item } as T) : (item as T));
  const services = raw["services"] as unknown[] | undefined;
  return {
    ...(raw as Expectation),
    ...(services
      ? {
          services: services.map((item) => {
            const service = asObject<ExpectedService & { uri: string }>(item);
            return service.alternates ? { ...service, alternates: service.alternates.map((a) => asObject<ExpectedAlternate & { uri: string }>(a)) } : service;
          }),
        }
      : {}),
  };
}

/** One line of a list diff: kept (both sides agree), only expected, or only actual. */
export interface DiffLine {
  readonly sign: " " | "-" | "+";
  readonly text: string;
}

export type Mismatch =
  | { readonly field: "services"; readonly expected: readonly ExpectedService[]; readonly actual: readonly PlannedService[]; readonly lines: readonly DiffLine[] }
  | { readonly field: "refused"; readonly expected: readonly ExpectedRefusal[]; readonly actual: readonly Refusal[]; readonly lines: readonly DiffLine[] }
  | { readonly field: "stop"; readonly expected: boolean; readonly actual: boolean }
  | { readonly field: "fail"; readonly expected: string | null; readonly actual: string | null }
  | { readonly field: "trace"; readonly header: string; readonly expected: string | null; readonly actual: string | null };

/** How the comparison sees files: origins are compared and shown relative to the test file's directory. */
export interface CompareOptions {
  readonly baseDir: string;
}

/** Every way the decision differs from the expectation; empty when the case passes. */
export function compareDecision(decision: Decision, expect: Expectation, options: CompareOptions): Mismatch[] {
  const mismatches: Mismatch[] = [];
  if (expect.services) {
    const lines = diffServices(expect.services, decision.services, options);
    if (lines.some((line) => line.sign !== " ")) mismatches.push({ field: "services", expected: expect.services, actual: decision.services, lines });
  }
  if (expect.refused) {
    const lines = diffRefusals(expect.refused, decision.refused);
    if (lines.some((line) => line.sign !== " ")) mismatches.push({ field: "refused", expected: expect.refused, actual: decision.refused, lines });
  }
  if (expect.stop !== undefined && expect.stop !== decision.stop) mismatches.push({ field: "stop", expected: expect.stop, actual: decision.stop });
  const failReason = decision.fail?.reason ?? null;
  if (expect.fail !== undefined && expect.fail !== failReason) mismatches.push({ field: "fail", expected: expect.fail, actual: failReason });
  for (const [header, expected] of Object.entries(expect.trace ?? {})) {
    const actual = decision.trace[header] ?? null;
    if (expected !== actual) mismatches.push({ field: "trace", header, expected, actual });
  }
  return mismatches;
}

// ----- services: in order, so a longest common subsequence lines them up

function diffServices(written: readonly ExpectedService[], actual: readonly PlannedService[], options: CompareOptions): DiffLine[] {
  const focus = fieldsIn(written);
  // Expected origins name files relative to the test file; actual ones, relative to the working directory.
  const expected = written.map((e) => (e.origin?.file !== undefined ? { ...e, origin: { ...e.origin, file: resolve(options.baseDir, e.origin.file) } } : e));
  return diffInOrder(
    expected,
    actual,
    serviceMatches,
    (e) => serviceText(e, new Set(Object.keys(e)), options),
    (a) => serviceText(a, focus, options),
  );
}

function serviceMatches(expected: ExpectedService, actual: PlannedService): boolean {
  if (!alternateMatches(expected, actual)) return false;
  if (expected.bypassRefused !== undefined && expected.bypassRefused !== actual.bypassRefused) return false;
  if (expected.alternates && !sameLength(expected.alternates, actual.alternates, alternateMatches)) return false;
  return expected.origin === undefined || originMatches(expected.origin, actual.origin);
}

function alternateMatches(expected: ExpectedAlternate, actual: PlannedAlternate): boolean {
  if (expected.uri !== actual.uri) return false;
  if (expected.onFailure !== undefined && expected.onFailure !== actual.onFailure) return false;
  return expected.params === undefined || sameParameters(expected.params, actual.params);
}

function originMatches(expected: NonNullable<ExpectedService["origin"]>, actual: Origin): boolean {
  if (expected.ruleset !== undefined && expected.ruleset !== actual.ruleset) return false;
  if (expected.line !== undefined && expected.line !== actual.line) return false;
  return expected.file === undefined || resolve(expected.file) === resolve(actual.file);
}

function sameParameters(expected: Parameters, actual: Parameters): boolean {
  const keys = Object.keys(expected);
  return keys.length === Object.keys(actual).length && keys.every((key) => key in actual && Object.is(expected[key], actual[key]));
}

function sameLength<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean): boolean {
  return expected.length === actual.length && expected.every((e, i) => matches(e, actual[i]!));
}

/** The optional fields any expected service gives: an actual service is shown with those. */
function fieldsIn(expected: readonly ExpectedService[]): Set<string> {
  return new Set(expected.flatMap((service) => Object.keys(service)));
}

/** `urn:svc:a level="high", on failure ignore, otherwise urn:svc:b (no parameters)`, with the fields in focus. */
function serviceText(service: ExpectedService | PlannedService, focus: ReadonlySet<string>, options: CompareOptions): string {
  const parts = [uriAndParameters(service), ...alternateDetails(service, focus)];
  if (service.alternates && focus.has("alternates")) {
    const alternates = service.alternates.map((a: ExpectedAlternate) => {
      const details = alternateDetails(a, focus);
      return `${uriAndParameters(a)}${details.length > 0 ? ` (${details.join(", ")})` : ""}`;
    });
    parts.push(alternates.length === 0 ? "no alternates" : `otherwise ${alternates.join(", then ")}`);
  }
  if (service.bypassRefused !== undefined && focus.has("bypassRefused")) parts.push(service.bypassRefused ? "bypass refused" : "bypass not refused");
  if (service.origin && focus.has("origin")) parts.push(originText(service.origin, options));
  return parts.join(", ");
}

function uriAndParameters(service: ExpectedAlternate): string {
  const entries = Object.entries(service.params ?? {});
  return [service.uri, ...entries.map(([name, value]) => `${name}=${JSON.stringify(value)}`)].join(" ");
}

/** What else is said of a service or alternate: that it has no parameters, its failure mode. */
function alternateDetails(service: ExpectedAlternate, focus: ReadonlySet<string>): string[] {
  const details: string[] = [];
  if (service.params && Object.keys(service.params).length === 0 && focus.has("params")) details.push("no parameters");
  if (service.onFailure !== undefined && focus.has("onFailure")) details.push(`on failure ${service.onFailure}`);
  return details;
}

/** `from ruleset mailto:bob@example.net at ../rules/bob.p:9`, with the parts given; files relative to the test file. */
function originText(origin: Partial<Origin>, options: CompareOptions): string {
  const file = origin.file === undefined ? undefined : relative(options.baseDir, resolve(origin.file));
  const where = file !== undefined ? `${file}${origin.line !== undefined ? `:${origin.line}` : ""}` : origin.line !== undefined ? `line ${origin.line}` : undefined;
  return `from ${[origin.ruleset === undefined ? undefined : `ruleset ${origin.ruleset}`, where].filter((x) => x !== undefined).join(" at ")}`;
}

/**
 * A diff of two lists by a longest common subsequence under `matches`:
 * items both sides agree on are kept, the others shown as removed
 * (expected only) or added (actual only), expected first where both differ.
 */
function diffInOrder<E, A>(expected: readonly E[], actual: readonly A[], matches: (e: E, a: A) => boolean, expectedText: (e: E) => string, actualText: (a: A) => string): DiffLine[] {
  const n = expected.length;
  const m = actual.length;
  // common[i][j]: the longest common subsequence of expected[i..] and actual[j..].
  const common = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      common[i]![j] = matches(expected[i]!, actual[j]!) ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && matches(expected[i]!, actual[j]!) && common[i]![j] === common[i + 1]![j + 1]! + 1) {
      lines.push({ sign: " ", text: expectedText(expected[i++]!) });
      j++;
    } else if (i < n && (j === m || common[i + 1]![j]! >= common[i]![j + 1]!)) {
      lines.push({ sign: "-", text: expectedText(expected[i++]!) });
    } else {
      lines.push({ sign: "+", text: actualText(actual[j++]!) });
    }
  }
  return lines;
}

// ----- refusals: in any order

function diffRefusals(expected: readonly ExpectedRefusal[], actual: readonly Refusal[]): DiffLine[] {
  const unmatched = new Set(actual.map((_, index) => index));
  const lines: DiffLine[] = expected.map((refusal) => {
    const found = [...unmatched].find((index) => refusalMatches(refusal, actual[index]!));
    if (found === undefined) return { sign: "-", text: refusalText(refusal) };
    unmatched.delete(found);
    return { sign: " ", text: refusalText(refusal) };
  });
  for (const index of unmatched) lines.push({ sign: "+", text: refusalText(actual[index]!) });
  return lines;
}

function refusalMatches(expected: ExpectedRefusal, actual: Refusal): boolean {
  return expected.uri === actual.uri && (expected.reason === undefined || expected.reason === actual.reason) && (expected.detail === undefined || expected.detail === actual.detail);
}

function refusalText(refusal: ExpectedRefusal): string {
  return [refusal.uri, refusal.reason, refusal.detail === undefined ? undefined : `(${refusal.detail})`].filter((x) => x !== undefined).join(" ");
}
