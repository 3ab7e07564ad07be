import { writeFileSync } from "node:fs";
import { SourceFile } from "../../diagnostics/source.js";
import { isIrmlPath } from "../../syntax/index.js";
import { formatSource } from "../../syntax/format.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman } from "../report.js";
import { readRuleFiles } from "./check.js";

export type FmtMode = "print" | "check" | "write";

/**
 * `opes fmt`: prints the canonical layout (one file), lists the files that
 * are not formatted (`--check`, exit 1), or rewrites them (`--write`).
 * Files with syntax errors are reported and left alone.
 */
export function runFmt(paths: readonly string[], mode: FmtMode, color: boolean, io: CliIo): ExitCode {
  const inputs = readRuleFiles(paths, io)?.filter((input) => !isIrmlPath(input.path));
  if (!inputs) return ExitCode.usage;
  if (mode === "print" && inputs.length !== 1) {
    io.stderr("opes fmt: without --check or --write, give exactly one .p file\n");
    return ExitCode.usage;
  }
  let failed = false;
  for (const input of inputs) {
    const source = new SourceFile(input.path, input.text);
    const result = formatSource(source);
    if (result.text === undefined) {
      io.stderr(formatHuman(result.diagnostics, new Map([[source.path, source]]), color));
      failed = true;
    } else if (mode === "print") {
      io.stdout(result.text);
    } else if (result.text !== input.text) {
      if (mode === "write") {
        writeFileSync(input.path, result.text);
        io.stdout(`formatted ${input.path}\n`);
      } else {
        io.stdout(`${input.path}\n`);
        failed = true;
      }
    }
  }
  return failed ? ExitCode.inputErrors : ExitCode.ok;
}
