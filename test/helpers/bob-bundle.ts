/**
 * One small compiled bundle and a transaction it decides, for the runtime's
 * tests: Bob's rules at response_out, a regex test on the User-Agent and two
 * services.
 */
import { expect } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { contentHash, type Bundle } from "../../src/runtime/index.js";

// Terms 0–14; term 12 is the regex match; two actions of rule 0; one graph with one slot switching on term 4.
export const bobRules = `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  at response_out {
    if (Http.response.content_type equal "text/html" and Http.request.headers.get("User-Agent") matches "mobile|android") {
      Services.applyOne(Services.findOne("urn:svc:shrink"));
    }
    Services.applyOne(Services.findOne("urn:svc:log"));
  }
}
`;

/** A transaction at response_out that both of Bob's rules fire for. */
export const bobContext = {
  protocol: "HTTP",
  point: "response_out",
  consumer: { id: "mailto:bob@example.net" },
  request: { method: "GET", uri: "http://news.example.com/", headers: [["User-Agent", "Mozilla/5.0 (Linux; Android 14)"]] },
  response: { status: 200, headers: [["Content-Type", "text/html; charset=utf-8"]] },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- edits reach into any part of the JSON
export type BundleJson = any;

/** Bob's bundle as plain JSON, as a processor would read it from a file. */
export function compiledBobBundle(): BundleJson {
  const result = compileSources([{ path: "bob.p", text: bobRules }]);
  expect(result.diagnostics).toEqual([]);
  return JSON.parse(JSON.stringify(result.bundle));
}

/** Bob's bundle edited after compilation; its hash recomputed unless `rehash` is false, so only the edit is judged. */
export function editedBobBundle(edit: (bundle: BundleJson) => void, rehash = true): unknown {
  const bundle = compiledBobBundle();
  edit(bundle);
  if (rehash) bundle.hash = contentHash(bundle as Bundle);
  return bundle;
}
