import { sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source.js";
import type { Program } from "../ast.js";
import { programToModel } from "./from-ast.js";
import { DiagnosticSink } from "./sink.js";
import { writeIrml } from "./write-xml.js";

export interface IrmlConversion {
  /** The IRML document; complete only when `diagnostics` has no error. */
  readonly xml: string;
  readonly diagnostics: Diagnostic[];
}

/**
 * Writes a program (read from P or from IRML) as an IRML document, for the
 * subset IRML can express. Constructs outside it get an error naming them;
 * exact rewrites (`equal` as an anchored regex, `and` as nesting) are made
 * silently, lossy adaptations with a warning. `source` is the text the
 * program was read from, for diagnostic positions.
 */
export function programToIrml(program: Program, source: SourceFile): IrmlConversion {
  const sink = new DiagnosticSink(source);
  const module = programToModel(program, sink);
  return { xml: writeIrml(module), diagnostics: sortDiagnostics(sink.diagnostics) };
}
