import type { DiagnosticDefinition } from "../diagnostic.js";

/*
 * Diagnostics of the policy stage. P3001–P3099: problems of the site policy
 * document itself (reading, schema, consistency), reported by
 * src/policy/site-policy.ts. P3100 and up: checks of rules against the policy,
 * reported by src/policy/compile-checks.ts; their examples carry the policy.
 */

/** A policy text from a JSON value, as an operator would write it. */
function policyText(policy: unknown): string {
  return `${JSON.stringify(policy, null, 2)}\n`;
}

const system = { uri: "http://opes.example/" };

function httpService(uri: string, name: string, points: string[] = ["response_out"]): Record<string, unknown> {
  return { uri, name, protocol: "HTTP", points };
}

/** A rule module as the examples of the P31xx checks use it: a header, then one ruleset. */
function ruleModule(author: string, ruleset: string, body: string): string {
  return `rulemodule ${author} {\n  name "Example";\n  id ${JSON.stringify(authorId(author))};\n}\n${ruleset} {\n${body}}\n`;
}

function authorId(author: string): string {
  return author === "author self" ? "mailto:bob@example.net" : "https://isp.example/";
}

const bobRules = 'ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP';

/** A point block that requests one service, optionally setting parameters first. */
function request(point: string, uri: string, settings: readonly string[] = []): string {
  const configured = settings.map((setting) => `    s.${setting};\n`).join("");
  return `  at ${point} {\n    s := Services.findOne(${JSON.stringify(uri)});\n${configured}    Services.applyOne(s);\n  }\n`;
}

export const policyDiagnostics = {
  policyInvalidJson: {
    code: "P3001",
    name: "policy-invalid-json",
    stage: "policy",
    severity: "error",
    summary: "The site policy is not strict JSON (comments, trailing commas, single quotes and the like are rejected).",
    example: {
      language: "policy",
      source: '{\n  "system": { "uri": "http://opes.example/" },\n  "services": [],\n}\n',
    },
  },
  policyDuplicateKey: {
    code: "P3002",
    name: "policy-duplicate-key",
    stage: "policy",
    severity: "error",
    summary: "An object in the site policy gives the same property twice.",
    example: {
      language: "policy",
      source: '{\n  "system": { "uri": "http://opes.example/" },\n  "services": [],\n  "services": []\n}\n',
    },
  },
  policySchemaViolation: {
    code: "P3003",
    name: "policy-schema-violation",
    stage: "policy",
    severity: "error",
    summary: "The site policy breaks its JSON Schema (schemas/site-policy.schema.json); the message names the JSON Pointer.",
    example: {
      language: "policy",
      source: policyText({ system, services: [httpService("urn:svc:ad-strip", "Ad stripper", ["respons_out"])] }),
    },
  },
  duplicateService: {
    code: "P3004",
    name: "duplicate-service",
    stage: "policy",
    severity: "error",
    summary: "Two services of the catalog have the same URI.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [httpService("urn:svc:ad-strip", "Ad stripper"), httpService("urn:svc:ad-strip", "Ad stripper v2")],
      }),
    },
  },
  undeclaredService: {
    code: "P3005",
    name: "undeclared-service",
    stage: "policy",
    severity: "error",
    summary: "An order constraint or a delegation names a service URI the catalog does not declare.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [httpService("urn:svc:ad-strip", "Ad stripper")],
        order: [{ before: "urn:svc:virus-scan", after: "urn:svc:ad-strip" }],
      }),
    },
  },
  undeclaredGroup: {
    code: "P3006",
    name: "undeclared-group",
    stage: "policy",
    severity: "error",
    summary: "A delegation or a file assignment names a group that `groups` does not declare.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [],
        delegations: [{ delegate: "https://isp.example/", groups: ["subscribers"] }],
      }),
    },
  },
  groupClassMismatch: {
    code: "P3007",
    name: "group-class-mismatch",
    stage: "policy",
    severity: "error",
    summary: "A file assignment is authorized by a group of the other endpoint class.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [],
        groups: { subscribers: { class: "consumer" } },
        files: [
          {
            path: "legacy.p",
            protocol: "HTTP",
            points: ["request_in"],
            authorizedBy: { class: "provider", id: "subscribers", group: true },
          },
        ],
      }),
    },
  },
  orderCycle: {
    code: "P3008",
    name: "order-cycle",
    stage: "policy",
    severity: "error",
    summary: "The order constraints contradict each other; the message prints the cycle.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [httpService("urn:svc:a", "A"), httpService("urn:svc:b", "B")],
        order: [
          { before: "urn:svc:a", after: "urn:svc:b" },
          { before: "urn:svc:b", after: "urn:svc:a" },
        ],
      }),
    },
  },
  emptyDelegation: {
    code: "P3009",
    name: "empty-delegation",
    stage: "policy",
    severity: "error",
    summary: "A delegation grants authority over no consumer, provider or group.",
    example: {
      language: "policy",
      source: policyText({ system, services: [], delegations: [{ delegate: "https://isp.example/" }] }),
    },
  },
  invalidPrecedence: {
    code: "P3010",
    name: "invalid-precedence",
    stage: "policy",
    severity: "error",
    summary: "The precedence ranks do not list every requester class exactly once.",
    example: {
      language: "policy",
      source: policyText({ system, services: [], precedence: { ranks: [["consumer"], ["provider"]] } }),
    },
  },
  invalidParameterSchema: {
    code: "P3011",
    name: "invalid-parameter-schema",
    stage: "policy",
    severity: "error",
    summary: "A service's parameter schema is not a usable JSON Schema (2020-12, ajv strict mode).",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [
          {
            ...httpService("urn:svc:ad-strip", "Ad stripper"),
            parameters: { type: "object", properties: { level: { enum: "aggressive" } } },
          },
        ],
      }),
    },
  },
  duplicateFileAssignment: {
    code: "P3012",
    name: "duplicate-file-assignment",
    stage: "policy",
    severity: "error",
    summary: "Two file assignments name the same plain P file.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [],
        files: [
          { path: "legacy.p", protocol: "HTTP", points: ["request_in"], authorizedBy: { class: "consumer", id: "mailto:bob@example.net" } },
          { path: "legacy.p", protocol: "HTTP", points: ["response_out"], authorizedBy: { class: "consumer", id: "mailto:bob@example.net" } },
        ],
      }),
    },
  },
  orderNeverApplies: {
    code: "P3013",
    name: "order-never-applies",
    stage: "policy",
    severity: "warning",
    summary: "An order constraint relates two services that never run at the same activation point, so it has no effect.",
    example: {
      language: "policy",
      source: policyText({
        system,
        services: [httpService("urn:svc:virus-scan", "Virus scanner", ["response_in"]), httpService("urn:svc:ad-strip", "Ad stripper")],
        order: [{ before: "urn:svc:virus-scan", after: "urn:svc:ad-strip" }],
      }),
    },
  },
  policyLimitExceeded: {
    code: "P3014",
    name: "policy-limit-exceeded",
    stage: "policy",
    severity: "error",
    summary: "The site policy is larger or more deeply nested than the reader accepts (by default 8,388,608 characters and 128 levels).",
    example: {
      language: "policy",
      source: '{\n  "system": { "uri": "http://opes.example/" },\n  "services": [[[]]]\n}\n',
      limits: { maxNestingDepth: 3 },
    },
  },
  notAuthorized: {
    code: "P3101",
    name: "not-authorized",
    stage: "policy",
    severity: "error",
    summary:
      "A ruleset speaks for an endpoint its author may not speak for: a self-authored module for someone else, a delegate outside its delegations (endpoints, services, points), or a module without an author.",
    example: {
      language: "p",
      source: ruleModule("author self", 'ruleset authorized_by consumer "mailto:alice@example.net" protocol HTTP', request("response_out", "urn:svc:ad-strip")),
      policy: policyText({ system, services: [httpService("urn:svc:ad-strip", "Ad stripper")] }),
    },
  },
  pointNotAllowed: {
    code: "P3102",
    name: "point-not-allowed",
    stage: "policy",
    severity: "error",
    summary: "A service is requested at a point where the site policy does not let it run, or where rulesets of that endpoint class may not request services.",
    example: {
      language: "p",
      source: ruleModule("author self", bobRules, request("request_in", "urn:svc:ad-strip")),
      policy: policyText({ system, services: [httpService("urn:svc:ad-strip", "Ad stripper")] }),
    },
  },
  unknownService: {
    code: "P3103",
    name: "unknown-service",
    stage: "policy",
    severity: "error",
    summary: "A rule requests a service URI that the site policy's service catalog does not list.",
    example: {
      language: "p",
      source: ruleModule("author self", bobRules, request("response_out", "urn:svc:ad-strip")),
      policy: policyText({ system, services: [httpService("urn:svc:ad-stripper", "Ad stripper")] }),
    },
  },
  serviceNotRequestable: {
    code: "P3104",
    name: "service-not-requestable",
    stage: "policy",
    severity: "error",
    summary: "The requester class of the ruleset (consumer, provider, or a delegate of either) is not among the service's `requestableBy`.",
    example: {
      language: "p",
      source: ruleModule("author self", bobRules, request("response_out", "urn:svc:usage-accounting")),
      policy: policyText({
        system,
        services: [{ ...httpService("urn:svc:usage-accounting", "Usage accounting"), requestableBy: ["consumer-delegate"] }],
      }),
    },
  },
  badServiceParameter: {
    code: "P3105",
    name: "bad-service-parameter",
    stage: "policy",
    severity: "error",
    summary: "A static parameter value, or the set of parameter names, does not fit the parameter schema the site policy gives the service.",
    example: {
      language: "p",
      source: ruleModule("author self", bobRules, request("response_out", "urn:svc:ad-strip", ['level("extreme")'])),
      policy: policyText({
        system,
        services: [
          {
            ...httpService("urn:svc:ad-strip", "Ad stripper"),
            parameters: { type: "object", additionalProperties: false, properties: { level: { enum: ["light", "aggressive"] } } },
          },
        ],
      }),
    },
  },
  conflict: {
    code: "P3106",
    name: "conflict",
    stage: "policy",
    severity: "error",
    summary:
      "Two rulesets of equal precedence that can apply to the same traffic request one service at one point with different static parameters, under conditions that can hold together.",
    example: {
      language: "p",
      source: [
        ruleModule("author delegate", bobRules, request("response_out", "urn:svc:ad-strip", ['level("light")'])).trimEnd(),
        `ruleset authorized_by consumer "mailto:bob@example.net" protocol HTTP {\n${request("response_out", "urn:svc:ad-strip", ['level("aggressive")'])}}\n`,
      ].join("\n"),
      policy: policyText({
        system,
        services: [httpService("urn:svc:ad-strip", "Ad stripper")],
        delegations: [{ delegate: "https://isp.example/", consumers: ["mailto:bob@example.net"] }],
      }),
    },
  },
  serviceProtocolMismatch: {
    code: "P3107",
    name: "service-protocol-mismatch",
    stage: "policy",
    severity: "error",
    summary: "A ruleset requests a service of the other protocol (an SMTP service in an HTTP ruleset, or the reverse).",
    example: {
      language: "p",
      source: ruleModule("author self", bobRules, request("response_out", "urn:mail:svc:spam-check")),
      policy: policyText({ system, services: [{ uri: "urn:mail:svc:spam-check", name: "Spam classifier", protocol: "SMTP", points: ["eom"] }] }),
    },
  },
} satisfies Record<string, DiagnosticDefinition>;
