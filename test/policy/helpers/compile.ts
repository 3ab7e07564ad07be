import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceInput } from "../../../src/check.js";
import { compileSources, type CompileOptions, type CompileResult } from "../../../src/compile/index.js";
import { SourceFile } from "../../../src/diagnostics/source.js";
import { loadSitePolicy, type SitePolicy } from "../../../src/policy/site-policy.js";
import { PolicyEngine } from "../../../src/runtime/index.js";
import { formatDiagnostics } from "../format-diagnostics.js";

/** A site policy from JSON text or a value; a policy that does not load fails the test with its diagnostics. */
export function sitePolicy(document: string | object, path = "policy.json"): SitePolicy {
  const text = typeof document === "string" ? document : JSON.stringify(document, null, 2);
  const result = loadSitePolicy(new SourceFile(path, text));
  if (!result.policy) throw new Error(`the site policy does not load:\n${formatDiagnostics(result.diagnostics)}`);
  return result.policy;
}

/** Compiles rule files given as `{ path: text }` against a site policy. */
export function compileWith(files: Readonly<Record<string, string>>, policy: string | object, options: CompileOptions = {}): CompileResult {
  const inputs = Object.entries(files).map(([path, text]) => ({ path, text }));
  return compileSources(inputs, { ...options, policy: sitePolicy(policy) });
}

/** Compiles and loads the bundle into an engine; any diagnostic fails the test, since these rule sets are meant to be clean. */
export function engineWith(files: Readonly<Record<string, string>>, policy: string | object): PolicyEngine {
  const result = compileWith(files, policy);
  if (!result.bundle || result.diagnostics.length > 0) throw new Error(`the rules do not compile cleanly:\n${formatDiagnostics(result.diagnostics, true)}`);
  return PolicyEngine.load(JSON.parse(JSON.stringify(result.bundle)));
}

/** A folder of rule files (`.p`, `.xml`) with its `policy.json`; paths are relative to the folder, as the policy names them. */
export function readRuleFolder(folder: URL): { policy: SitePolicy; inputs: SourceInput[] } {
  const root = fileURLToPath(folder);
  const policy = sitePolicy(readFileSync(join(root, "policy.json"), "utf8"), join(root, "policy.json"));
  const inputs = ruleFiles(root).map((path) => ({ path: relative(root, path).split("\\").join("/"), text: readFileSync(path, "utf8") }));
  return { policy, inputs };
}

function ruleFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return ruleFiles(path);
      return /\.(p|xml)$/.test(entry.name) ? [path] : [];
    })
    .sort();
}
