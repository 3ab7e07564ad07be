import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { docPath, renderCatalogTables, updateCatalogDoc } from "../../scripts/catalog-docs.js";
import { builtinCatalogs } from "../../src/semantic/index.js";

describe("docs/catalogs.md", () => {
  it("is up to date with the built-in catalogs (run `npx tsx scripts/catalog-docs.ts`)", () => {
    const current = fs.readFileSync(docPath, "utf8");
    expect(updateCatalogDoc(current, builtinCatalogs())).toBe(current);
  });

  it("lists every member of every built-in module and type", () => {
    const tables = renderCatalogTables(builtinCatalogs());
    for (const path of ["Http.request.method", "Smtp.rcpt.params", "Core.interpreter.fail", "Services.applyOne", "headers.all", "ip.in_subnet", "service.onFailure"]) {
      expect(tables).toContain(`| \`${path}\` |`);
    }
  });
});
