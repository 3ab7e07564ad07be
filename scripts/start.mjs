#!/usr/bin/env node
// `npm start`: the main job on the bundled examples. For every example
// deployment (a folder of examples/ with a policy.json) it checks the rules
// against the site policy, compiles a bundle into dist/examples/, and explains
// the decision for each transaction in its transactions/ folder; then it
// checks the IRML examples and runs every policy unit test under examples/.
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { main } from "../dist/src/cli/main.js";

const root = fileURLToPath(new URL("..", import.meta.url));
process.chdir(root);
const io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  isTTY: Boolean(process.stdout.isTTY),
  cwd: root,
};
const failures = [];

async function step(title, args) {
  process.stdout.write(`\n$ opes ${args.join(" ")}\n`);
  const code = await main(args, io);
  if (code !== 0) failures.push(`${title} (exit ${code})`);
  return code;
}

const deployments = readdirSync("examples", { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join("examples", entry.name, "policy.json")) && existsSync(join("examples", entry.name, "transactions")))
  .map((entry) => entry.name)
  .sort();

mkdirSync("dist/examples", { recursive: true });
for (const name of deployments) {
  const folder = join("examples", name);
  const policy = join(folder, "policy.json");
  const bundle = join("dist/examples", `${name}.bundle.json`);
  process.stdout.write(`\n=== ${name} ===\n`);
  await step(`${name}: check`, ["check", folder, "--policy", policy]);
  if ((await step(`${name}: compile`, ["compile", folder, "--policy", policy, "-o", bundle])) !== 0) continue;
  const transactions = readdirSync(join(folder, "transactions")).filter((f) => f.endsWith(".json")).sort();
  for (const transaction of transactions) {
    await step(`${name}: explain ${transaction}`, ["explain", "--bundle", bundle, "--context", join(folder, "transactions", transaction)]);
  }
}

process.stdout.write("\n=== IRML modules ===\n");
await step("irml: check", ["check", "examples/irml"]);

process.stdout.write("\n=== policy unit tests (every *.test.json under examples/) ===\n");
await step("tests", ["test", "examples"]);

process.stdout.write(`\n${deployments.length} deployments compiled and explained; ${failures.length === 0 ? "everything passed" : `failed: ${failures.join("; ")}`}\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
