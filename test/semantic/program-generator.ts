import fc from "fast-check";
import type { Catalogs, MemberInfo, ParamInfo, PointInfo } from "../../src/semantic/index.js";

/**
 * Generates well-typed P programs from the catalogs themselves: every
 * property read is one the catalogs make available at the enclosing point,
 * so a change to a catalog is exercised without touching this file.
 */

export type Scalar = "string" | "number" | "boolean";
type Draw = fc.GeneratorValue;

export interface Atom {
  readonly text: string;
  readonly type: Scalar;
  /** Canonical points where it can be read; undefined: everywhere. */
  readonly points?: readonly string[];
}

const scalars: readonly Scalar[] = ["string", "number", "boolean"];
const isScalar = (t: string): t is Scalar => (scalars as readonly string[]).includes(t);

/** A literal argument that the parameter accepts. */
function argumentFor(param: ParamInfo): string | undefined {
  if (param.enum) return `"${param.enum[0]}"`;
  if (param.format === "cidr") return '"10.0.0.0/8"';
  if (param.format === "ip") return '"192.0.2.1"';
  if (param.format === "ere") return '"^a"';
  return param.types.includes("string") ? '"X-Test"' : undefined;
}

function callText(member: Extract<MemberInfo, { kind: "method" }>, prefix: string): { text: string; returns: string } | undefined {
  for (const signature of member.signatures) {
    const args = signature.params.filter((p) => !p.optional && !p.variadic).map(argumentFor);
    if (args.every((a) => a !== undefined)) return { text: `${prefix}(${args.join(", ")})`, returns: signature.returns };
  }
  return undefined;
}

/** Every scalar a program can read from these modules, with where it is available. */
export function catalogAtoms(catalogs: Catalogs, moduleNames: readonly string[]): Atom[] {
  const atoms: Atom[] = [];
  const add = (text: string, type: string, points: readonly string[] | undefined): void => {
    if (isScalar(type)) atoms.push({ text, type, ...(points ? { points } : {}) });
  };
  const visit = (member: MemberInfo, text: string, depth: number): void => {
    if (member.kind === "object") {
      for (const child of member.shape.members.values()) visit(child, `${text}.${child.name}`, depth);
    } else if (member.kind === "method") {
      const call = callText(member, text);
      if (call) add(call.text, call.returns, member.points);
    } else if (isScalar(member.type)) {
      add(text, member.type, member.points);
    } else if (depth === 0) {
      // A property of an object type (headers, ip, uri, time): read that type's scalars.
      for (const child of catalogs.types.get(member.type)?.members.values() ?? []) {
        if (child.kind === "property" && isScalar(child.type)) add(`${text}.${child.name}`, child.type, member.points);
        if (child.kind === "method") {
          const call = callText(child, `${text}.${child.name}`);
          if (call) add(call.text, call.returns, member.points);
        }
      }
    }
  };
  for (const name of moduleNames) {
    for (const member of catalogs.modules.get(name)?.shape.members.values() ?? []) visit(member, `${name}.${member.name}`, 0);
  }
  return atoms;
}

export const availableAt = (atom: Atom, point: string | undefined): boolean => !atom.points || (point !== undefined && atom.points.includes(point));

/** A P string literal (backslashes and quotes escaped). */
const pString = (value: string): string => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

const regexes = ["^/", "html$", "^(a|b)+[[:digit:]]{1,3}", "[^/]+\\.(jpe?g|png)$", "x*y?z", "^.$"];
const words = ["", "a", "GET", "text/html", "/index.html", "example.com", "X-Test"];
const stringOperators = ["equal", "contains", "begins_with", "ends_with", "EqualS", "ContainS", "Begins_witH", "Ends_witH"];
const regexOperators = ["matches", "not_matches", "matches_cs", "not_matches_cs"];

export interface Binding {
  readonly name: string;
  readonly type: Scalar;
}

/** Writes one program; the draw function decides every choice, so fast-check can shrink it. */
export class ProgramWriter {
  private counter = 0;
  private lines: string[] = [];

  constructor(private readonly draw: Draw, private readonly atoms: readonly Atom[]) {}

  fresh(prefix: string): string {
    return `${prefix}_${++this.counter}`;
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.draw(fc.nat, { max: items.length - 1 })]!;
  }

  private chance(percent: number): boolean {
    return this.draw(fc.nat, { max: 99 }) < percent;
  }

  /** A well-typed expression of this type, reading only what is available at `point`. */
  expression(type: Scalar, point: string | undefined, env: readonly Binding[], depth: number): string {
    const atoms = this.atoms.filter((a) => a.type === type && availableAt(a, point));
    const names = env.filter((b) => b.type === type);
    const leaf = (): string => {
      const kind = this.draw(fc.nat, { max: 2 });
      if (kind === 0 && atoms.length > 0) return this.pick(atoms).text;
      if (kind === 1 && names.length > 0) return this.pick(names).name;
      if (type === "string") return `"${this.pick(words)}"`;
      if (type === "number") return String(this.draw(fc.nat, { max: 5000 }));
      return this.chance(50) ? "true" : "false";
    };
    if (depth <= 0 || this.chance(35)) return leaf();
    const sub = (t: Scalar): string => `(${this.expression(t, point, env, depth - 1)})`;
    if (type === "string") return `${sub("string")} + ${sub("string")}`;
    if (type === "number") return this.chance(20) ? `- ${sub("number")}` : `${sub("number")} ${this.pick(["+", "-", "*", "/", "%"])} ${sub("number")}`;
    switch (this.draw(fc.nat, { max: 5 })) {
      case 0:
        return `${sub("number")} ${this.pick(["==", "!=", "<", "<=", ">", ">="])} ${sub("number")}`;
      case 1:
        return `${sub("string")} ${this.pick(stringOperators)} ${sub("string")}`;
      case 2:
        return `${sub("string")} ${this.pick(regexOperators)} ${pString(this.pick(regexes))}`;
      case 3:
        return `not ${sub("boolean")}`;
      case 4:
        return `${sub("boolean")} ${this.pick(["==", "!="])} ${sub("boolean")}`;
      default:
        return `${sub("boolean")} ${this.pick(["and", "or", "xor"])} ${sub("boolean")}`;
    }
  }

  private emit(indent: number, text: string): void {
    this.lines.push(`${"  ".repeat(indent)}${text}`);
  }

  /** Statements that run at `point`; names they bind are added to `env`. */
  statements(point: string | undefined, env: Binding[], indent: number, depth: number, allowServices: boolean): void {
    const count = this.draw(fc.integer, { min: 1, max: 3 });
    for (let i = 0; i < count; i++) {
      const kind = this.draw(fc.nat, { max: depth > 0 ? 4 : 2 });
      if (kind === 0 || (!allowServices && kind === 2)) this.assignment(point, env, indent);
      else if (kind === 1) this.emit(indent, `t_${++this.counter} := try { Core.interpreter.stop(); } otherwise false;`);
      else if (kind === 2) this.service(point, env, indent);
      else this.ifStatement(point, env, indent, depth, allowServices);
    }
  }

  assignment(point: string | undefined, env: Binding[], indent: number): Binding {
    const type = this.pick(scalars);
    const binding = { name: this.fresh("v"), type };
    this.emit(indent, `${binding.name} := ${this.expression(type, point, env, 2)};`);
    env.push(binding);
    return binding;
  }

  private service(point: string | undefined, env: readonly Binding[], indent: number): void {
    const name = this.fresh("s");
    this.emit(indent, `${name} := Services.findOne("urn:example:svc:${this.counter}"${this.chance(30) ? `, "Service ${this.counter}"` : ""});`);
    if (this.chance(60)) this.emit(indent, `${name}.${this.fresh("param")}(${this.expression(this.pick(scalars), point, env, 1)});`);
    const alternate = this.chance(40);
    if (alternate || this.chance(30)) this.emit(indent, `${name}.onFailure("${alternate ? "try-alternate" : this.pick(["abort", "ignore"])}");`);
    const apply = `Services.applyOne(${name})`;
    this.emit(indent, alternate ? `${apply} otherwise Services.applyOne(Services.findOne("urn:example:svc:fallback"));` : `${apply};`);
  }

  private ifStatement(point: string | undefined, env: Binding[], indent: number, depth: number, allowServices: boolean): void {
    const branches = this.draw(fc.integer, { min: 1, max: 3 });
    for (let b = 0; b < branches; b++) {
      const keyword = b === 0 ? "if" : "elsif";
      this.emit(indent, `${b === 0 ? "" : "} "}${keyword} (${this.expression("boolean", point, env, 2)}) {`.trimStart());
      this.statements(point, [...env], indent + 1, depth - 1, allowServices);
    }
    if (this.chance(50)) {
      this.emit(indent, "} else {");
      this.statements(point, [...env], indent + 1, depth - 1, allowServices);
    }
    this.emit(indent, "}");
  }

  line(indent: number, text: string): void {
    this.emit(indent, text);
  }

  text(): string {
    return `${this.lines.join("\n")}\n`;
  }
}

export interface GeneratedProgram {
  readonly text: string;
  /** For a plain file: the points the policy would assign. */
  readonly pointsForPlainFile?: string[];
  /** Point blocks in order, for mutations. */
  readonly points: readonly PointInfo[];
}

/** A program with rulesets and point blocks (or a plain file with policy points), and its writer's draws. */
export function writeProgram(draw: Draw, catalogs: Catalogs, mutate?: (writer: ProgramWriter, point: PointInfo, env: Binding[]) => void): GeneratedProgram {
  const coreAtoms = catalogAtoms(catalogs, ["Core"]);
  const plain = draw(fc.nat, { max: 3 }) === 0;
  const protocolName = draw(fc.constantFrom, "HTTP", "SMTP");
  const protocol = catalogs.protocols.get(protocolName)!;
  const moduleName = protocolName === "HTTP" ? "Http" : "Smtp";
  const atoms = [...coreAtoms, ...catalogAtoms(catalogs, [moduleName])];
  const writer = new ProgramWriter(draw, atoms);
  const points: PointInfo[] = [];
  if (plain) {
    const point = protocol.points[draw(fc.nat, { max: protocol.points.length - 1 })]!;
    points.push(point);
    writer.line(0, `${moduleName} := import "${moduleName}";`);
    const env: Binding[] = [];
    writer.statements(point.name, env, 0, 2, true);
    mutate?.(writer, point, env);
    return { text: writer.text(), pointsForPlainFile: [point.name], points };
  }
  const globals: Binding[] = [];
  for (let i = draw(fc.nat, { max: 2 }); i > 0; i--) writer.assignment(undefined, globals, 0);
  writer.line(0, `ruleset authorized_by consumer "mailto:user@example.net" protocol ${protocolName} {`);
  // Ruleset-level names read only what every point has, so any point block may use them.
  const rulesetEnv = [...globals];
  for (let i = draw(fc.nat, { max: 2 }); i > 0; i--) writer.assignment(undefined, rulesetEnv, 1);
  const blocks = draw(fc.integer, { min: 1, max: 3 });
  for (let b = 0; b < blocks; b++) {
    const point = protocol.points[draw(fc.nat, { max: protocol.points.length - 1 })]!;
    points.push(point);
    const written = point.alias !== undefined && draw(fc.boolean) ? String(point.alias) : point.name;
    writer.line(1, `at ${written} {`);
    const env = [...rulesetEnv];
    writer.statements(point.name, env, 2, 2, true);
    if (b === 0) mutate?.(writer, point, env);
    writer.line(1, "}");
  }
  writer.line(0, "}");
  return { text: writer.text(), points };
}
