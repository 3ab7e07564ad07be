/* Bob's privacy rules: a small rule set that privacy.test.json tests with `opes test`. */
rulemodule "urn:example:tests:privacy" author self {
  name "Bob"; id "mailto:bob@example.net"; contact "bob@example.net";
}

ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {
  name "Bob's privacy rules";

  at request_in {
    // Do Not Track: no OPES processing at all for this request.
    if (Http.request.headers.get("DNT") equal "1") {
      Core.interpreter.stop();
    }
  }

  at response_out {
    if (Http.request.host equal "news.example.com") {
      strip := Services.findOne("urn:svc:ad-strip");
      strip.level("aggressive");
      Services.applyOne(strip) otherwise Services.applyOne(Services.findOne("urn:svc:ad-strip-lite"));
    }
    if (Http.response.headers.get("Content-Type") begins_with "text/html") {
      Services.applyOne(Services.findOne("urn:svc:profile-logger"));
    }
  }
}
