import type { TransactionContext } from "../../src/runtime/context.js";

/** A news page on its way back to a subscriber of an ISP, through a TLS connection. */
export const httpResponseOut: TransactionContext = {
  protocol: "HTTP",
  point: "response_out",
  time: "2026-11-28T22:15:00-05:00",
  consumer: { id: "mailto:bob@example.net", groups: ["subscribers"], ip: "192.0.2.7", consents: ["profiling"], blocks: [] },
  provider: { id: "news.example.com" },
  request: {
    method: "GET",
    uri: "/world/Story.HTML?lang=de&page=2",
    version: "HTTP/1.1",
    headers: [
      ["Host", "News.Example.com"],
      ["User-Agent", "ExampleBrowser/3.1"],
      ["Accept", "text/html"],
      ["Accept", "application/xhtml+xml"],
      ["OPES-Bypass", "*"],
    ],
  },
  response: {
    status: 200,
    reason: "OK",
    headers: [
      ["Content-Type", "Text/HTML; charset=utf-8"],
      ["Content-Language", "de-AT, en"],
      ["Content-Length", "5120"],
      ["Cache-Control", "max-age=60"],
    ],
    body: { size: 5120 },
    cacheHit: true,
  },
  connection: { clientIp: "192.0.2.7", clientPort: 51515, tls: { version: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256" } },
  variables: { segment: "sports" },
  properties: { "Http.request.geo_country": "CA", "Core.consumer.plan.tier": 3 },
};

/** An upload arriving at the proxy, absolute-form target, HTTP/1.0 with keep-alive. */
export const httpRequestIn: TransactionContext = {
  protocol: "HTTP",
  point: "request_in",
  time: "2026-03-02T08:05:09Z",
  consumer: { ip: "2001:db8::7" },
  request: {
    method: "POST",
    uri: "https://Upload.Example.org:8443/files/report.tar.GZ",
    version: "HTTP/1.0",
    headers: [
      ["Host", "upload.example.org:8443"],
      ["Content-Type", "application/octet-stream"],
      ["Connection", "keep-alive"],
      ["Transfer-Encoding", "chunked"],
    ],
    body: { text: "héllo" },
  },
};

/** A message relayed by a mail gateway, everything known. */
export const smtpRelayOut: TransactionContext = {
  protocol: "SMTP",
  point: "relay_out",
  time: "2026-06-14T23:59:30+14:00",
  consumer: { id: "mailto:alice@example.org", groups: ["staff"] },
  connection: {
    clientIp: "::ffff:198.51.100.20",
    clientName: "mx.sender.example",
    clientPort: 40123,
    helo: "mx.sender.example",
    tls: { version: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384", bits: 256 },
    authUser: "alice",
  },
  mail: { from: "alice@example.org", params: { SIZE: "20480", BODY: "8BITMIME" } },
  rcpt: { to: "bob@example.net", params: { NOTIFY: "FAILURE,DELAY" } },
  recipients: ["Bob@Example.net", "carol@example.net"],
  message: {
    headers: [
      ["From", "Alice <alice@example.org>"],
      ["Subject", "Quarterly report"],
      ["Content-Type", "multipart/mixed; boundary=\"b1\""],
    ],
    body: { size: 19000 },
    size: 19870,
  },
  relay: { host: "mx1.example.net" },
};

/** The least an SMTP processor can say: a connection is open. */
export const smtpConnect: TransactionContext = {
  protocol: "SMTP",
  point: "connect",
  connection: { clientIp: "203.0.113.9", clientName: "[203.0.113.9]" },
};
