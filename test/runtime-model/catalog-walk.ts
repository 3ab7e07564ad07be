import type { Catalogs, MemberInfo, ObjectShape, ParamInfo, TypeRef } from "../../src/semantic/catalog.js";
import { builtinCatalogs } from "../../src/semantic/catalog-loader.js";
import type { MessageView } from "../../src/runtime/message/index.js";
import { ABSENT, type RuntimeObject, type Value } from "../../src/runtime/values.js";

/** Every member path of the catalogs, in the notation of MemberInfo.path. */
export function catalogPaths(catalogs: Catalogs = builtinCatalogs()): string[] {
  const collect = (shape: ObjectShape): string[] =>
    [...shape.members.values()].flatMap((member) => [member.path, ...(member.kind === "object" ? collect(member.shape) : [])]);
  return [
    ...[...catalogs.modules.values()].flatMap((module) => collect(module.shape)),
    ...[...catalogs.types.values()].flatMap(collect),
  ].sort();
}

export interface WalkResult {
  /** `path(args) = value`, one line per read, in catalog order. */
  readonly lines: string[];
  /** Reads whose value does not have the catalog's type. */
  readonly problems: string[];
}

/** Sample arguments by parameter name: values a rule would pass, some hitting and some missing. */
function sampleArguments(param: ParamInfo, view: MessageView): Value[] {
  const http = view.root("Http");
  switch (param.name) {
    case "name":
      return ["Content-Type", "host", "segment", "X-Missing"];
    case "field":
      return [
        http.call("makeHeader", ["Content-Type"], "Http.makeHeader"),
        http.call("makeHeader", ["Content-Type", "Text/HTML; charset=utf-8"], "Http.makeHeader"),
        http.call("makeHeader", ["Content-Type", "text/plain"], "Http.makeHeader"),
      ];
    case "address":
      return ["192.0.2.7", "::ffff:198.51.100.20", "bob@example.net", "nobody@example.net"];
    case "cidr":
      return ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"];
    case "group":
      return ["subscribers", "staff"];
    case "language":
      return ["de", "german", "fr"];
    case "keyword":
      return ["size", "NOTIFY", "ENVID"];
    default:
      // Services (findOne, applyOne, onFailure) and interpreter control: the model gives them no value.
      return param.types.includes("string") ? ["x"] : [ABSENT];
  }
}

function show(value: Value): string {
  if (value === ABSENT) return "absent";
  if (typeof value !== "object") return JSON.stringify(value);
  const text = value.text();
  return text === ABSENT ? `<${value.typeName}>` : `<${value.typeName} ${JSON.stringify(text)}>`;
}

function conforms(value: Value, type: TypeRef): boolean {
  if (value === ABSENT) return true;
  if (type === "void") return false;
  if (type === "string" || type === "boolean") return typeof value === type;
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return typeof value === "object" && value.typeName === type;
}

/**
 * Reads every member of every module of the catalogs through the view,
 * calls every method with sample arguments for each signature, and descends
 * into the object types the members return.
 */
export function walkCatalogs(view: MessageView, catalogs: Catalogs = builtinCatalogs()): WalkResult {
  const result: WalkResult = { lines: [], problems: [] };
  for (const module of catalogs.modules.values()) walkShape(view.root(module.name), module.shape, module.name, view, catalogs, result);
  return result;
}

function walkShape(object: RuntimeObject, shape: ObjectShape, path: string, view: MessageView, catalogs: Catalogs, result: WalkResult): void {
  if (object.typeName !== shape.name) result.problems.push(`${path}: type ${object.typeName}, expected ${shape.name}`);
  if (shape.textForm) {
    const text = object.text();
    if (text !== ABSENT && typeof text !== "string") result.problems.push(`${path}: text() gave ${String(text)}`);
  }
  for (const member of shape.members.values()) walkMember(object, member, `${path}.${member.name}`, view, catalogs, result);
}

function walkMember(object: RuntimeObject, member: MemberInfo, path: string, view: MessageView, catalogs: Catalogs, result: WalkResult): void {
  if (member.kind === "method") {
    for (const signature of member.signatures) {
      const required = signature.params.filter((param) => !param.optional && !param.variadic);
      for (const args of argumentLists(required, view)) {
        const value = object.call(member.name, args, path);
        record(`${path}(${args.map(show).join(", ")})`, value, signature.returns, view, catalogs, result);
      }
    }
    return;
  }
  const value = object.member(member.name, path);
  if (member.kind === "object") {
    result.lines.push(`${path} = ${show(value)}`);
    if (typeof value === "object") walkShape(value, member.shape, path, view, catalogs, result);
    else if (value !== ABSENT) result.problems.push(`${path}: ${show(value)} is not an object`);
    return;
  }
  if (member.accessor && object.call(member.name, [], path) !== value) result.problems.push(`${path}(): differs from ${path}`);
  record(path, value, member.type, view, catalogs, result);
}

function record(label: string, value: Value, type: TypeRef, view: MessageView, catalogs: Catalogs, result: WalkResult): void {
  result.lines.push(`${label} = ${show(value)}`);
  if (!conforms(value, type)) result.problems.push(`${label}: ${show(value)} is not a ${type}`);
  const shape = catalogs.types.get(type);
  if (shape && typeof value === "object") walkShape(value, shape, label, view, catalogs, result);
}

/** One argument list per sample of the first parameter, the other parameters at their first sample. */
function argumentLists(params: readonly ParamInfo[], view: MessageView): Value[][] {
  if (params.length === 0) return [[]];
  const samples = params.map((param) => sampleArguments(param, view));
  if (samples.some((list) => list.length === 0)) return [];
  return samples[0]!.map((first) => [first, ...samples.slice(1).map((list) => list[0]!)]);
}
