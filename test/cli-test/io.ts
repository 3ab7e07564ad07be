import type { CliIo } from "../../src/cli/io.js";

/** A CliIo that records what a command prints (no colours, like a pipe). */
export function captureIo(): { io: CliIo; stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), isTTY: false, cwd: process.cwd() };
  return { io, stdout: () => stdout, stderr: () => stderr };
}
