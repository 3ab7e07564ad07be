import { checkSources, type CheckOptions, type CheckResult, type SourceInput } from "../check.js";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
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
  const plainFiles = (path: string) => plainFileAssignment(options.policy, path);
  const check = checkSources(ordered, { ...options, pointsForPlainFile: (path) => plainFiles(path)?.points });
  if (hasErrors(check.diagnostics)) return { diagnostics: check.diagnostics, check };
  const files: CheckedFile[] = check.files.map((f) => ({ program: f.parse.program, source: f.parse.source, model: f.model! }));
  const lowered = lowerPrograms(files, { plainFiles, skipUnassignedPlainFiles: options.checkOnly ?? false });
  const diagnostics = sortDiagnostics([...check.diagnostics, ...lowered.diagnostics]);
  if (hasErrors(diagnostics)) return { diagnostics, check, lowered: lowered.program };
  return { bundle: assembleBundle(lowered.program, options.policy), diagnostics, check, lowered: lowered.program };
}

function plainFileAssignment(policy: SitePolicy | undefined, path: string): PlainFileAssignment | undefined {
  const assignment = policy?.files.find((f) => samePath(f.path, path));
  if (!assignment) return undefined;
  return {
    protocol: assignment.protocol,
    points: assignment.points,
    endpoint: assignment.authorizedBy.class,
    id: assignment.authorizedBy.id,
    group: assignment.authorizedBy.group,
  };
}

/** Policy paths are relative to where opes runs; compare them without a leading `./`. */
function samePath(a: string, b: string): boolean {
  const normalize = (p: string) => p.replace(/^\.\//, "").replace(/\\/g, "/");
  return normalize(a) === normalize(b);
}
