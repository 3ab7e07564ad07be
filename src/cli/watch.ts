import { statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ExitCode, type CliIo } from "./io.js";

export interface WatchOptions {
  /** Quiet time after the last change before running again: editors write a file in several steps. */
  readonly debounceMs?: number;
}

export interface WatchSession {
  /** Resolves, once the session stops, with the exit code of the last run. */
  readonly done: Promise<number>;
  /** Stops watching (Ctrl-C does the same). */
  close(): void;
}

/**
 * Runs `run` now, then again after every change under `paths` (files, or
 * directories watched recursively), until Ctrl-C or close(). Changes that
 * arrive during a run cause one more run after it, never overlapping ones.
 * Messages go to stderr, so stdout carries only the runs' own output.
 */
export function watchAndRerun(paths: readonly string[], run: () => number | Promise<number>, io: CliIo, options: WatchOptions = {}): WatchSession {
  const debounceMs = options.debounceMs ?? 100;
  let lastCode: number = ExitCode.ok;
  let closed = false;
  let running = false;
  let pending = false;
  let timer: NodeJS.Timeout | undefined;
  const changed = new Set<string>();
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const runOnce = async (): Promise<void> => {
    running = true;
    try {
      lastCode = await run();
    } catch (error) {
      io.stderr(`opes: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      lastCode = ExitCode.usage;
    }
    running = false;
    if (pending && !closed) {
      pending = false;
      void rerun();
    }
  };

  const rerun = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      pending = true;
      return;
    }
    io.stderr(`\n--- ${describeChanges([...changed])}: running again ---\n\n`);
    changed.clear();
    await runOnce();
  };

  const onChange = (path: string) => {
    if (closed) return;
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(() => void rerun(), debounceMs);
  };

  const watchers = paths.flatMap((path) => watchPath(path, onChange, io));
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
    process.off("SIGINT", close);
    finish(lastCode);
  };
  process.on("SIGINT", close);

  void runOnce().then(() => {
    if (watchers.length === 0) {
      io.stderr("opes: nothing to watch\n");
      close();
    } else if (!closed) {
      io.stderr(`watching ${paths.join(", ")} for changes (Ctrl-C to stop)\n`);
    }
  });
  return { done, close };
}

/**
 * A directory is watched recursively; a file through its directory, since
 * editors often save by writing a new file and renaming it over the old one.
 */
function watchPath(path: string, onChange: (path: string) => void, io: CliIo): FSWatcher[] {
  try {
    const isDirectory = statSync(path).isDirectory();
    const directory = isDirectory ? path : dirname(path);
    const watcher = watch(directory, { recursive: isDirectory }, (_event, name) => {
      if (name === null) onChange(path);
      else if (!isDirectory) {
        if (name === basename(path)) onChange(path);
      } else if (!isEditorNoise(name)) onChange(join(path, name));
    });
    watcher.on("error", (error) => io.stderr(`opes: stopped watching ${path}: ${error.message}\n`));
    return [watcher];
  } catch (error) {
    io.stderr(`opes: cannot watch ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return [];
  }
}

/** Within a watched directory: editors' swap and backup files, hidden files and directories (.git). */
function isEditorNoise(name: string): boolean {
  return name.split(/[\\/]/).some((part) => part.startsWith(".")) || /(~|\.swp|\.swx)$/.test(name);
}

function describeChanges(paths: readonly string[]): string {
  const sorted = [...paths].sort();
  const shown = sorted.slice(0, 3).join(", ");
  return sorted.length > 3 ? `${shown} and ${sorted.length - 3} more changed` : `${shown} changed`;
}
