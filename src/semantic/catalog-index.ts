import type { PointContext } from "./binder.js";
import type { Catalogs, MemberInfo, ModuleInfo, PointInfo, ProtocolInfo, TypeRef } from "./catalog.js";
import type { MemberResolution, ModuleResolution, PointConstraint } from "./model.js";
import { typeFromRef, type ModuleType, type Type } from "./types.js";

interface MemberEntry {
  readonly module: ModuleInfo | undefined;
  readonly resolution: MemberResolution;
  readonly type: Type;
  /** "Reads this member", for a member that exists only at some points: its own requirements. */
  readonly constraints?: readonly [PointConstraint];
  /** Its type and its own requirements (none without constraints): the checker's info where nothing else adds any. */
  readonly info: ExpressionInfo;
}

/** An expression's type and requirements, as the checker reports them (its `Info`). */
interface ExpressionInfo {
  readonly type: Type;
  readonly requires: readonly PointConstraint[];
}

const noConstraints: readonly PointConstraint[] = [];

interface ModuleEntry {
  readonly resolution: ModuleResolution;
  readonly info: ExpressionInfo;
}

/**
 * What every checked file derives from the catalogs, derived once per
 * catalogs object (so once per process for the built-in ones). Types and
 * resolutions are immutable values, so the models of all files share them
 * instead of allocating new ones for every expression.
 */
export class CatalogIndex {
  private static readonly built = new WeakMap<Catalogs, CatalogIndex>();

  static of(catalogs: Catalogs): CatalogIndex {
    let index = CatalogIndex.built.get(catalogs);
    if (!index) {
      index = new CatalogIndex(catalogs);
      CatalogIndex.built.set(catalogs, index);
    }
    return index;
  }

  /** Modules present in every program without an import (Core, Services). */
  readonly implicitModules: readonly ModuleInfo[];
  private readonly protocolModules = new Map<string, ModuleInfo>();
  private readonly refTypes = new Map<TypeRef, Type>();
  private readonly modules = new Map<ModuleInfo, ModuleEntry>();
  private readonly names = new Map<ModuleInfo, readonly string[]>();
  private readonly members = new Map<MemberInfo, MemberEntry>();
  private readonly contexts = new Map<ProtocolInfo | PointInfo, PointContext>();

  private constructor(private readonly catalogs: Catalogs) {
    this.implicitModules = [...catalogs.modules.values()].filter((m) => m.implicit);
    // The first module of a protocol wins, as a search in catalog order would find it.
    for (const module of [...catalogs.modules.values()].reverse()) if (module.protocol !== undefined) this.protocolModules.set(module.protocol, module);
  }

  /** The module whose protocol is this one (Http for HTTP), if any. */
  protocolModule(protocol: string): ModuleInfo | undefined {
    return this.protocolModules.get(protocol);
  }

  /** Where statements directly in a ruleset of this protocol run: at some of its points. */
  rulesetContext(protocol: ProtocolInfo): PointContext {
    let context = this.contexts.get(protocol);
    if (!context) {
      context = { points: protocol.points.map((p) => p.name), mode: "any", origin: "ruleset", protocol: protocol.name, rulesetLevel: true };
      this.contexts.set(protocol, context);
    }
    return context;
  }

  /** Where the statements of a point block run. */
  pointContext(point: PointInfo): PointContext {
    let context = this.contexts.get(point);
    if (!context) {
      context = { points: [point.name], mode: "all", origin: "point", protocol: point.protocol, rulesetLevel: false };
      this.contexts.set(point, context);
    }
    return context;
  }

  /** The type a catalog names (see {@link typeFromRef}). */
  typeOf(ref: TypeRef): Type {
    let type = this.refTypes.get(ref);
    if (!type) {
      type = typeFromRef(this.catalogs, ref);
      this.refTypes.set(ref, type);
    }
    return type;
  }

  private moduleEntry(module: ModuleInfo): ModuleEntry {
    let entry = this.modules.get(module);
    if (!entry) {
      const type: ModuleType = { kind: "module", module };
      entry = { resolution: { kind: "module", module }, info: { type, requires: noConstraints } };
      this.modules.set(module, entry);
    }
    return entry;
  }

  moduleResolution(module: ModuleInfo): ModuleResolution {
    return this.moduleEntry(module).resolution;
  }

  /** The names of a module's members, as an array (the checker adds them to a set per file). */
  memberNames(module: ModuleInfo): readonly string[] {
    let names = this.names.get(module);
    if (!names) this.names.set(module, (names = [...module.shape.members.keys()]));
    return names;
  }

  /** A module named in an expression: its type, and no requirements. */
  moduleInfo(module: ModuleInfo): ExpressionInfo {
    return this.moduleEntry(module).info;
  }

  /**
   * A member reached from a module (or, with no module, from a value of an
   * object type): what it resolves to and its type. A member belongs to one
   * module, so one entry per member serves every use.
   */
  member(member: MemberInfo, module: ModuleInfo | undefined): MemberEntry {
    const cached = this.members.get(member);
    if (cached && cached.module === module) return cached;
    const type = this.memberType(member, module);
    const constraints = member.points ? ([{ path: member.path, points: member.points }] as const) : undefined;
    const entry: MemberEntry = {
      module,
      resolution: module ? { kind: "member", member, module } : { kind: "member", member },
      type,
      ...(constraints ? { constraints } : {}),
      info: { type, requires: constraints ?? noConstraints },
    };
    if (!cached) this.members.set(member, entry);
    return entry;
  }

  private memberType(member: MemberInfo, module: ModuleInfo | undefined): Type {
    switch (member.kind) {
      case "property":
        return this.typeOf(member.type);
      case "object":
        return module ? { kind: "object", shape: member.shape, module } : { kind: "object", shape: member.shape };
      case "method":
        return { kind: "method", method: member };
    }
  }
}
