import type { DiagnosticDefinition } from "../diagnostic.js";
import { irmlDiagnostics } from "./irml.js";
import { lintDiagnostics } from "./lint.js";
import { policyDiagnostics } from "./policy.js";
import { contextDiagnostics } from "./context.js";
import { catalogFileDiagnostics, compileDiagnostics, semanticDiagnostics } from "./semantic.js";
import { syntaxDiagnostics } from "./syntax.js";
import { testFileDiagnostics } from "./test-file.js";

export { catalogFileDiagnostics, compileDiagnostics, contextDiagnostics, irmlDiagnostics, lintDiagnostics, policyDiagnostics, semanticDiagnostics, syntaxDiagnostics, testFileDiagnostics };

/**
 * Every diagnostic the tool can report, in code order. Code ranges:
 * P1xxx syntax (P), P15xx IRML reading, P2xxx semantic (P29xx catalog files),
 * P3xxx policy (P39xx transaction contexts), P4xxx lint.
 */
const stageCatalogs: readonly Readonly<Record<string, DiagnosticDefinition>>[] = [
  syntaxDiagnostics,
  irmlDiagnostics,
  semanticDiagnostics,
  compileDiagnostics,
  catalogFileDiagnostics,
  policyDiagnostics,
  contextDiagnostics,
  testFileDiagnostics,
  lintDiagnostics,
];

export const allDiagnostics: readonly DiagnosticDefinition[] = stageCatalogs
  .flatMap((catalog) => Object.values(catalog))
  .sort((a, b) => a.code.localeCompare(b.code));
