import type { DiagnosticDefinition, DiagnosticExample } from "../diagnostic.js";

/**
 * Diagnostics of the IRML front end (P15xx): reading the XML (P1500–P1509),
 * the repaired DTD (P1510–P1529), the draft's prose rules (P1530–P1559) and
 * conversion from P to IRML (P1560–P1579, whose examples are P sources
 * converted with `opes convert --to irml`).
 */

const NS = "http://www.rfc-editor.org/rfc/rfcxxxx.txt";

/** A module with a self author and one consumer rule set around `rules`. */
const withRules = (rules: string, options: { author?: string; authorizer?: string } = {}): string =>
  `<rulemodule xmlns="${NS}">
  ${options.author ?? '<author type="self"><name>Ann</name><id>ann@example.net</id></author>'}
  <ruleset>
    ${options.authorizer ?? '<authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>'}
    <protocol>HTTP</protocol>
${rules}
  </ruleset>
</rulemodule>
`;

/** A rule at point 1 that runs `services` unconditionally. */
const withExecute = (services: string): string =>
  withRules(`    <rule processing-point="1">
      <execute>
${services}
      </execute>
    </rule>`);

const LOG = '<service><uri>urn:svc:log</uri></service>';

/** A delegate module with two rule sets. */
const delegateWith = (first: string, second: string): string =>
  `<rulemodule xmlns="${NS}">
  <author type="delegate"><name>ISP</name><id>isp.example</id></author>
  <ruleset>
    ${first}
    <protocol>HTTP</protocol>
    <rule processing-point="1"><execute>${LOG}</execute></rule>
  </ruleset>
  <ruleset>
    ${second}
    <protocol>HTTP</protocol>
    <rule processing-point="1"><execute>${LOG}</execute></rule>
  </ruleset>
</rulemodule>
`;

const define = (
  code: string,
  name: string,
  summary: string,
  example: DiagnosticExample,
  severity: "error" | "warning" = "error",
): DiagnosticDefinition => ({ code, name, stage: "syntax", severity, summary, example });

const irml = (source: string, limits?: Record<string, number>): DiagnosticExample => ({ language: "irml", source, ...(limits ? { limits } : {}) });
const p = (source: string): DiagnosticExample => ({ language: "p", source });

const P_SELF = 'rulemodule author self { name "Ann"; id "ann@example.net"; }\nruleset authorized_by consumer "ann@example.net" protocol HTTP {\n  name "Ann";\n';

export const irmlDiagnostics = {
  // ----- reading the XML -----
  xmlNotWellFormed: define("P1500", "xml-not-well-formed", "The document is not well-formed XML (mismatched or unclosed tag, unquoted attribute, undefined entity, two root elements…); only the first such error is reported.", irml('<rulemodule>\n  <author type="self">\n</rulemodule>\n')),
  irmlSourceTooLarge: define("P1501", "irml-source-too-large", "The IRML document exceeds the size limit (8 MiB by default); nothing is read.", irml("<rulemodule/>\n", { maxSourceLength: 4 })),
  xmlNestingTooDeep: define("P1502", "xml-nesting-too-deep", "Elements nest deeper than the limit (200 levels by default).", irml(withRules('    <rule processing-point="1"><property name="A" context="req-msg" matches="x"><property name="B" context="req-msg" matches="y"><execute>' + LOG + "</execute></property></property></rule>"), { maxNestingDepth: 5 })),
  xmlDoctypeInternalSubset: define("P1503", "xml-doctype-internal-subset", "A DOCTYPE with an internal subset: its entity and attribute declarations would be silently ignored, so it is refused.", irml('<!DOCTYPE rulemodule [ <!ENTITY who "ann"> ]>\n' + withExecute(LOG))),
  irmlUnsigned: define("P1504", "irml-unsigned", "The module has neither an enveloped XML-DSig Signature nor a detached FILE.sig; IRML §6 requires modules to be signed by their author.", irml(withExecute(LOG)), "warning"),

  // ----- the repaired DTD -----
  irmlWrongRoot: define("P1510", "irml-wrong-root", "The document element is not `rulemodule` (for example a bare `ruleset` fragment).", irml('<ruleset>\n  <protocol>HTTP</protocol>\n</ruleset>\n')),
  irmlUnknownElement: define("P1511", "irml-unknown-element", "An element IRML -03 does not define, from another namespace, or removed since -02 (`do-not-execute`, `may-execute`).", irml(withRules('    <rule processing-point="4">\n      <may-execute>' + LOG + "</may-execute>\n    </rule>"))),
  irmlMisplacedElement: define("P1512", "irml-misplaced-element", "An IRML element inside a parent whose content model does not allow it; the message says where it belongs.", irml(withRules('    <rule processing-point="1">\n      <uri>urn:svc:log</uri>\n    </rule>'))),
  irmlMissingElement: define("P1513", "irml-missing-element", "A required child element is missing, such as the `id` of an author or the `uri` of a service.", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { author: '<author type="self"><name>Ann</name></author>' }))),
  irmlElementOrder: define("P1514", "irml-element-order", "Child elements are in the wrong order, e.g. `id` before `name`.", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { author: '<author type="self"><id>ann@example.net</id><name>Ann</name></author>' }))),
  irmlDuplicateElement: define("P1515", "irml-duplicate-element", "An element that may appear once appears twice, e.g. two `protocol` elements in a rule set.", irml(withRules('    <protocol>HTTP</protocol>\n    <rule processing-point="1"><execute>' + LOG + "</execute></rule>"))),
  irmlUnexpectedText: define("P1516", "irml-unexpected-text", "Text inside an element that holds only elements.", irml(withRules('    <rule processing-point="1">log everything<execute>' + LOG + "</execute></rule>"))),
  irmlUnknownAttribute: define("P1517", "irml-unknown-attribute", "An attribute the element does not declare (with a did-you-mean fix where one is close).", irml(withRules('    <rule processing-point="1" priority="2"><execute>' + LOG + "</execute></rule>"))),
  irmlMissingAttribute: define("P1518", "irml-missing-attribute", "A required attribute is missing, e.g. the `context` of a property (the draft's own Cookie example omits it).", irml(withRules('    <rule processing-point="4">\n      <property name="Cookie" matches="sew=23"><execute>' + LOG + "</execute></property>\n    </rule>"))),
  irmlInvalidAttributeValue: define("P1519", "irml-invalid-attribute-value", "An enumerated attribute has a value outside its list, e.g. `context=\"res-hdr\"` or `processing-point=\"5\"`.", irml(withRules('    <rule processing-point="4">\n      <property name="Content-Type" context="res-hdr" matches="application/"><execute>' + LOG + "</execute></property>\n    </rule>"))),
  irmlMatchAttributeCount: define("P1520", "irml-match-attribute-count", "A property needs exactly one of `matches` and `not-matches` (the DTD wrongly requires both; §3.6.1 says one instead of the other).", irml(withRules('    <rule processing-point="1">\n      <property name="Cookie" context="req-msg"><execute>' + LOG + "</execute></property>\n    </rule>"))),
  irmlEmptyValue: define("P1521", "irml-empty-value", "A name, id, protocol, URI or required attribute is empty.", irml(withRules('    <rule processing-point="1"><execute><service><uri> </uri></service></execute></rule>'))),
  irmlLegacyClassName: define("P1522", "irml-legacy-class-name", "`content-owner` / `content-consumer` are IRML -02 names; they are read as `data-provider` / `data-consumer`, with a fix-it.", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { authorizer: '<authorized-by class="content-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>' })), "warning"),

  // ----- the draft's prose rules -----
  irmlSelfRulesetCount: define("P1530", "irml-self-ruleset-count", "A self-authored module holds more than one rule set (IRML §3.4.1).", irml(`<rulemodule xmlns="${NS}">
  <author type="self"><name>Ann</name><id>ann@example.net</id></author>
  <ruleset>
    <authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>
    <protocol>HTTP</protocol>
    <rule processing-point="1"><execute>${LOG}</execute></rule>
  </ruleset>
  <ruleset>
    <authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>
    <protocol>HTTP</protocol>
    <rule processing-point="2"><execute>${LOG}</execute></rule>
  </ruleset>
</rulemodule>
`)),
  irmlSelfAuthorizerMismatch: define("P1531", "irml-self-authorizer-mismatch", "In a self-authored module the rule set is authorized by someone other than the author (IRML §3.4.2) — as in the draft's own consumer example.", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { authorizer: '<authorized-by class="data-consumer"><name>Bob</name><id>bob@example.net</id></authorized-by>' }))),
  irmlGroupNeedsDelegate: define("P1532", "irml-group-needs-delegate", "A `type=\"group\"` rule set in a self-authored module; only delegates may write for groups (IRML §3.4.2).", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { authorizer: '<authorized-by class="data-consumer" type="group"><name>Ann</name><id>ann@example.net</id></authorized-by>' }))),
  irmlDuplicateEndpoint: define("P1533", "irml-duplicate-endpoint", "Two rule sets of a delegate module are authorized by the same endpoint (IRML §3.4.1).", irml(delegateWith(
    '<authorized-by class="data-consumer"><name>Ann</name><id>ann@example.net</id></authorized-by>',
    '<authorized-by class="data-consumer"><name>Ann again</name><id>ANN@example.net</id></authorized-by>',
  ))),
  irmlTryAlternateWithoutAlternate: define("P1534", "irml-try-alternate-without-alternate", "`failure=\"try-alternate\"` is not followed directly by an alternate service (IRML §3.7.2).", irml(withExecute('<service failure="try-alternate"><uri>urn:svc:scan</uri></service>'))),
  irmlPrimaryCount: define("P1535", "irml-primary-count", "An `execute` has two primary services, or none (IRML §3.7.2: at most one primary, then its alternates).", irml(withExecute('<service><uri>urn:svc:a</uri></service><service><uri>urn:svc:b</uri></service>'))),
  irmlUnreachableAlternate: define("P1536", "irml-unreachable-alternate", "An alternate service that can never run, because the service before it does not fail over (`try-alternate`) to it.", irml(withExecute('<service><uri>urn:svc:a</uri></service><service type="alternate"><uri>urn:svc:b</uri></service>'))),
  irmlParameterContentMismatch: define("P1537", "irml-parameter-content-mismatch", "A static parameter without a `value`, or a dynamic one without a `variable` (IRML §3.7.5).", irml(withExecute('<service><uri>urn:svc:a</uri><parameter name="ip" type="static"><variable name="client-ip" context="system"/></parameter></service>'))),
  irmlAnyInExecute: define("P1538", "irml-any-in-execute", "`any` inside an `execute`, which IRML §3.7.4 forbids (it served -02's removed actions).", irml(withExecute("<service><any/></service>"))),
  irmlUnknownSystemProperty: define("P1539", "irml-unknown-system-property", "A `system` property that is not one of the standard ones (`system-time` in the draft's §3.8 example, for instance).", irml(withExecute('<service><uri>urn:svc:log</uri><parameter name="at" type="dynamic"><variable name="system-time" context="system"/></parameter></service>'))),
  irmlUnknownSubSystem: define("P1540", "irml-unknown-sub-system", "A property names a sub-system this processor does not know; IRML §3.6.1 makes the condition false.", irml(withRules('    <rule processing-point="1">\n      <property name="bandwidth" context="system" sub-system="QoS" matches="^1"><execute>' + LOG + "</execute></property>\n    </rule>")), "warning"),
  irmlUnknownVariableSubSystem: define("P1541", "irml-unknown-variable-sub-system", "A dynamic parameter reads a variable of an unknown sub-system, so there is no value to pass.", irml(withExecute('<service><uri>urn:svc:log</uri><parameter name="bw" type="dynamic"><variable name="bandwidth" context="system" sub-system="QoS"/></parameter></service>'))),
  irmlUnsupportedProtocol: define("P1542", "irml-unsupported-protocol", "A rule set for a protocol other than HTTP; IRML's processing points 1–4 are HTTP's.", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>").replace("<protocol>HTTP</protocol>", "<protocol>RTSP</protocol>"))),
  irmlInvalidContact: define("P1543", "irml-invalid-contact", "A `contact` that is not an e-mail address (IRML §3.3.3).", irml(withRules('    <rule processing-point="1"><execute>' + LOG + "</execute></rule>", { author: '<author type="self"><name>Ann</name><contact>call me</contact><id>ann@example.net</id></author>' }))),
  irmlInvalidUri: define("P1544", "irml-invalid-uri", "A service `uri` that is not an absolute URI (IRML §3.7.3).", irml(withExecute("<service><uri>virus-scan</uri></service>"))),
  irmlDuplicateParameter: define("P1545", "irml-duplicate-parameter", "The same parameter is given twice to one service.", irml(withExecute('<service><uri>urn:svc:a</uri><parameter name="level" type="static"><value>1</value></parameter><parameter name="level" type="static"><value>2</value></parameter></service>'))),
  irmlReservedParameterName: define("P1546", "irml-reserved-parameter-name", "A parameter called `onFailure`, which the rule language reserves for the failure mode.", irml(withExecute('<service><uri>urn:svc:a</uri><parameter name="onFailure" type="static"><value>x</value></parameter></service>'))),
  irmlParameterNameNotIdentifier: define("P1547", "irml-parameter-name-not-identifier", "A parameter name that is not a P identifier (e.g. `max-size`): the module compiles, but cannot be converted to P text.", irml(withExecute('<service><uri>urn:svc:a</uri><parameter name="max-size" type="static"><value>10</value></parameter></service>')), "warning"),

  // ----- converting P to IRML (examples are P sources given to `opes convert --to irml`) -----
  irmlInexpressible: define("P1560", "irml-inexpressible", "A P construct IRML cannot express (elsif/else, `or`, `not`, arithmetic, stop/fail, a property IRML cannot name, …); the message names it. Nothing is dropped silently.", p(`${P_SELF}  at request_in {\n    if (Http.request.method equal "GET" or Http.request.method equal "HEAD") {\n      Services.applyOne(Services.findOne("urn:svc:log"));\n    }\n  }\n}\n`)),
  irmlConversionDropped: define("P1561", "irml-conversion-dropped", "Something without effect that IRML has no place for (the module URI, an empty block) was left out of the IRML output.", p(`rulemodule "urn:example:ann" author self { name "Ann"; id "ann@example.net"; }\nruleset authorized_by consumer "ann@example.net" protocol HTTP {\n  name "Ann";\n  at request_in { Services.applyOne(Services.findOne("urn:svc:log")); }\n}\n`), "warning"),
  irmlConversionAdjusted: define("P1562", "irml-conversion-adjusted", "A value was adapted to fit IRML, e.g. a number parameter written as text, or a missing ruleset name filled with the endpoint id.", p(`${P_SELF}  at request_in {\n    s := Services.findOne("urn:svc:log");\n    s.level(3);\n    Services.applyOne(s);\n  }\n}\n`), "warning"),
  irmlUnencodableCharacter: define("P1563", "irml-unencodable-character", "A string holds a character XML 1.0 cannot carry (a control character such as U+0001).", p(`${P_SELF}  at request_in {\n    s := Services.findOne("urn:svc:log");\n    s.mark("\\x01");\n    Services.applyOne(s);\n  }\n}\n`)),
} satisfies Record<string, DiagnosticDefinition>;
