/** The activation points the runtime knows (catalogs/http.json, smtp.json), by protocol. */

export type Protocol = "HTTP" | "SMTP";

/** The activation points of each protocol, in transaction order. */
export const protocolPoints: Readonly<Record<Protocol, readonly string[]>> = {
  HTTP: ["request_in", "request_out", "response_in", "response_out"],
  SMTP: ["connect", "helo", "mail", "rcpt", "data", "eoh", "eom", "relay_out"],
};

const httpRequestPoints: readonly string[] = ["request_in", "request_out"];
const httpResponsePoints: readonly string[] = ["response_in", "response_out"];

/** true at the points that see the request, false at those that see the response, undefined at points the runtime does not know. */
export function isHttpRequestPoint(point: string): boolean | undefined {
  if (httpRequestPoints.includes(point)) return true;
  return httpResponsePoints.includes(point) ? false : undefined;
}
