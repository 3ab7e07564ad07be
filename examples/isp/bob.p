// Bob's own rules (author self): what he asked the HomeNet OPES system to do
// with his traffic. The site policy (policy.json) decides whether he may.
rulemodule "urn:example:homenet:bob" author self {
  name "Bob Example";
  id "mailto:bob@example.net";
  contact "bob@example.net";
}

ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  name "Bob Example";
  contact "bob@example.net";

  /* Privacy: requests to anyone but his bank leave without Referer and User-Agent. */
  at request_out {
    if (not (Http.request.host ends_with "bank.example")) {
      privacy := Services.findOne("urn:svc:header-privacy", "Header privacy");
      privacy.strip("referer-and-user-agent");
      Services.applyOne(privacy);
    }
  }

  at response_out {
    html := Http.response.content_type equal "text/html";

    /* Advertisements on news sites; the pattern-list stripper takes over when the full one fails. */
    if (html and Http.request.host ends_with "news.example.com") {
      strip := Services.findOne("urn:svc:ad-strip", "Ad stripper");
      strip.level("aggressive");
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }

    /* SafeSurf: everything but pictures and video is scanned. The site policy
       orders the scan before the stripper, whatever the order here. */
    if (Http.response.content_type not_matches "^(image|video)/") {
      Services.applyOne(Services.findOne("urn:svc:virus-scan", "SafeSurf"));
    }
  }
}
