import { BlockList, isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatIp, inSubnet, parseCidr, parseIp, sameAddress } from "../../src/runtime/message/ip.js";

function format(text: string): string | undefined {
  const ip = parseIp(text);
  return ip && formatIp(ip);
}

function contains(address: string, cidr: string): boolean {
  const ip = parseIp(address);
  const subnet = parseCidr(cidr);
  if (!ip || !subnet) throw new Error(`bad table row: ${address} ${cidr}`);
  return inSubnet(ip, subnet);
}

describe("IP addresses", () => {
  it.each([
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["::", "::"],
    ["0:0:0:0:0:0:0:0", "::"],
    ["::1", "::1"],
    ["1::", "1::"],
    ["2001:DB8::1", "2001:db8::1"],
    ["2001:0db8::0001", "2001:db8::1"],
    ["2001:db8:0:0:0:0:2:1", "2001:db8::2:1"],
    // RFC 5952 §4.2.2: one zero group is not compressed.
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    // §4.2.3: the longest run, the first of equal runs.
    ["2001:0:0:1:0:0:0:1", "2001:0:0:1::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"],
    ["::1:2:3:4:5:6:7", "0:1:2:3:4:5:6:7"],
    // §5: IPv4-mapped addresses in mixed notation.
    ["::ffff:c000:0201", "::ffff:192.0.2.1"],
    ["::FFFF:192.0.2.1", "::ffff:192.0.2.1"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
    ["fe80::1%eth0", "fe80::1"],
    ["fe80::1%br_lan.2", "fe80::1"],
    ["fe80::1%25en0", "fe80::1"],
  ])("%s is %s", (text, canonical) => {
    expect(format(text)).toBe(canonical);
  });

  it.each([
    "", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-1", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4/32",
    ":::", "1:::2", "1::2::3", ":1::", "1::2:", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7::8", "::1.2.3", "1.2.3.4::", "::1.2.3.4:5", "g::1", "%eth0", "fe80::1%", "fe80::1%a b", "fe80::1%a%", "fe80::1%a:b", "1.2.3.4%eth0", "localhost",
  ])("%j is not an address", (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it("accepts exactly what node:net accepts (zone indexes aside), and prints what WHATWG URL prints", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fc.string({ maxLength: 12 })), (text) => {
        const ip = parseIp(text);
        // node:net's zone indexes are not RFC 6874's (it takes ":", refuses "_"); the tables test zones.
        if (!text.includes("%")) expect(ip !== undefined, text).toBe(isIP(text) !== 0);
        if (ip?.version === 6 && !formatIp(ip).includes(".")) {
          expect(formatIp(ip)).toBe(new URL(`http://[${text}]/`).hostname.slice(1, -1));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("compares addresses as addresses", () => {
    const same = (a: string, b: string): boolean => sameAddress(parseIp(a)!, parseIp(b)!);
    expect(same("2001:db8::1", "2001:DB8:0:0::1")).toBe(true);
    expect(same("192.0.2.7", "::ffff:192.0.2.7")).toBe(true);
    expect(same("::ffff:192.0.2.7", "192.0.2.7")).toBe(true);
    expect(same("192.0.2.7", "::192.0.2.7")).toBe(false);
    expect(same("192.0.2.7", "192.0.2.8")).toBe(false);
  });
});

describe("CIDR subnets", () => {
  it.each([
    ["192.0.2.7", "192.0.2.0/24", true],
    ["192.0.3.7", "192.0.2.0/24", false],
    ["192.0.2.7", "192.0.2.7/32", true],
    ["192.0.2.8", "192.0.2.7/32", false],
    ["203.0.113.9", "0.0.0.0/0", true],
    ["10.255.0.1", "10.0.0.0/8", true],
    ["11.0.0.0", "10.0.0.0/8", false],
    ["172.31.255.255", "172.16.0.0/12", true],
    ["172.32.0.0", "172.16.0.0/12", false],
    ["192.0.2.6", "192.0.2.6/31", true],
    ["192.0.2.7", "192.0.2.6/31", true],
    ["192.0.2.8", "192.0.2.6/31", false],
    // Host bits in the subnet's address are cleared.
    ["192.0.2.1", "192.0.2.77/24", true],
    ["2001:db8::1", "2001:db8::/32", true],
    ["2001:db9::1", "2001:db8::/32", false],
    ["::1", "::1/128", true],
    ["::2", "::1/128", false],
    ["2001:db8::1", "::/0", true],
    ["febf::1", "fe80::/10", true],
    ["fec0::1", "fe80::/10", false],
    ["fe80::1%eth0", "fe80::/10", true],
    ["2001:db8:abcd:12::1", "2001:db8:abcd:10::/62", true],
    ["2001:db8:abcd:14::1", "2001:db8:abcd:10::/62", false],
    // Families: never across, except IPv4-mapped addresses, which are IPv4 hosts.
    ["192.0.2.7", "::/0", false],
    ["2001:db8::1", "0.0.0.0/0", false],
    ["::ffff:192.0.2.7", "192.0.2.0/24", true],
    ["::ffff:192.0.3.7", "192.0.2.0/24", false],
    ["::ffff:192.0.2.7", "::/0", true],
    ["192.0.2.7", "::ffff:192.0.2.0/120", true],
    ["192.0.2.7", "::ffff:0:0/96", true],
    ["192.0.2.7", "::/64", false],
  ] as const)("%s in %s: %s", (address, cidr, expected) => {
    expect(contains(address, cidr)).toBe(expected);
  });

  it.each(["192.0.2.0", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/024", "192.0.2.0/-1", "/24", "192.0.2.0/", "fe80::%eth0/10", "x/8"])(
    "%j is not a subnet",
    (text) => {
      expect(parseCidr(text)).toBeUndefined();
    },
  );

  it("agrees with node:net BlockList within one family", () => {
    const family = fc.constantFrom("ipv4" as const, "ipv6" as const);
    fc.assert(
      fc.property(
        family.chain((type) =>
          fc.tuple(
            fc.constant(type),
            type === "ipv4" ? fc.ipV4() : fc.ipV6(),
            type === "ipv4" ? fc.ipV4() : fc.ipV6(),
            fc.integer({ min: 0, max: type === "ipv4" ? 32 : 128 }),
          ),
        ),
        ([type, address, network, prefix]) => {
          const oracle = new BlockList();
          oracle.addSubnet(network, prefix, type);
          const ip = parseIp(address)!;
          // BlockList matches IPv4-mapped addresses against IPv4 rules too; compare only plain IPv6 there.
          fc.pre(type === "ipv4" || !formatIp(ip).includes("."));
          expect(inSubnet(ip, parseCidr(`${network}/${prefix}`)!)).toBe(oracle.check(address, type));
          // An address always lies in the subnets built from itself.
          expect(inSubnet(ip, parseCidr(`${address}/${prefix}`)!)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
