/**
 * The values rules test and transactions carry. Rule and transaction
 * generators draw from the same pools, so conditions are often true and the
 * rulesets' endpoints are often the transaction's.
 */
import { httpPoints, smtpPoints } from "../../src/policy/site-policy-types.js";

export type Protocol = "HTTP" | "SMTP";

export const pools = {
  hosts: ["a.example", "news.example.com", "shop.example"],
  paths: ["/", "/index.html", "/a/photo.jpg", "/static/site.css", "/api/v1/items?id=7"],
  methods: ["GET", "POST", "HEAD"],
  requestHeaders: {
    Cookie: ["sew=23", "id=7; sew=23", "lang=fr"],
    "Accept-Language": ["en", "fr-CA", "de"],
    "X-Mode": ["fast", "Strict", "off"],
    "User-Agent": ["Mozilla/5.0", "curl/8.1"],
  } as Record<string, readonly string[]>,
  responseHeaders: {
    "Content-Type": ["text/html", "text/html; charset=utf-8", "image/png", "application/json"],
    "Content-Language": ["en", "de"],
    "X-Cache": ["HIT", "miss"],
  } as Record<string, readonly string[]>,
  statuses: [200, 204, 304, 404, 500],
  consumerIds: ["mailto:bob@example.net", "mailto:alice@example.net", "192.0.2.7"],
  consumerIps: ["192.0.2.7", "198.51.100.23", "2001:db8::1"],
  consumerGroups: ["subscribers", "kids", "staff"],
  providerIds: ["a.example", "news.example.com", "shop.example"],
  providerGroups: ["cdn-customers", "partners"],
  subnets: ["192.0.2.0/24", "198.51.100.0/25", "2001:db8::/32", "10.0.0.0/8"],
  variables: { mode: ["strict", "off"], tier: ["gold", "basic"] } as Record<string, readonly string[]>,
  hours: [0, 7, 12, 18, 22, 23],
  consents: ["profiling", "tracking", "ads"],
  reasons: ["CONNECT is not adapted", "blocked by rule", "quota exceeded"],
  helos: ["mx.example.org", "relay.example.net"],
  senders: ["alice@example.org", "spam@bad.example"],
  recipients: ["bob@example.net", "carol@example.org"],
  subjects: ["Hello", "WIN MONEY", "Re: report"],
  viaEntries: ["http://proxy.example/", "http://cache.example/; bypass=refused, http://edge.example/"],
  noTransform: ["no-transform", "max-age=0, No-Transform", "no-cache"],
  delegate: "https://isp.example/",
  system: "http://opes.example/",
} as const;

export const serviceUris: Readonly<Record<Protocol, readonly string[]>> = {
  HTTP: Array.from({ length: 8 }, (_, i) => `urn:svc:h${i}`),
  SMTP: Array.from({ length: 4 }, (_, i) => `urn:svc:m${i}`),
};

export const protocolPoints: Readonly<Record<Protocol, readonly string[]>> = { HTTP: httpPoints, SMTP: smtpPoints };

/** SMTP points from `first` on: where a part of the envelope or message exists. */
export function smtpFrom(first: string): readonly string[] {
  return smtpPoints.slice(smtpPoints.indexOf(first as (typeof smtpPoints)[number]));
}
