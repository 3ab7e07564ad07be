import { compileUserSchema, type UserSchema } from "../json/user-schema.js";
import type { Delegation, EndpointClass, PolicyGroup, PolicyService, RequesterClass, SitePolicy } from "./site-policy-types.js";

interface GrantScope {
  readonly consumer: ReadonlySet<string>;
  readonly provider: ReadonlySet<string>;
  readonly groups: ReadonlySet<string>;
}

/** A loaded site policy with lookup tables, so checking a large rule set costs one map lookup per question. */
export class PolicyIndex {
  private readonly services: ReadonlyMap<string, PolicyService>;
  private readonly groups: ReadonlyMap<string, PolicyGroup>;
  private readonly delegations = new Map<string, Delegation[]>();
  private readonly ranks = new Map<RequesterClass, number>();
  private readonly grantScopes = new Map<Delegation, GrantScope>();
  private readonly members = new Map<PolicyGroup, ReadonlySet<string>>();
  private readonly parameterSchemas = new Map<PolicyService, UserSchema | undefined>();

  constructor(readonly policy: SitePolicy) {
    this.services = new Map(policy.services.map((service) => [service.uri, service]));
    this.groups = new Map(policy.groups.map((group) => [group.id, group]));
    for (const grant of policy.delegations) {
      const list = this.delegations.get(grant.delegate);
      if (list) list.push(grant);
      else this.delegations.set(grant.delegate, [grant]);
      this.grantScopes.set(grant, { consumer: new Set(grant.consumers), provider: new Set(grant.providers), groups: new Set(grant.groups) });
    }
    policy.precedence.ranks.forEach((rank, index) => rank.forEach((requester) => this.ranks.set(requester, index)));
  }

  service(uri: string): PolicyService | undefined {
    return this.services.get(uri);
  }

  serviceUris(): string[] {
    return [...this.services.keys()];
  }

  /**
   * The service's compiled parameter schema; undefined when it has none, or
   * one that does not compile (the policy loader reports that already).
   */
  parameterSchema(service: PolicyService): UserSchema | undefined {
    if (!this.parameterSchemas.has(service)) {
      const compiled = service.parameters === undefined ? undefined : compileUserSchema(service.parameters);
      this.parameterSchemas.set(service, compiled?.ok ? compiled.schema : undefined);
    }
    return this.parameterSchemas.get(service);
  }

  group(id: string): PolicyGroup | undefined {
    return this.groups.get(id);
  }

  grantsOf(delegate: string): readonly Delegation[] {
    return this.delegations.get(delegate) ?? [];
  }

  /** Whether a grant names this endpoint (or, for a group, this group) itself. */
  grantNames(grant: Delegation, endpoint: EndpointClass, group: boolean, id: string): boolean {
    const scope = this.grantScopes.get(grant);
    return (group ? scope?.groups : scope?.[endpoint])?.has(id) ?? false;
  }

  /** Whether the site policy lists `id` as a member of the group. */
  isMember(group: PolicyGroup, id: string): boolean {
    let members = this.members.get(group);
    if (!members) {
      members = new Set(group.members);
      this.members.set(group, members);
    }
    return members.has(id);
  }

  /** 0 is the highest precedence; the loader guarantees every class is ranked. */
  rank(requester: RequesterClass): number {
    return this.ranks.get(requester) ?? this.policy.precedence.ranks.length;
  }
}
