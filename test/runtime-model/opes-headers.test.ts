import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitHeaderList } from "../../src/runtime/message/header-list.js";
import { appendOpesVia, formatTraceEntry, hasNoTransform, parseOpesBypass, type BypassRequest } from "../../src/runtime/opes-headers.js";
import type { HeaderField } from "../../src/runtime/context.js";

const a = "http://a.example/opes";
const b = "http://b.example/svc?id=1";

describe("OPES-Bypass", () => {
  it.each<[string, string[], BypassRequest]>([
    ["no field", [], { all: false, uris: [], malformed: false }],
    ["*", ["*"], { all: true, uris: [], malformed: false }],
    ["* with whitespace", [" \t* "], { all: true, uris: [], malformed: false }],
    ["one URI", [a], { all: false, uris: [a], malformed: false }],
    ["a list", [`${a}, ${b}`], { all: false, uris: [a, b], malformed: false }],
    ["a URN", ["urn:svc:ad-strip"], { all: false, uris: ["urn:svc:ad-strip"], malformed: false }],
    ["several fields, repeated URIs", [a, `${b},${a}`], { all: false, uris: [a, b], malformed: false }],
    ["empty list elements", [`${a},,  ,${b}`], { all: false, uris: [a, b], malformed: false }],
    // RFC 3897 §4.3: what cannot be read names no entity for sure, so it means every service.
    ["an empty field", [""], { all: true, uris: [], malformed: true }],
    ["an empty field beside a URI", [a, " "], { all: true, uris: [a], malformed: true }],
    ["* inside a list", [`*, ${a}`], { all: true, uris: [a], malformed: true }],
    ["* in one field, URIs in another", [a, "*"], { all: true, uris: [a], malformed: true }],
    ["a relative reference", ["/opes"], { all: true, uris: [], malformed: true }],
    ["words", ["the ad stripper"], { all: true, uris: [], malformed: true }],
    ["a bad escape", ["http://a.example/%zz"], { all: true, uris: [], malformed: true }],
    ["a quoted URI", [`"${a}"`], { all: true, uris: [], malformed: true }],
    ["a URI with parameters", [`${a};mode=x`], { all: false, uris: [`${a};mode=x`], malformed: false }],
  ])("%s", (_name, values, expected) => {
    expect(parseOpesBypass(values)).toEqual(expected);
  });
});

describe("trace entries", () => {
  it.each<[string, Parameters<typeof formatTraceEntry>[1], string]>([
    ["http://opes.isp.example/", undefined, "http://opes.isp.example/"],
    ["http://www.srvcs-4u.example.com/cat/?sid=125", { mode: "A" }, "http://www.srvcs-4u.example.com/cat/?sid=125; mode=A"],
    [a, [["b", "1"], ["a", "2"]], `${a}; b=1; a=2`],
    [a, { note: "bypass refused" }, `${a}; note="bypass refused"`],
    [a, { note: 'say "no" \\ stop' }, `${a}; note="say \\"no\\" \\\\ stop"`],
    [a, { note: "line\r\nbreak\ttab" }, `${a}; note="line  break\ttab"`],
    [a, { empty: "" }, `${a}; empty=""`],
    ["urn:svc:a b,c\r\n", undefined, "urn:svc:a%20b%2Cc%0D%0A"],
    ["http://x.example/100%/%20ok", undefined, "http://x.example/100%25/%20ok"],
    ["http://x.example/caf\u00e9", undefined, "http://x.example/caf%C3%A9"],
  ])("%s %j", (uri, params, expected) => {
    expect(formatTraceEntry(uri, params)).toBe(expected);
  });

  it("refuses a parameter name that is not a token", () => {
    expect(() => formatTraceEntry(a, { "bad name": "x" })).toThrow(RangeError);
    expect(() => formatTraceEntry(a, [["", "x"]])).toThrow(RangeError);
  });

  it("never lets a URI or value break the list or the header", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (uri, value) => {
        const entry = formatTraceEntry(uri, { note: value });
        expect(entry).not.toMatch(/[\r\n]/);
        expect(splitHeaderList(`${entry}, next`)).toHaveLength(2);
      }),
    );
  });
});

describe("OPES-Via", () => {
  it.each<[string[], string[], string]>([
    [[], ["http://sys.example/"], "http://sys.example/"],
    [[a], ["http://sys.example/", b], `${a}, http://sys.example/, ${b}`],
    [[`${a}, ${b}`, "urn:x:c"], ["urn:x:d"], `${a}, ${b}, urn:x:c, urn:x:d`],
    [[`${a},`, " ", b], ["urn:x:d"], `${a}, ${b}, urn:x:d`],
    [[`${a}; note="x, y"`], ["urn:x:z"], `${a}; note="x, y", urn:x:z`],
    [[a], [], a],
  ])("%j + %j", (existing, entries, expected) => {
    expect(appendOpesVia(existing, entries)).toBe(expected);
  });

  it("appends after the existing entries and never reorders them", () => {
    const entry = fc.webUrl().map((uri) => formatTraceEntry(uri));
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 3 }), { maxLength: 3 }), fc.array(entry, { maxLength: 3 }), (fields, entries) => {
        const merged = splitHeaderList(appendOpesVia(fields.map((field) => field.join(", ")), entries));
        expect(merged).toEqual([...fields.flat(), ...entries]);
      }),
    );
  });
});

describe("Cache-Control: no-transform", () => {
  it.each<[HeaderField[], boolean]>([
    [[["Cache-Control", "no-transform"]], true],
    [[["cache-control", "max-age=0, No-Transform"]], true],
    [[["Cache-Control", "max-age=60"], ["Cache-Control", "no-transform"]], true],
    [[["Cache-Control", "no-transform=1"]], true],
    [[["Cache-Control", "no-transformation"]], false],
    [[["Cache-Control", 'private="no-transform, x"']], false],
    [[["Pragma", "no-transform"]], false],
    [[], false],
  ])("%j: %s", (headers, expected) => {
    expect(hasNoTransform(headers)).toBe(expected);
  });
});
