import { readContextFile } from "../../runtime/context.js";
import { BundleError, PolicyEngine } from "../../runtime/engine.js";
import type { Decision } from "../../runtime/decide.js";
import type { Bundle } from "../../runtime/bundle.js";
import { readNamedFile } from "../files.js";
import { ExitCode, type CliIo } from "../io.js";
import { formatHuman } from "../report.js";

export interface EvalCommandOptions {
  readonly bundle: string;
  readonly context: string;
  readonly explain: boolean;
  readonly publicKey?: string;
  readonly color: boolean;
}

/** Loads a bundle file; a malformed or tampered bundle is an input error (exit 1), an unreadable one a usage error. */
export function loadEngine(path: string, publicKeyPath: string | undefined, io: CliIo): PolicyEngine | ExitCode {
  const source = readNamedFile(path, io);
  if (!source) return ExitCode.usage;
  let publicKey: string | undefined;
  if (publicKeyPath !== undefined) {
    const key = readNamedFile(publicKeyPath, io);
    if (!key) return ExitCode.usage;
    publicKey = key.text;
  }
  try {
    return PolicyEngine.load(JSON.parse(source.text), publicKey !== undefined ? { publicKey } : {});
  } catch (error) {
    const message = error instanceof BundleError || error instanceof SyntaxError ? error.message : String(error);
    io.stderr(`opes: ${path}: ${message}\n`);
    return ExitCode.inputErrors;
  }
}

/** `opes eval` / `opes explain`: decides one transaction context and prints the decision. */
export function runEval(options: EvalCommandOptions, io: CliIo, print: (decision: Decision) => string = (d) => `${JSON.stringify(d, null, 2)}\n`): ExitCode {
  const engine = loadEngine(options.bundle, options.publicKey, io);
  if (typeof engine === "number") return engine;
  const source = readNamedFile(options.context, io);
  if (!source) return ExitCode.usage;
  const { context, diagnostics } = readContextFile(source);
  if (!context) {
    io.stderr(formatHuman(diagnostics, new Map([[source.path, source]]), options.color));
    return ExitCode.inputErrors;
  }
  io.stdout(print(engine.decide(context, { explain: options.explain })));
  return ExitCode.ok;
}

/** `opes verify`: the bundle's hash, and its signature with the given public key. */
export function runVerify(path: string, publicKeyPath: string | undefined, io: CliIo): ExitCode {
  const engine = loadEngine(path, publicKeyPath, io);
  if (typeof engine === "number") return engine;
  const bundle: Bundle = engine.bundle;
  const signed = bundle.signature ? `signed (key ${bundle.signature.keyId.slice(0, 16)}…)` : "unsigned";
  // Loading already checked the hash, and the signature when a key was given.
  io.stdout(`${path}: valid bundle ${bundle.hash}, ${signed}${publicKeyPath ? ", signature verified" : ""}\n`);
  return ExitCode.ok;
}
