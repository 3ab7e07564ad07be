import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repositoryRoot, type GeneratedFile } from "../../scripts/generated-files.js";

/**
 * The tests every committed generated file gets: it is what its generator
 * writes now (else the named npm script regenerates it), and the generator
 * writes the same thing every time.
 */
export function describeGeneratedFiles(title: string, npmScript: string, generate: () => readonly GeneratedFile[]): void {
  const files = generate();
  describe(title, () => {
    it.each(files.map((f) => [f.path, f.content] as const))(`%s is what \`npm run ${npmScript}\` produces now`, (path, content) => {
      const committed = readFileSync(join(repositoryRoot, path), "utf8");
      expect(committed === content, `${path} is stale: run npm run ${npmScript}`).toBe(true);
    });

    it("are produced the same way twice", () => {
      expect(generate()).toEqual(files);
    });
  });
}
