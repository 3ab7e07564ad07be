import { describe, expect, it, vi } from "vitest";
import type { TransactionContext } from "../../src/runtime/context.js";
import { messageView } from "../../src/runtime/message/index.js";
import { formatUtc, parseRfc3339 } from "../../src/runtime/message/time.js";
import { ABSENT, type RuntimeObject } from "../../src/runtime/values.js";

/** Core.system.time of a context, read through the model. */
function transactionTime(context: Omit<TransactionContext, "protocol" | "point">, now?: () => Date): RuntimeObject | typeof ABSENT {
  const system = messageView({ protocol: "HTTP", point: "request_in", ...context }, now ? { now } : {})
    .root("Core")
    .member("system", "Core.system") as RuntimeObject;
  return system.member("time", "Core.system.time") as RuntimeObject | typeof ABSENT;
}

describe("the transaction's local time", () => {
  it.each([
    // Saturday night in New York is already Sunday in UTC: the rule sees Saturday.
    ["2026-11-28T22:15:00-05:00", "2026-11-28", 22, 15, 6],
    ["2026-11-29T03:15:00Z", "2026-11-29", 3, 15, 7],
    // Sunday morning in Tokyo is still Saturday in UTC: the rule sees Sunday.
    ["2026-11-29T01:30:00+09:00", "2026-11-29", 1, 30, 7],
    ["2026-11-28T23:59:59.999+14:00", "2026-11-28", 23, 59, 6],
    ["2026-12-31T23:30:00-12:00", "2026-12-31", 23, 30, 4],
    ["2027-01-01T00:00:00+00:00", "2027-01-01", 0, 0, 5],
    ["2024-02-29T12:00:00+05:30", "2024-02-29", 12, 0, 4],
    ["2016-12-31T23:59:60Z", "2016-12-31", 23, 59, 6],
    ["2026-03-02t08:05:09z", "2026-03-02", 8, 5, 1],
    ["2026-03-02 08:05:09+01:00", "2026-03-02", 8, 5, 1],
    ["0000-02-29T00:00:00Z", "0000-02-29", 0, 0, 2],
  ])("%s: date %s, %i:%i, weekday %i (ISO, 1 = Monday)", (text, date, hour, minute, weekday) => {
    expect(parseRfc3339(text)).toEqual({ text, date, hour, minute, weekday });
    const time = transactionTime({ time: text });
    expect(time).not.toBe(ABSENT);
    const read = time as RuntimeObject;
    expect([read.member("hour", "t"), read.member("minute", "t"), read.member("weekday", "t"), read.member("date", "t")]).toEqual([
      hour,
      minute,
      weekday,
      date,
    ]);
    expect(read.text()).toBe(text);
  });

  it.each([
    "2026-11-28T22:15:00",
    "2026-11-28T22:15:00-0500",
    "2026-11-28T22:15:00+05",
    "2026-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-11-31T00:00:00Z",
    "2026-11-28T24:00:00Z",
    "2026-11-28T22:60:00Z",
    "2026-11-28T22:15:61Z",
    "2026-11-28T22:15:00+24:00",
    "2026-11-28\t22:15:00Z",
    "2026-11-28",
    "26-11-28T22:15:00Z",
  ])("%j is not an RFC 3339 date-time", (text) => {
    expect(parseRfc3339(text)).toBeUndefined();
  });

  it("uses the evaluation clock in UTC when the context has no time, read once per view", () => {
    const clock = vi.fn(() => new Date("2026-05-04T03:02:01.987Z"));
    const view = messageView({ protocol: "HTTP", point: "request_in" }, { now: clock });
    const system = view.root("Core").member("system", "Core.system") as RuntimeObject;
    expect(system.member("date", "Core.system.date")).toBe("2026-05-04T03:02:01Z");
    const time = system.member("time", "Core.system.time") as RuntimeObject;
    expect([time.member("hour", "h"), time.member("weekday", "w")]).toEqual([3, 1]);
    expect(clock).toHaveBeenCalledTimes(1);
  });

  it("reads the system clock by default", () => {
    const before = Date.now();
    const date = (messageView({ protocol: "SMTP", point: "connect" }).root("Core").member("system", "s") as RuntimeObject).member("date", "d");
    expect(typeof date).toBe("string");
    expect(Math.abs(Date.parse(date as string) - before)).toBeLessThan(60_000);
  });

  it("makes an unusable clock reading absent instead of failing", () => {
    expect(transactionTime({}, () => new Date(Number.NaN))).toBe(ABSENT);
    expect(transactionTime({}, () => new Date("+012345-01-01T00:00:00Z"))).toBe(ABSENT);
    expect(formatUtc(new Date("1999-12-31T23:59:59.5Z"))).toBe("1999-12-31T23:59:59Z");
  });

  it("makes an invalid time in an unvalidated context absent", () => {
    expect(transactionTime({ time: "tomorrow" })).toBe(ABSENT);
  });
});
