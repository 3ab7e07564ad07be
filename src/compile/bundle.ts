import { createPrivateKey, createPublicKey, sign, type KeyObject } from "node:crypto";
import type { SitePolicy } from "../policy/site-policy-types.js";
import { bundleFormat, bundleVersion, type Bundle, type OrderRule, type ServicePolicy } from "../runtime/bundle.js";
import { contentHash, keyId } from "../runtime/integrity.js";
import { buildGraphs } from "./graph.js";
import type { LoweredProgram, LoweredRuleSet } from "./ir.js";

/**
 * Assembles the bundle. Every field is written in a fixed order from inputs
 * that are themselves ordered (files by path, then document order), so the
 * same sources and policy give the same bytes.
 */
export function assembleBundle(program: LoweredProgram, policy: SitePolicy | undefined): Bundle {
  const { graphs, actions } = buildGraphs(program, groupMembers(policy));
  const content = {
    format: bundleFormat,
    version: bundleVersion,
    ...(policy ? { system: traceIdentity(policy), services: servicePolicies(policy) } : {}),
    order: policy ? orderRules(policy) : [],
    ...(policy ? { consumerOverridesProviderOptOut: policy.precedence.consumerOverridesProviderOptOut } : {}),
    terms: program.terms.terms,
    rulesets: program.rulesets.map((ruleset) => {
      const { endpoint, group, id, protocol, name, author, file, line } = ruleset;
      const rank = policy ? precedenceRank(policy, ruleset) : undefined;
      return { endpoint, group, id, protocol, ...(name !== undefined ? { name } : {}), ...(author ? { author } : {}), file, line, ...(rank !== undefined ? { rank } : {}) };
    }),
    rules: program.rules,
    actions,
    graphs,
  } as const;
  return { format: content.format, version: content.version, hash: contentHash(content as unknown as Bundle), ...withoutHeader(content) } as Bundle;
}

function withoutHeader<T extends { format: unknown; version: unknown }>(content: T): Omit<T, "format" | "version"> {
  const { format: _format, version: _version, ...rest } = content;
  return rest;
}

/** Members of the policy's groups, keyed `consumer/<group>` or `provider/<group>`. */
function groupMembers(policy: SitePolicy | undefined): Map<string, readonly string[]> {
  return new Map((policy?.groups ?? []).map((g) => [`${g.class}/${g.id}`, g.members]));
}

/** The rank of the ruleset's requester class in the policy's precedence (0 is the highest). */
function precedenceRank(policy: SitePolicy, ruleset: LoweredRuleSet): number | undefined {
  const delegated = ruleset.assignedByPolicy || ruleset.author?.kind === "delegate";
  const requester = delegated ? (`${ruleset.endpoint}-delegate` as const) : ruleset.endpoint;
  const rank = policy.precedence.ranks.findIndex((classes) => classes.includes(requester));
  return rank < 0 ? undefined : rank;
}

function traceIdentity(policy: SitePolicy): NonNullable<Bundle["system"]> {
  const { uri, name, version } = policy.system;
  return { uri, ...(name !== undefined ? { name } : {}), ...(version !== undefined ? { version } : {}) };
}

function servicePolicies(policy: SitePolicy): Record<string, ServicePolicy> {
  const services: Record<string, ServicePolicy> = {};
  for (const s of policy.services) {
    services[s.uri] = { name: s.name, consents: s.consents, bypassable: s.bypassable, mandate: s.mandate, transforms: s.transforms, onFailure: s.onFailure };
  }
  return services;
}

function orderRules(policy: SitePolicy): OrderRule[] {
  return policy.order.map((rule) =>
    rule.kind === "before" ? { kind: "before", before: rule.before, after: rule.after } : { kind: rule.kind, service: rule.service },
  );
}

/** Signs a bundle's hash with an ed25519 private key (PEM). */
export function signBundle(bundle: Bundle, privateKeyPem: string): Bundle {
  const privateKey = createPrivateKey(privateKeyPem);
  const publicKey: KeyObject = createPublicKey(privateKey);
  if (privateKey.asymmetricKeyType !== "ed25519") throw new Error(`the signing key is ${privateKey.asymmetricKeyType}, not ed25519`);
  const value = sign(null, Buffer.from(bundle.hash, "utf8"), privateKey).toString("base64");
  return { ...bundle, signature: { algorithm: "ed25519", keyId: keyId(publicKey), value } };
}

/** The bundle as written to disk: two-space JSON with a final newline. */
export function serializeBundle(bundle: Bundle): string {
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
