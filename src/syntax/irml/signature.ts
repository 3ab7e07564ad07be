import { existsSync } from "node:fs";
import type { Span } from "../../diagnostics/source.js";

/**
 * IRML §6 requires every module to be signed by its author with an XML
 * signature. We accept an enveloped `Signature` element (XML-DSig namespace,
 * last child of `rulemodule`) or a detached signature in `FILE.sig`, and
 * report which one is present; verifying it is the bundle signer's job.
 */
export interface SignatureStatus {
  /** True when either form of signature is present. */
  readonly present: boolean;
  /** The enveloped `Signature` element. */
  readonly enveloped?: Span;
  /** The detached signature file found next to the module. */
  readonly detachedPath?: string;
}

/** Where a detached signature of `path` is looked for. */
export function detachedSignaturePath(path: string): string {
  return `${path}.sig`;
}

export function fileExists(path: string): boolean {
  try {
    return existsSync(path);
  } catch {
    return false;
  }
}

export function signatureStatus(path: string, enveloped: Span | undefined, signatureFileExists: (path: string) => boolean): SignatureStatus {
  const detached = detachedSignaturePath(path);
  const detachedPresent = signatureFileExists(detached);
  return {
    present: enveloped !== undefined || detachedPresent,
    ...(enveloped ? { enveloped } : {}),
    ...(detachedPresent ? { detachedPath: detached } : {}),
  };
}
