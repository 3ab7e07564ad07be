import { resolve } from "node:path";
import { checkSources, type CheckOptions, type CheckResult, type SourceInput } from "../check.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkPolicy } from "../policy/compile-checks.js";
import type { SitePolicy } from "../policy/site-policy-types.js";
import type { Bundle } from "../runtime/bundle.js";
import { assembleBundle } from "./bundle.js";
import type { LoweredProgram } from "./ir.js";
import { lowerPrograms, type CheckedFile, type PlainFileAssignment } from "./lower.js";

export { assembleBundle, serializeBundle, signBundle } from "./bundle.js";
export type { LoweredAction, LoweredProgram, LoweredRuleSet } from "./ir.js";
export { lowerPrograms, type CheckedFile, type PlainFileAssignment } from "./lower.js";

export interface CompileOptions extends Omit<CheckOptions, "pointsForPlainFile"> {
  /** The operator's site policy; without one nothing is refused and no trace identity is known. */
  readonly policy?: SitePolicy;
  /** The folder of the site policy file: its `files` paths are relative to it. */
  readonly policyDirectory?: string;
  /**
   * Checking, not installing (`opes check`): a plain P file the site policy
   * does not place is checked but not lowered, since it has no endpoint yet.
   */
  readonly checkOnly?: boolean;
}

export interface CompileResult {
  /** Absent when any diagnostic is an error: nothing is installed then. */
  readonly bundle?: Bundle;
  readonly diagnostics: readonly Diagnostic[];
  readonly check: CheckResult;
  readonly lowered?: LoweredProgram;
}

/**
 * Checks and compiles a rule set. Files are taken in path order, so the
 * order they were named in does not change the bundle.
 */
export function compileSources(inputs: readonly SourceInput[], options: CompileOptions = {}): CompileResult {
  const ordered = [...inputs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const plainFiles = (path: string) => plainFileAssignment(options.policy, options.policyDirectory, path);
  const check = checkSources(ordered, { ...options, pointsForPlainFile: (path) => plainFiles(path)?.points });
  if (hasErrors(check.diagnostics)) return { diagnostics: check.diagnostics, check };
  const files: CheckedFile[] = check.files.map((f) => ({ program: f.parse.program, source: f.parse.source, model: f.model! }));
  options.onProgress?.("lowering", 0, 1);
  const defaultFailure = failureModeLookup(options.policy);
  const lowered = lowerPrograms(files, { plainFiles, defaultFailure, skipUnassignedPlainFiles: options.checkOnly ?? false });
  options.onProgress?.("checking the site policy", 0, 1);
  const policyDiagnostics = options.policy ? checkPolicy(lowered.program, options.policy, check.sources) : [];
  const diagnostics = sortDiagnostics([...check.diagnostics, ...lowered.diagnostics, ...policyDiagnostics]);
  if (hasErrors(diagnostics)) return { diagnostics, check, lowered: lowered.program };
  options.onProgress?.("building decision graphs", 0, 1);
  return { bundle: assembleBundle(lowered.program, options.policy), diagnostics, check, lowered: lowered.program };
}

/** The site policy's failure mode by service URI, looked up in one map instead of searching the list per request. */
function failureModeLookup(policy: SitePolicy | undefined): (uri: string) => "abort" | "ignore" | undefined {
  const modes = new Map<string, "abort" | "ignore">();
  // The first listing of a URI wins, as a search of the list would find it.
  for (const service of policy?.services ?? []) if (!modes.has(service.uri)) modes.set(service.uri, service.onFailure);
  return (uri) => modes.get(uri);
}

function plainFileAssignment(policy: SitePolicy | undefined, policyDirectory: string | undefined, path: string): PlainFileAssignment | undefined {
  const assignment = policy?.files.find((f) => samePath(policyDirectory === undefined ? f.path : resolve(policyDirectory, f.path), path, policyDirectory !== undefined));
  if (!assignment) return undefined;
  return {
    protocol: assignment.protocol,
    points: assignment.points,
    endpoint: assignment.authorizedBy.class,
    id: assignment.authorizedBy.id,
    group: assignment.authorizedBy.group,
  };
}

/**
 * A policy's `files` paths are relative to the policy file's folder when it
 * is known (the CLI), else compared as written without a leading `./`.
 */
function samePath(policyPath: string, inputPath: string, resolved: boolean): boolean {
  if (resolved) return policyPath === resolve(inputPath);
  const normalize = (p: string) => p.replace(/^\.\//, "").replace(/\\/g, "/");
  return normalize(policyPath) === normalize(inputPath);
}
