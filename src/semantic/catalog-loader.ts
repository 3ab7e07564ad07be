import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ErrorObject } from "ajv/dist/2020.js";
import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { SourceFile, type Span } from "../diagnostics/source.js";
import { validate as validateCatalogSchema } from "../json/validators/catalog.js";
import { catalogFileDiagnostics as codes, type CatalogDiagnosticDefinition } from "../diagnostics/catalog/semantic.js";
import {
  primitiveTypeNames,
  type Catalogs,
  type MemberInfo,
  type ModuleInfo,
  type ObjectShape,
  type ParamInfo,
  type PointInfo,
  type ProtocolInfo,
  type SignatureInfo,
} from "./catalog.js";
import { closest } from "./suggest.js";

/** A catalog file's text, read by the caller or by {@link loadCatalogPaths}. */
export interface CatalogFile {
  readonly path: string;
  readonly text: string;
  /**
   * A catalog shipped with the tool. Its schema conformance is a test of the
   * project (test/semantic/catalog-loader.test.ts), so loading skips the
   * schema: compiling the validator would cost every run of the CLI about
   * 60 ms.
   */
  readonly shipped?: boolean;
}

export interface CatalogLoadResult {
  /** The built-in catalogs merged with every valid given file. */
  readonly catalogs: Catalogs;
  readonly diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------
// Raw JSON shapes, as the schema guarantees them.

interface RawPoint { readonly alias?: number; readonly summary: string }
interface RawProtocol { readonly summary?: string; readonly points?: Record<string, RawPoint> }
interface RawParam {
  readonly name: string;
  readonly type: string | string[];
  readonly optional?: boolean;
  readonly variadic?: boolean;
  readonly literal?: boolean;
  readonly enum?: string[];
  readonly format?: "ip" | "cidr" | "ere";
}
interface RawSignature { readonly params: RawParam[]; readonly returns: string }
type RawMember =
  | { readonly kind: "property"; readonly type: string; readonly summary: string; readonly points?: string[]; readonly accessor?: boolean }
  | { readonly kind: "object"; readonly summary: string; readonly points?: string[]; readonly members: Record<string, RawMember> }
  | { readonly kind: "method"; readonly summary: string; readonly points?: string[]; readonly requiresPoint?: boolean; readonly signatures: RawSignature[] };
interface RawObjectType { readonly summary?: string; readonly textForm?: boolean; readonly openMethod?: RawSignature; readonly members?: Record<string, RawMember> }
interface RawModule {
  readonly summary?: string;
  readonly uris?: string[];
  readonly shortNames?: string[];
  readonly implicit?: boolean;
  readonly protocol?: string;
  readonly members?: Record<string, RawMember>;
}
interface RawCatalog {
  readonly protocols?: Record<string, RawProtocol>;
  readonly types?: Record<string, RawObjectType>;
  readonly modules?: Record<string, RawModule>;
}

// ---------------------------------------------------------------------------
// Locations inside catalog files, resolved to ranges only when reported.

interface ParsedFile {
  readonly source: SourceFile;
  readonly root: Node;
}

interface Located {
  readonly file: ParsedFile;
  readonly at: JSONPath;
}

class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  report(definition: CatalogDiagnosticDefinition, where: Located, message: string, target: "value" | "key" = "value"): void {
    this.reportSpan(definition, where.file.source, locate(where, target), message);
  }

  reportSpan(definition: CatalogDiagnosticDefinition, source: SourceFile, span: Span, message: string): void {
    // Same shape as createDiagnostic; catalog definitions carry a catalog example it does not accept yet.
    const { code, name, stage, severity } = definition;
    this.diagnostics.push({ code, name, stage, severity, message, range: source.range(span) });
  }
}

/** The span of a JSON value (or of its property key), or the closest enclosing one that exists. */
function locate(where: Located, target: "value" | "key"): Span {
  for (let depth = where.at.length; depth >= 0; depth--) {
    const node = findNodeAtLocation(where.file.root, where.at.slice(0, depth));
    if (!node) continue;
    const keyNode = target === "key" && depth === where.at.length && node.parent?.type === "property" ? node.parent.children?.[0] : undefined;
    const chosen = keyNode ?? node;
    return { start: chosen.offset, end: chosen.offset + chosen.length };
  }
  return { start: 0, end: 0 };
}

// ---------------------------------------------------------------------------
// Reading and schema validation.

/** Finds a file shipped with the package, from src/ (tests, tsx) or from dist/src/ (the build). */
function packageFile(relative: string): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`internal error: ${relative} is missing from the package`);
}

function parseCatalogFile(file: CatalogFile, reporter: Reporter): { parsed: ParsedFile; raw: RawCatalog } | undefined {
  const source = new SourceFile(file.path, file.text);
  const errors: ParseError[] = [];
  const root = parseTree(file.text, errors, { disallowComments: true, allowTrailingComma: false });
  for (const error of errors) {
    reporter.reportSpan(codes.catalogUnreadable, source, { start: error.offset, end: error.offset + error.length }, `invalid JSON: ${describeJsonError(printParseErrorCode(error.error))}`);
  }
  if (!root || errors.length > 0) {
    if (!root && errors.length === 0) reporter.reportSpan(codes.catalogUnreadable, source, { start: 0, end: 0 }, "the catalog file is empty");
    return undefined;
  }
  const parsed = { source, root };
  const value: unknown = getNodeValue(root);
  if (!file.shipped) {
    if (!validateCatalogSchema(value)) {
      for (const error of relevantSchemaErrors(validateCatalogSchema.errors ?? [])) reportSchemaError(error, parsed, reporter);
      return undefined;
    }
  }
  return { parsed, raw: value as RawCatalog };
}

function describeJsonError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}

/** `if` and `propertyNames` errors only repeat the error of their subschema. */
function relevantSchemaErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== "if" && e.keyword !== "propertyNames");
}

function reportSchemaError(error: ErrorObject, file: ParsedFile, reporter: Reporter): void {
  const at = error.instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  const where = { file, at };
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "additionalProperties") {
    const extra = String(params["additionalProperty"]);
    reporter.report(codes.catalogSchema, { file, at: [...at, extra] }, `unknown field "${extra}"${suggestion(extra, allowedFields(error))}`, "key");
  } else if (error.keyword === "required") {
    reporter.report(codes.catalogSchema, where, `missing field "${String(params["missingProperty"])}"`);
  } else if (error.propertyName !== undefined) {
    const name = error.propertyName;
    reporter.report(codes.catalogSchema, { file, at: [...at, name] }, `invalid name "${name}": ${error.message ?? "not allowed"}`, "key");
  } else {
    const place = at.length > 0 ? `"${at.join(".")}" ` : "";
    reporter.report(codes.catalogSchema, where, `${place}${error.message ?? "is invalid"}${allowedValues(params)}`);
  }
}

function allowedFields(error: ErrorObject): string[] {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return properties ? Object.keys(properties) : [];
}

function allowedValues(params: Record<string, unknown>): string {
  const allowed = params["allowedValues"];
  return Array.isArray(allowed) ? `: ${allowed.map((v) => JSON.stringify(v)).join(", ")}` : "";
}

function suggestion(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best ? `; did you mean "${best}"?` : "";
}

// ---------------------------------------------------------------------------
// Merging: later catalogs add to earlier ones, never redefine.

interface PointDraft extends Located { readonly name: string; readonly protocol: string; readonly raw: RawPoint }
interface ProtocolDraft extends Located { readonly name: string; summary?: string; readonly points: Map<string, PointDraft> }
interface LocatedPoint extends Located { readonly name: string }
interface MemberDraft extends Located {
  readonly raw: RawMember;
  readonly members: Map<string, MemberDraft>;
  /** Declared points; an extending object may add some. Undefined: wherever the parent is. */
  readonly points?: LocatedPoint[];
}
interface TypeDraft extends Located {
  readonly name: string;
  summary?: string;
  textForm?: boolean;
  openMethod?: { readonly raw: RawSignature } & Located;
  readonly members: Map<string, MemberDraft>;
}
interface ModuleDraft extends Located {
  readonly name: string;
  summary?: string;
  readonly uris: string[];
  readonly shortNames: string[];
  implicit?: boolean;
  protocol?: { readonly name: string } & Located;
  readonly members: Map<string, MemberDraft>;
}

class CatalogBuilder {
  readonly protocols = new Map<string, ProtocolDraft>();
  readonly types = new Map<string, TypeDraft>();
  readonly modules = new Map<string, ModuleDraft>();
  /** Owner of every import specifier, to catch one URI given to two modules. */
  readonly specifiers = new Map<string, string>();

  constructor(private readonly reporter: Reporter) {}

  add(raw: RawCatalog, file: ParsedFile): void {
    for (const [name, protocol] of Object.entries(raw.protocols ?? {})) this.addProtocol(name, protocol, { file, at: ["protocols", name] });
    for (const [name, type] of Object.entries(raw.types ?? {})) this.addType(name, type, { file, at: ["types", name] });
    for (const [name, module] of Object.entries(raw.modules ?? {})) this.addModule(name, module, { file, at: ["modules", name] });
  }

  private addProtocol(name: string, raw: RawProtocol, where: Located): void {
    let draft = this.protocols.get(name);
    if (!draft) {
      draft = { name, ...where, points: new Map() };
      this.protocols.set(name, draft);
    }
    draft.summary ??= raw.summary;
    for (const [pointName, point] of Object.entries(raw.points ?? {})) {
      const at: Located = { file: where.file, at: [...where.at, "points", pointName] };
      const owner = this.pointOwner(pointName);
      if (owner) {
        this.reporter.report(codes.catalogConflict, at, `point "${pointName}" is already defined by protocol ${owner.protocol}`, "key");
        continue;
      }
      const aliasOwner = [...draft.points.values()].find((p) => p.raw.alias !== undefined && p.raw.alias === point.alias);
      if (aliasOwner) {
        this.reporter.report(codes.catalogConflict, { file: where.file, at: [...at.at, "alias"] }, `alias ${point.alias} already names point "${aliasOwner.name}"`);
        continue;
      }
      draft.points.set(pointName, { name: pointName, protocol: name, raw: point, ...at });
    }
  }

  private pointOwner(name: string): PointDraft | undefined {
    for (const protocol of this.protocols.values()) {
      const point = protocol.points.get(name);
      if (point) return point;
    }
    return undefined;
  }

  private addType(name: string, raw: RawObjectType, where: Located): void {
    let draft = this.types.get(name);
    if (!draft) {
      draft = { name, ...where, members: new Map() };
      this.types.set(name, draft);
    }
    draft.summary ??= raw.summary;
    if (raw.textForm !== undefined) {
      if (draft.textForm !== undefined && draft.textForm !== raw.textForm) {
        this.reporter.report(codes.catalogConflict, { file: where.file, at: [...where.at, "textForm"] }, `type ${name} already has textForm ${draft.textForm}`);
      } else draft.textForm = raw.textForm;
    }
    if (raw.openMethod) {
      const at: Located = { file: where.file, at: [...where.at, "openMethod"] };
      if (draft.openMethod) this.reporter.report(codes.catalogConflict, at, `type ${name} already has an open method`, "key");
      else draft.openMethod = { raw: raw.openMethod, ...at };
    }
    this.mergeMembers(draft.members, raw.members ?? {}, { file: where.file, at: [...where.at, "members"] }, name);
  }

  private addModule(name: string, raw: RawModule, where: Located): void {
    let draft = this.modules.get(name);
    if (!draft) {
      draft = { name, ...where, uris: [], shortNames: [], members: new Map() };
      this.modules.set(name, draft);
    }
    draft.summary ??= raw.summary;
    this.addSpecifiers(draft, raw.uris ?? [], draft.uris, { file: where.file, at: [...where.at, "uris"] });
    this.addSpecifiers(draft, raw.shortNames ?? [], draft.shortNames, { file: where.file, at: [...where.at, "shortNames"] });
    if (raw.implicit !== undefined) {
      if (draft.implicit !== undefined && draft.implicit !== raw.implicit) {
        this.reporter.report(codes.catalogConflict, { file: where.file, at: [...where.at, "implicit"] }, `module ${name} is already ${draft.implicit ? "" : "not "}implicit`);
      } else draft.implicit = raw.implicit;
    }
    if (raw.protocol !== undefined) {
      const at: Located = { file: where.file, at: [...where.at, "protocol"] };
      if (draft.protocol && draft.protocol.name !== raw.protocol) this.reporter.report(codes.catalogConflict, at, `module ${name} already belongs to protocol ${draft.protocol.name}`);
      else draft.protocol ??= { name: raw.protocol, ...at };
    }
    this.mergeMembers(draft.members, raw.members ?? {}, { file: where.file, at: [...where.at, "members"] }, name);
  }

  private addSpecifiers(module: ModuleDraft, given: readonly string[], into: string[], where: Located): void {
    given.forEach((specifier, index) => {
      const owner = this.specifiers.get(specifier);
      if (owner === module.name) return;
      if (owner) {
        this.reporter.report(codes.catalogConflict, { file: where.file, at: [...where.at, index] }, `"${specifier}" already names module ${owner}`);
        return;
      }
      this.specifiers.set(specifier, module.name);
      into.push(specifier);
    });
  }

  /**
   * Adds members. Naming an existing object member extends it: its members
   * are added, and so are its points (a processor's new point where the
   * object also exists).
   */
  private mergeMembers(into: Map<string, MemberDraft>, raw: Record<string, RawMember>, where: Located, ownerPath: string): void {
    for (const [name, member] of Object.entries(raw)) {
      const at: Located = { file: where.file, at: [...where.at, name] };
      const membersAt: Located = { file: at.file, at: [...at.at, "members"] };
      const existing = into.get(name);
      if (!existing) {
        const points = member.points?.map((p, i): LocatedPoint => ({ name: p, file: at.file, at: [...at.at, "points", i] }));
        const draft: MemberDraft = { raw: member, ...at, members: new Map(), ...(points ? { points } : {}) };
        into.set(name, draft);
        if (member.kind === "object") this.mergeMembers(draft.members, member.members, membersAt, `${ownerPath}.${name}`);
      } else if (existing.raw.kind === "object" && member.kind === "object") {
        member.points?.forEach((p, i) => {
          if (existing.points && !existing.points.some((q) => q.name === p)) existing.points.push({ name: p, file: at.file, at: [...at.at, "points", i] });
        });
        this.mergeMembers(existing.members, member.members, membersAt, `${ownerPath}.${name}`);
      } else {
        this.reporter.report(codes.catalogConflict, at, `${ownerPath}.${name} is already defined (in ${existing.file.source.path})`, "key");
      }
    }
  }
}

// ---------------------------------------------------------------------------
// Finishing: resolve references, narrow availability, freeze.

class CatalogFinisher {
  private readonly points = new Map<string, PointInfo>();
  private readonly protocols = new Map<string, ProtocolInfo>();
  private readonly types = new Map<string, ObjectShape>();
  private readonly modules = new Map<string, ModuleInfo>();

  constructor(private readonly builder: CatalogBuilder, private readonly reporter: Reporter) {}

  finish(): Catalogs {
    for (const protocol of this.builder.protocols.values()) {
      const points = [...protocol.points.values()].map((p): PointInfo => ({ name: p.name, protocol: p.protocol, summary: p.raw.summary, ...(p.raw.alias !== undefined ? { alias: p.raw.alias } : {}) }));
      for (const point of points) this.points.set(point.name, point);
      this.protocols.set(protocol.name, { name: protocol.name, summary: protocol.summary ?? protocol.name, points });
    }
    // Shapes first, members after: member types may name any type, in any order.
    const typeMembers = new Map<string, Map<string, MemberInfo>>();
    for (const type of this.builder.types.values()) {
      const members = new Map<string, MemberInfo>();
      typeMembers.set(type.name, members);
      this.types.set(type.name, {
        name: type.name,
        summary: type.summary ?? type.name,
        members,
        textForm: type.textForm ?? false,
        ...(type.openMethod ? { openMethod: this.signature(type.openMethod.raw, type.openMethod) } : {}),
      });
    }
    for (const type of this.builder.types.values()) this.fillMembers(typeMembers.get(type.name)!, type.members, type.name, undefined, undefined);
    for (const module of this.builder.modules.values()) this.finishModule(module);
    return { protocols: this.protocols, points: this.points, types: this.types, modules: this.modules };
  }

  private finishModule(draft: ModuleDraft): void {
    let protocolPoints: readonly string[] | undefined;
    if (draft.protocol) {
      const protocol = this.protocols.get(draft.protocol.name);
      if (protocol) protocolPoints = protocol.points.map((p) => p.name);
      else this.reporter.report(codes.catalogReference, draft.protocol, `unknown protocol ${draft.protocol.name}${suggestion(draft.protocol.name, [...this.protocols.keys()])}`);
    }
    const implicit = draft.implicit ?? false;
    if (!implicit && draft.uris.length === 0 && draft.shortNames.length === 0) {
      this.reporter.report(codes.catalogReference, draft, `module ${draft.name} has no URI or short name, so no program can import it`, "key");
    }
    const members = new Map<string, MemberInfo>();
    const shape: ObjectShape = { name: draft.name, summary: draft.summary ?? draft.name, members, textForm: false };
    this.fillMembers(members, draft.members, draft.name, protocolPoints, draft.protocol?.name);
    this.modules.set(draft.name, {
      name: draft.name,
      summary: shape.summary,
      uris: draft.uris,
      shortNames: draft.shortNames,
      implicit,
      ...(draft.protocol ? { protocol: draft.protocol.name } : {}),
      shape,
    });
  }

  private fillMembers(into: Map<string, MemberInfo>, drafts: ReadonlyMap<string, MemberDraft>, parentPath: string, parentPoints: readonly string[] | undefined, protocol: string | undefined): void {
    for (const [name, draft] of drafts) {
      const memberPath = `${parentPath}.${name}`;
      const points = this.narrow(parentPoints, draft, protocol);
      const common = { name, path: memberPath, summary: draft.raw.summary, ...(points ? { points } : {}) };
      const raw = draft.raw;
      if (raw.kind === "property") {
        this.checkType(raw.type, { file: draft.file, at: [...draft.at, "type"] }, "value");
        into.set(name, { kind: "property", ...common, type: raw.type, accessor: raw.accessor ?? false });
      } else if (raw.kind === "method") {
        const signatures = raw.signatures.map((s, i) => this.signature(s, { file: draft.file, at: [...draft.at, "signatures", i] }));
        into.set(name, { kind: "method", ...common, signatures, requiresPoint: raw.requiresPoint ?? false });
      } else {
        const members = new Map<string, MemberInfo>();
        this.fillMembers(members, draft.members, memberPath, points, protocol);
        into.set(name, { kind: "object", ...common, shape: { name: memberPath, summary: raw.summary, members, textForm: false } });
      }
    }
  }

  /** The member's own points, checked, intersected with its parent's; undefined means everywhere. */
  private narrow(parentPoints: readonly string[] | undefined, draft: MemberDraft, protocol: string | undefined): readonly string[] | undefined {
    if (!draft.points) return parentPoints;
    const valid = draft.points.filter((located) => {
      const point = this.points.get(located.name);
      if (!point) {
        this.reporter.report(codes.catalogReference, located, `unknown point "${located.name}"${suggestion(located.name, [...this.points.keys()])}`);
        return false;
      }
      if (protocol && point.protocol !== protocol) {
        this.reporter.report(codes.catalogReference, located, `point "${located.name}" belongs to protocol ${point.protocol}, not ${protocol}`);
        return false;
      }
      return true;
    });
    const names = valid.map((p) => p.name);
    return parentPoints ? names.filter((p) => parentPoints.includes(p)) : names;
  }

  private signature(raw: RawSignature, where: Located): SignatureInfo {
    const params = raw.params.map((p, i) => this.param(p, raw.params.length, i, { file: where.file, at: [...where.at, "params", i] }));
    const firstOptional = params.findIndex((p) => p.optional || p.variadic);
    const misplaced = params.findIndex((p, i) => firstOptional >= 0 && i > firstOptional && !p.optional && !p.variadic);
    if (misplaced >= 0) this.reporter.report(codes.catalogReference, { file: where.file, at: [...where.at, "params", misplaced] }, "a required parameter cannot follow an optional one");
    this.checkType(raw.returns, { file: where.file, at: [...where.at, "returns"] }, "value");
    return { params, returns: raw.returns };
  }

  private param(raw: RawParam, count: number, index: number, where: Located): ParamInfo {
    const types = typeof raw.type === "string" ? [raw.type] : raw.type;
    types.forEach((t, i) => this.checkType(t, { file: where.file, at: [...where.at, "type", ...(typeof raw.type === "string" ? [] : [i])] }, "param"));
    if (raw.variadic && index !== count - 1) this.reporter.report(codes.catalogReference, where, `only the last parameter may be variadic`);
    return {
      name: raw.name,
      types,
      optional: raw.optional ?? false,
      variadic: raw.variadic ?? false,
      literal: raw.literal ?? false,
      ...(raw.enum ? { enum: raw.enum } : {}),
      ...(raw.format ? { format: raw.format } : {}),
    };
  }

  private checkType(name: string, where: Located, use: "value" | "param"): void {
    const known: string[] = [...primitiveTypeNames, ...this.types.keys(), ...(use === "param" ? ["any"] : [])];
    if (!known.includes(name)) this.reporter.report(codes.catalogReference, where, `unknown type "${name}"${suggestion(name, known)}`);
  }
}

// ---------------------------------------------------------------------------
// Public entry points.

const builtinFileNames = ["core.json", "services.json", "http.json", "smtp.json"];
let builtinCache: { files: CatalogFile[]; catalogs: Catalogs } | undefined;

function builtinFiles(): CatalogFile[] {
  return builtinFileNames.map((name) => {
    const relative = path.posix.join("catalogs", name);
    return { path: relative, text: fs.readFileSync(packageFile(relative), "utf8"), shipped: true };
  });
}

/** Core, Services, Http and Smtp, loaded and validated once per process. */
export function builtinCatalogs(): Catalogs {
  if (!builtinCache) {
    const files = builtinFiles();
    const { catalogs, diagnostics } = merge(files);
    if (diagnostics.length > 0) {
      throw new Error(`internal error: the built-in catalogs are invalid:\n${diagnostics.map((d) => `${d.range.file}:${d.range.line}:${d.range.column} ${d.message}`).join("\n")}`);
    }
    builtinCache = { files, catalogs };
  }
  return builtinCache.catalogs;
}

/**
 * The built-in catalogs extended with a processor's own catalog files
 * (`--catalog FILE`). A file with invalid JSON or that breaks the schema is
 * skipped whole; other problems are reported and the rest is kept.
 */
export function loadCatalogs(files: readonly CatalogFile[]): CatalogLoadResult {
  if (files.length === 0) return { catalogs: builtinCatalogs(), diagnostics: [] };
  builtinCatalogs();
  return merge([...builtinCache!.files, ...files]);
}

/** Reads catalog files from disk and loads them; an unreadable file becomes a diagnostic. */
export function loadCatalogPaths(paths: readonly string[]): CatalogLoadResult {
  const reporter = new Reporter();
  const files: CatalogFile[] = [];
  for (const file of paths) {
    try {
      files.push({ path: file, text: fs.readFileSync(file, "utf8") });
    } catch (error) {
      reporter.reportSpan(codes.catalogUnreadable, new SourceFile(file, ""), { start: 0, end: 0 }, `cannot read the catalog file: ${(error as Error).message}`);
    }
  }
  const result = loadCatalogs(files);
  return { catalogs: result.catalogs, diagnostics: [...reporter.diagnostics, ...result.diagnostics] };
}

function merge(files: readonly CatalogFile[]): CatalogLoadResult {
  const reporter = new Reporter();
  const builder = new CatalogBuilder(reporter);
  for (const file of files) {
    const parsed = parseCatalogFile(file, reporter);
    if (parsed) builder.add(parsed.raw, parsed.parsed);
  }
  const catalogs = new CatalogFinisher(builder, reporter).finish();
  return { catalogs, diagnostics: reporter.diagnostics };
}
