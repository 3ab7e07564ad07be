import { describe, expect, it } from "vitest";
import { implementedPaths, messageView } from "../../src/runtime/message/index.js";
import type { TransactionContext } from "../../src/runtime/context.js";
import { catalogPaths, walkCatalogs } from "./catalog-walk.js";
import { httpRequestIn, httpResponseOut, smtpConnect, smtpRelayOut } from "./contexts.js";

const fixedClock = (): Date => new Date("2026-01-01T12:00:00Z");

describe("the message model covers the catalogs", () => {
  it("implements every member path the built-in catalogs list, and nothing they do not", () => {
    expect(implementedPaths()).toEqual(catalogPaths());
  });

  it.each([
    ["http-response-out", httpResponseOut],
    ["http-request-in", httpRequestIn],
    ["smtp-relay-out", smtpRelayOut],
    ["smtp-connect", smtpConnect],
  ] as [string, TransactionContext][])("reads every member from the %s context with the catalog's types", async (name, context) => {
    const { lines, problems } = walkCatalogs(messageView(context, { now: fixedClock }));
    expect(problems).toEqual([]);
    await expect(`${lines.join("\n")}\n`).toMatchFileSnapshot(`snapshots/${name}.reads.txt`);
  });
});
