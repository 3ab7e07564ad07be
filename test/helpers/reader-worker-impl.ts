import "../../src/polyfills.js";
import { SourceFile } from "../../src/diagnostics/source.js";
import { parseP } from "../../src/syntax/parser.js";

type Reader = (source: SourceFile) => { diagnostics: readonly { code: string }[] };

const readers: Record<string, () => Promise<Reader>> = {
  p: async () => parseP,
  irml: async () => (await import("../../src/syntax/irml/index.js")).readIrml,
};

const loaded = new Map<string, Reader>();

export async function preload(name: string): Promise<void> {
  if (!loaded.has(name)) loaded.set(name, await readers[name]!());
}

/** Returns the diagnostic codes, so the caller can assert on them. */
export function runReader(name: string, text: string): string[] {
  const reader = loaded.get(name);
  if (!reader) throw new Error(`reader ${name} not loaded`);
  return reader(new SourceFile(name === "irml" ? "fuzz.xml" : "fuzz.p", text)).diagnostics.map((d) => d.code);
}
