// An employee's own rule (author self): German pages are translated into
// English through the external translation service the gateway offers.
rulemodule "urn:example:corp:erin" author self {
  name "Erin Example";
  id "mailto:erin@corp.example";
}

ruleset authorized_by consumer "mailto:erin@corp.example" protocol HTTP {
  name "Erin Example";

  at response_out {
    if (Http.response.language_is("de") and Http.response.content_type equal "text/html") {
      translate := Services.findOne("urn:corp:svc:translate", "Page translation");
      translate.target("en");
      translate.onFailure("ignore");
      Services.applyOne(translate);
    }
  }
}
