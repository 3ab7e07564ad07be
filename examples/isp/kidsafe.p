// KidSafe, HomeNet's parental-control partner, writes for family-plan
// households. Its delegation allows the parental filter at request_in only.
rulemodule "urn:example:kidsafe:family-plan" author delegate {
  name "KidSafe parental control";
  id "https://kidsafe.example/";
  contact "support@kidsafe.example";
}

ruleset authorized_by consumer group "family-plan" protocol HTTP {
  name "Family plan households";

  at request_in {
    hour := Core.system.time.hour;
    /* Bedtime runs from 21:00 to 07:00: the window crosses midnight, so it is
       two ranges of the hour joined with `or`, not one comparison. */
    if (hour >= 21 or hour < 7) {
      bedtime := Services.findOne("urn:svc:parental-filter", "Parental filter, bedtime");
      bedtime.age(6);
      Services.applyOne(bedtime);
    } else {
      daytime := Services.findOne("urn:svc:parental-filter", "Parental filter");
      daytime.age(12);
      Services.applyOne(daytime);
    }
  }
}
