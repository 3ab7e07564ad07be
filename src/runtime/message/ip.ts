/**
 * IPv4 and IPv6 addresses and CIDR subnets: parsing, RFC 5952 text, equality
 * and subnet membership. An IPv4-mapped IPv6 address (::ffff:192.0.2.7, what a
 * dual-stack socket reports for an IPv4 client) is the same host as its IPv4
 * address, so it equals that address and lies in the IPv4 subnets that hold
 * it; an IPv4 subnet written in mapped form (::ffff:192.0.2.0/120) is an IPv4
 * subnet. Otherwise an IPv4 address is never in an IPv6 subnet (not even ::/0)
 * and the other way round.
 */

export interface IpAddress {
  readonly version: 4 | 6;
  /** 4 bytes for IPv4, 16 for IPv6, network order. */
  readonly bytes: readonly number[];
}

export interface Cidr {
  /** The subnet's address with the host bits cleared. */
  readonly network: IpAddress;
  readonly prefixLength: number;
}

const decimalOctet = /^(0|[1-9][0-9]{0,2})$/;
const hexGroup = /^[0-9A-Fa-f]{1,4}$/;

/** Dotted-decimal IPv4 (no leading zeros: 010 would be octal to some parsers) or IPv6 text; undefined otherwise. */
export function parseIp(text: string): IpAddress | undefined {
  return text.includes(":") ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): IpAddress | undefined {
  const bytes = parseIpv4Bytes(text);
  return bytes && { version: 4, bytes };
}

function parseIpv4Bytes(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((part) => decimalOctet.test(part))) return undefined;
  const bytes = parts.map(Number);
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

/** RFC 6874 ZoneID: unreserved characters and percent escapes. */
const zoneId = /^(?:[A-Za-z0-9\-._~]|%[0-9A-Fa-f]{2})+$/;

/**
 * RFC 4291 §2.2 text: eight groups, `::` for one or more zero groups, an
 * IPv4 dotted quad in place of the last two groups. A zone index (`%eth0`,
 * RFC 6874) names an interface, not part of the address, and is dropped.
 */
function parseIpv6(text: string): IpAddress | undefined {
  const zone = text.indexOf("%");
  if (zone >= 0 && !zoneId.test(text.slice(zone + 1))) return undefined;
  const address = zone >= 0 ? text.slice(0, zone) : text;
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const head = parseGroups(halves[0]!, halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1]!, true) : [];
  if (!head || !tail) return undefined;
  const written = head.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const groups = [...head, ...new Array<number>(8 - written).fill(0), ...tail];
  return { version: 6, bytes: groups.flatMap((group) => [group >> 8, group & 0xff]) };
}

/** The 16-bit groups of one side of `::`; a trailing dotted quad counts as two groups. */
function parseGroups(text: string, mayEndWithIpv4: boolean): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (hexGroup.test(part)) {
      groups.push(parseInt(part, 16));
      continue;
    }
    const ipv4 = mayEndWithIpv4 && index === parts.length - 1 ? parseIpv4Bytes(part) : undefined;
    if (!ipv4) return undefined;
    groups.push((ipv4[0]! << 8) | ipv4[1]!, (ipv4[2]! << 8) | ipv4[3]!);
  }
  return groups;
}

/** Dotted decimal for IPv4; RFC 5952 for IPv6 (lower case, longest zero run as `::`, mapped IPv4 as a dotted quad). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return ip.bytes.join(".");
  const mapped = embeddedIpv4(ip);
  if (mapped) return `::ffff:${mapped.bytes.join(".")}`;
  const groups = Array.from({ length: 8 }, (_, i) => (ip.bytes[2 * i]! << 8) | ip.bytes[2 * i + 1]!);
  const run = longestZeroRun(groups);
  const hex = (list: number[]): string => list.map((group) => group.toString(16)).join(":");
  if (!run) return hex(groups);
  return `${hex(groups.slice(0, run.start))}::${hex(groups.slice(run.start + run.length))}`;
}

/** The first longest run of at least two zero groups (RFC 5952 §4.2.2/§4.2.3). */
function longestZeroRun(groups: readonly number[]): { start: number; length: number } | undefined {
  let best: { start: number; length: number } | undefined;
  let start = -1;
  for (let i = 0; i <= groups.length; i++) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start >= 2 && (!best || i - start > best.length)) best = { start, length: i - start };
    start = -1;
  }
  return best;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:0:0/96). */
function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6) return undefined;
  const isMapped = ip.bytes.slice(0, 10).every((byte) => byte === 0) && ip.bytes[10] === 0xff && ip.bytes[11] === 0xff;
  return isMapped ? { version: 4, bytes: ip.bytes.slice(12) } : undefined;
}

/** `address/length`, the length in decimal without leading zeros; host bits set in the address are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.lastIndexOf("/");
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  if (address.includes("%") || !/^(0|[1-9][0-9]{0,2})$/.test(lengthText)) return undefined;
  const ip = parseIp(address);
  const prefixLength = Number(lengthText);
  if (!ip || prefixLength > ip.bytes.length * 8) return undefined;
  return { network: { version: ip.version, bytes: maskBytes(ip.bytes, prefixLength) }, prefixLength };
}

function maskBytes(bytes: readonly number[], prefixLength: number): number[] {
  return bytes.map((byte, index) => {
    const bitsInByte = Math.max(0, Math.min(8, prefixLength - index * 8));
    return byte & ((0xff << (8 - bitsInByte)) & 0xff);
  });
}

/** The mapped IPv6 subnets of ::ffff:0:0/96 as the IPv4 subnets they are. */
function ipv4View(cidr: Cidr): Cidr | undefined {
  const ipv4 = embeddedIpv4(cidr.network);
  if (cidr.network.version === 4) return cidr;
  return ipv4 && cidr.prefixLength >= 96 ? { network: ipv4, prefixLength: cidr.prefixLength - 96 } : undefined;
}

function hasPrefix(ip: IpAddress, cidr: Cidr): boolean {
  if (ip.version !== cidr.network.version) return false;
  const masked = maskBytes(ip.bytes, cidr.prefixLength);
  return masked.every((byte, index) => byte === cidr.network.bytes[index]);
}

export function inSubnet(ip: IpAddress, cidr: Cidr): boolean {
  if (hasPrefix(ip, cidr)) return true;
  const ipv4 = ip.version === 4 ? ip : embeddedIpv4(ip);
  const subnet = ipv4View(cidr);
  return ipv4 !== undefined && subnet !== undefined && hasPrefix(ipv4, subnet);
}

/** The same host: equal addresses, an IPv4-mapped address equal to its IPv4 address. */
export function sameAddress(a: IpAddress, b: IpAddress): boolean {
  const left = embeddedIpv4(a) ?? a;
  const right = embeddedIpv4(b) ?? b;
  return left.version === right.version && left.bytes.every((byte, index) => byte === right.bytes[index]);
}
