import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/diagnostics/source.js";
import { readIrml } from "../../src/syntax/irml/index.js";
import { fileExists } from "../../src/syntax/irml/signature.js";
import { renderDiagnostics } from "./helpers.js";

const here = fileURLToPath(new URL(".", import.meta.url));
const errorsDir = join(here, "fixtures", "errors");
const appendixDir = join(here, "fixtures", "appendix-d");

/** The diagnostic each error fixture exists to show. */
const expectedCode: Record<string, string> = {
  "unclosed-tag": "P1500",
  "unclosed-at-end": "P1500",
  "bad-entity": "P1500",
  "two-roots": "P1500",
  "unquoted-attribute": "P1500",
  "missing-quote": "P1500",
  empty: "P1500",
  "doctype-internal-subset": "P1503",
  "wrong-root": "P1510",
  "removed-element": "P1511",
  "unknown-element": "P1511",
  "foreign-element": "P1511",
  "misplaced-element": "P1512",
  "missing-element": "P1513",
  "element-order": "P1514",
  "duplicate-element": "P1515",
  "unexpected-text": "P1516",
  "unknown-attribute": "P1517",
  "missing-attribute": "P1518",
  "missing-context": "P1518",
  "invalid-point": "P1519",
  "invalid-context": "P1519",
  "both-matches": "P1520",
  "no-match": "P1520",
  "empty-value": "P1521",
  "legacy-class": "P1522",
  "self-two-rulesets": "P1530",
  "self-authorizer": "P1531",
  "group-self": "P1532",
  "delegate-duplicate-endpoint": "P1533",
  "try-alternate-alone": "P1534",
  "two-primaries": "P1535",
  "unreachable-alternate": "P1536",
  "static-with-variable": "P1537",
  "any-in-execute": "P1538",
  "unknown-system-property": "P1539",
  "unknown-sub-system": "P1540",
  "variable-sub-system": "P1541",
  protocol: "P1542",
  "invalid-contact": "P1543",
  "invalid-uri": "P1544",
  "duplicate-parameter": "P1545",
  "reserved-parameter": "P1546",
  "parameter-name": "P1547",
};

function read(dir: string, file: string) {
  const path = join(dir, file);
  return readIrml(new SourceFile(file, readFileSync(path, "utf8")), { signatureFileExists: (p) => fileExists(join(dir, basename(p))) });
}

describe("IRML error fixtures (golden diagnostics)", () => {
  const files = readdirSync(errorsDir).filter((f) => f.endsWith(".xml"));

  it("has one fixture per listed case", () => {
    expect(files.map((f) => f.replace(/\.xml$/, "")).sort()).toEqual(Object.keys(expectedCode).sort());
  });

  it.each(files)("%s", async (file) => {
    const result = read(errorsDir, file);
    const shown = result.diagnostics.filter((d) => d.name !== "irml-unsigned");
    expect(shown.map((d) => d.code)).toContain(expectedCode[file.replace(/\.xml$/, "")]);
    await expect(renderDiagnostics(result.source, shown)).toMatchFileSnapshot(join(errorsDir, file.replace(/\.xml$/, ".golden")));
  });
});

describe("Appendix D modules", () => {
  it.each(["provider.xml", "consumer.xml", "delegate.xml"])("%s, as the draft has it, earns the errors its text breaks", async (file) => {
    const result = read(appendixDir, file);
    await expect(renderDiagnostics(result.source, result.diagnostics)).toMatchFileSnapshot(join(appendixDir, file.replace(/\.xml$/, ".golden")));
  });

  it("the provider module lacks the context the DTD requires", () => {
    const result = read(appendixDir, "provider.xml");
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => [d.name, d.range.line])).toEqual([["irml-missing-attribute", 24]]);
  });

  it("the consumer module is self-authored but authorized by someone else", () => {
    const errors = read(appendixDir, "consumer.xml").diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.name)).toEqual(["irml-self-authorizer-mismatch"]);
    expect(errors[0]!.message).toContain("IRML §3.4.2");
  });

  it("the delegate module uses a context IRML does not define", () => {
    const errors = read(appendixDir, "delegate.xml").diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.name)).toEqual(["irml-invalid-attribute-value"]);
    expect(errors[0]!.message).toContain("IRML §3.6.1");
    expect(errors[0]!.fix?.edits[0]?.newText).toBe("res-msg");
  });

  it.each(["provider-corrected.xml", "consumer-corrected.xml", "delegate-corrected.xml"])("%s respects the draft and checks clean", (file) => {
    const result = read(appendixDir, file);
    expect(result.diagnostics).toEqual([]);
    expect(result.signature.present).toBe(true);
  });

  it("finds the enveloped and the detached signatures", () => {
    expect(read(appendixDir, "provider-corrected.xml").signature.enveloped).toBeDefined();
    expect(read(appendixDir, "delegate-corrected.xml").signature.enveloped).toBeDefined();
    const consumer = read(appendixDir, "consumer-corrected.xml").signature;
    expect(consumer.enveloped).toBeUndefined();
    expect(consumer.detachedPath).toBe("consumer-corrected.xml.sig");
  });
});
