import { SourceFile } from "../diagnostics/source.js";
import type { ParseResult, ReaderLimits } from "./parse-result.js";
import { readIrml } from "./irml/index.js";
import { parseP } from "./parser.js";

export type * from "./ast.js";
export { defaultReaderLimits, type ParseResult, type ReaderLimits } from "./parse-result.js";
export { parseP } from "./parser.js";
export { decodeStringBody, encodeString } from "./strings.js";
export { formatProgram, formatSource, type FormatOptions, type FormatResult } from "./format.js";
export { irmlSignatureStatus, programToIrml, readIrml, type IrmlParseResult, type IrmlReadOptions, type SignatureStatus } from "./irml/index.js";

/** The front end that reads a file, chosen by its extension: `.xml`/`.irml` is IRML, anything else P. */
export function isIrmlPath(path: string): boolean {
  return /\.(xml|irml)$/i.test(path);
}

/** Reads one source with the front end its name calls for. */
export function parseSource(path: string, text: string, limits: Partial<ReaderLimits> = {}): ParseResult {
  const source = new SourceFile(path, text);
  return isIrmlPath(path) ? readIrml(source, { limits }) : parseP(source, limits);
}
