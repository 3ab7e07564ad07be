import { policyDiagnostics } from "../diagnostics/catalog/policy.js";
import {
  createDiagnostic,
  type Diagnostic,
  type DiagnosticDefinition,
  type RelatedInformation,
} from "../diagnostics/diagnostic.js";
import type { Span } from "../diagnostics/source.js";
import { displayPointer, jsonPointer, locateIssue, suggestion, type JsonDocument } from "../json/index.js";
import { compileUserSchema } from "../json/user-schema.js";
import { findOrderCycles, orderEdges, shareAPoint, type OrderEdge } from "./order-graph.js";
import { requesterClasses, type OrderConstraint, type SitePolicy } from "./site-policy-types.js";

/**
 * What the schema cannot say about a site policy: references between its
 * parts, uniqueness, order cycles and the validity of embedded parameter
 * schemas. Runs on a policy that already passed the schema.
 */
export function checkSitePolicy(policy: SitePolicy, document: JsonDocument): Diagnostic[] {
  const report = new Reporter(document);
  checkDuplicateServices(policy, report);
  checkParameterSchemas(policy, document, report);
  checkDelegations(policy, report);
  checkFiles(policy, report);
  checkPrecedence(policy, report);
  checkOrder(policy, report);
  return report.diagnostics;
}

/** Collects diagnostics addressed by JSON Pointer, in the `<pointer>: <message>` form. */
class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly document: JsonDocument) {}

  at(
    definition: DiagnosticDefinition,
    pointer: string,
    message: string,
    options: {
      /** Underline the property name instead of the value (for values that span many lines). */
      key?: boolean;
      span?: Span;
      related?: readonly { pointer: string; message: string }[];
    } = {},
  ): void {
    const source = this.document.source;
    const related: RelatedInformation[] = (options.related ?? []).map((item) => ({
      range: source.range(this.document.valueSpan(item.pointer)),
      message: item.message,
    }));
    const span = options.span ?? (options.key ? this.document.keySpan(pointer) : this.document.valueSpan(pointer));
    this.diagnostics.push(
      createDiagnostic(definition, source.range(span), `${displayPointer(pointer)}: ${message}`, { related }),
    );
  }
}

function checkDuplicateServices(policy: SitePolicy, report: Reporter): void {
  const firstIndex = new Map<string, number>();
  policy.services.forEach((service, index) => {
    const first = firstIndex.get(service.uri);
    if (first === undefined) {
      firstIndex.set(service.uri, index);
      return;
    }
    report.at(policyDiagnostics.duplicateService, jsonPointer("services", index, "uri"), `service "${service.uri}" is already declared`, {
      related: [{ pointer: jsonPointer("services", first, "uri"), message: "first declared here" }],
    });
  });
}

function checkParameterSchemas(policy: SitePolicy, document: JsonDocument, report: Reporter): void {
  policy.services.forEach((service, index) => {
    if (service.parameters === undefined) return;
    const result = compileUserSchema(service.parameters);
    if (result.ok) return;
    const base = jsonPointer("services", index, "parameters");
    for (const issue of result.issues) {
      const problem = locateIssue(document, issue, base);
      report.at(policyDiagnostics.invalidParameterSchema, problem.pointer ?? base, issue.message, { span: problem.span });
    }
  });
}

function checkDelegations(policy: SitePolicy, report: Reporter): void {
  const serviceUris = policy.services.map((service) => service.uri);
  const groupIds = policy.groups.map((group) => group.id);
  policy.delegations.forEach((delegation, index) => {
    if (delegation.consumers.length + delegation.providers.length + delegation.groups.length === 0) {
      report.at(
        policyDiagnostics.emptyDelegation,
        jsonPointer("delegations", index, "delegate"),
        `the delegation of "${delegation.delegate}" lists no consumers, providers or groups, so it grants nothing`,
      );
    }
    delegation.groups.forEach((group, position) => {
      if (groupIds.includes(group)) return;
      report.at(
        policyDiagnostics.undeclaredGroup,
        jsonPointer("delegations", index, "groups", position),
        `group "${group}" is not declared in "groups"${suggestion(group, groupIds)}`,
      );
    });
    (delegation.services ?? []).forEach((uri, position) => {
      if (serviceUris.includes(uri)) return;
      report.at(
        policyDiagnostics.undeclaredService,
        jsonPointer("delegations", index, "services", position),
        `service "${uri}" is not declared in "services"${suggestion(uri, serviceUris)}`,
      );
    });
  });
}

function checkFiles(policy: SitePolicy, report: Reporter): void {
  const firstIndex = new Map<string, number>();
  policy.files.forEach((file, index) => {
    const first = firstIndex.get(file.path);
    if (first === undefined) firstIndex.set(file.path, index);
    else {
      report.at(policyDiagnostics.duplicateFileAssignment, jsonPointer("files", index, "path"), `"${file.path}" is already assigned`, {
        related: [{ pointer: jsonPointer("files", first, "path"), message: "first assigned here" }],
      });
    }
    if (!file.authorizedBy.group) return;
    const pointer = jsonPointer("files", index, "authorizedBy", "id");
    const group = policy.groups.find((candidate) => candidate.id === file.authorizedBy.id);
    if (!group) {
      const known = policy.groups.map((candidate) => candidate.id);
      report.at(
        policyDiagnostics.undeclaredGroup,
        pointer,
        `group "${file.authorizedBy.id}" is not declared in "groups"${suggestion(file.authorizedBy.id, known)}`,
      );
    } else if (group.class !== file.authorizedBy.class) {
      report.at(
        policyDiagnostics.groupClassMismatch,
        pointer,
        `group "${group.id}" is a group of ${group.class}s, but the file is authorized by a ${file.authorizedBy.class}`,
        { related: [{ pointer: jsonPointer("groups", group.id, "class"), message: "the group's class" }] },
      );
    }
  });
}

function checkPrecedence(policy: SitePolicy, report: Reporter): void {
  const seenAt = new Map<string, string>();
  policy.precedence.ranks.forEach((rank, rankIndex) =>
    rank.forEach((requester, position) => {
      const pointer = jsonPointer("precedence", "ranks", rankIndex, position);
      const first = seenAt.get(requester);
      if (first === undefined) seenAt.set(requester, pointer);
      else {
        report.at(policyDiagnostics.invalidPrecedence, pointer, `"${requester}" is already ranked`, {
          related: [{ pointer: first, message: "first ranked here" }],
        });
      }
    }),
  );
  const missing = requesterClasses.filter((requester) => !seenAt.has(requester));
  if (missing.length > 0) {
    report.at(
      policyDiagnostics.invalidPrecedence,
      jsonPointer("precedence", "ranks"),
      `every requester class must be ranked; missing: ${missing.join(", ")}`,
      { key: true },
    );
  }
}

function checkOrder(policy: SitePolicy, report: Reporter): void {
  const services = new Map(policy.services.map((service) => [service.uri, service]));
  const serviceUris = [...services.keys()];
  policy.order.forEach((constraint, index) => {
    for (const [field, uri] of namedServices(constraint)) {
      if (services.has(uri)) continue;
      report.at(
        policyDiagnostics.undeclaredService,
        jsonPointer("order", index, field),
        `service "${uri}" is not declared in "services"${suggestion(uri, serviceUris)}`,
      );
    }
    if (constraint.kind !== "before" || constraint.before === constraint.after) return;
    const before = services.get(constraint.before);
    const after = services.get(constraint.after);
    if (before && after && !shareAPoint(before, after)) {
      report.at(
        policyDiagnostics.orderNeverApplies,
        jsonPointer("order", index),
        `"${before.uri}" (${before.protocol} ${before.points.join(", ")}) and "${after.uri}" (${after.protocol} ${after.points.join(", ")}) never run at the same point, so this constraint has no effect`,
      );
    }
  });

  for (const cycle of findOrderCycles(policy.services, orderEdges(policy.services, policy.order))) {
    const [primary, ...others] = cycle.edges;
    if (!primary) continue;
    const relatedConstraints = [...new Set(others.map((edge) => edge.constraint))].filter((c) => c !== primary.constraint);
    report.at(policyDiagnostics.orderCycle, jsonPointer("order", primary.constraint), `order constraints form a cycle: ${cycle.path.join(" → ")}`, {
      related: relatedConstraints.map((constraint) => ({
        pointer: jsonPointer("order", constraint),
        message: describeEdge(policy.order[constraint]!, others.find((edge) => edge.constraint === constraint)!),
      })),
    });
  }
}

/** The service URIs a constraint names, with the property that names each. */
function namedServices(constraint: OrderConstraint): [string, string][] {
  return constraint.kind === "before"
    ? [
        ["before", constraint.before],
        ["after", constraint.after],
      ]
    : [[constraint.kind, constraint.service]];
}

/** How a constraint contributes one edge of a cycle, for the related information. */
function describeEdge(constraint: OrderConstraint, edge: OrderEdge): string {
  switch (constraint.kind) {
    case "before":
      return `"${edge.from}" runs before "${edge.to}"`;
    case "first":
      return `"${edge.from}" runs first, so before "${edge.to}"`;
    case "last":
      return `"${edge.to}" runs last, so after "${edge.from}"`;
  }
}
