import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecordedMap } from "../../src/semantic/recorded-map.js";

describe("RecordedMap", () => {
  it("reads back like a Map given the same sets, repeated keys and sets after the first read included", () => {
    const sets = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.string()), { maxLength: 3000 });
    fc.assert(
      fc.property(sets, sets, (before, after) => {
        const recorded = new RecordedMap<number, string>();
        const plain = new Map<number, string>();
        for (const [key, value] of before) {
          recorded.set(key, value);
          plain.set(key, value);
        }
        expect([...recorded]).toEqual([...plain]);
        for (const [key, value] of after) {
          recorded.set(key, value);
          plain.set(key, value);
        }
        expect([...recorded.entries()]).toEqual([...plain.entries()]);
        expect(recorded.size).toBe(plain.size);
        for (let key = 0; key <= 40; key++) {
          expect(recorded.has(key)).toBe(plain.has(key));
          expect(recorded.get(key)).toBe(plain.get(key));
        }
      }),
      { numRuns: 200 },
    );
  });
});
