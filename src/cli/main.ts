import "../polyfills.js";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { lintRuleCode } from "../lint/suppressions.js";
import { ExitCode, type CliIo } from "./io.js";
import type { DiagnosticFormat } from "./report.js";
import { watchAndRerun } from "./watch.js";

const version = "0.1.0";

/**
 * Each command's module loads when that command runs: `opes eval` then
 * never loads the compiler, nor `opes fmt` the schemas and the runtime.
 */
const commands = {
  check: () => import("./commands/check.js"),
  compile: () => import("./commands/compile.js"),
  convert: () => import("./commands/convert.js"),
  eval: () => import("./commands/eval.js"),
  explainText: () => import("./explain-text.js"),
  fmt: () => import("./commands/fmt.js"),
  graph: () => import("./commands/graph.js"),
  lint: () => import("./commands/lint.js"),
  test: () => import("./commands/test.js"),
};

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

/** `--disable` values: lint rules by code or name, comma-separated, as codes. */
function lintRules(value: string, previous: string[]): string[] {
  const names = value.split(",").map((name) => name.trim()).filter((name) => name !== "");
  const unknown = names.filter((name) => lintRuleCode(name) === undefined);
  if (unknown.length > 0) throw new InvalidArgumentError(`not a lint rule: ${unknown.join(", ")} (docs/lint.md lists them)`);
  return [...previous, ...names.map((name) => lintRuleCode(name)!)];
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
  const formatOption = () => new Option("--format <format>", "output format (github: workflow annotations)").choices(["human", "json", "sarif", "github"]).default("human");
  const watchOption = () => new Option("--watch", "run again whenever a file under the named paths changes (Ctrl-C stops)");
  type DiagnosticsOptions = { format: DiagnosticFormat; catalog: string[]; policy?: string; watch?: boolean; disable?: string[] };
  const runOrWatch = async (files: string[], options: DiagnosticsOptions, run: () => number) =>
    setExit(options.watch ? await watchAndRerun([...files, ...options.catalog, ...(options.policy ? [options.policy] : [])], run, io).done : run());
  const diagnosticsOptions = (options: DiagnosticsOptions) => ({
    format: options.format,
    color: color(),
    catalogs: options.catalog,
    ...(options.policy ? { policy: options.policy } : {}),
  });

  program
    .command("check")
    .description("parse and check rule files (P or IRML); directories are searched for .p, .xml and .irml files")
    .argument("<files...>", "rule files or directories")
    .addOption(formatOption())
    .option("--catalog <file>", "an extra module catalog (JSON, schemas/catalog.schema.json); repeatable", collect, [])
    .option("--policy <file>", "the site policy (JSON, schemas/site-policy.schema.json)")
    .addOption(watchOption())
    .addHelpText("after", "\nExamples:\n  opes check rules/\n  opes check bob.p isp.p --policy site.json --format json\n  opes check rules/ --catalog acme-proxy.catalog.json\n  opes check rules/ --format sarif > opes.sarif\n  opes check rules/ --watch\n")
    .action(async (files: string[], options: DiagnosticsOptions) => {
      const { runCheck } = await commands.check();
      await runOrWatch(files, options, () => runCheck(files, diagnosticsOptions(options), io));
    });

  program
    .command("lint")
    .description("check rule files, then report rules that compile but probably do not do what was meant (docs/lint.md)")
    .argument("<files...>", "rule files or directories")
    .addOption(formatOption())
    .option("--catalog <file>", "an extra module catalog; repeatable", collect, [])
    .option("--policy <file>", "the site policy (places plain P files; adds the policy checks)")
    .option("--disable <rules>", "lint rules not to report, by code or name, comma-separated; repeatable", lintRules, [])
    .addOption(watchOption())
    .addHelpText(
      "after",
      "\nExamples:\n  opes lint rules/\n  opes lint rules/ --disable not-indexable,P4008\n  opes lint rules/ --format sarif > opes.sarif\n  opes lint rules/ --format github\n\nA comment silences findings in the source: // opes-lint-disable-next-line P4003 -- reason (docs/lint.md)\n",
    )
    .action(async (files: string[], options: DiagnosticsOptions) => {
      const { runLint } = await commands.lint();
      await runOrWatch(files, options, () => runLint(files, { ...diagnosticsOptions(options), disable: options.disable ?? [] }, io));
    });

  program
    .command("test")
    .description("run the policy unit tests (*.test.json) in files and directories (docs/testing.md)")
    .argument("[paths...]", "test files, or directories searched for *.test.json", ["."])
    .option("--run <regex>", "run only the cases whose name matches this regular expression")
    .addOption(new Option("--format <format>", "output format").choices(["human", "json"]).default("human"))
    .addHelpText("after", "\nExamples:\n  opes test examples/tests\n  opes test rules/ --run bypass --format json\n")
    .action(async (paths: string[], options: { run?: string; format: "human" | "json" }) => {
      const { runTests } = await commands.test();
      setExit(runTests(paths, { format: options.format, color: color(), ...(options.run !== undefined ? { run: options.run } : {}) }, io));
    });

  program
    .command("graph")
    .description("print the decision graph of one activation point (Graphviz DOT or Mermaid)")
    .argument("<files...>", "rule files or directories")
    .requiredOption("--point <point>", "the activation point, by name or HTTP number (1-4)")
    .option("--protocol <protocol>", "when catalogs give two protocols a point of that name")
    .option("--policy <file>", "the site policy")
    .option("--catalog <file>", "an extra module catalog; repeatable", collect, [])
    .addOption(new Option("--format <format>", "output format").choices(["dot", "mermaid"]).default("dot"))
    .addHelpText("after", "\nExamples:\n  opes graph examples/isp --policy examples/isp/policy.json --point response_out | dot -Tsvg > graph.svg\n  opes graph rules/ --point 1 --format mermaid\n")
    .action(async (files: string[], options: { point: string; protocol?: string; policy?: string; catalog: string[]; format: "dot" | "mermaid" }) => {
      const { runGraph } = await commands.graph();
      setExit(runGraph(files, { point: options.point, ...(options.protocol ? { protocol: options.protocol } : {}), ...(options.policy ? { policy: options.policy } : {}), catalogs: options.catalog, format: options.format, color: color() }, io));
    });

  program
    .command("fmt")
    .description("format .p files in the canonical layout (comments kept); IRML files are skipped")
    .argument("<files...>", "rule files or directories")
    .option("--check", "list files that are not formatted and exit 1 if there are any")
    .option("--write", "rewrite files in place")
    .addHelpText("after", "\nExamples:\n  opes fmt bob.p            print the formatted file\n  opes fmt --check rules/   for CI\n  opes fmt --write rules/\n")
    .action(async (files: string[], options: { check?: boolean; write?: boolean }) => {
      if (options.check && options.write) throw new CommanderUsageError("--check and --write cannot be combined");
      const { runFmt } = await commands.fmt();
      setExit(runFmt(files, options.write ? "write" : options.check ? "check" : "print", color(), io));
    });

  program
    .command("compile")
    .description("check rule files and write the compiled bundle; nothing is written when there is any error")
    .argument("<files...>", "rule files or directories")
    .requiredOption("-o, --output <bundle>", "where to write the bundle (JSON)")
    .option("--policy <file>", "the site policy (JSON, schemas/site-policy.schema.json)")
    .option("--catalog <file>", "an extra module catalog; repeatable", collect, [])
    .option("--sign <key>", "sign the bundle with this ed25519 private key (PEM)")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  opes compile rules/ --policy site.json -o bundle.json\n  opes compile rules/ --policy site.json -o bundle.json --sign signing-key.pem\n")
    .action(async (files: string[], options: { output: string; policy?: string; catalog: string[]; sign?: string; format: DiagnosticFormat }) => {
      const { runCompile } = await commands.compile();
      setExit(runCompile(files, { output: options.output, ...(options.policy ? { policy: options.policy } : {}), catalogs: options.catalog, ...(options.sign ? { sign: options.sign } : {}), format: options.format, color: color() }, io));
    });

  const evalOptions = (command: Command) =>
    command
      .requiredOption("--bundle <bundle>", "a compiled bundle")
      .requiredOption("--context <file>", "the transaction context (JSON, schemas/transaction-context.schema.json)")
      .option("--public-key <pem>", "refuse the bundle unless it is signed with this ed25519 key");

  evalOptions(program.command("eval").description("decide one transaction with a bundle and print the decision as JSON"))
    .option("--explain", "add, for every rule of the transaction's rulesets, whether it matched and the first condition that was not true")
    .addHelpText("after", "\nExample:\n  opes eval --bundle bundle.json --context tx.json --explain\n")
    .action(async (options: { bundle: string; context: string; explain?: boolean; publicKey?: string }) => {
      const { runEval } = await commands.eval();
      setExit(runEval({ bundle: options.bundle, context: options.context, explain: options.explain ?? false, ...(options.publicKey ? { publicKey: options.publicKey } : {}), color: color() }, io));
    });

  evalOptions(program.command("explain").description("decide one transaction and explain the decision in words"))
    .addHelpText("after", "\nExample:\n  opes explain --bundle bundle.json --context tx.json\n")
    .action(async (options: { bundle: string; context: string; publicKey?: string }) => {
      const [{ runEval }, { explainText }] = await Promise.all([commands.eval(), commands.explainText()]);
      setExit(runEval({ bundle: options.bundle, context: options.context, explain: true, ...(options.publicKey ? { publicKey: options.publicKey } : {}), color: color() }, io, explainText));
    });

  program
    .command("verify")
    .description("check a bundle: schema, content hash, and its signature with the given public key")
    .argument("<bundle>", "a compiled bundle")
    .option("--public-key <pem>", "the ed25519 public key (PEM) the bundle must be signed with")
    .addHelpText("after", "\nExample:\n  opes verify bundle.json --public-key signing-key.pub.pem\n")
    .action(async (bundle: string, options: { publicKey?: string }) => {
      const { runVerify } = await commands.eval();
      setExit(runVerify(bundle, options.publicKey, io));
    });

  program
    .command("convert")
    .description("convert between IRML and P: --to p FILE.xml, or --to irml FILE.p (what IRML cannot express is reported)")
    .argument("<file>", "the module to convert")
    .addOption(new Option("--to <language>", "the language to write").choices(["p", "irml"]).makeOptionMandatory())
    .option("-o, --output <file>", "write here instead of standard output")
    .addHelpText("after", "\nExamples:\n  opes convert --to p module.xml\n  opes convert --to irml bob.p -o bob.xml\n")
    .action(async (file: string, options: { to: "p" | "irml"; output?: string }) => {
      const { runConvert } = await commands.convert();
      setExit(runConvert(file, options.to, options.output, color(), io));
    });

  for (const command of program.commands) command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  return program;
}
