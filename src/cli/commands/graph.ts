import { compileSources } from "../../compile/index.js";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import type { Action, Bundle, GuardPart, PointGraph, RuleSetSlot, ServiceRequest, Switch } from "../../runtime/bundle.js";
import { graphKey } from "../../runtime/bundle.js";
import { switchKey } from "../../runtime/switch-key.js";
import type { Catalogs } from "../../semantic/index.js";
import { encodeString } from "../../syntax/strings.js";
import { compileInputs, loadPolicyAndCatalogs } from "../inputs.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman } from "../report.js";
import { termText } from "../term-text.js";
import { readRuleFiles } from "./check.js";

export type GraphFormat = "dot" | "mermaid";

export interface GraphCommandOptions {
  /** The activation point, by name or HTTP alias (1–4). */
  readonly point: string;
  /** Needed only when catalogs give two protocols a point of the same name. */
  readonly protocol?: string;
  readonly policy?: string;
  readonly catalogs: readonly string[];
  readonly format: GraphFormat;
  readonly color?: boolean;
}

/**
 * `opes graph --point P`: compiles the rules and prints the decision graph
 * of one activation point, as Graphviz DOT or a Mermaid flowchart.
 * Diagnostics go to stderr; the graph alone to stdout.
 */
export function runGraph(paths: readonly string[], options: GraphCommandOptions, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io);
  const loaded = loadPolicyAndCatalogs(options.policy, options.catalogs, io);
  if (!inputs || !loaded) return ExitCode.usage;
  const point = resolvePoint(loaded.catalogs, options.point, options.protocol);
  if (typeof point === "string") {
    io.stderr(`opes graph: ${point}\n`);
    return ExitCode.usage;
  }
  const result = hasErrors(loaded.diagnostics) ? undefined : compileSources(inputs, compileInputs(loaded));
  const diagnostics = sortDiagnostics([...loaded.diagnostics, ...(result?.diagnostics ?? [])]);
  io.stderr(formatHuman(diagnostics, new Map([...loaded.sources, ...(result?.check.sources ?? [])]), options.color ?? false));
  if (!result?.bundle || hasErrors(diagnostics)) return ExitCode.inputErrors;
  const model = graphModel(result.bundle, point.protocol, point.name);
  io.stdout(options.format === "dot" ? renderDot(model) : renderMermaid(model));
  return ExitCode.ok;
}

/** The point named on the command line (name or HTTP alias), or why it names none. */
function resolvePoint(catalogs: Catalogs, name: string, protocol: string | undefined): { protocol: string; name: string } | string {
  const points = [...catalogs.points.values()].filter((p) => protocol === undefined || p.protocol === protocol);
  const found = points.filter((p) => p.name === name || String(p.alias) === name);
  if (found.length === 1) return { protocol: found[0]!.protocol, name: found[0]!.name };
  if (found.length > 1) return `point ${JSON.stringify(name)} exists in ${found.map((p) => p.protocol).join(" and ")}: give --protocol`;
  const known = points.map((p) => `${p.protocol}/${p.name}`).join(", ");
  return `unknown point ${JSON.stringify(name)}${protocol !== undefined ? ` for ${protocol}` : ""}; the points are ${known}`;
}

// ----- a renderer-neutral model of one point's graph

type NodeKind = "point" | "dispatch" | "ruleset" | "switch" | "action";

interface GraphNode {
  readonly id: string;
  readonly kind: NodeKind;
  /** Label lines, plain text; renderers escape them. */
  readonly lines: readonly string[];
}

interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

interface GraphModel {
  readonly title: string;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

/**
 * The graph of `PROTOCOL/point` as the runtime walks it: the point, the
 * relevance dispatch (which endpoint identifiers and groups select which
 * rulesets), per ruleset its switches and always-tried actions, and the
 * actions as leaves with their rule locations and remaining conditions.
 */
export function graphModel(bundle: Bundle, protocol: string, point: string): GraphModel {
  const title = graphKey(protocol, point);
  const graph = bundle.graphs[title];
  if (!graph) return { title, nodes: [{ id: "point", kind: "point", lines: [title, "no rules act at this point"] }], edges: [] };
  const nodes: GraphNode[] = [{ id: "point", kind: "point", lines: [title, graph.towardsConsumer ? "provider rulesets first" : "consumer rulesets first"] }];
  const edges: GraphEdge[] = [];
  for (const [label, prefix, table] of dispatchTables(graph)) {
    sortedKeys(table).forEach((key, k) => {
      const id = `${prefix}${k}`;
      nodes.push({ id, kind: "dispatch", lines: [`${label} ${key}`] });
      edges.push({ from: "point", to: id });
      for (const slot of table[key]!) edges.push({ from: id, to: `r${slot}` });
    });
  }
  graph.slots.forEach((slot, s) => slotModel(bundle, slot, s, nodes, edges));
  return { title, nodes, edges };
}

type DispatchTable = readonly [label: string, idPrefix: string, table: Readonly<Record<string, readonly number[]>>];

/** Dispatch tables in the order the runtime consults them at this point. */
function dispatchTables(graph: PointGraph): DispatchTable[] {
  const consumer: DispatchTable[] = [
    ["consumer", "c", graph.consumers],
    ["consumer group", "cg", graph.consumerGroups],
  ];
  const provider: DispatchTable[] = [
    ["provider", "p", graph.providers],
    ["provider group", "pg", graph.providerGroups],
  ];
  return graph.towardsConsumer ? [...provider, ...consumer] : [...consumer, ...provider];
}

function sortedKeys(table: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(table).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function slotModel(bundle: Bundle, slot: RuleSetSlot, s: number, nodes: GraphNode[], edges: GraphEdge[]): void {
  const ruleset = bundle.rulesets[slot.ruleset]!;
  const slotId = `r${s}`;
  const author = ruleset.author?.kind === "delegate" ? [`written by delegate ${ruleset.author.id}`] : [];
  nodes.push({ id: slotId, kind: "ruleset", lines: [`ruleset${ruleset.name !== undefined ? ` ${encodeString(ruleset.name)}` : ""} (${ruleset.file}:${ruleset.line})`, ...author] });
  const leaves: { id: number; answered?: { table: Switch; key: string } }[] = slot.always.map((id) => ({ id }));
  slot.switches.forEach((table, w) => {
    const switchId = `${slotId}_s${w}`;
    nodes.push({ id: switchId, kind: "switch", lines: [`switch ${termText(bundle.terms, table.term)}${table.caseInsensitive ? " (ignoring case)" : ""}`] });
    edges.push({ from: slotId, to: switchId });
    for (const [key, ids] of Object.entries(table.cases)) {
      for (const id of ids) {
        edges.push({ from: switchId, to: `a${id}`, label: caseLabel(key) });
        leaves.push({ id, answered: { table, key } });
      }
    }
  });
  for (const id of slot.always) edges.push({ from: slotId, to: `a${id}`, label: "always" });
  for (const leaf of leaves.sort((a, b) => a.id - b.id)) {
    const action = bundle.actions[leaf.id]!;
    const guard = leaf.answered ? withoutAnswered(bundle, action.guard, leaf.answered.table, leaf.answered.key) : action.guard;
    nodes.push({ id: `a${leaf.id}`, kind: "action", lines: actionLines(bundle, action, guard) });
  }
}

/** A switch key (`s:news.example.com`, `n:200`, `b:true`) as P would write the value. */
function caseLabel(key: string): string {
  const value = key.slice(2);
  return key.startsWith("s:") ? encodeString(value) : value;
}

/**
 * Equality operators the compiler folds into switches (src/compile/graph.ts),
 * by whether they ignore case: the guard part a switch answers is one of these.
 */
const equalityOperators: Readonly<Record<string, boolean>> = { equal: false, "==": false, EqualS: true };

/** The guard without the one equality test the switch already answered. */
function withoutAnswered(bundle: Bundle, guard: readonly GuardPart[], table: Switch, key: string): GuardPart[] {
  const answered = guard.findIndex((part) => {
    const term = bundle.terms[part.term];
    if (term?.t !== "op" || equalityOperators[term.op] !== table.caseInsensitive || term.args.length !== 2) return false;
    const [a, b] = term.args as [number, number];
    const [subject, literal] = bundle.terms[a]?.t === "lit" ? [b, bundle.terms[a]] : [a, bundle.terms[b]];
    return subject === table.term && literal?.t === "lit" && switchKey(literal.v, table.caseInsensitive) === key;
  });
  return guard.filter((_, i) => i !== answered);
}

function actionLines(bundle: Bundle, action: Action, guard: readonly GuardPart[]): string[] {
  const where = `(${bundle.rules[action.rule]!.file}:${action.line})`;
  const conditions = guard.map((part, i) => `${i === 0 ? "when" : "and"} ${part.text}`);
  switch (action.kind) {
    case "apply":
      return [`apply ${action.service.uri} ${where}`, ...serviceLines(bundle, action.service), ...conditions];
    case "stop":
      return [`stop ${where}`, ...conditions];
    case "fail":
      return [`fail ${encodeString(action.reason)} ${where}`, ...conditions];
  }
}

function serviceLines(bundle: Bundle, service: ServiceRequest): string[] {
  const params = (request: ServiceRequest) => request.params.map((p) => `${p.name} = ${termText(bundle.terms, p.value)}`).join(", ");
  const lines: string[] = [];
  if (service.params.length > 0) lines.push(`with ${params(service)}`);
  if (service.onFailure !== "abort" && service.onFailure !== "try-alternate") lines.push(`on failure ${service.onFailure}`);
  for (const alternate of service.alternates) lines.push(`otherwise ${alternate.uri}${alternate.params.length > 0 ? ` with ${params(alternate)}` : ""}`);
  return lines;
}

// ----- renderers

const dotShapes: Record<NodeKind, string> = { point: "doubleoctagon", dispatch: "hexagon", ruleset: "folder", switch: "diamond", action: "box" };

/** Graphviz DOT. Labels are DOT strings: `\` and `"` escaped; actions are left-aligned (`\l`). */
export function renderDot(model: GraphModel): string {
  const out = [`digraph ${dotString(model.title)} {`, "  rankdir=LR;", '  node [fontname="monospace"];', '  edge [fontname="monospace"];'];
  for (const node of model.nodes) {
    const label = node.kind === "action" ? node.lines.map((line) => `${dotEscape(line)}\\l`).join("") : node.lines.map(dotEscape).join("\\n");
    out.push(`  ${node.id} [shape=${dotShapes[node.kind]}, label="${label}"];`);
  }
  for (const edge of model.edges) out.push(`  ${edge.from} -> ${edge.to}${edge.label !== undefined ? ` [label=${dotString(edge.label)}]` : ""};`);
  out.push("}");
  return `${out.join("\n")}\n`;
}

function dotEscape(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n");
}

function dotString(text: string): string {
  return `"${dotEscape(text)}"`;
}

const mermaidShapes: Record<NodeKind, [string, string]> = { point: ["([", "])"], dispatch: ["{{", "}}"], ruleset: ["[/", "/]"], switch: ["{", "}"], action: ["[", "]"] };

/**
 * A Mermaid flowchart. Labels are quoted strings in which every character
 * Mermaid or its HTML labels could read as syntax is an entity code
 * (`#quot;`, `#35;`, …); label lines are joined with `<br/>`.
 */
export function renderMermaid(model: GraphModel): string {
  const out = ["flowchart LR", `  %% ${mermaidEscape(model.title)}`];
  for (const node of model.nodes) {
    const [open, close] = mermaidShapes[node.kind];
    out.push(`  ${node.id}${open}"${node.lines.map(mermaidEscape).join("<br/>")}"${close}`);
  }
  for (const edge of model.edges) out.push(`  ${edge.from} -->${edge.label !== undefined ? `|"${mermaidEscape(edge.label)}"|` : ""} ${edge.to}`);
  return `${out.join("\n")}\n`;
}

const mermaidEntities: Readonly<Record<string, string>> = { "#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;", "|": "#124;", "`": "#96;" };

function mermaidEscape(text: string): string {
  return text.replace(/[#"<>&|`]/g, (ch) => mermaidEntities[ch]!).replace(/\r?\n/g, " ");
}
