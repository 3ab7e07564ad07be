import "../polyfills.js";
import { Command, CommanderError, Option } from "commander";
import { runCheck } from "./commands/check.js";
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
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    io.stderr(`opes: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.usage;
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
    .addHelpText("after", "\nExamples:\n  opes check rules/\n  opes check bob.p isp.p --format json\n")
    .action((files: string[], options: { format: "human" | "json" }) => {
      setExit(runCheck(files, { format: options.format, color: color() }, io));
    });

  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}
