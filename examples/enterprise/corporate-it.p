// Corporate IT writes the gateway rules for the company's people (author
// delegate). Employer rules outrank employees' own here (policy.json, precedence).
rulemodule "urn:example:corp:web-gateway" author delegate {
  name "Example Corp IT";
  id "https://it.corp.example/";
  contact "gateway-admins@corp.example";
}

ruleset authorized_by consumer group "employees" protocol HTTP {
  name "Employees";

  at request_in {
    Services.applyOne(Services.findOne("urn:corp:svc:access-logger", "Access logger"));
    filter := Services.findOne("urn:corp:svc:url-filter", "URL filter");
    filter.profile("standard");
    Services.applyOne(filter);
  }

  /* Downloads are scanned once, before the gateway cache that every employee shares. */
  at response_in {
    if (Http.response.body.present) {
      Services.applyOne(Services.findOne("urn:corp:svc:virus-scan", "Gateway virus scanner"));
    }
  }
}

ruleset authorized_by consumer group "contractors" protocol HTTP {
  name "Contractors";

  at request_in {
    Services.applyOne(Services.findOne("urn:corp:svc:access-logger", "Access logger"));
    filter := Services.findOne("urn:corp:svc:url-filter", "URL filter");
    filter.profile("contractor");
    filter.workHoursOnly(true);
    Services.applyOne(filter);

    /* Contractors browse on working days from 08:00 to 18:00 only. */
    time := Core.system.time;
    if (time.weekday > 5 or time.hour < 8 or time.hour >= 18) {
      Core.interpreter.fail("contractor web access is limited to working hours");
    }
  }
}

ruleset authorized_by consumer group "finance" protocol HTTP {
  name "Finance department";

  /* Uploads that leave the company are checked for confidential documents. */
  at request_out {
    if (Http.request.method equal "POST" or Http.request.method equal "PUT") {
      Services.applyOne(Services.findOne("urn:corp:svc:dlp-scan", "Data loss prevention"));
    }
  }
}
