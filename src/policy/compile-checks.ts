import type { LoweredAction, LoweredProgram, LoweredRuleSet, LoweredServiceSpan } from "../compile/ir.js";
import { policyDiagnostics as codes } from "../diagnostics/catalog/policy.js";
import { createDiagnostic, sortDiagnostics, type Diagnostic, type DiagnosticDefinition, type RelatedInformation } from "../diagnostics/diagnostic.js";
import { SourceFile, type Span } from "../diagnostics/source.js";
import { suggestion } from "../json/index.js";
import type { ServiceRequest } from "../runtime/bundle.js";
import { authorityOf, describeEndpoint, describeGrantLimits, grantsAllow, listsPoint, type Authority } from "./authority.js";
import { findConflicts, type Conflict } from "./conflicts.js";
import { ParameterChecks, ParameterSettings } from "./parameters.js";
import { PolicyIndex } from "./policy-index.js";
import type { PolicyService, SitePolicy } from "./site-policy-types.js";

/**
 * The compile-time checks of a lowered rule set against the site policy
 * (design §4, docs/authorization.md): who may speak for each ruleset's
 * endpoint, which services exist and where they may run, who may request
 * them, their parameters, and conflicts that precedence cannot settle. Each
 * problem is reported at the ruleset, request or parameter concerned; the
 * caller installs nothing while any error remains. Never throws.
 */
export function checkPolicy(program: LoweredProgram, policy: SitePolicy, sources: ReadonlyMap<string, SourceFile>): Diagnostic[] {
  const index = new PolicyIndex(policy);
  const report = new Reporter(sources);
  const settings = new ParameterSettings(program.terms.terms);
  const parameterChecks = new ParameterChecks(settings, program.terms.terms);
  const authorities = program.rulesets.map((ruleset) => authorityOf(ruleset, index));
  program.rulesets.forEach((ruleset, i) => checkAuthority(ruleset, authorities[i]!, report));
  for (const action of program.actions) {
    if (action.action.kind !== "apply") continue;
    const ruleset = program.rulesets[action.ruleset]!;
    const check = new RequestCheck(parameterChecks, index, ruleset, authorities[action.ruleset]!, action, report);
    requestChain(action.action.service).forEach((request, position) => check.service(request, serviceSpan(action, request, position)));
  }
  for (const conflict of findConflicts(program, index, authorities, settings)) reportConflict(program, conflict, report);
  return report.diagnostics();
}

function checkAuthority(ruleset: LoweredRuleSet, authority: Authority, report: Reporter): void {
  if (authority.kind !== "refused") return;
  const related = ruleset.authorSpan ? [{ file: ruleset.file, span: ruleset.authorSpan, message: "the module's author" }] : [];
  report.at(codes.notAuthorized, ruleset.file, ruleset.endpointSpan, authority.reason, related);
}

/** The primary request, then its alternates in order: each one is checked like a request of its own. */
function requestChain(service: ServiceRequest): ServiceRequest[] {
  return [service, ...service.alternates];
}

/** Where the rule names a service (its `Services.findOne`), falling back to the whole request. */
function serviceSpan(action: LoweredAction, request: ServiceRequest, position: number): LoweredServiceSpan {
  return action.serviceSpans?.[position] ?? { uri: request.uri, span: action.span, params: new Map() };
}

/** The checks of one service a request names, as its ruleset's authority allows it. */
class RequestCheck {
  constructor(
    private readonly parameterChecks: ParameterChecks,
    private readonly policy: PolicyIndex,
    private readonly ruleset: LoweredRuleSet,
    private readonly authority: Authority,
    private readonly action: LoweredAction,
    private readonly report: Reporter,
  ) {}

  service(request: ServiceRequest, where: LoweredServiceSpan): void {
    const service = this.policy.service(request.uri);
    if (!service) {
      const known = suggestion(request.uri, this.policy.serviceUris());
      this.at(codes.unknownService, where.span, `the site policy lists no service "${request.uri}"${known}`);
      return;
    }
    if (service.protocol !== this.ruleset.protocol) {
      this.at(codes.serviceProtocolMismatch, where.span, `"${service.uri}" is an ${service.protocol} service, but this ruleset is for ${this.ruleset.protocol}`);
      return;
    }
    this.point(service, where.span);
    this.requester(service, where.span);
    this.delegation(service, where.span);
    this.parameters(service, request, where);
  }

  private point(service: PolicyService, span: Span): void {
    const point = this.action.point;
    if (!listsPoint(service.points, point)) {
      this.at(codes.pointNotAllowed, span, `the site policy lets "${service.uri}" run at ${service.points.join(", ")} only, not at ${point}`);
    } else if (listsPoint(this.policy.policy.pointRestrictions[this.ruleset.endpoint], point)) {
      this.at(codes.pointNotAllowed, span, `rulesets authorized by a ${this.ruleset.endpoint} may not request services at ${point} (site policy pointRestrictions)`);
    }
  }

  private requester(service: PolicyService, span: Span): void {
    if (this.authority.kind === "refused" || service.requestableBy.includes(this.authority.requester)) return;
    this.at(
      codes.serviceNotRequestable,
      span,
      `"${service.uri}" may be requested by ${service.requestableBy.join(", ")} only; this ruleset requests as ${this.authority.requester} (${describeAuthority(this.authority)})`,
    );
  }

  private delegation(service: PolicyService, span: Span): void {
    if (this.authority.kind !== "delegate" || grantsAllow(this.authority.grants, service.uri, this.action.point)) return;
    this.at(
      codes.notAuthorized,
      span,
      `delegate "${this.authority.delegate}" may not request "${service.uri}" at ${this.action.point} for ${describeEndpoint(this.ruleset)}: its delegations allow ${describeGrantLimits(this.authority.grants)}`,
    );
  }

  private parameters(service: PolicyService, request: ServiceRequest, where: LoweredServiceSpan): void {
    const schema = this.policy.parameterSchema(service);
    if (!schema) return;
    for (const problem of this.parameterChecks.problems(service, schema, request.params)) {
      const span = problem.name === undefined ? where.span : (where.params.get(problem.name) ?? where.span);
      const subject = problem.name === undefined ? `the parameters of "${service.uri}"` : `parameter "${problem.name}" of "${service.uri}"`;
      this.at(codes.badServiceParameter, span, `${subject}: ${problem.message}`);
    }
  }

  private at(definition: DiagnosticDefinition, span: Span, message: string): void {
    this.report.at(definition, this.action.file, span, message);
  }
}

function describeAuthority(authority: Exclude<Authority, { kind: "refused" }>): string {
  switch (authority.kind) {
    case "self":
      return "a module the endpoint wrote itself";
    case "delegate":
      return `written by delegate "${authority.delegate}"`;
    case "operator":
      return "a plain file the site policy assigns, which counts as the operator's, written for the endpoint";
  }
}

function reportConflict(program: LoweredProgram, conflict: Conflict, report: Reporter): void {
  const action = program.actions[conflict.action]!;
  const other = program.actions[conflict.other]!;
  if (action.action.kind !== "apply") return;
  const otherRuleset = program.rulesets[other.ruleset]!;
  report.at(
    codes.conflict,
    action.file,
    action.span,
    `this request for "${action.action.service.uri}" at ${action.point} conflicts with the request at ${other.file}:${other.line} in the ruleset of ${describeEndpoint(otherRuleset)} (${conflict.difference}): the rulesets have equal precedence, can apply to the same transaction, and their conditions can hold together`,
    [{ file: other.file, span: other.span, message: "the conflicting request" }],
  );
}

interface RelatedSpan {
  readonly file: string;
  readonly span: Span;
  readonly message: string;
}

/** Collects diagnostics by file and span, once each (a service bound once may be requested at several points). */
class Reporter {
  private readonly found = new Map<string, Diagnostic>();

  constructor(private readonly sources: ReadonlyMap<string, SourceFile>) {}

  at(definition: DiagnosticDefinition, file: string, span: Span, message: string, related: readonly RelatedSpan[] = []): void {
    const relatedInformation: RelatedInformation[] = related.map((r) => ({ range: this.source(r.file).range(r.span), message: r.message }));
    const diagnostic = createDiagnostic(definition, this.source(file).range(span), message, { related: relatedInformation });
    const key = JSON.stringify([diagnostic.code, diagnostic.range, diagnostic.message]);
    if (!this.found.has(key)) this.found.set(key, diagnostic);
  }

  diagnostics(): Diagnostic[] {
    return sortDiagnostics([...this.found.values()]);
  }

  private source(file: string): SourceFile {
    return this.sources.get(file) ?? new SourceFile(file, "");
  }
}
