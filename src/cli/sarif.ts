import { isAbsolute, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Diagnostic, DiagnosticDefinition, FixIt, Severity } from "../diagnostics/diagnostic.js";
import type { Range } from "../diagnostics/source.js";

/**
 * SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), as
 * GitHub code scanning and other CI tools read it. Only the parts this tool
 * fills are typed here; the tests validate whole logs against the published
 * schema (schemas/sarif-2.1.0.schema.json).
 */

/** The schema a log declares: the OASIS standard's (errata 01) location. */
export const sarifSchemaUri = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/** The base every relative artifact URI is resolved against. */
const sourceRootId = "%SRCROOT%";

export interface SarifTool {
  readonly name: string;
  readonly version: string;
  readonly informationUri?: string;
}

export interface SarifOptions {
  /**
   * The directory relative paths are relative to (the working directory of
   * the run). Given, files under it are written relative to `%SRCROOT%` and
   * the run records where that is; otherwise relative paths stay relative.
   */
  readonly sourceRoot?: string;
}

export type SarifLevel = "error" | "warning" | "note";

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation: { readonly artifactLocation: SarifArtifactLocation; readonly region: SarifRegion };
  readonly message?: { readonly text: string };
}

export interface SarifReplacement {
  readonly deletedRegion: SarifRegion;
  readonly insertedContent?: { readonly text: string };
}

export interface SarifFix {
  readonly description: { readonly text: string };
  readonly artifactChanges: readonly { readonly artifactLocation: SarifArtifactLocation; readonly replacements: readonly SarifReplacement[] }[];
}

export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly stage: string; readonly tags: readonly string[] };
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex?: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly fixes?: readonly SarifFix[];
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: "2.1.0";
  readonly runs: readonly {
    readonly tool: { readonly driver: SarifTool & { readonly semanticVersion: string; readonly rules: readonly SarifRule[] } };
    readonly originalUriBaseIds?: Readonly<Record<string, { readonly uri: string }>>;
    readonly columnKind: "utf16CodeUnits";
    readonly results: readonly SarifResult[];
  }[];
}

const levels: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

/**
 * One SARIF run with a result per diagnostic. The rules are the catalogue
 * entries the results refer to (id = the stable code, name = the stable
 * kebab-case name), in code order. Columns count UTF-16 code units, as the
 * diagnostics do, and end columns are exclusive, as SARIF's are.
 */
export function toSarif(diagnostics: readonly Diagnostic[], tool: SarifTool, catalogue: readonly DiagnosticDefinition[], options: SarifOptions = {}): SarifLog {
  const used = new Set(diagnostics.map((d) => d.code));
  const rules = catalogue.filter((d) => used.has(d.code)).sort((a, b) => a.code.localeCompare(b.code));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.code, index]));
  const location = (range: Range): SarifArtifactLocation => artifactLocation(range.file, options.sourceRoot);
  return {
    $schema: sarifSchemaUri,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { ...tool, semanticVersion: tool.version, rules: rules.map(toRule) } },
        ...(options.sourceRoot !== undefined ? { originalUriBaseIds: { [sourceRootId]: { uri: directoryUri(options.sourceRoot) } } } : {}),
        columnKind: "utf16CodeUnits",
        results: diagnostics.map((d) => toResult(d, ruleIndex.get(d.code), location)),
      },
    ],
  };
}

function toRule(definition: DiagnosticDefinition): SarifRule {
  return {
    id: definition.code,
    name: definition.name,
    shortDescription: { text: definition.summary },
    defaultConfiguration: { level: levels[definition.severity] },
    properties: { stage: definition.stage, tags: [definition.stage] },
  };
}

function toResult(d: Diagnostic, ruleIndex: number | undefined, location: (range: Range) => SarifArtifactLocation): SarifResult {
  const physical = (range: Range) => ({ artifactLocation: location(range), region: region(range) });
  return {
    ruleId: d.code,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    level: levels[d.severity],
    message: { text: d.message },
    locations: [{ physicalLocation: physical(d.range) }],
    ...(d.related ? { relatedLocations: d.related.map((r, i) => ({ id: i + 1, physicalLocation: physical(r.range), message: { text: r.message } })) } : {}),
    ...(d.fix ? { fixes: [toFix(d.fix, location)] } : {}),
  };
}

function region(range: Range): SarifRegion {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

/** A fix-it as one SARIF fix: its edits grouped by file, in order. */
function toFix(fix: FixIt, location: (range: Range) => SarifArtifactLocation): SarifFix {
  const byFile = new Map<string, SarifReplacement[]>();
  const locations = new Map<string, SarifArtifactLocation>();
  for (const edit of fix.edits) {
    const replacement: SarifReplacement = { deletedRegion: region(edit.range), ...(edit.newText !== "" ? { insertedContent: { text: edit.newText } } : {}) };
    byFile.set(edit.range.file, [...(byFile.get(edit.range.file) ?? []), replacement]);
    locations.set(edit.range.file, location(edit.range));
  }
  return {
    description: { text: fix.message },
    artifactChanges: [...byFile].map(([file, replacements]) => ({ artifactLocation: locations.get(file)!, replacements })),
  };
}

/**
 * A file path as a URI reference: relative paths (and absolute ones under the
 * source root) as `/`-separated relative references, others as `file:` URIs.
 */
export function artifactLocation(path: string, sourceRoot?: string): SarifArtifactLocation {
  const inRoot = sourceRoot !== undefined && isAbsolute(path) ? relative(sourceRoot, path) : undefined;
  const relativePath = isAbsolute(path) ? (inRoot !== undefined && !inRoot.startsWith("..") && !isAbsolute(inRoot) ? inRoot : undefined) : path;
  if (relativePath === undefined) return { uri: pathToFileURL(path).href };
  const segments = relativePath.split(sep === "\\" ? /[\\/]/ : "/").filter((s, i) => !(i === 0 && s === "."));
  return { uri: segments.map(encodeURIComponent).join("/"), ...(sourceRoot !== undefined ? { uriBaseId: sourceRootId } : {}) };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith("/") ? href : `${href}/`;
}
