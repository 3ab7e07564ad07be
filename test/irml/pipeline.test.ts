import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeProgram } from "../../src/semantic/index.js";
import { IRML_NAMESPACE } from "../../src/syntax/irml/vocabulary.js";
import { readXml } from "./helpers.js";

/** Later stages work on the AST an IRML module becomes, and their diagnostics point into the XML. */
describe("IRML through the semantic stage", () => {
  const text = `<rulemodule xmlns="${IRML_NAMESPACE}">
  <author type="self"><name>Ann</name><id>ann@example.net</id></author>
  <ruleset>
    <authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>
    <protocol>HTTP</protocol>
    <rule processing-point="1">
      <property name="Content-Type" context="res-msg" not-matches="text">
        <property name="client-ip" context="system" matches="([a-z">
          <execute><service><uri>urn:svc:x</uri></service></execute>
        </property>
      </property>
    </rule>
  </ruleset>
</rulemodule>`;

  it("reports an unavailable property and a bad pattern at their attributes", () => {
    const parse = readXml(text, "ann.xml", { signatureFileExists: () => true });
    expect(parse.diagnostics).toEqual([]);
    const found = analyzeProgram(parse).diagnostics.map((d) => [d.name, d.range.file, d.range.line, text.slice(d.range.start, d.range.end)]);
    expect(found).toEqual([
      ["property-unavailable", "ann.xml", 7, 'name="Content-Type"'],
      ["invalid-regex", "ann.xml", 8, "([a-z"],
    ]);
  });

  it("accepts the example modules", () => {
    for (const name of ["consumer-privacy", "provider-adaptation", "isp-delegate"]) {
      const path = new URL(`../../examples/irml/${name}.xml`, import.meta.url);
      const parse = readXml(readFileSync(path, "utf8"), `${name}.xml`, { signatureFileExists: () => true });
      expect(analyzeProgram(parse).diagnostics).toEqual([]);
    }
  });
});
