import type { Catalogs, MethodMember, ModuleInfo, ObjectShape, PrimitiveTypeName, TypeRef } from "./catalog.js";

/**
 * The static type of an expression. P has a handful of built-in types;
 * everything else comes from the catalogs (object types such as `headers`,
 * module objects such as `Http.request`, and modules themselves).
 */
export type Type = PrimitiveType | ObjectType | ModuleType | MethodType | UnknownType;

export interface PrimitiveType {
  readonly kind: "primitive";
  readonly name: PrimitiveTypeName;
}

/** A value of a catalog object type (`headers`, `ip`, `service`) or a module object (`Http.request`). */
export interface ObjectType {
  readonly kind: "object";
  readonly shape: ObjectShape;
  /** The module a module object belongs to (`Http` for `Http.request`); absent for object types. */
  readonly module?: ModuleInfo;
}

/** A module: what `import` returns and what `Core`, `Services` and bindings to imports denote. */
export interface ModuleType {
  readonly kind: "module";
  readonly module: ModuleInfo;
}

/** A method named but not called yet; only the callee of a call may have it. */
export interface MethodType {
  readonly kind: "method";
  readonly method: MethodMember;
}

/** The type of an expression that already has an error: it never causes another one. */
export interface UnknownType {
  readonly kind: "unknown";
}

const primitive = (name: PrimitiveTypeName): PrimitiveType => ({ kind: "primitive", name });

export const stringType = primitive("string");
export const numberType = primitive("number");
export const booleanType = primitive("boolean");
export const codeType = primitive("code");
export const voidType = primitive("void");
export const unknownType: UnknownType = { kind: "unknown" };

export function isPrimitive(type: Type, name: PrimitiveTypeName): boolean {
  return type.kind === "primitive" && type.name === name;
}

/** The type a catalog names; `any` (parameters only) has no single type and gives unknown. */
export function typeFromRef(catalogs: Catalogs, ref: TypeRef): Type {
  const shape = catalogs.types.get(ref);
  if (shape) return { kind: "object", shape };
  switch (ref) {
    case "string":
    case "number":
    case "boolean":
    case "code":
    case "void":
      return primitive(ref);
    default:
      return unknownType;
  }
}

/** Whether two types are the same; unknown matches everything so that one error does not cause more. */
export function sameType(a: Type, b: Type): boolean {
  if (a.kind === "unknown" || b.kind === "unknown") return true;
  switch (a.kind) {
    case "primitive":
      return b.kind === "primitive" && a.name === b.name;
    case "object":
      return b.kind === "object" && a.shape.name === b.shape.name;
    case "module":
      return b.kind === "module" && a.module.name === b.module.name;
    case "method":
      return b.kind === "method" && a.method.path === b.method.path;
  }
}

/** Whether a value of this type is accepted where a catalog lists these types (`any`: every value). */
export function acceptsType(refs: readonly TypeRef[], type: Type): boolean {
  if (type.kind === "unknown") return true;
  if (type.kind === "method" || (type.kind === "primitive" && type.name === "void")) return false;
  if (refs.includes("any")) return true;
  if (type.kind === "primitive") return refs.includes(type.name);
  if (type.kind === "object") return refs.includes(type.shape.name);
  return false;
}

/** Whether the regular-expression operators may match this value's text (strings, ip, uri, time). */
export function isMatchable(type: Type): boolean {
  return isPrimitive(type, "string") || (type.kind === "object" && type.shape.textForm);
}

/** How messages name a type: `string`, `headers`, `Http.request`, `module Http`, `method Core.interpreter.fail`. */
export function typeName(type: Type): string {
  switch (type.kind) {
    case "primitive":
      return type.name;
    case "object":
      return type.shape.name;
    case "module":
      return `module ${type.module.name}`;
    case "method":
      return `method ${type.method.path}`;
    case "unknown":
      return "unknown";
  }
}

/** `a number`, `an ip value`, `the object Http.request`: a type with its article, for messages. */
export function describeType(type: Type): string {
  switch (type.kind) {
    case "primitive":
      return withArticle(type.name);
    case "object":
      return type.module ? `the object ${type.shape.name}` : withArticle(`${type.shape.name} value`);
    case "module":
    case "method":
      return `the ${typeName(type)}`;
    case "unknown":
      return "unknown";
  }
}

/** "an ip", "a uri", "an unknown": the article a word takes when spoken. */
export function withArticle(text: string): string {
  return `${/^([aeio]|u(?!ri|s))/i.test(text) ? "an" : "a"} ${text}`;
}
