import "../polyfills.js";
import { Command, CommanderError, Option } from "commander";
import { runCheck } from "./commands/check.js";
import { runFmt } from "./commands/fmt.js";
import { ExitCode, type CliIo } from "./io.js";

const version = "0.1.0";

/**
 * The `opes` command line. Returns the exit code instead of exiting so tests
 * can run it in-process: 0 clean (warnings allowed), 1 errors in the input,
 * 2 usage or internal error.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderUsageError) io.stderr(`${error.message}\n`);
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    io.stderr(`opes: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usage;
  }
}

/** Accumulates a repeatable option's values. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** A usage mistake found after parsing the options; reported like commander's own (exit 2). */
class CommanderUsageError extends CommanderError {
  constructor(message: string) {
    super(2, "opes.usage", `error: ${message}`);
  }
}

function buildProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("opes")
    .description("Compile, check and evaluate OPES rules written in P or IRML")
    .version(version)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run 'opes --help' for usage)");

  const color = () => io.isTTY && !process.env["NO_COLOR"];
  const formatOption = () => new Option("--format <format>", "output format").choices(["human", "json"]).default("human");

  program
    .command("check")
    .description("parse and check rule files (P or IRML); directories are searched for .p, .xml and .irml files")
    .argument("<files...>", "rule files or directories")
    .addOption(formatOption())
    .option("--catalog <file>", "an extra module catalog (JSON, schemas/catalog.schema.json); repeatable", collect, [])
    .addHelpText("after", "\nExamples:\n  opes check rules/\n  opes check bob.p isp.p --format json\n  opes check rules/ --catalog acme-proxy.catalog.json\n")
    .action((files: string[], options: { format: "human" | "json"; catalog: string[] }) => {
      setExit(runCheck(files, { format: options.format, color: color(), catalogs: options.catalog }, io));
    });

  program
    .command("fmt")
    .description("format .p files in the canonical layout (comments kept); IRML files are skipped")
    .argument("<files...>", "rule files or directories")
    .option("--check", "list files that are not formatted and exit 1 if there are any")
    .option("--write", "rewrite files in place")
    .addHelpText("after", "\nExamples:\n  opes fmt bob.p            print the formatted file\n  opes fmt --check rules/   for CI\n  opes fmt --write rules/\n")
    .action((files: string[], options: { check?: boolean; write?: boolean }) => {
      if (options.check && options.write) throw new CommanderUsageError("--check and --write cannot be combined");
      setExit(runFmt(files, options.write ? "write" : options.check ? "check" : "print", color(), io));
    });

  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}
