// A recipient's own policy (author self): stricter spam handling for her
// mailbox, and links instead of large attachments. Her ruleset outranks the
// postmaster's group rules for her mail (policy.json, default precedence).
rulemodule "urn:example:mail:carol" author self {
  name "Carol Example";
  id "mailto:carol@mail.example";
}

ruleset authorized_by consumer "mailto:carol@mail.example" protocol SMTP {
  name "Carol Example";

  at eom {
    /* Her chess club's newsletter is never held back. */
    if (not (Smtp.mail.from ends_with "@chess-club.example")) {
      spam := Services.findOne("urn:mail:svc:spam-check", "Spam classifier");
      spam.threshold(3);
      spam.action("quarantine");
      Services.applyOne(spam);
    }
    if (Smtp.message.size > 5242880) {
      offload := Services.findOne("urn:mail:svc:attachment-link", "Large attachment offloader");
      offload.limitBytes(5242880);
      Services.applyOne(offload);
    }
  }
}
