import { createHash, createPublicKey, verify, type KeyObject } from "node:crypto";
import type { Bundle } from "./bundle.js";

/** The bytes a bundle's hash covers: its JSON without `hash` and `signature`, keys in the order written. */
export function hashedContent(bundle: Omit<Bundle, "hash" | "signature"> & Partial<Pick<Bundle, "hash" | "signature">>): string {
  const { hash: _hash, signature: _signature, ...content } = bundle;
  return JSON.stringify(content);
}

export function contentHash(bundle: Omit<Bundle, "hash" | "signature"> & Partial<Pick<Bundle, "hash" | "signature">>): string {
  return `sha256-${createHash("sha256").update(hashedContent(bundle)).digest("hex")}`;
}

/** SHA-256 of a public key's SPKI DER encoding: how a signature names its key. */
export function keyId(publicKey: KeyObject): string {
  return createHash("sha256").update(publicKey.export({ type: "spki", format: "der" })).digest("hex");
}

export type IntegrityProblem = "hash-mismatch" | "unsigned" | "wrong-key" | "bad-signature";

/**
 * Checks that a bundle is what its compiler wrote: the hash matches the
 * content, and (when a key is given) the ed25519 signature over the hash
 * verifies with that key.
 */
export function checkIntegrity(bundle: Bundle, publicKey?: KeyObject | string): IntegrityProblem | undefined {
  if (contentHash(bundle) !== bundle.hash) return "hash-mismatch";
  if (publicKey === undefined) return undefined;
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  if (!bundle.signature) return "unsigned";
  if (bundle.signature.keyId !== keyId(key)) return "wrong-key";
  const ok = verify(null, Buffer.from(bundle.hash, "utf8"), key, Buffer.from(bundle.signature.value, "base64"));
  return ok ? undefined : "bad-signature";
}
