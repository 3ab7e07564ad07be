/**
 * The machinery of the message model: each catalog object type and module
 * object is described by an ObjectSpec (a table of property getters, methods
 * and nested objects), and a SpecObject serves one spec over one piece of
 * state, computing each property on first read and caching it. A MessageView
 * holds everything derived from one transaction context, so one decision
 * parses each header section, URI and address at most once.
 *
 * Because the tables are data, the model can list the paths it implements
 * (implementedPaths) and a test compares them with the catalogs.
 */
import type { TransactionContext } from "../context.js";
import { ABSENT, type Absent, type RuntimeObject, type Value } from "../values.js";

export type Getter<S> = (self: S, view: MessageView) => Value;
export type Method<S> = (self: S, args: readonly Value[], view: MessageView) => Value;

export interface ObjectSpec<S> {
  /** The catalog type name (`uri`) or, for a module object, its path (`Http.request`). */
  readonly typeName: string;
  readonly properties?: Readonly<Record<string, Getter<S>>>;
  readonly methods?: Readonly<Record<string, Method<S>>>;
  /** Objects nested in a module object (Http.request inside Http); they share its state. */
  readonly objects?: Readonly<Record<string, NestedObject<S>>>;
  /** The canonical text of a type with a text form. */
  readonly text?: (self: S) => string | Absent;
}

export interface NestedObject<S> {
  readonly spec: ObjectSpec<S>;
  /** Whether the context has this object at all (no response at request points); default: always. */
  readonly exists?: (self: S) => boolean;
}

/** The spec of a module: its state is the whole view. */
export type ModuleSpec = ObjectSpec<MessageView>;

/**
 * Methods that configure services or control the interpreter (findOne,
 * applyOne, onFailure, stop, fail): the compiler turns these calls into
 * actions, so the message model has no value for them.
 */
export const configuredByCompiler: Method<unknown> = () => ABSENT;

export interface MessageViewOptions {
  /** The evaluation clock, read at most once per view, when the context gives no time. Default: the system clock. */
  readonly now?: () => Date;
}

/** Everything derived from one transaction context; reuse one view for all reads of one decision. */
export class MessageView {
  // Made on first use: a view is made for every decision, and many read little.
  private memo?: Map<string, unknown>;
  private roots?: Map<string, RuntimeObject>;

  constructor(
    readonly context: TransactionContext,
    private readonly modules: ReadonlyMap<string, ModuleSpec>,
    private readonly options: MessageViewOptions = {},
  ) {}

  /** The module object (`Http`); a module the model does not know reads every member from `context.properties`. */
  root(moduleName: string): RuntimeObject {
    this.roots ??= new Map();
    let root = this.roots.get(moduleName);
    if (!root) {
      root = this.object(this.modules.get(moduleName) ?? { typeName: moduleName }, this);
      this.roots.set(moduleName, root);
    }
    return root;
  }

  object<S>(spec: ObjectSpec<S>, state: S): RuntimeObject {
    return new SpecObject(spec, state, this);
  }

  /** Computes a value on first use and keeps it for the life of the view. */
  once<T>(key: string, compute: () => T): T {
    this.memo ??= new Map();
    const known = this.memo.get(key);
    if (known !== undefined || this.memo.has(key)) return known as T;
    const value = compute();
    this.memo.set(key, value);
    return value;
  }

  /** The evaluation time, fixed at its first reading so one decision sees one clock. */
  now(): Date {
    return this.once("clock", () => (this.options.now ?? (() => new Date()))());
  }

  /**
   * A member the model does not implement: its value from `context.properties`
   * by path, an object when some property lies below the path, else ABSENT.
   */
  extension(path: string): Value {
    const properties = this.context.properties;
    if (properties && Object.hasOwn(properties, path)) return properties[path]!;
    return this.hasExtensionsBelow(path) ? this.object({ typeName: path }, undefined) : ABSENT;
  }

  hasExtensionsBelow(path: string): boolean {
    const prefixes = this.once("extension-prefixes", () => {
      const all = new Set<string>();
      for (const key of Object.keys(this.context.properties ?? {})) {
        for (let dot = key.indexOf("."); dot >= 0; dot = key.indexOf(".", dot + 1)) all.add(key.slice(0, dot));
      }
      return all;
    });
    return prefixes.has(path);
  }
}

/** A property or nested object of a spec, with its cell in an object's member cache. */
interface Member<S> {
  readonly cell: number;
  readonly getter?: Getter<S>;
  readonly nested?: NestedObject<S>;
}

/** Each spec's members by name: properties first, as a property hides a nested object of the same name. */
const memberTables = new WeakMap<ObjectSpec<never>, ReadonlyMap<string, Member<never>>>();

function memberTable<S>(spec: ObjectSpec<S>): ReadonlyMap<string, Member<S>> {
  let table = memberTables.get(spec as ObjectSpec<never>) as ReadonlyMap<string, Member<S>> | undefined;
  if (!table) {
    const members = new Map<string, Member<S>>();
    for (const [name, getter] of Object.entries(spec.properties ?? {})) members.set(name, { cell: members.size, getter });
    for (const [name, nested] of Object.entries(spec.objects ?? {})) if (!members.has(name)) members.set(name, { cell: members.size, nested });
    table = members;
    memberTables.set(spec as ObjectSpec<never>, table as ReadonlyMap<string, Member<never>>);
  }
  return table;
}

class SpecObject<S> implements RuntimeObject {
  /** The spec's member table, fetched on the first member read: many objects (header sections) only have methods called. */
  private members?: ReadonlyMap<string, Member<S>>;
  /** Values of the spec's members by cell, made on first read. */
  private cells?: Value[];
  /** Members the spec does not have (catalog extensions), by name. */
  private extensions?: Map<string, Value>;

  constructor(
    private readonly spec: ObjectSpec<S>,
    private readonly state: S,
    private readonly view: MessageView,
  ) {}

  get typeName(): string {
    return this.spec.typeName;
  }

  member(name: string, path: string): Value {
    const members = (this.members ??= memberTable(this.spec));
    const member = members.get(name);
    if (member === undefined) return this.extension(name, path);
    this.cells ??= new Array<Value>(members.size);
    const cached = this.cells[member.cell];
    if (cached !== undefined) return cached;
    const value = this.read(member, path);
    this.cells[member.cell] = value;
    return value;
  }

  private read(member: Member<S>, path: string): Value {
    if (member.getter) return member.getter(this.state, this.view);
    const nested = member.nested!;
    const exists = nested.exists?.(this.state) ?? true;
    return exists || this.view.hasExtensionsBelow(path) ? this.view.object(nested.spec, this.state) : ABSENT;
  }

  private extension(name: string, path: string): Value {
    this.extensions ??= new Map();
    let value = this.extensions.get(name);
    if (value === undefined) {
      value = this.view.extension(path);
      this.extensions.set(name, value);
    }
    return value;
  }

  call(name: string, args: readonly Value[], path: string): Value {
    const method = own(this.spec.methods, name);
    if (method) return method(this.state, args, this.view);
    // Accessor properties are also callable without arguments (Http.request.headers()).
    return args.length === 0 ? this.member(name, path) : ABSENT;
  }

  text(): string | Absent {
    return this.spec.text ? this.spec.text(this.state) : ABSENT;
  }
}

/** A table entry by own name only: a member called `constructor` must not find Object.prototype's. */
function own<T>(table: Readonly<Record<string, T>> | undefined, name: string): T | undefined {
  return table && Object.hasOwn(table, name) ? table[name] : undefined;
}

/** The dotted paths a spec implements below a prefix, nested objects included. */
export function specPaths(spec: ObjectSpec<never>, prefix: string): string[] {
  const names = [...Object.keys(spec.properties ?? {}), ...Object.keys(spec.methods ?? {})];
  const nested = Object.entries(spec.objects ?? {}).flatMap(([name, object]) => [
    `${prefix}.${name}`,
    ...specPaths(object.spec, `${prefix}.${name}`),
  ]);
  return [...names.map((name) => `${prefix}.${name}`), ...nested];
}

/** A value the context may not have, as a runtime value. */
export function orAbsent(value: string | number | boolean | undefined): Value {
  return value === undefined ? ABSENT : value;
}

/** The argument at this position when it is a string. */
export function stringArgument(args: readonly Value[], index: number): string | undefined {
  const value = args[index];
  return typeof value === "string" ? value : undefined;
}
