/**
 * fast-check arbitraries for the differential test: rule sets (1–4 P files
 * with several rulesets each, optionally a plain file the site policy
 * places), site policies covering the rules' services, and transactions drawn
 * from the same pools as the rules' conditions.
 */
import fc from "fast-check";
import type { FileAssignment, OrderConstraint, PolicyService, SitePolicy } from "../../src/policy/site-policy-types.js";
import type { HeaderField, TransactionContext } from "../../src/runtime/context.js";
import type { BugTriggers } from "./bug-triggers.js";
import { atomsAt, between, chance, condition, pick, pString, stringAtom, type Draw, type Place, type StringName } from "./conditions.js";
import type { OracleSource } from "./interpreter.js";
import { pools, protocolPoints, serviceUris, smtpFrom, type Protocol } from "./pools.js";

export interface GeneratedRuleSet {
  readonly files: readonly OracleSource[];
  /** Where the site policy must place the plain file, if there is one. */
  readonly placement?: FileAssignment;
  /** Where the rules act: each point block's protocol, point and endpoint. */
  readonly targets: readonly Target[];
}

export interface Target {
  readonly protocol: Protocol;
  readonly point: string;
  readonly endpoint?: Endpoint;
}

export interface Scenario {
  readonly ruleSet: GeneratedRuleSet;
  readonly policy?: SitePolicy;
  readonly transactions: readonly TransactionContext[];
}

export interface ScenarioOptions {
  readonly triggers: BugTriggers;
  readonly transactions: number;
}

/** A rule set, maybe a site policy, and transactions for it. */
export function scenarioArbitrary(options: ScenarioOptions): fc.Arbitrary<Scenario> {
  return fc.gen().map((g) => {
    const withPolicy = chance(g, 60);
    const ruleSet = generateRuleSet(g, options.triggers, withPolicy);
    const policy = withPolicy ? generatePolicy(g, ruleSet) : undefined;
    const transactions = Array.from({ length: options.transactions }, () => generateTransaction(g, ruleSet, options.triggers));
    return { ruleSet, ...(policy ? { policy } : {}), transactions };
  });
}

export function ruleSetArbitrary(triggers: BugTriggers): fc.Arbitrary<GeneratedRuleSet> {
  return fc.gen().map((g) => generateRuleSet(g, triggers, false));
}

// ---------------------------------------------------------------- rule files

const filePaths = ["alpha.p", "isp/beta.p", "gamma.p", "rules/delta.p", "z.p"];

/**
 * Against a site policy the rules must pass its compile-time checks
 * (docs/authorization.md): every module has an author (the delegate the
 * policy trusts), and no two rulesets share an endpoint, so no two requests
 * of equal rank can conflict. Without a policy anything goes.
 */
function generateRuleSet(g: Draw, triggers: BugTriggers, withPolicy: boolean): GeneratedRuleSet {
  const settings: WriterSettings = { g, triggers, withPolicy, targets: [], endpoints: withPolicy ? distinctEndpoints(g) : () => randomEndpoint(g) };
  const paths = g(fc.shuffledSubarray, filePaths, { minLength: 1, maxLength: 4 });
  const files = paths.map((path) => ({ path, text: new FileWriter(settings).ruleFile() }));
  if (!withPolicy || chance(g, 75)) return { files, targets: settings.targets };
  const protocol: Protocol = chance(g, 80) ? "HTTP" : "SMTP";
  const placement: FileAssignment = {
    path: "placed.p",
    protocol,
    points: g(fc.shuffledSubarray, [...protocolPoints[protocol]], { minLength: 1, maxLength: 2 }) as FileAssignment["points"],
    authorizedBy: settings.endpoints(),
  };
  settings.targets.push(...placement.points.map((point) => ({ protocol, point, endpoint: placement.authorizedBy })));
  return { files: [...files, { path: placement.path, text: new FileWriter(settings).plainFile(placement) }], placement, targets: settings.targets };
}

type Endpoint = FileAssignment["authorizedBy"];

const allEndpoints: readonly Endpoint[] = [
  ...pools.consumerIds.map((id) => ({ class: "consumer" as const, id, group: false })),
  ...pools.consumerGroups.map((id) => ({ class: "consumer" as const, id, group: true })),
  ...pools.providerIds.map((id) => ({ class: "provider" as const, id, group: false })),
  ...pools.providerGroups.map((id) => ({ class: "provider" as const, id, group: true })),
];

function randomEndpoint(g: Draw): Endpoint {
  return pick(g, allEndpoints);
}

/** Endpoints without repetition (eleven: enough for 4 files × 2 rulesets and a plain file). */
function distinctEndpoints(g: Draw): () => Endpoint {
  const order = g(fc.shuffledSubarray, [...allEndpoints], { minLength: allEndpoints.length, maxLength: allEndpoints.length });
  return () => {
    const next = order.shift();
    if (!next) throw new Error("generator: out of endpoints");
    return next;
  };
}

interface WriterSettings {
  readonly g: Draw;
  readonly triggers: BugTriggers;
  readonly withPolicy: boolean;
  /** Where the rules act, collected while writing. */
  readonly targets: Target[];
  readonly endpoints: () => Endpoint;
}

interface ServiceName {
  readonly name: string;
  /** Bound in exclusive branches: several services under one name. */
  readonly branchBound: boolean;
}

/** What a statement may use: names bound before it on every path to it. */
interface Scope {
  readonly booleans: string[];
  readonly strings: StringName[];
  readonly codes: string[];
  readonly services: ServiceName[];
}

const copyScope = (scope: Scope): Scope => ({ booleans: [...scope.booleans], strings: [...scope.strings], codes: [...scope.codes], services: [...scope.services] });

/** Where statements are generated: the protocol and point, the ruleset's endpoint, and the names in scope. */
interface Here extends Place {
  readonly scope: Scope;
  readonly endpoint?: Endpoint;
}

const indent = (lines: readonly string[]): string[] => lines.map((line) => `  ${line}`);

/** Writes one file; names are numbered per file so no binding repeats. */
class FileWriter {
  private counter = 0;
  /** The endpoints of the rulesets written so far. */
  private readonly owners: Endpoint[] = [];
  private readonly g: Draw;
  private readonly triggers: BugTriggers;

  constructor(private readonly settings: WriterSettings) {
    this.g = settings.g;
    this.triggers = settings.triggers;
  }

  ruleFile(): string {
    const g = this.g;
    const global: Here = { scope: { booleans: [], strings: [], codes: [], services: [] } };
    const globals = Array.from({ length: between(g, 0, 2) }, () => this.named(global));
    const rulesets = Array.from({ length: between(g, 1, this.settings.withPolicy ? 2 : 3) }, () => this.ruleSet(global.scope));
    return [...this.header(), ...globals.flat(), ...rulesets.flat()].join("\n") + "\n";
  }

  /**
   * Against a policy, a module is written by the endpoint itself when it has
   * one individual ruleset (the policy trusts its id), else by the delegate
   * the policy trusts; without a policy, by anyone or no one.
   */
  private header(): string[] {
    const g = this.g;
    const uri = chance(g, 50) ? `${pString(`urn:example:module:${between(g, 1, 9)}`)} ` : "";
    const [only, ...others] = this.owners;
    const self = only && others.length === 0 && !only.group && chance(g, 40) ? only.id : !this.settings.withPolicy && chance(g, 15) ? "mailto:bob@example.net" : undefined;
    if (self !== undefined) return [`rulemodule ${uri}author self { name "Someone"; id ${pString(self)}; }`];
    if (this.settings.withPolicy || chance(g, 30)) return [`rulemodule ${uri}author delegate {`, `  name "HomeNet ISP"; id ${pString(pools.delegate)}; contact "ops@isp.example";`, "}"];
    return [];
  }

  /** A file without rulesets: the site policy says whose it is and where it runs. */
  plainFile(placement: FileAssignment): string {
    const module = placement.protocol === "HTTP" ? "Http" : "Smtp";
    const here: Here = { protocol: placement.protocol, scope: { booleans: [], strings: [], codes: [], services: [] } };
    return [`${module} := import ${pString(module)};`, ...this.statements(here, 0, 1, 5)].join("\n") + "\n";
  }

  private ruleSet(global: Scope): string[] {
    const g = this.g;
    const protocol: Protocol = chance(g, 80) ? "HTTP" : "SMTP";
    const owner = this.settings.endpoints();
    const { class: endpoint, id, group } = owner;
    this.owners.push(owner);
    const fields = chance(g, 50) ? [`name ${pString(`Rules of ${id}`)};`] : [];
    const alias = chance(g, 20) ? (protocol === "HTTP" ? "Web" : "Mail") : undefined;
    const imports = alias ? [`${alias} := import ${pString(chance(g, 50) ? protocol.charAt(0) + protocol.slice(1).toLowerCase() : `http://ietf.org/opes/rules/p/${protocol}`)};`] : [];
    const here: Here = { protocol, scope: copyScope(global), endpoint: owner, ...(alias ? { alias } : {}) };
    const named = [imports, ...Array.from({ length: between(g, 0, 2) }, () => this.named(here))].flat();
    const shared = this.triggers.rulesetLevelService && chance(g, 30) ? [this.fresh("s")] : [];
    here.scope.services.push(...shared.map((name) => ({ name, branchBound: false })));
    const sharing = shared.map((name) => `${name} := ${this.findOne(here)};`);
    const seen = new Set<string>();
    const blocks = Array.from({ length: between(g, 1, 3) }, () => this.pointBlock(here, shared, seen));
    return [`ruleset authorized_by ${endpoint}${group ? " group" : ""} ${pString(id)} protocol ${protocol} {`, ...indent([...fields, ...named, ...sharing, ...blocks.flat()]), "}"];
  }

  /**
   * A point block. A service the ruleset shares may be configured at the
   * start of the first block of a point, under the same (empty) conditions as
   * its findOne; later blocks run only if no earlier one stopped.
   */
  private pointBlock(ruleset: Here, shared: readonly string[], seen: Set<string>): string[] {
    const g = this.g;
    const protocol = ruleset.protocol!;
    const points = protocolPoints[protocol];
    const index = between(g, 0, points.length - 1);
    const point = points[index]!;
    this.settings.targets.push({ protocol, point, ...(ruleset.endpoint ? { endpoint: ruleset.endpoint } : {}) });
    const written = protocol === "HTTP" && chance(g, 25) ? String(index + 1) : point;
    const here: Here = { ...ruleset, point, scope: copyScope(ruleset.scope) };
    const first = !seen.has(point);
    seen.add(point);
    const configuration = first && shared.length > 0 && chance(g, 60) ? this.configuration(here, pick(g, shared)) : [];
    return [`at ${written} {`, ...indent([...configuration, ...this.statements(here, 0, 1, 5)]), "}"];
  }

  // ----- statements

  private statements(here: Here, depth: number, min: number, max: number): string[] {
    return this.statementList(here, depth, min, max).flat();
  }

  /** Statements one by one (each a list of lines: a service's findOne, configuration and request stay together). */
  private statementList(here: Here, depth: number, min: number, max: number): string[][] {
    return Array.from({ length: between(this.g, min, max) }, () => this.statement(here, depth));
  }

  private statement(here: Here, depth: number): string[] {
    const { scope } = here;
    const options: [number, () => string[]][] = [
      [14, () => [`Services.applyOne(${this.findOne(here)});`]],
      [14, () => this.serviceGroup(here)],
      [scope.services.length > 0 ? 5 : 0, () => [`${this.applyChain(here, this.pickService(here, true))};`]],
      [depth < 3 ? 16 : 0, () => this.ifStatement(here, depth)],
      [3, () => ["Core.interpreter.stop();"]],
      [4, () => [this.fail()]],
      [depth < 3 ? 6 : 0, () => this.otherwiseCode(here, depth)],
      [depth < 2 ? 5 : 0, () => this.codeDefinition(here, depth)],
      [scope.codes.length > 0 ? 6 : 0, () => this.codeRun(here, depth)],
      [8, () => this.named(here)],
      [depth < 3 ? 5 : 0, () => this.branchBoundService(here, depth)],
      [2, () => ["{", ...indent(this.statements({ ...here, scope: copyScope(scope) }, depth + 1, 1, 2)), "}"]],
      [1, () => [";"]],
    ];
    let roll = between(this.g, 0, options.reduce((sum, [weight]) => sum + weight, 0) - 1);
    for (const [weight, make] of options) {
      if (roll < weight) return make();
      roll -= weight;
    }
    throw new Error("unreachable");
  }

  private fresh(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  private fail(): string {
    return `Core.interpreter.fail(${pString(pick(this.g, pools.reasons))});`;
  }

  private condition(here: Here): string {
    return condition(this.g, here, here.scope, this.triggers);
  }

  private nested(here: Here, depth: number, min = 1, max = 3): string[] {
    return this.statements({ ...here, scope: copyScope(here.scope) }, depth + 1, min, max);
  }

  private nestedList(here: Here, depth: number, min: number, max: number): string[][] {
    return this.statementList({ ...here, scope: copyScope(here.scope) }, depth + 1, min, max);
  }

  private ifStatement(here: Here, depth: number): string[] {
    const g = this.g;
    const lines = [`if (${this.condition(here)}) {`, ...indent(this.nested(here, depth))];
    for (let i = between(g, 0, 2); i > 0; i--) lines.push(`} elsif (${this.condition(here)}) {`, ...indent(this.nested(here, depth)));
    if (chance(g, 50)) lines.push("} else {", ...indent(this.nested(here, depth)));
    return [...lines, "}"];
  }

  /** `{ … } otherwise { … }`, the left side often failing under a condition. */
  private otherwiseCode(here: Here, depth: number): string[] {
    const left = this.nestedList(here, depth, 0, 2);
    const failure = chance(this.g, 70) ? [`if (${this.condition(here)}) {`, `  ${this.fail()}`, "}"] : [this.fail()];
    const at = between(this.g, 0, left.length);
    const body = [...left.slice(0, at), failure, ...left.slice(at)].flat();
    const end = chance(this.g, 50) ? "};" : "}";
    return ["{", ...indent(body), "} otherwise {", ...indent(this.nested(here, depth)), end];
  }

  private codeDefinition(here: Here, depth: number): string[] {
    const name = this.fresh("c");
    const lines = [`${name} := {`, ...indent(this.nested(here, depth)), "};"];
    here.scope.codes.push(name);
    return lines;
  }

  private codeRun(here: Here, depth: number): string[] {
    const g = this.g;
    const code = pick(g, here.scope.codes);
    const other = pick(g, here.scope.codes);
    switch (between(g, 0, 5)) {
      case 0:
        return [`${code};`];
      case 1:
        return [`try ${code};`];
      case 2:
        return [`try ${code} otherwise try ${other};`];
      case 3:
        return [`${code} otherwise ${other};`];
      case 4:
        return ["{", ...indent([...this.nested(here, depth, 0, 2), this.fail()]), `} otherwise ${code};`];
      default:
        return [`${code} otherwise {`, ...indent(this.nested(here, depth)), "}"];
    }
  }

  /** A named condition or string value, usable by the statements after it. */
  private named(here: Here): string[] {
    const g = this.g;
    if (chance(g, 50)) {
      const name = this.fresh("n");
      const line = `${name} := ${this.condition(here)};`;
      here.scope.booleans.push(name);
      return [line];
    }
    const name = this.fresh("v");
    const atom = stringAtom(g, here, this.triggers);
    const roll = between(g, 0, 99);
    if (roll < 25 && here.protocol !== undefined && here.point !== undefined) {
      const lines = [`if (${this.condition(here)}) {`, `  ${name} := ${pString(String(pick(g, atom.values)))};`, "} else {", `  ${name} := ${atom.text};`, "}"];
      here.scope.strings.push({ text: name, values: atom.values, patterns: atom.patterns, branchBound: true });
      return lines;
    }
    if (roll < 40 && this.triggers.otherwiseOnAbsent) {
      here.scope.strings.push({ text: name, values: [...atom.values, "none"], patterns: atom.patterns, branchBound: false });
      return [`${name} := ${atom.text} otherwise "none";`];
    }
    here.scope.strings.push({ text: name, values: atom.values, patterns: atom.patterns, branchBound: false });
    return [`${name} := ${atom.text};`];
  }

  // ----- services

  /** Services are requested only where a protocol is known: in rulesets and placed files. */
  private findOne(here: Here): string {
    const uri = pick(this.g, serviceUris[here.protocol!]);
    const name = chance(this.g, 20) ? `, ${pString(`Service ${uri.slice(-2)}`)}` : "";
    return `Services.findOne(${pString(uri)}${name})`;
  }

  /** A service name in scope; one bound in branches only where that is allowed. */
  private pickService(here: Here, asPrimary: boolean): string {
    const usable = here.scope.services.filter((s) => asPrimary || !s.branchBound || this.triggers.branchBoundAlternate);
    return usable.length > 0 ? pick(this.g, usable).name : this.findOne(here);
  }

  /** `Services.applyOne(primary) otherwise Services.applyOne(alternate) …` */
  private applyChain(here: Here, primary: string): string {
    const alternates = Array.from({ length: chance(this.g, 30) ? between(this.g, 1, 2) : 0 }, () =>
      chance(this.g, 50) ? this.findOne(here) : this.pickService(here, false),
    );
    return [primary, ...alternates].map((s) => `Services.applyOne(${s})`).join(" otherwise ");
  }

  /** Find, configure, request: the configuration follows the findOne under the same conditions. */
  private serviceGroup(here: Here): string[] {
    const g = this.g;
    const name = this.fresh("s");
    const fallback = chance(g, 15) ? ` otherwise ${this.findOne(here)}` : "";
    const lines = [`${name} := ${this.findOne(here)}${fallback};`, ...this.configuration(here, name)];
    lines.push(`${this.applyChain(here, name)};`);
    here.scope.services.push({ name, branchBound: false });
    return lines;
  }

  private configuration(here: Here, name: string): string[] {
    const g = this.g;
    const params = Array.from({ length: between(g, 0, 3) }, () => `${name}.${pick(g, ["level", "client", "mode", "max", "strict"])}(${this.parameterValue(here)});`);
    const failure = chance(g, 30) ? [`${name}.onFailure(${pString(pick(g, ["abort", "ignore"]))});`] : [];
    return [...params, ...failure];
  }

  /** A static literal, or a dynamic value read from the message. */
  private parameterValue(here: Here): string {
    const g = this.g;
    const names = here.scope.strings.filter((s) => !s.branchBound || this.triggers.branchBoundParameter);
    const roll = between(g, 0, 99);
    if (roll < 20) return pString(pick(g, ["aggressive", "lite", "strict"]));
    if (roll < 30) return String(between(g, 0, 9));
    if (roll < 35) return pick(g, ["true", "false"]);
    if (roll < 45 && names.length > 0) return pick(g, names).text;
    if (roll < 55) return pick(g, ["Core.consumer.ip", "Core.system.time", ...(here.protocol === "HTTP" ? ["Http.request.uri"] : [])]);
    return pick(g, atomsAt(here, this.triggers).filter((a) => a.type !== "boolean")).text;
  }

  /** One name, a different service in each branch (Figure 12 of the draft). */
  private branchBoundService(here: Here, depth: number): string[] {
    const g = this.g;
    const name = this.fresh("s");
    const branch = () => {
      const configuration = chance(g, 40) ? this.configuration(here, name) : [];
      return indent([...this.nested(here, depth, 0, 1), `${name} := ${this.findOne(here)};`, ...configuration]);
    };
    const lines = [`if (${this.condition(here)}) {`, ...branch()];
    if (chance(g, 40)) lines.push(`} elsif (${this.condition(here)}) {`, ...branch());
    lines.push("} else {", ...branch(), "}");
    here.scope.services.push({ name, branchBound: true });
    return [...lines, `${this.applyChain(here, name)};`];
  }
}

// ---------------------------------------------------------------- site policy

const requesters = ["consumer", "provider", "consumer-delegate", "provider-delegate"] as const;

/** A site policy listing every service (rules naming others do not compile), with acyclic order constraints. */
function generatePolicy(g: Draw, ruleSet: GeneratedRuleSet): SitePolicy {
  const services = (["HTTP", "SMTP"] as const).flatMap((protocol) => serviceUris[protocol].map((uri) => policyService(g, uri, protocol)));
  const named = chance(g, 50);
  return {
    system: { uri: pools.system, ...(named ? { name: "Example OPES", version: "2026.11" } : {}) },
    services,
    groups: groupsWithMembers(g, ruleSet),
    delegations: [{ delegate: pools.delegate, consumers: [...pools.consumerIds], providers: [...pools.providerIds], groups: [...pools.consumerGroups, ...pools.providerGroups] }],
    pointRestrictions: { consumer: [], provider: [] },
    order: (["HTTP", "SMTP"] as const).flatMap((protocol) => orderConstraints(g, services.filter((s) => s.protocol === protocol).map((s) => s.uri))),
    // Every class its own rank, in a random order: equal ranks could conflict (P3106).
    precedence: { ranks: g(fc.shuffledSubarray, [...requesters], { minLength: 4, maxLength: 4 }).map((r) => [r]), consumerOverridesProviderOptOut: chance(g, 30) },
    files: ruleSet.placement ? [ruleSet.placement] : [],
  };
}

/**
 * Groups with declared members: endpoints that have no ruleset of their own,
 * each in one group at most, so group and individual requests never meet at
 * equal rank (P3106).
 */
function groupsWithMembers(g: Draw, ruleSet: GeneratedRuleSet): SitePolicy["groups"] {
  const ruled = new Set(ruleSet.targets.flatMap((t) => (t.endpoint && !t.endpoint.group ? [t.endpoint.id] : [])));
  const free = (ids: readonly string[]) => g(fc.shuffledSubarray, ids.filter((id) => !ruled.has(id)));
  const membersOf = (groups: readonly string[], ids: string[]) => groups.map((id) => ({ id, members: chance(g, 50) ? ids.splice(0, between(g, 0, 1)) : [] }));
  return [
    ...membersOf(pools.consumerGroups, free(pools.consumerIds)).map((group) => ({ ...group, class: "consumer" as const })),
    ...membersOf(pools.providerGroups, free(pools.providerIds)).map((group) => ({ ...group, class: "provider" as const })),
  ];
}

function policyService(g: Draw, uri: string, protocol: Protocol): PolicyService {
  return {
    uri,
    name: `Service ${uri}`,
    protocol,
    points: [...protocolPoints[protocol]] as PolicyService["points"],
    receives: [],
    consents: pools.consents.filter(() => chance(g, 12)),
    bypassable: chance(g, 50),
    onFailure: chance(g, 50) ? "ignore" : "abort",
    mandate: chance(g, 75) ? "none" : pick(g, ["security", "legal"] as const),
    transforms: chance(g, 60),
    requestableBy: [...requesters],
    thirdParty: false,
  };
}

/** Constraints that all agree with one random order of the services, so they never form a cycle. */
function orderConstraints(g: Draw, uris: readonly string[]): OrderConstraint[] {
  if (uris.length < 2) return [];
  const order = g(fc.shuffledSubarray, [...uris], { minLength: uris.length, maxLength: uris.length });
  const constraints: OrderConstraint[] = [];
  for (let i = between(g, 0, 3); i > 0; i--) {
    const a = between(g, 0, order.length - 2);
    const b = between(g, a + 1, order.length - 1);
    constraints.push({ kind: "before", before: order[a]!, after: order[b]! });
  }
  if (chance(g, 20)) constraints.push({ kind: "first", service: order[0]! });
  if (chance(g, 20)) constraints.push({ kind: "last", service: order[order.length - 1]! });
  return constraints;
}

// ---------------------------------------------------------------- transactions

function generateTransaction(g: Draw, ruleSet: GeneratedRuleSet, triggers: BugTriggers): TransactionContext {
  const target: Target = chance(g, 85) && ruleSet.targets.length > 0 ? pick(g, ruleSet.targets) : randomPoint(g);
  const uris = serviceUris[target.protocol];
  const someServices = () => (chance(g, 50) ? ["*"] : [pick(g, uris)]);
  const parties = partiesFor(g, target.endpoint, triggers);
  const consumer = {
    ...parties.consumer,
    consents: pools.consents.filter(() => chance(g, 60)),
    blocks: chance(g, 12) ? someServices() : [],
  };
  const provider = { ...parties.provider, optOut: chance(g, 10) ? someServices() : [] };
  const common = {
    point: target.point,
    time: `2026-11-28T${String(pick(g, pools.hours)).padStart(2, "0")}:15:00-05:00`,
    consumer,
    provider,
    variables: Object.fromEntries(Object.entries(pools.variables).filter(() => chance(g, 50)).map(([name, values]) => [name, pick(g, values)])),
    alreadyRun: chance(g, 10) ? [pick(g, uris)] : [],
  };
  return target.protocol === "HTTP"
    ? { protocol: "HTTP", ...common, ...httpMessage(g, target.point, parties.host, triggers) }
    : { protocol: "SMTP", ...common, ...smtpMessage(g, target.point, triggers) };
}

interface Parties {
  readonly consumer: { readonly id?: string; readonly ip?: string; readonly groups: readonly string[] };
  readonly provider: { readonly id?: string; readonly groups: readonly string[] };
  /** The request host, which names the provider when it has no id. */
  readonly host: string;
}

/** The transaction's endpoints: random ones from the pools, mostly including the endpoint whose rules are targeted. */
function partiesFor(g: Draw, endpoint: Endpoint | undefined, triggers: BugTriggers): Parties {
  let consumerId: string | undefined = chance(g, 70) ? pick(g, pools.consumerIds) : undefined;
  let ip: string | undefined = chance(g, triggers.absentCondition ? 80 : 100) ? pick(g, pools.consumerIps) : undefined;
  let providerId: string | undefined = chance(g, 50) ? pick(g, pools.providerIds) : undefined;
  let host: string = pick(g, pools.hosts);
  const consumerGroups = new Set<string>(pools.consumerGroups.filter(() => chance(g, 30)));
  const providerGroups = new Set<string>(pools.providerGroups.filter(() => chance(g, 30)));
  if (endpoint && chance(g, 85)) {
    const { id, group } = endpoint;
    if (endpoint.class === "consumer" && group) consumerGroups.add(id);
    else if (endpoint.class === "provider" && group) providerGroups.add(id);
    else if (endpoint.class === "consumer" && /^[0-9.]+$/.test(id) && chance(g, 50)) [consumerId, ip] = [undefined, id];
    else if (endpoint.class === "consumer") consumerId = id;
    else if (chance(g, 50)) [providerId, host] = [undefined, id];
    else providerId = id;
  }
  return {
    consumer: { ...(consumerId !== undefined ? { id: recase(g, consumerId, triggers) } : {}), ...(ip !== undefined ? { ip } : {}), groups: [...consumerGroups] },
    provider: { ...(providerId !== undefined ? { id: recase(g, providerId, triggers) } : {}), groups: [...providerGroups] },
    host,
  };
}

function randomPoint(g: Draw): Target {
  const protocol: Protocol = chance(g, 80) ? "HTTP" : "SMTP";
  return { protocol, point: pick(g, protocolPoints[protocol]) };
}

/** An id in another letter case, which must still identify the endpoint (only once that bug is fixed). */
function recase(g: Draw, id: string, triggers: BugTriggers): string {
  return triggers.idCase && chance(g, 30) ? id.toUpperCase() : id;
}

function headersFrom(g: Draw, pool: Readonly<Record<string, readonly string[]>>, percent: number): HeaderField[] {
  return Object.entries(pool).filter(() => chance(g, percent)).map(([name, values]) => [chance(g, 20) ? name.toLowerCase() : name, pick(g, values)] as const);
}

const bypassValues = (uris: readonly string[]) => ["*", uris[0]!, `${uris[1]!}, ${uris[2]!}`, pools.system, "urn:svc:unknown", `*, ${uris[0]!}`, "not a uri"];

function httpMessage(g: Draw, point: string, host: string, triggers: BugTriggers): Pick<TransactionContext, "request" | "response"> {
  const path = pick(g, pools.paths);
  const absolute = chance(g, 60);
  const userInfo = triggers.requestHostForms && absolute && chance(g, 20) ? "user@" : "";
  const connect = triggers.requestHostForms && absolute && chance(g, 10);
  const headers: HeaderField[] = [
    ...(absolute ? [] : [["Host", chance(g, 20) ? `${host}:8080` : host] as const]),
    ...headersFrom(g, pools.requestHeaders, 50),
    ...(chance(g, 15) ? [["OPES-Bypass", pick(g, bypassValues(serviceUris.HTTP))] as const] : []),
    ...(chance(g, 8) ? [["Cache-Control", pick(g, pools.noTransform)] as const] : []),
    ...(chance(g, 10) ? [["OPES-Via", pick(g, pools.viaEntries)] as const] : []),
  ];
  const version = triggers.absentCondition && chance(g, 10) ? "HTTP/x" : pick(g, ["HTTP/1.1", "HTTP/1.0"]);
  const request = connect
    ? { method: "CONNECT", uri: `${host}:443`, version, headers }
    : { method: pick(g, pools.methods), uri: absolute ? `http://${userInfo}${host}${path}` : path, version, headers };
  if (point === "request_in" || point === "request_out") return { request };
  const response = {
    status: pick(g, pools.statuses),
    headers: [
      ...headersFrom(g, pools.responseHeaders, 60),
      ...(chance(g, 10) ? [["Cache-Control", pick(g, pools.noTransform)] as const] : []),
      ...(chance(g, 15) ? [["OPES-Via", pick(g, pools.viaEntries)] as const] : []),
    ],
  };
  return { request, response };
}

/** The envelope and message as far as the point has them (with that bug fixed, sometimes less). */
function smtpMessage(g: Draw, point: string, triggers: BugTriggers): Pick<TransactionContext, "connection" | "mail" | "rcpt" | "recipients" | "message"> {
  const has = (first: string) => smtpFrom(first).includes(point) && (!triggers.absentCondition || chance(g, 90));
  return {
    connection: { clientIp: pick(g, pools.consumerIps), ...(has("helo") ? { helo: pick(g, pools.helos) } : {}), ...(chance(g, 30) ? { tls: { version: "TLSv1.3" } } : {}) },
    ...(has("mail") ? { mail: { from: pick(g, pools.senders) } } : {}),
    ...(point === "rcpt" ? { rcpt: { to: pick(g, pools.recipients) } } : {}),
    ...(has("data") ? { recipients: pools.recipients.filter(() => chance(g, 60)) } : {}),
    ...(has("eoh")
      ? { message: { headers: [["Subject", pick(g, pools.subjects)] as const, ...(chance(g, 15) ? [["OPES-Via", pick(g, pools.viaEntries)] as const] : [])], ...(has("eom") ? { size: pick(g, [100, 5000, 100000]) } : {}) } }
      : {}),
  };
}
