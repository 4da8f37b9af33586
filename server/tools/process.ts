import type { ChildProcess } from 'node:child_process';

/** A child process whose output (stdout and stderr) is kept and can be waited on. */
export type WatchedProcess = {
  proc: ChildProcess;
  /** Everything it has written so far. */
  output(): string;
  /**
   * The first match of `pattern` in what it writes from offset `from` on (default: from the start),
   * as soon as it appears. Rejects if the process exits first or after `timeoutMs`.
   */
  waitFor(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpExecArray>;
  /** Its exit code, once it has exited. */
  exited(): Promise<number | null>;
};

/** A child process's exit code, once it has exited (at once if it already has). */
export function exitOf(proc: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) resolve(proc.exitCode);
    else proc.once('exit', (code) => resolve(code));
  });
}

/** Watch a process started with piped stdout (and, if piped, stderr). */
export function watchProcess(proc: ChildProcess): WatchedProcess {
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    out += d.toString();
    for (const l of [...listeners]) l();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  return {
    proc,
    exited: () => exitOf(proc),
    output: () => out,
    waitFor(pattern, { from = 0, timeoutMs = 20_000 } = {}) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          proc.off('exit', onExit);
        };
        const check = () => {
          const m = pattern.exec(out.slice(from));
          if (m) { done(); resolve(m); }
        };
        const onExit = (code: number | null) => { done(); reject(new Error(`process exited with ${code} before writing ${pattern}:\n${out}`)); };
        const timer = setTimeout(() => { done(); reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${out}`)); }, timeoutMs);
        listeners.add(check);
        proc.on('exit', onExit);
        check();
      });
    },
  };
}
