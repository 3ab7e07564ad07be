import type { Decision } from "../runtime/decide.js";

/** A decision as a person reads it: the plan, the refusals, then why each rule matched or not. */
export function explainText(decision: Decision): string {
  const lines: string[] = [`At ${decision.point}:`];
  if (decision.services.length === 0) lines.push("  no service runs");
  decision.services.forEach((s, i) => {
    const params = Object.entries(s.params).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ");
    const alternates = s.alternates.length > 0 ? `, else ${s.alternates.map((a) => a.uri).join(", then ")}` : "";
    lines.push(`  ${i + 1}. ${s.uri}${params ? ` (${params})` : ""} on failure ${s.onFailure}${alternates}${s.bypassRefused ? " [bypass refused]" : ""}`);
    lines.push(`     requested by ${s.origin.ruleset} at ${s.origin.file}:${s.origin.line}`);
  });
  for (const r of decision.refused) lines.push(`  refused ${r.uri}: ${r.reason} (${r.detail}), requested at ${r.origin.file}:${r.origin.line}`);
  if (decision.stop) lines.push("  a rule stopped rule processing");
  if (decision.fail) lines.push(`  rule processing failed: "${decision.fail.reason}" at ${decision.fail.origin.file}:${decision.fail.origin.line}`);
  for (const [name, value] of Object.entries(decision.trace)) lines.push(`  ${name}: ${value}`);
  const explain = decision.explain;
  if (explain) {
    lines.push("", explain.relevantRulesets.length > 0 ? `Rulesets for this transaction: ${explain.relevantRulesets.join(", ")}` : "No ruleset applies to this transaction's endpoints.");
    for (const rule of explain.rules) {
      const why = rule.matched ? "matched" : `not matched: ${rule.failedCondition!.text} is not true (line ${rule.failedCondition!.line})`;
      lines.push(`  ${rule.file}:${rule.line} ${rule.action}: ${why}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
