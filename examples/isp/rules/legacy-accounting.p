/* Plain draft P (no rulemodule header). The ISP policy (../policy.json, "files")
   runs it at response_out on behalf of the "subscribers" group. */
accounting := Services.findOne("urn:svc:usage-accounting", "Usage accounting");
Services.applyOne(accounting);
