/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal (colours, progress). */
  readonly isTTY: boolean;
  readonly cwd: string;
}

export const ExitCode = { ok: 0, inputErrors: 1, usage: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
