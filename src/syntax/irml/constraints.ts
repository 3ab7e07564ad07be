import { irmlDiagnostics as codes } from "../../diagnostics/catalog/irml.js";
import type * as M from "./model.js";
import { closestName, didYouMean } from "./names.js";
import { systemProperties, systemPropertyPath } from "./properties.js";
import type { DiagnosticSink } from "./sink.js";
import { STANDARD_SUB_SYSTEM } from "./vocabulary.js";

/**
 * The constraints the draft states in prose (Appendix A: DTD validity "is
 * not sufficient"), checked on the typed model. Every message cites the
 * section of draft-beck-opes-irml-03 that makes the rule.
 */
export function checkModuleRules(module: M.IrmlModule, sink: DiagnosticSink): void {
  const author = module.author;
  if (author) {
    checkContact(author.contact, sink);
    checkAuthorship(author, module.rulesets, sink);
  }
  for (const ruleset of module.rulesets) {
    checkContact(ruleset.authorizedBy?.contact, sink);
    checkProtocol(ruleset, sink);
    for (const rule of ruleset.rules) checkActions(rule.body, sink);
  }
}

// ----- authorship (§3.3, §3.4) -----

function checkAuthorship(author: M.IrmlAuthor, rulesets: readonly M.IrmlRuleSet[], sink: DiagnosticSink): void {
  if (author.type === "self") {
    for (const extra of rulesets.slice(1)) {
      sink.report(codes.irmlSelfRulesetCount, extra.tagSpan, "a self-authored module holds exactly one rule set (IRML §3.4.1); only a delegate may write several", {
        related: [{ span: author.typeSpan, message: "the author is 'self'" }],
      });
    }
    for (const ruleset of rulesets) checkSelfAuthorizer(author, ruleset, sink);
    return;
  }
  const seen = new Map<string, M.IrmlAuthorizer>();
  for (const ruleset of rulesets) {
    const authorizer = ruleset.authorizedBy;
    if (!authorizer?.id || !authorizer.endpoint) continue;
    const key = `${authorizer.endpoint} ${sameParty(authorizer.id.value)}`;
    const earlier = seen.get(key);
    if (earlier?.id) {
      sink.report(
        codes.irmlDuplicateEndpoint,
        authorizer.id.valueSpan,
        `each rule set of a delegate module must be authorized by a different endpoint (IRML §3.4.1); '${authorizer.id.value}' already authorizes an earlier rule set`,
        { related: [{ span: earlier.id.valueSpan, message: "the earlier rule set's endpoint" }] },
      );
    } else {
      seen.set(key, authorizer);
    }
  }
}

function checkSelfAuthorizer(author: M.IrmlAuthor, ruleset: M.IrmlRuleSet, sink: DiagnosticSink): void {
  const authorizer = ruleset.authorizedBy;
  if (!authorizer) return;
  if (authorizer.group) {
    sink.report(codes.irmlGroupNeedsDelegate, authorizer.groupSpan, "only a delegate may write a rule set for a group (IRML §3.4.2); this module's author is 'self'", {
      related: [{ span: author.typeSpan, message: "the author is 'self'" }],
    });
  }
  if (author.id && authorizer.id && sameParty(author.id.value) !== sameParty(authorizer.id.value)) {
    sink.report(
      codes.irmlSelfAuthorizerMismatch,
      authorizer.id.valueSpan,
      `in a self-authored module the authorizing endpoint must be the author (IRML §3.4.2): the author is '${author.id.value}', but this rule set is authorized by '${authorizer.id.value}'`,
      { related: [{ span: author.id.valueSpan, message: "the author's id" }] },
    );
  }
}

/** Identifiers in use (host names, e-mail addresses, IP addresses) are compared without case. */
function sameParty(id: string): string {
  return id.trim().toLowerCase();
}

/** §3.3.3: a contact, when given, MUST be a valid e-mail address. */
function checkContact(contact: M.IrmlText | undefined, sink: DiagnosticSink): void {
  if (!contact) return;
  const address = contact.value.replace(/^mailto:/i, "");
  if (!/^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/.test(address)) {
    sink.report(codes.irmlInvalidContact, contact.valueSpan, `'${contact.value}' is not an e-mail address; a <contact> must be one (IRML §3.3.3)`);
  }
}

function checkProtocol(ruleset: M.IrmlRuleSet, sink: DiagnosticSink): void {
  const protocol = ruleset.protocol;
  if (protocol && protocol.value.toUpperCase() !== "HTTP") {
    sink.report(
      codes.irmlUnsupportedProtocol,
      protocol.valueSpan,
      `protocol '${protocol.value}' is not supported in IRML: its processing points 1–4 are HTTP's, so an IRML rule set must say HTTP (write SMTP rules in P)`,
    );
  }
}

// ----- conditions and actions (§3.6, §3.7) -----

function checkActions(actions: readonly M.IrmlAction[], sink: DiagnosticSink): void {
  for (const action of actions) {
    if (action.kind === "property") {
      checkPropertyRef(action.ref, "property", sink);
      checkActions(action.body, sink);
    } else {
      checkServiceChain(action, sink);
      for (const service of action.services) checkService(service, sink);
    }
  }
}

function checkPropertyRef(ref: M.IrmlPropertyRef, owner: "property" | "variable", sink: DiagnosticSink): void {
  if (ref.subSystem.toLowerCase() !== STANDARD_SUB_SYSTEM) {
    if (owner === "property") {
      sink.report(codes.irmlUnknownSubSystem, ref.subSystemSpan, `sub-system '${ref.subSystem}' is unknown here, so this condition is false (IRML §3.6.1)`);
    } else {
      sink.report(codes.irmlUnknownVariableSubSystem, ref.subSystemSpan, `sub-system '${ref.subSystem}' is unknown here, so this variable has no value to pass to the service`);
    }
    return;
  }
  if (ref.context === "system" && ref.name !== "" && !systemPropertyPath(ref.name)) {
    const suggestion = closestName(ref.name, Object.keys(systemProperties));
    sink.report(
      codes.irmlUnknownSystemProperty,
      ref.nameValueSpan,
      `'${ref.name}' is not a standard system property; only ${Object.keys(systemProperties).join(", ")} may be referenced (IRML §3.6.1, Appendix B)${didYouMean(suggestion)}`,
      suggestion ? { fix: { message: `write '${suggestion}'`, edits: [{ span: ref.nameValueSpan, newText: suggestion }] } } : {},
    );
  }
}

/**
 * §3.7.2: one primary, then its alternates; `try-alternate` is followed
 * directly by an alternate, and an alternate runs only after a service that
 * fails over to it.
 */
function checkServiceChain(execute: M.IrmlExecute, sink: DiagnosticSink): void {
  const services = execute.services;
  const primaries = services.filter((s) => s.type === "primary");
  if (primaries.length === 0 && services.length > 0) {
    sink.report(codes.irmlPrimaryCount, execute.tagSpan, "an <execute> needs a primary service; here every service is an alternate (IRML §3.7.2)");
  }
  for (const extra of primaries.slice(1)) {
    sink.report(codes.irmlPrimaryCount, extra.tagSpan, "an <execute> holds at most one primary service (IRML §3.7.2); request two services with two <execute> elements", {
      related: [{ span: primaries[0]!.tagSpan, message: "the first primary service" }],
    });
  }
  services.forEach((service, index) => {
    const previous = services[index - 1];
    const next = services[index + 1];
    if (service.type === "alternate" && previous?.failure !== "try-alternate" && (previous || primaries.length > 0)) {
      const why = previous ? "the service before it does not say failure=\"try-alternate\"" : "it comes before its primary service";
      sink.report(codes.irmlUnreachableAlternate, service.typeSpan, `this alternate can never run: ${why} (IRML §3.7.2)`);
    }
    if (service.failure === "try-alternate" && next?.type !== "alternate") {
      sink.report(
        codes.irmlTryAlternateWithoutAlternate,
        service.failureSpan ?? service.tagSpan,
        "failure=\"try-alternate\" must be followed directly by a service of type=\"alternate\" (IRML §3.7.2)",
      );
    }
  });
}

function checkService(service: M.IrmlService, sink: DiagnosticSink): void {
  if (service.target?.kind === "any") {
    sink.report(codes.irmlAnyInExecute, service.target.span, "<any> may not be used with <execute> (IRML §3.7.4); name the service with a <uri>");
  } else if (service.target && !/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(service.target.uri.value)) {
    sink.report(codes.irmlInvalidUri, service.target.uri.valueSpan, `'${service.target.uri.value}' is not an absolute URI; a service <uri> must be one, preferably a URN (IRML §3.7.3)`);
  }
  const seen = new Map<string, M.IrmlParameter>();
  for (const parameter of service.parameters) {
    checkParameter(parameter, sink);
    const earlier = seen.get(parameter.name);
    if (earlier && parameter.name !== "") {
      sink.report(codes.irmlDuplicateParameter, parameter.nameValueSpan, `parameter '${parameter.name}' is already given to this service`, {
        related: [{ span: earlier.nameValueSpan, message: "the first one" }],
      });
    }
    seen.set(parameter.name, parameter);
  }
}

function checkParameter(parameter: M.IrmlParameter, sink: DiagnosticSink): void {
  if (parameter.value && parameter.type) {
    const expected = parameter.type === "static" ? "value" : "variable";
    if (parameter.value.kind !== expected) {
      sink.report(codes.irmlParameterContentMismatch, parameter.typeSpan, `a ${parameter.type} parameter takes a <${expected}>, not a <${parameter.value.kind}> (IRML §3.7.5)`);
    }
  }
  if (parameter.value?.kind === "variable") checkPropertyRef(parameter.value.ref, "variable", sink);
  if (parameter.name === "onFailure") {
    sink.report(codes.irmlReservedParameterName, parameter.nameValueSpan, "'onFailure' is reserved: in the rule language it sets the failure mode, so a parameter cannot be called that");
  } else if (parameter.name !== "" && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(parameter.name)) {
    sink.report(
      codes.irmlParameterNameNotIdentifier,
      parameter.nameValueSpan,
      `parameter name '${parameter.name}' is not a P identifier, so this module cannot be converted to P text (it still compiles)`,
    );
  }
}
