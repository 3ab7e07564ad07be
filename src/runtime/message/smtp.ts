/** The Smtp module (catalogs/smtp.json): the connection, the envelope, the message and the relay. */
import { ABSENT, type Value } from "../values.js";
import { mediaTypeOf } from "./header-list.js";
import { type MessageView, type ModuleSpec, type ObjectSpec, orAbsent, stringArgument } from "./spec.js";
import { bodyValue, givenBodySize, headersValue, ipValue, parametersValue } from "./types.js";

const connectionSpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.connection",
  properties: {
    client_ip: (view) => ipValue(view, view.context.connection?.clientIp ?? view.context.consumer?.ip),
    // "[192.0.2.7]" is how an MTA writes a client whose reverse lookup failed: no confirmed name.
    client_name: (view) => {
      const name = view.context.connection?.clientName;
      return orAbsent(name === undefined || name === "" || name.startsWith("[") ? undefined : name);
    },
    client_port: (view) => orAbsent(view.context.connection?.clientPort),
    helo: (view) => orAbsent(view.context.connection?.helo),
    tls: (view) => view.context.connection?.tls !== undefined,
    tls_version: (view) => orAbsent(view.context.connection?.tls?.version),
    tls_cipher: (view) => orAbsent(view.context.connection?.tls?.cipher),
    auth_user: (view) => orAbsent(view.context.connection?.authUser),
  },
};

/** SIZE= of MAIL FROM (RFC 1870): a decimal number of octets. */
function declaredSize(view: MessageView): Value {
  const params = view.context.mail?.params ?? {};
  const size = Object.entries(params).find(([keyword]) => keyword.toLowerCase() === "size")?.[1];
  if (size === undefined || !/^[0-9]+$/.test(size)) return ABSENT;
  const octets = Number(size);
  return Number.isSafeInteger(octets) ? octets : ABSENT;
}

const mailSpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.mail",
  properties: {
    from: (view) => orAbsent(view.context.mail?.from),
    params: (view) => (view.context.mail ? parametersValue(view, view.context.mail.params) : ABSENT),
    declared_size: declaredSize,
  },
};

const rcptSpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.rcpt",
  properties: {
    to: (view) => orAbsent(view.context.rcpt?.to),
    params: (view) => (view.context.rcpt ? parametersValue(view, view.context.rcpt.params) : ABSENT),
  },
};

/** A mailbox for comparison: without surrounding angle brackets, case-folded (the catalog compares case-insensitively). */
function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const bare = trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.slice(1, -1) : trimmed;
  return bare.toLowerCase();
}

const recipientsSpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.recipients",
  properties: {
    count: (view) => orAbsent(view.context.recipients?.length),
  },
  methods: {
    include: (view, args) => {
      const address = stringArgument(args, 0);
      if (address === undefined) return false;
      const recipients = view.once("smtp.recipients", () => new Set((view.context.recipients ?? []).map(normalizeAddress)));
      return recipients.has(normalizeAddress(address));
    },
  },
};

const messageSpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.message",
  properties: {
    headers: (view) => (view.context.message ? headersValue(view, view.context.message.headers ?? []) : ABSENT),
    content_type: (view) => orAbsent(mediaTypeOf(view.context.message?.headers ?? [])),
    body: (view) => {
      const message = view.context.message;
      if (!message) return ABSENT;
      return bodyValue(view, { present: message.body !== undefined, size: givenBodySize(message.body) });
    },
    size: (view) => orAbsent(view.context.message?.size),
  },
};

const relaySpec: ObjectSpec<MessageView> = {
  typeName: "Smtp.relay",
  properties: { host: (view) => orAbsent(view.context.relay?.host) },
};

export const smtpModule: ModuleSpec = {
  typeName: "Smtp",
  objects: {
    connection: { spec: connectionSpec },
    mail: { spec: mailSpec, exists: (view) => view.context.mail !== undefined },
    rcpt: { spec: rcptSpec, exists: (view) => view.context.rcpt !== undefined },
    recipients: { spec: recipientsSpec, exists: (view) => view.context.recipients !== undefined },
    message: { spec: messageSpec, exists: (view) => view.context.message !== undefined },
    relay: { spec: relaySpec, exists: (view) => view.context.relay !== undefined },
  },
};
