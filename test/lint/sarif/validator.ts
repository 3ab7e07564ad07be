import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/*
 * The SARIF 2.1.0 JSON Schema as the OASIS SARIF TC keeps it:
 * oasis-tcs/sarif-spec, Schemata/sarif-schema-2.1.0.json, commit
 * 85971b3e048f61a6d643b95fc6233d073302f5b8 (JSON Schema 2020-12), copied
 * byte for byte. Content of that repository is governed by the OASIS IPR
 * Policy (its LICENSE.md); the file itself carries no licence header. It is
 * used by the tests only and is not shipped.
 *
 * Two known defects of that copy are repaired here, in memory, not in the file:
 * - `region`'s `anyOf` (a region needs startLine, charOffset or byteOffset)
 *   sits inside `properties`, where it is not a schema; the OASIS standard
 *   (errata 01) has it on `region` itself, where it is moved back;
 * - the `language` patterns start with `(?i)`, which ECMAScript regular
 *   expressions do not have; they are compiled with the `i` flag instead.
 */
const schemaPath = new URL("sarif-schema-2.1.0.json", import.meta.url);

function repairedSchema(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as { definitions: { region: { properties: Record<string, unknown>; anyOf?: unknown } } };
  const region = schema.definitions.region;
  region.anyOf = region.properties["anyOf"];
  delete region.properties["anyOf"];
  return schema as unknown as Record<string, unknown>;
}

function regExp(pattern: string, flags: string): RegExp {
  const inline = /^(\^?)\(\?i\)/.exec(pattern);
  return inline ? new RegExp(inline[1] + pattern.slice(inline[0].length), `${flags}i`) : new RegExp(pattern, flags);
}
regExp.code = "new RegExp";

export function sarifValidator(): ValidateFunction {
  // Ajv's strict mode, but for strictRequired: `required` inside `anyOf` naming the parent's properties is plain JSON Schema.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true, code: { regExp } });
  addFormats(ajv);
  return ajv.compile(repairedSchema());
}
