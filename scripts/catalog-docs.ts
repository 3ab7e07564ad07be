/**
 * Regenerates the member tables of docs/catalogs.md from the built-in
 * catalogs: `npx tsx scripts/catalog-docs.ts`. Only the text between the
 * GENERATED markers changes; test/semantic/catalog-docs.test.ts fails when
 * the committed document is stale.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { builtinCatalogs, type Catalogs, type MemberInfo, type ObjectShape, type SignatureInfo } from "../src/semantic/index.js";

export const docPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "catalogs.md");
const begin = "<!-- BEGIN GENERATED: scripts/catalog-docs.ts -->";
const end = "<!-- END GENERATED -->";

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function signatureText(signature: SignatureInfo): string {
  const params = signature.params.map((p) => {
    const type = p.enum ? p.enum.map((v) => `"${v}"`).join(" | ") : p.types.join(" | ");
    const notes = [p.literal ? "literal" : "", p.format ?? ""].filter(Boolean).join(", ");
    return `${p.variadic ? "..." : ""}${p.name}${p.optional ? "?" : ""}: ${type}${notes ? ` (${notes})` : ""}`;
  });
  return `(${params.join(", ")}) → ${signature.returns}`;
}

function typeText(member: MemberInfo): string {
  switch (member.kind) {
    case "property":
      return member.accessor ? `${member.type} (also \`()\`)` : member.type;
    case "object":
      return "object";
    case "method":
      return member.signatures.map(signatureText).join("<br>");
  }
}

function pointsText(member: MemberInfo, protocol: { name: string; points: readonly string[] } | undefined): string {
  if (!member.points) return "all";
  if (protocol && member.points.length === protocol.points.length) return `all ${protocol.name} points`;
  return member.points.join(", ");
}

/** One row per member, nested objects flattened into dotted paths. */
function memberRows(shape: ObjectShape, all: { name: string; points: readonly string[] } | undefined): string[] {
  const rows: string[] = [];
  for (const member of shape.members.values()) {
    const notes = member.kind === "method" && member.requiresPoint ? " Inside a ruleset: only in a point block." : "";
    rows.push(`| \`${member.path}\` | ${cell(typeText(member))} | ${pointsText(member, all)} | ${cell(member.summary + notes)} |`);
    if (member.kind === "object") rows.push(...memberRows(member.shape, all));
  }
  return rows;
}

const tableHead = ["| Member | Type | Available at | Meaning |", "| --- | --- | --- | --- |"];

export function renderCatalogTables(catalogs: Catalogs): string {
  const out: string[] = ["### Activation points", "", "| Protocol | Point | Alias | Meaning |", "| --- | --- | --- | --- |"];
  for (const protocol of catalogs.protocols.values()) {
    for (const point of protocol.points) out.push(`| ${protocol.name} | \`${point.name}\` | ${point.alias ?? ""} | ${cell(point.summary)} |`);
  }
  for (const module of catalogs.modules.values()) {
    const protocol = module.protocol ? catalogs.protocols.get(module.protocol) : undefined;
    const all = protocol ? { name: protocol.name, points: protocol.points.map((p) => p.name) } : undefined;
    const names = [...module.shortNames.map((n) => `\`"${n}"\``), ...module.uris.map((u) => `\`"${u}"\``)].join(", ");
    const visible = protocol ? `; visible without an import in ${protocol.name} rulesets` : "";
    const how = module.implicit ? "" : ` Import it with ${names}${visible}.`;
    out.push("", `### Module \`${module.name}\``, "", `${module.summary}${how}`, "", ...tableHead, ...memberRows(module.shape, all));
  }
  for (const type of catalogs.types.values()) {
    const notes = [type.textForm ? "The regular-expression operators match its text." : "", type.openMethod ? `Any other method name \`x\` sets the parameter \`x\`: ${signatureText(type.openMethod)}.` : ""].filter(Boolean).join(" ");
    out.push("", `### Type \`${type.name}\``, "", `${type.summary}${notes ? ` ${notes}` : ""}`, "", ...tableHead, ...memberRows(type, undefined));
  }
  return out.join("\n");
}

/** The document with its generated part replaced. */
export function updateCatalogDoc(document: string, catalogs: Catalogs): string {
  const start = document.indexOf(begin);
  const stop = document.indexOf(end);
  if (start < 0 || stop < start) throw new Error(`docs/catalogs.md lacks the markers ${begin} … ${end}`);
  return `${document.slice(0, start + begin.length)}\n${renderCatalogTables(catalogs)}\n${document.slice(stop)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  fs.writeFileSync(docPath, updateCatalogDoc(fs.readFileSync(docPath, "utf8"), builtinCatalogs()));
}
