// AdNet fills the news site's ad slots with regional campaigns. Its
// delegation (policy.json) covers news.example.com, ad insertion, response_out.
rulemodule "urn:example:adnet:news" author delegate {
  name "AdNet regional campaigns";
  id "https://adnet.example/";
  contact "campaigns@adnet.example";
}

ruleset authorized_by provider "news.example.com" protocol HTTP {
  name "Example News";

  at response_out {
    if (Http.response.content_type equal "text/html" and Http.response.status == 200) {
      ads := Services.findOne("urn:cdn:svc:ad-insert", "Regional campaigns");
      ads.slots("top,sidebar");
      Services.applyOne(ads);
    }
  }
}
