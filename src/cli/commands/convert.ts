import { writeFileSync } from "node:fs";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { formatProgram, isIrmlPath, parseSource, programToIrml } from "../../syntax/index.js";
import { readNamedFile } from "../files.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman } from "../report.js";

/**
 * `opes convert --to p FILE.xml` and `--to irml FILE.p`. What IRML cannot
 * express is reported as an error and nothing is written: no silent drops.
 */
export function runConvert(path: string, target: "p" | "irml", output: string | undefined, color: boolean, io: CliIo): ExitCode {
  const source = readNamedFile(path, io);
  if (!source) return ExitCode.usage;
  if (isIrmlPath(path) === (target === "irml")) {
    io.stderr(`opes convert: '${path}' is already ${target === "irml" ? "IRML" : "P"}\n`);
    return ExitCode.usage;
  }
  const parsed = parseSource(source.path, source.text);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  let text: string | undefined;
  if (!hasErrors(diagnostics)) {
    if (target === "p") text = formatProgram(parsed.program);
    else {
      const converted = programToIrml(parsed.program, parsed.source);
      diagnostics.push(...converted.diagnostics);
      text = converted.xml;
    }
  }
  io.stderr(formatHuman(sortDiagnostics(diagnostics), new Map([[source.path, source]]), color));
  if (text === undefined || hasErrors(diagnostics)) return ExitCode.inputErrors;
  if (output !== undefined) writeFileSync(output, text);
  else io.stdout(text);
  return ExitCode.ok;
}
