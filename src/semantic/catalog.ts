/**
 * Module catalogs in memory: what the loader builds from the JSON catalog
 * files (catalogs/*.json, format in schemas/catalog.schema.json) and what the
 * binder and the type checker read. Everything here is immutable data.
 */

/** A primitive type name, `any` (parameters only), or the name of an object type. */
export type TypeRef = string;

export const primitiveTypeNames = ["string", "number", "boolean", "code", "void"] as const;
export type PrimitiveTypeName = (typeof primitiveTypeNames)[number];

export interface PointInfo {
  /** Canonical name, unique across protocols (`response_out`). */
  readonly name: string;
  readonly protocol: string;
  /** The number that also names it in rule sources (HTTP 1-4). */
  readonly alias?: number;
  readonly summary: string;
}

export interface ProtocolInfo {
  readonly name: string;
  readonly summary: string;
  readonly points: readonly PointInfo[];
}

export interface ParamInfo {
  readonly name: string;
  /** Accepted types; `any` accepts every value type. */
  readonly types: readonly TypeRef[];
  readonly optional: boolean;
  readonly variadic: boolean;
  /** The argument must be a literal, known at compile time. */
  readonly literal: boolean;
  /** The only values a literal argument may take. */
  readonly enum?: readonly string[];
  /** Syntax a literal string argument must have. */
  readonly format?: "ip" | "cidr" | "ere";
}

export interface SignatureInfo {
  readonly params: readonly ParamInfo[];
  readonly returns: TypeRef;
}

interface MemberBase {
  readonly name: string;
  /** Dotted path from the module or type: `Http.request.method`, `headers.get`. */
  readonly path: string;
  readonly summary: string;
  /**
   * Canonical points where the member is available, already narrowed by its
   * parents and its module's protocol; undefined means everywhere.
   */
  readonly points?: readonly string[];
}

export interface PropertyMember extends MemberBase {
  readonly kind: "property";
  readonly type: TypeRef;
  /** Also callable with no arguments, returning itself (`Http.request.headers()`). */
  readonly accessor: boolean;
}

export interface ObjectMember extends MemberBase {
  readonly kind: "object";
  readonly shape: ObjectShape;
}

export interface MethodMember extends MemberBase {
  readonly kind: "method";
  readonly signatures: readonly SignatureInfo[];
  /** Inside a ruleset, legal only in a point block (applyOne, stop, fail). */
  readonly requiresPoint: boolean;
}

export type MemberInfo = PropertyMember | ObjectMember | MethodMember;

/** The members of a module, of a nested object of a module, or of a named object type. */
export interface ObjectShape {
  /** A type name (`headers`) or the path of a module object (`Http.request`). */
  readonly name: string;
  readonly summary: string;
  readonly members: ReadonlyMap<string, MemberInfo>;
  /** Values have a canonical text that the regular-expression operators match. */
  readonly textForm: boolean;
  /** Signature of every method name not among the members (service parameters). */
  readonly openMethod?: SignatureInfo;
}

export interface ModuleInfo {
  /** Canonical name (`Http`); catalog member paths start with it. */
  readonly name: string;
  readonly summary: string;
  readonly uris: readonly string[];
  readonly shortNames: readonly string[];
  /** Present in every program without an import (Core, Services). */
  readonly implicit: boolean;
  /** The protocol whose points limit every member. */
  readonly protocol?: string;
  readonly shape: ObjectShape;
}

export interface Catalogs {
  readonly protocols: ReadonlyMap<string, ProtocolInfo>;
  /** Every point by canonical name. */
  readonly points: ReadonlyMap<string, PointInfo>;
  /** Named object types (ip, headers, service, ...). */
  readonly types: ReadonlyMap<string, ObjectShape>;
  readonly modules: ReadonlyMap<string, ModuleInfo>;
}

/** The module an import names, by URI or short name. */
export function resolveModule(catalogs: Catalogs, specifier: string): ModuleInfo | undefined {
  for (const module of catalogs.modules.values()) {
    if (module.uris.includes(specifier) || module.shortNames.includes(specifier)) return module;
  }
  return undefined;
}

/** Every specifier import accepts, for did-you-mean suggestions. */
export function moduleSpecifiers(catalogs: Catalogs): string[] {
  return [...catalogs.modules.values()].flatMap((m) => [...m.shortNames, ...m.uris]);
}

/**
 * The point a source names, by canonical name or numeric alias, within one
 * protocol (or within all of them when the protocol is not known).
 */
export function resolvePoint(catalogs: Catalogs, written: string | number, protocol?: string): PointInfo | undefined {
  const candidates = protocol ? catalogs.protocols.get(protocol)?.points ?? [] : [...catalogs.points.values()];
  return candidates.find((p) => (typeof written === "number" ? p.alias === written : p.name === written));
}

/** The module whose protocol is this one (Http for HTTP), if any. */
export function protocolModule(catalogs: Catalogs, protocol: string): ModuleInfo | undefined {
  return [...catalogs.modules.values()].find((m) => m.protocol === protocol);
}
