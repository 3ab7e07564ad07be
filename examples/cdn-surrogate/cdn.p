// The CDN writes rules for the sites it serves under contract (author
// delegate); each site's contract is its delegation in policy.json.
rulemodule "urn:example:cdn:edge-rules" author delegate {
  name "Example CDN";
  id "https://cdn.example/";
  contact "edge-ops@cdn.example";
}

ruleset authorized_by provider group "cdn-customers" protocol HTTP {
  name "Contract customers";

  at request_in {
    Services.applyOne(Services.findOne("urn:cdn:svc:access-log", "Per-customer access log"));
  }

  /* Objects are scanned once, before the edge caches them. */
  at response_in {
    if (Http.response.body.present) {
      Services.applyOne(Services.findOne("urn:cdn:svc:virus-scan", "Edge virus scanner"));
    }
  }

  /* Content adaptation for small devices: phones get narrower pictures, as
     WebP when they accept it and as JPEG otherwise. */
  at response_out {
    phone := Http.request.headers.get("User-Agent") matches "(iPhone|Android.*Mobile|Windows Phone)";
    if (phone and Http.response.content_type begins_with "image/") {
      if (Http.request.headers.get("Accept") contains "image/webp") {
        webp := Services.findOne("urn:cdn:svc:image-transcode", "Image transcoder");
        webp.format("webp");
        webp.maxWidth(480);
        Services.applyOne(webp);
      } else {
        jpeg := Services.findOne("urn:cdn:svc:image-transcode", "Image transcoder");
        jpeg.format("jpeg");
        jpeg.maxWidth(480);
        Services.applyOne(jpeg);
      }
    }
  }
}

ruleset authorized_by provider "video.example.org" protocol HTTP {
  name "Example Video";

  at request_in {
    Services.applyOne(Services.findOne("urn:cdn:svc:access-log", "Per-customer access log"));
    if (Http.request.path begins_with "/streams/") {
      Services.applyOne(Services.findOne("urn:cdn:svc:load-redirect", "Load-aware redirector"));
    }
  }
}
