/* Plain draft P (no rulemodule header). The mail gateway policy
   (../policy.json, "files") runs it at eom on behalf of the
   "outbound-domains" group of sending domains. */
signer := Services.findOne("urn:mail:svc:dkim-sign", "DKIM signer");
signer.domain("mail.example");
signer.selector("gw2026");
Services.applyOne(signer);
