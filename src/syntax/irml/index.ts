import { sortDiagnostics } from "../../diagnostics/diagnostic.js";
import type { SourceFile } from "../../diagnostics/source.js";
import { irmlDiagnostics as codes } from "../../diagnostics/catalog/irml.js";
import { defaultReaderLimits, type ParseResult, type ReaderLimits } from "../parse-result.js";
import { checkModuleRules } from "./constraints.js";
import type { IrmlModule } from "./model.js";
import { buildModel } from "./read-model.js";
import { fileExists, signatureStatus, type SignatureStatus } from "./signature.js";
import { DiagnosticSink } from "./sink.js";
import { checkStructure } from "./structure.js";
import { moduleToProgram } from "./to-ast.js";
import { readXmlTree } from "./xml-tree.js";

export { programToIrml, type IrmlConversion } from "./to-irml.js";
export { detachedSignaturePath, type SignatureStatus } from "./signature.js";

export interface IrmlReadOptions {
  readonly limits?: Partial<ReaderLimits>;
  /** Whether a file exists; tells whether a detached `FILE.sig` is there. Defaults to the file system. */
  readonly signatureFileExists?: (path: string) => boolean;
}

export interface IrmlParseResult extends ParseResult {
  readonly signature: SignatureStatus;
}

/**
 * Reads an IRML document (draft-beck-opes-irml-03) into the shared AST.
 * Never throws: an ill-formed document gets one precise well-formedness
 * error; a well-formed one is checked against the repaired DTD and the
 * draft's prose rules, and mapped as far as it is valid.
 */
export function readIrml(source: SourceFile, options: IrmlReadOptions = {}): IrmlParseResult {
  const limits = { ...defaultReaderLimits, ...options.limits };
  const sink = new DiagnosticSink(source);
  const module = readModule(source, sink, limits);
  const signature = signatureStatus(source.path, module?.signature, options.signatureFileExists ?? fileExists);
  if (module && !signature.present) {
    sink.report(
      codes.irmlUnsigned,
      module.tagSpan,
      `this module is not signed, and IRML requires its author's XML signature (IRML §6): add an enveloped <Signature> as the last child of <rulemodule> or a detached '${source.path}.sig'`,
    );
  }
  const program = moduleToProgram(module, source.path, source.text.length);
  return { program, source, diagnostics: sortDiagnostics(sink.diagnostics), signature };
}

/** Whether the module in `source` carries a signature, enveloped or detached. */
export function irmlSignatureStatus(source: SourceFile, options: IrmlReadOptions = {}): SignatureStatus {
  return readIrml(source, options).signature;
}

function readModule(source: SourceFile, sink: DiagnosticSink, limits: ReaderLimits): IrmlModule | undefined {
  if (source.text.length > limits.maxSourceLength) {
    sink.report(codes.irmlSourceTooLarge, { start: 0, end: 0 }, `the document has ${source.text.length} characters; the limit is ${limits.maxSourceLength}`);
    return undefined;
  }
  const document = readXmlTree(source.text, sink, limits.maxNestingDepth);
  if (!document || !checkStructure(document.root, sink)) return undefined;
  const module = buildModel(document, source.text);
  checkModuleRules(module, sink);
  return module;
}
