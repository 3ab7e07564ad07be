/** One problem found while decoding a string literal, relative to the literal's first character. */
export interface EscapeProblem {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

const noProblems: readonly EscapeProblem[] = Object.freeze([]);

const simpleEscapes: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", r: "\r", t: "\t" };

/**
 * Decodes the body of a P string literal (without its quotes). P draft -02
 * leaves escapes undefined; we take the C subset \" \\ \n \r \t \xHH.
 */
export function decodeStringBody(body: string): { value: string; problems: readonly EscapeProblem[] } {
  // Most literals have no escape at all; they need no copy.
  if (!body.includes("\\")) return { value: body, problems: noProblems };
  let value = "";
  const problems: EscapeProblem[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const next = body[i + 1];
    if (next !== undefined && next in simpleEscapes) {
      value += simpleEscapes[next];
      i++;
    } else if (next === "x" && /^[0-9A-Fa-f]{2}$/.test(body.slice(i + 2, i + 4))) {
      value += String.fromCharCode(parseInt(body.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      problems.push({ offset: i, length: next === undefined ? 1 : 2, text: body.slice(i, i + 2) });
      if (next !== undefined) i++;
    }
  }
  return { value, problems };
}

/** Encodes a value as a P string literal, the inverse of decodeStringBody. */
export function encodeString(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}
