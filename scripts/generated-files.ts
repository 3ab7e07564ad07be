/**
 * What the generators of committed files share: the repository root, the
 * shape of a generated file, and writing them (test/helpers/generated-files.ts
 * checks that the committed copies are current).
 */
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const repositoryRoot = fileURLToPath(new URL("..", import.meta.url));

export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly content: string;
}

/** Writes the files when the module at `moduleUrl` is the script node was asked to run. */
export function writeWhenRun(moduleUrl: string, generate: () => readonly GeneratedFile[]): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  for (const file of generate()) {
    writeFileSync(join(repositoryRoot, file.path), file.content);
    console.log(`wrote ${file.path} (${file.content.length.toLocaleString("en-US")} characters)`);
  }
}
