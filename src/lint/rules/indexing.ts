import { buildGraphs } from "../../compile/graph.js";
import { lintDiagnostics as codes } from "../../diagnostics/catalog/lint.js";
import type { Span } from "../../diagnostics/source.js";
import type { LintContext } from "../context.js";

const DEFAULT_THRESHOLD = 20;
/** How many of the unindexed actions a hint points at. */
const EXAMPLES = 3;

interface UnindexedPoint {
  readonly point: string;
  readonly always: readonly number[];
  readonly total: number;
}

/**
 * P4009: read off the decision graph itself. Per ruleset and point, actions
 * whose guard has an equality test a switch can answer are found by one map
 * lookup; the others are tried on every message. One hint per ruleset.
 */
export function lintIndexing(context: LintContext): void {
  const threshold = context.options.indexHintThreshold ?? DEFAULT_THRESHOLD;
  const byRuleset = new Map<number, UnindexedPoint[]>();
  const { graphs } = buildGraphs(context.program);
  for (const key of Object.keys(graphs).sort()) {
    for (const slot of graphs[key]!.slots) {
      if (slot.always.length < threshold) continue;
      const indexed = slot.switches.reduce((sum, s) => sum + Object.values(s.cases).reduce((n, ids) => n + ids.length, 0), 0);
      const entry = { point: graphs[key]!.point, always: slot.always, total: slot.always.length + indexed };
      byRuleset.set(slot.ruleset, [...(byRuleset.get(slot.ruleset) ?? []), entry]);
    }
  }
  for (const [ruleset, points] of byRuleset) report(context, ruleset, points);
}

function report(context: LintContext, ruleset: number, points: readonly UnindexedPoint[]): void {
  const info = context.program.rulesets[ruleset]!;
  const counts = points.map((p) => `${p.always.length} of the ${p.total} actions at ${p.point}`).join(", ");
  const related = points[0]!.always.slice(0, EXAMPLES).flatMap((id) => {
    const action = context.program.actions[id]!;
    return context.related(action.file, action.span, "tried on every message");
  });
  context.report(
    codes.notIndexable,
    info.file,
    firstLine(context, info.file, info.span),
    `the decision graph tries ${counts} on every message: their conditions test no property against a literal with \`equal\`, \`EqualS\` or \`==\`, which a switch could answer with one lookup`,
    { related },
  );
}

/** The first line of a ruleset: its header, not its whole body. */
function firstLine(context: LintContext, file: string, span: Span): Span {
  const source = context.source(file);
  if (!source) return span;
  const line = source.position(span.start).line;
  const lineEnd = span.start + source.lineText(line).length - (source.position(span.start).column - 1);
  return { start: span.start, end: Math.min(span.end, Math.max(span.start, lineEnd)) };
}
