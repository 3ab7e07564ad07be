import type { DiagnosticDefinition } from "../diagnostic.js";

/** Diagnostics of the irml stage. */
export const irmlDiagnostics = {
} satisfies Record<string, DiagnosticDefinition>;
