import type { Program } from "../../src/syntax/ast.js";
import { parseText, stripSpans } from "../helpers/parse.js";

/**
 * What `opes fmt` must preserve: the tree without spans, comments and file
 * name. The legacy spelling `!` is dropped too, since fmt writes it `not`.
 */
export function meaning(program: Program): unknown {
  const stripped = stripSpans({ ...program, comments: [], file: "" });
  return JSON.parse(JSON.stringify(stripped, (key, value: unknown) => (key === "legacySpelling" ? undefined : value)));
}

export function meaningOf(text: string): unknown {
  return meaning(parseText(text).program);
}

/** The comments of a source, sorted: formatting may move them, never add or drop one. */
export function commentTexts(text: string): string[] {
  return parseText(text).program.comments.map((c) => c.text).sort();
}
