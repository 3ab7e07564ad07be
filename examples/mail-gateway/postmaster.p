// The postmaster writes the gateway's rules (author delegate) for the local
// mailboxes (inbound mail) and for the sending domains (outbound mail).
rulemodule "urn:example:mail:gateway" author delegate {
  name "Example Mail postmaster";
  id "mailto:postmaster@mail.example";
  contact "postmaster@mail.example";
}

ruleset authorized_by consumer group "mailboxes" protocol SMTP {
  name "Local mailboxes";

  /* Clients outside the company network are checked against block lists. */
  at connect {
    if (not Smtp.connection.client_ip.in_subnet("10.0.0.0/8")) {
      Services.applyOne(Services.findOne("urn:mail:svc:client-reputation", "Client reputation"));
    }
  }

  /* The envelope logger sees sender, recipients and size, never content. */
  at mail {
    Services.applyOne(Services.findOne("urn:mail:svc:mail-logger", "Envelope logger"));
  }

  at rcpt {
    Services.applyOne(Services.findOne("urn:mail:svc:mail-logger", "Envelope logger"));
    /* Mailboxes of the branch office live on the branch's own server. */
    if (Smtp.rcpt.to ends_with "@branch.mail.example") {
      Services.applyOne(Services.findOne("urn:mail:svc:address-rewrite", "Directory routing"));
    }
  }

  at eom {
    Services.applyOne(Services.findOne("urn:mail:svc:mail-logger", "Envelope logger"));
    Services.applyOne(Services.findOne("urn:mail:svc:virus-scan", "Attachment virus scanner"));
    spam := Services.findOne("urn:mail:svc:spam-check", "Spam classifier");
    spam.threshold(5);
    spam.action("tag");
    Services.applyOne(spam);
    if (Smtp.message.size > 10485760) {
      offload := Services.findOne("urn:mail:svc:attachment-link", "Large attachment offloader");
      offload.limitBytes(10485760);
      Services.applyOne(offload);
    }
  }
}

ruleset authorized_by provider group "outbound-domains" protocol SMTP {
  name "Sending domains";

  at mail {
    Services.applyOne(Services.findOne("urn:mail:svc:mail-logger", "Envelope logger"));
  }

  /* Nothing infected leaves; the DKIM signature (rules/outbound-signing.p) comes last. */
  at eom {
    Services.applyOne(Services.findOne("urn:mail:svc:virus-scan", "Attachment virus scanner"));
    Services.applyOne(Services.findOne("urn:mail:svc:mail-logger", "Envelope logger"));
  }
}
