import { describe, expect, it } from "vitest";
import { parseAbsoluteUri, requestUri, type UriParts } from "../../src/runtime/message/uri.js";

describe("request URIs", () => {
  it.each<[string, string, string | undefined, boolean, UriParts]>([
    [
      "http://news.example.com/a.html",
      "GET",
      "ignored.example",
      false,
      { text: "http://news.example.com/a.html", scheme: "http", host: "news.example.com", port: 80, path: "/a.html", extension: "html" },
    ],
    [
      "HTTP://User:pw@Example.COM:8080",
      "GET",
      undefined,
      false,
      { text: "HTTP://User:pw@Example.COM:8080", scheme: "http", host: "example.com", port: 8080, path: "/" },
    ],
    [
      "http://[2001:DB8::1]:8443/x?y#frag",
      "GET",
      undefined,
      false,
      { text: "http://[2001:DB8::1]:8443/x?y#frag", scheme: "http", host: "[2001:db8::1]", port: 8443, path: "/x", query: "y" },
    ],
    ["http://[2001:db8::1]/", "GET", undefined, false, { text: "http://[2001:db8::1]/", scheme: "http", host: "[2001:db8::1]", port: 80, path: "/" }],
    ["https://example.com?q", "GET", undefined, false, { text: "https://example.com?q", scheme: "https", host: "example.com", port: 443, path: "/", query: "q" }],
    ["https://example.com/a?", "GET", undefined, false, { text: "https://example.com/a?", scheme: "https", host: "example.com", port: 443, path: "/a", query: "" }],
    ["ftp://files.example.com/pub/x.ZIP", "GET", undefined, false, { text: "ftp://files.example.com/pub/x.ZIP", scheme: "ftp", host: "files.example.com", port: 21, path: "/pub/x.ZIP", extension: "zip" }],
    ["gopher://h.example/x", "GET", undefined, false, { text: "gopher://h.example/x", scheme: "gopher", host: "h.example", path: "/x" }],
    // Origin form: rebuilt from Host, the scheme from the connection.
    ["/a.html?x=1", "GET", "Example.com:8080", false, { text: "http://Example.com:8080/a.html?x=1", scheme: "http", host: "example.com", port: 8080, path: "/a.html", query: "x=1", extension: "html" }],
    ["/", "GET", "example.com", true, { text: "https://example.com/", scheme: "https", host: "example.com", port: 443, path: "/" }],
    ["/a.html", "GET", undefined, false, { scheme: "http", path: "/a.html", extension: "html" }],
    ["/x", "GET", "example.com:abc", false, { text: "http://example.com:abc/x", scheme: "http", host: "example.com", path: "/x" }],
    // Asterisk and authority forms have no path.
    ["*", "OPTIONS", "example.com", false, { text: "http://example.com", scheme: "http", host: "example.com", port: 80 }],
    ["Example.com:443", "CONNECT", undefined, false, { text: "Example.com:443", host: "example.com", port: 443 }],
    ["[2001:db8::1]:443", "connect", undefined, false, { text: "[2001:db8::1]:443", host: "[2001:db8::1]", port: 443 }],
    // Nothing is percent-decoded.
    ["/caf%C3%A9.HTM", "GET", "example.com", false, { text: "http://example.com/caf%C3%A9.HTM", scheme: "http", host: "example.com", port: 80, path: "/caf%C3%A9.HTM", extension: "htm" }],
  ])("%s (%s, Host %s, TLS %s)", (target, method, host, secure, parts) => {
    expect(requestUri(target, method, host, secure)).toEqual(parts);
  });

  it.each([
    ["/archive.tar.gz", "gz"],
    ["/.htaccess", undefined],
    ["/a.", undefined],
    ["/a.b/", undefined],
    ["/dir.v2/file", undefined],
    ["/x/Photo.JPEG;v=2", "jpeg"],
    ["/a.jsp;jsessionid=A.B", "jsp"],
  ])("the extension of %s is %s", (path, extension) => {
    expect(requestUri(path, "GET", "h", false).extension).toBe(extension);
  });

  it("splits absolute URIs that are not hierarchical, and refuses relative references", () => {
    expect(parseAbsoluteUri("urn:isbn:0451450523")).toEqual({ text: "urn:isbn:0451450523", scheme: "urn" });
    expect(parseAbsoluteUri("mailto:Bob@Example.net")).toEqual({ text: "mailto:Bob@Example.net", scheme: "mailto" });
    expect(parseAbsoluteUri("//example.com/a")).toBeUndefined();
    expect(parseAbsoluteUri("/a")).toBeUndefined();
    expect(parseAbsoluteUri("1http://x/")).toBeUndefined();
  });
});
