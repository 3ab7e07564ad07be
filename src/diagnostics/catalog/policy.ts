import type { DiagnosticDefinition } from "../diagnostic.js";

/** Diagnostics of the policy stage. */
export const policyDiagnostics = {
} satisfies Record<string, DiagnosticDefinition>;
