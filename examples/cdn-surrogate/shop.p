// The shop's own rules (author self): its product photos carry its mark in
// every cached copy. The CDN scans them first (policy.json, order).
rulemodule "urn:example:shop:edge" author self {
  name "Shop Example";
  id "www.shop.example";
  contact "webmaster@shop.example";
}

ruleset authorized_by provider "www.shop.example" protocol HTTP {
  name "Shop Example";

  at response_in {
    if (Http.request.path begins_with "/products/" and Http.response.content_type begins_with "image/") {
      mark := Services.findOne("urn:cdn:svc:watermark", "Image watermarking");
      mark.mark("Shop Example");
      Services.applyOne(mark);
    }
  }
}
