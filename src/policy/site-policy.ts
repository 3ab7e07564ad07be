import { policyDiagnostics } from "../diagnostics/catalog/policy.js";
import { hasErrors, sortDiagnostics, type Diagnostic, type DiagnosticDefinition } from "../diagnostics/diagnostic.js";
import type { SourceFile } from "../diagnostics/source.js";
import {
  parseJsonDocument,
  problemToDiagnostic,
  validateWithSchema,
  type JsonDocument,
  type JsonLimits,
  type JsonProblemKind,
} from "../json/index.js";
import { validate as validateSitePolicySchema } from "../json/validators/site-policy.js";
import { checkSitePolicy } from "./site-policy-checks.js";
import type {
  DataCategory,
  Delegation,
  EndpointClass,
  FileAssignment,
  Mandate,
  OrderConstraint,
  Point,
  PolicyGroup,
  PolicyService,
  Precedence,
  Protocol,
  RequesterClass,
  ServiceFailureMode,
  SitePolicy,
  TraceIdentity,
} from "./site-policy-types.js";
import { dataCategories, requesterClasses } from "./site-policy-types.js";

export * from "./site-policy-types.js";

/** The service fields that may be omitted, with what omitting them means. */
type ServiceDefaults = Pick<
  PolicyService,
  "receives" | "consents" | "bypassable" | "onFailure" | "mandate" | "transforms" | "requestableBy" | "thirdParty"
>;

/** What an omitted field means. docs/site-policy.md lists the same values; a test keeps them equal. */
export const sitePolicyDefaults: {
  readonly service: ServiceDefaults;
  readonly pointRestrictions: SitePolicy["pointRestrictions"];
  readonly precedence: Precedence;
} = {
  service: {
    receives: dataCategories,
    consents: [],
    bypassable: false,
    onFailure: "abort",
    mandate: "none",
    transforms: true,
    requestableBy: requesterClasses,
    thirdParty: false,
  },
  pointRestrictions: { consumer: ["response_in"], provider: [] },
  precedence: {
    ranks: [["consumer"], ["provider"], ["consumer-delegate"], ["provider-delegate"]],
    consumerOverridesProviderOptOut: false,
  },
};

export interface SitePolicyLoadOptions {
  /** Size and nesting limits of the JSON reader (defaults: defaultJsonLimits). */
  readonly limits?: Partial<JsonLimits>;
}

export interface SitePolicyLoadResult {
  /** The policy with defaults applied; absent when any error was found (nothing half-loaded is used). */
  readonly policy?: SitePolicy;
  /** Sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
  /** The parsed document, for pointing related information of later stages into the policy file. */
  readonly document?: JsonDocument;
}

const definitionByProblem: Record<JsonProblemKind, DiagnosticDefinition> = {
  syntax: policyDiagnostics.policyInvalidJson,
  limit: policyDiagnostics.policyLimitExceeded,
  "duplicate-key": policyDiagnostics.policyDuplicateKey,
  schema: policyDiagnostics.policySchemaViolation,
};

/**
 * Reads a site policy: strict JSON, then the schema, then the consistency
 * checks the schema cannot express. Each step runs only when the previous one
 * found no error, so a broken document is not buried under follow-on reports.
 * Never throws.
 */
export function loadSitePolicy(source: SourceFile, options: SitePolicyLoadOptions = {}): SitePolicyLoadResult {
  const parsed = parseJsonDocument(source, options.limits);
  const diagnostics = parsed.problems.map((problem) => problemToDiagnostic(source, definitionByProblem[problem.kind], problem));
  const document = parsed.document;
  if (!document || hasErrors(diagnostics)) return { diagnostics: sortDiagnostics(diagnostics), ...(document ? { document } : {}) };

  const schemaProblems = validateWithSchema(document, validateSitePolicySchema);
  if (schemaProblems.length > 0) {
    const schemaDiagnostics = schemaProblems.map((problem) => problemToDiagnostic(source, definitionByProblem.schema, problem));
    return { diagnostics: sortDiagnostics(schemaDiagnostics), document };
  }

  const policy = applyDefaults(document.value as unknown as RawSitePolicy);
  const consistency = checkSitePolicy(policy, document);
  return {
    ...(hasErrors(consistency) ? {} : { policy }),
    diagnostics: sortDiagnostics(consistency),
    document,
  };
}

/* The document as the schema guarantees it: optional fields may be missing. */

interface RawService {
  uri: string;
  name: string;
  description?: string;
  protocol: Protocol;
  points: Point[];
  receives?: DataCategory[];
  consents?: string[];
  bypassable?: boolean;
  onFailure?: ServiceFailureMode;
  parameters?: object;
  mandate?: Mandate;
  transforms?: boolean;
  requestableBy?: RequesterClass[];
  thirdParty?: boolean;
  privacyPolicy?: string;
}

interface RawGroup {
  class: EndpointClass;
  name?: string;
  description?: string;
  members?: string[];
}

interface RawDelegation {
  delegate: string;
  name?: string;
  consumers?: string[];
  providers?: string[];
  groups?: string[];
  services?: string[];
  points?: Point[];
}

type RawOrderConstraint =
  | { before: string; after: string; reason?: string }
  | { first: string; reason?: string }
  | { last: string; reason?: string };

interface RawFileAssignment {
  path: string;
  protocol: Protocol;
  points: Point[];
  authorizedBy: { class: EndpointClass; id: string; group?: boolean };
}

interface RawSitePolicy {
  system: TraceIdentity;
  services: RawService[];
  groups?: Record<string, RawGroup>;
  delegations?: RawDelegation[];
  pointRestrictions?: Partial<Record<EndpointClass, Point[]>>;
  order?: RawOrderConstraint[];
  precedence?: { ranks?: RequesterClass[][]; consumerOverridesProviderOptOut?: boolean };
  files?: RawFileAssignment[];
}

function applyDefaults(raw: RawSitePolicy): SitePolicy {
  const precedence = sitePolicyDefaults.precedence;
  return {
    system: raw.system,
    services: raw.services.map(serviceWithDefaults),
    groups: Object.entries(raw.groups ?? {}).map(([id, group]): PolicyGroup => ({ id, ...group, members: group.members ?? [] })),
    delegations: (raw.delegations ?? []).map(
      (delegation): Delegation => ({
        ...delegation,
        consumers: delegation.consumers ?? [],
        providers: delegation.providers ?? [],
        groups: delegation.groups ?? [],
      }),
    ),
    pointRestrictions: { ...sitePolicyDefaults.pointRestrictions, ...raw.pointRestrictions },
    order: (raw.order ?? []).map(orderConstraint),
    precedence: {
      ranks: raw.precedence?.ranks ?? precedence.ranks,
      consumerOverridesProviderOptOut: raw.precedence?.consumerOverridesProviderOptOut ?? precedence.consumerOverridesProviderOptOut,
    },
    files: (raw.files ?? []).map(
      (file): FileAssignment => ({ ...file, authorizedBy: { ...file.authorizedBy, group: file.authorizedBy.group ?? false } }),
    ),
  };
}

function serviceWithDefaults(raw: RawService): PolicyService {
  return { ...sitePolicyDefaults.service, ...raw };
}

function orderConstraint(raw: RawOrderConstraint): OrderConstraint {
  const reason = raw.reason === undefined ? {} : { reason: raw.reason };
  if ("before" in raw) return { kind: "before", before: raw.before, after: raw.after, ...reason };
  if ("first" in raw) return { kind: "first", service: raw.first, ...reason };
  return { kind: "last", service: raw.last, ...reason };
}
