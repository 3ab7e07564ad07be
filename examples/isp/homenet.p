// Rules HomeNet writes for groups of its subscribers (author delegate). The
// site policy's delegation for https://homenet.example/ names these groups.
rulemodule "urn:example:homenet:subscriber-services" author delegate {
  name "HomeNet ISP";
  id "https://homenet.example/";
  contact "opes@homenet.example";
}

ruleset authorized_by consumer group "subscribers" protocol HTTP {
  name "HomeNet broadband subscribers";

  /* Interest profiling. The site policy makes it need the subscriber's
     "profiling" consent, so it runs only for those who gave it. */
  at request_in {
    if (Http.request.method equal "GET") {
      profiler := Services.findOne("urn:svc:profile-logger", "Interest profiler");
      profiler.site(Http.request.host);
      Services.applyOne(profiler);
    }
  }
}

ruleset authorized_by consumer group "mobile-subscribers" protocol HTTP {
  name "HomeNet mobile subscribers";

  /* Small screens: pictures are shrunk for phones, told apart by their User-Agent. */
  at response_out {
    phone := Http.request.headers.get("User-Agent") matches "(iPhone|Android.*Mobile|Windows Phone)";
    if (phone and Http.response.content_type begins_with "image/") {
      shrink := Services.findOne("urn:svc:image-transcode", "Mobile image transcoder");
      shrink.maxWidth(640);
      shrink.quality("medium");
      Services.applyOne(shrink);
    }
  }
}
