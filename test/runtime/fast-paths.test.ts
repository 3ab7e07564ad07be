import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSources } from "../../src/compile/index.js";
import { meetsOrder, orderServices } from "../../src/runtime/decide.js";
import type { OrderRule } from "../../src/runtime/index.js";
import { equalsIgnoringCase, equalsUpperCase, fieldValues, firstFieldValue, hasField, trimOws, type HeaderField } from "../../src/runtime/message/header-list.js";
import { isAbsoluteUri, parseAbsoluteUri, requestHost, requestUri } from "../../src/runtime/message/uri.js";
import { PolicyEngine } from "../../src/runtime/index.js";
import { switchKey, switchKeyValue } from "../../src/runtime/switch-key.js";

/**
 * The evaluator's shortcuts must agree with the plain operations they stand
 * for: each is checked against that operation on generated input.
 */
describe("runtime fast paths", () => {
  it("switchKeyValue inverts switchKey for every value a switch can file", () => {
    const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean());
    fc.assert(
      fc.property(scalar, (value) => {
        // -0 is filed under "n:0", as 0 is.
        expect(switchKeyValue(switchKey(value, false))).toBe(Object.is(value, -0) ? 0 : value);
      }),
    );
  });

  it("switchKeyValue gives nothing for a key no value produces", () => {
    expect(switchKeyValue("n:1.0")).toBeUndefined();
    expect(switchKeyValue("b:yes")).toBeUndefined();
    expect(switchKeyValue("x:1")).toBeUndefined();
  });

  it("isAbsoluteUri agrees with parseAbsoluteUri", () => {
    const uriLike = fc.oneof(
      fc.string(),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.tuple(fc.constantFrom("", "a", "h1+.-", "1a", "-x", "urn"), fc.constantFrom(":", "/:", "?:", "#:", ""), fc.string()).map((parts) => parts.join("")),
    );
    fc.assert(
      fc.property(uriLike, (text) => {
        expect(isAbsoluteUri(text)).toBe(parseAbsoluteUri(text) !== undefined);
      }),
    );
  });

  it("requestHost gives the host of requestUri without splitting the rest", () => {
    const piece = fc.constantFrom("http:", "HTTPS:", "h", "//", "/", "@", "u@", ":", "[", "]", "[::1]", "?", "#", "Host", "a.B", ":80", "8080", "x:y", "*", ";", ".", "é", " ", "mailto:", "//A@B:1/");
    const text = fc.oneof(fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join("")), fc.string({ maxLength: 20 }));
    const method = fc.constantFrom("GET", "CONNECT", "connect", "OPTIONS");
    fc.assert(
      fc.property(text, method, fc.option(text, { nil: undefined }), fc.boolean(), (target, verb, host, secure) => {
        expect(requestHost(target, verb, () => host)).toBe(requestUri(target, verb, host, secure).host);
      }),
      { numRuns: 5000 },
    );
  });

  /** Letters whose case mapping is special: ß and İ change length, ı, ſ and the Kelvin sign map to ASCII letters, σ/ς/Σ. */
  const letters = fc.constantFrom("a", "A", "z", "Z", "k", "K", "s", "S", "i", "I", "-", "İ", "i̇", "ı", "ß", "SS", "ſ", "K", "Σ", "σ", "ς", "é", "É", "");
  const word = fc.array(letters, { maxLength: 6 }).map((chars) => chars.join(""));

  it("equalsIgnoringCase agrees with comparing toLowerCase() of both, non-ASCII letters included", () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(equalsIgnoringCase(a, b)).toBe(a.toLowerCase() === b.toLowerCase());
      }),
      { numRuns: 5000 },
    );
    expect(equalsIgnoringCase("İ", "i̇")).toBe(true);
    expect(equalsIgnoringCase("Kelvin", "kelvin")).toBe(true);
    expect(equalsIgnoringCase("", "")).toBe(true);
  });

  it("equalsUpperCase agrees with comparing toUpperCase()", () => {
    const method = fc.oneof(word, fc.constantFrom("CONNECT", "connect", "OPTIONS", "optıons", "optionſ", "GET"));
    fc.assert(
      fc.property(method, fc.constantFrom("CONNECT", "OPTIONS", "SS", "KI"), (text, upper) => {
        expect(equalsUpperCase(text, upper)).toBe(text.toUpperCase() === upper);
      }),
      { numRuns: 3000 },
    );
    expect(equalsUpperCase("optıons", "OPTIONS")).toBe(true);
  });

  it("finds header fields by name as comparing lower-cased names does", () => {
    const field = fc.tuple(word, fc.constantFrom(" v ", "a, b", "")) as fc.Arbitrary<HeaderField>;
    fc.assert(
      fc.property(fc.array(field, { maxLength: 6 }), word, (headers, name) => {
        const named = headers.filter(([fieldName]) => fieldName.toLowerCase() === name.toLowerCase()).map(([, value]) => trimOws(value));
        expect(fieldValues(headers, name)).toEqual(named);
        expect(firstFieldValue(headers, name)).toBe(named[0]);
        expect(hasField(headers, name)).toBe(named.length > 0);
      }),
      { numRuns: 3000 },
    );
  });

  it("meetsOrder holds only where orderServices keeps the order as it is", () => {
    const uris = ["urn:a", "urn:b", "urn:c", "urn:d", "urn:e"];
    const uri = fc.constantFrom(...uris);
    const rule: fc.Arbitrary<OrderRule> = fc.oneof(
      fc.record({ kind: fc.constant("before" as const), before: uri, after: uri }),
      fc.record({ kind: fc.constantFrom("first" as const, "last" as const), service: uri }),
    );
    let met = 0;
    fc.assert(
      fc.property(fc.shuffledSubarray(uris), fc.array(rule, { maxLength: 4 }), (order, rules) => {
        const services = order.map((u) => ({ uri: u }));
        if (!meetsOrder(services, rules)) return;
        met++;
        expect(orderServices(services, rules)).toEqual(services);
      }),
      { numRuns: 3000 },
    );
    expect(met).toBeGreaterThan(300);
  });

  it("decides the same when a consumer lists one group several times in different letter case", () => {
    const text = `ruleset authorized_by consumer group "mobile" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:shrink")); }
}
ruleset authorized_by consumer group "students" protocol HTTP {
  at response_out { Services.applyOne(Services.findOne("urn:svc:filter")); }
}
`;
    const bundle = compileSources([{ path: "groups.p", text }]).bundle!;
    const engine = PolicyEngine.load(JSON.parse(JSON.stringify(bundle)));
    const decide = (groups: string[]) =>
      engine.decide({
        protocol: "HTTP",
        point: "response_out",
        consumer: { id: "u1", groups },
        request: { method: "GET", uri: "http://a.example/", headers: [] },
        response: { status: 200, headers: [] },
      });
    const plain = decide(["mobile", "students"]);
    expect(plain.services.map((s) => s.uri)).toEqual(["urn:svc:shrink", "urn:svc:filter"]);
    // Many spellings of one group make the relevant-slot buffer grow past its first size.
    const repeated = decide(["MOBILE", "Mobile", "mobile", "mObIlE", "students", "STUDENTS", "Students", "MoBiLe"]);
    expect(repeated.services).toEqual(plain.services);
  });
});
