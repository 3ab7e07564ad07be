import { styleText } from "node:util";
import type { DiffLine, Mismatch } from "./expect.js";

export type Paint = (style: Parameters<typeof styleText>[0], text: string) => string;

export function painter(color: boolean): Paint {
  return color ? (style, text) => styleText(style, text) : (_style, text) => text;
}

const signStyle: Record<DiffLine["sign"], Parameters<typeof styleText>[0]> = { " ": "dim", "-": "red", "+": "green" };

/**
 * A mismatch as lines a person reads: lists as a diff (`-` expected only,
 * `+` actual only, blank both agree), single values as expected/got.
 */
export function mismatchLines(mismatch: Mismatch, paint: Paint): string[] {
  switch (mismatch.field) {
    case "services":
      return [`services, in order (${paint("red", "- expected")}, ${paint("green", "+ actual")}):`, ...diffLines(mismatch.lines, paint)];
    case "refused":
      return [`refused, in any order (${paint("red", "- expected")}, ${paint("green", "+ actual")}):`, ...diffLines(mismatch.lines, paint)];
    case "stop":
      return [`stop: expected ${mismatch.expected}, got ${mismatch.actual}`];
    case "fail":
      return [`fail: expected ${valueText(mismatch.expected)}, got ${valueText(mismatch.actual)}`];
    case "trace":
      return [`trace ${mismatch.header}: expected ${valueText(mismatch.expected)}, got ${valueText(mismatch.actual)}`];
  }
}

function diffLines(lines: readonly DiffLine[], paint: Paint): string[] {
  return lines.map((line) => paint(signStyle[line.sign], `  ${line.sign} ${line.text}`));
}

function valueText(value: string | null): string {
  return value === null ? "none" : JSON.stringify(value);
}

/** A mismatch for `--format json`: what was expected and what the decision said, without the text diff. */
export function mismatchJson(mismatch: Mismatch): Record<string, unknown> {
  if (mismatch.field === "services" || mismatch.field === "refused") {
    return { field: mismatch.field, expected: mismatch.expected, actual: mismatch.actual };
  }
  return { ...mismatch };
}
