import { dirname } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import { loadSitePolicy } from "../policy/site-policy.js";
import type { SitePolicy } from "../policy/site-policy-types.js";
import { loadCatalogPaths, type Catalogs } from "../semantic/index.js";
import { readNamedFile } from "./files.js";
import type { CliIo } from "./io.js";

export interface LoadedInputs {
  readonly policy?: SitePolicy;
  /** The policy file's folder: its `files` paths are relative to it. */
  readonly policyDirectory?: string;
  readonly catalogs: Catalogs;
  /** Problems of the policy and catalog files, to report with the rules' own. */
  readonly diagnostics: Diagnostic[];
  readonly sources: Map<string, SourceFile>;
}

/** The compile options the loaded policy and catalogs give. */
export function compileInputs(loaded: LoadedInputs): { catalogs: Catalogs; policy?: SitePolicy; policyDirectory?: string } {
  return { catalogs: loaded.catalogs, ...(loaded.policy ? { policy: loaded.policy, policyDirectory: loaded.policyDirectory! } : {}) };
}

/** Loads `--policy` and `--catalog` files; undefined when a named file cannot be read. */
export function loadPolicyAndCatalogs(policyPath: string | undefined, catalogPaths: readonly string[], io: CliIo): LoadedInputs | undefined {
  const sources = new Map<string, SourceFile>();
  const diagnostics: Diagnostic[] = [];
  let policy: SitePolicy | undefined;
  if (policyPath !== undefined) {
    const source = readNamedFile(policyPath, io);
    if (!source) return undefined;
    sources.set(source.path, source);
    const loaded = loadSitePolicy(source);
    diagnostics.push(...loaded.diagnostics);
    policy = loaded.policy;
  }
  for (const path of catalogPaths) {
    const source = readNamedFile(path, io);
    if (!source) return undefined;
    sources.set(source.path, source);
  }
  const catalogs = loadCatalogPaths(catalogPaths);
  diagnostics.push(...catalogs.diagnostics);
  return { ...(policy ? { policy, policyDirectory: dirname(policyPath!) } : {}), catalogs: catalogs.catalogs, diagnostics, sources };
}
