import type { DiagnosticDefinition } from "../diagnostic.js";

/** Diagnostics of the lint stage. */
export const lintDiagnostics = {
} satisfies Record<string, DiagnosticDefinition>;
