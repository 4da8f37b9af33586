import { spawn, type ChildProcess } from 'node:child_process';
import { watchProcess } from '../tools/process.js';

/** Which server a run drives: Cognitrap itself, or the bare Socket.IO baseline. */
export type TargetKind = 'cognitrap' | 'baseline';

export type BenchServer = { url: string; pid: number; proc: ChildProcess; gc(): Promise<number>; stop(): Promise<void> };

/**
 * Node flags both servers run with: those `npm start` and the Dockerfile give Cognitrap in
 * production (a 64 MB young generation: at a few thousand decisions per second a room's state
 * lives a few hundred ms, longer than the default young generation lasts between scavenges, so it
 * was copied and promoted for nothing). The baseline gets them too: the comparison is of code, not flags.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64', '--min-semi-space-size=64'];

/** The environment both servers run with; Cognitrap also gets the benchmark's scenario folder. */
export function benchEnv(kind: TargetKind, extra: Record<string, string> = {}): Record<string, string> {
  const common = { HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', TOKEN_SECRET: 'bench-secret-0123456789-0123456789-abcdef', ...extra };
  return kind === 'cognitrap' ? { ...common, SCENARIOS_DIR: 'server/bench/scenarios' } : common;
}

/**
 * Start one server in its own process (on core 0 with `pin`), resolved once it prints "READY <url>".
 * With `ipc` it gets an IPC channel (bench-server.ts profiles on request through it).
 */
export function startBenchServer(kind: TargetKind, env: Record<string, string>, options: { pin: boolean; ipc?: boolean }): Promise<BenchServer> {
  const file = kind === 'cognitrap' ? 'server/bench/bench-server.ts' : 'server/bench/baseline-server.ts';
  const cmd = [process.execPath, '--expose-gc', ...SERVER_NODE_FLAGS, ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', file];
  const spawnOptions = { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit', ...(options.ipc ? ['ipc' as const] : [])] as ('ignore' | 'pipe' | 'inherit' | 'ipc')[] };
  const proc = options.pin ? spawn('taskset', ['-c', '0', ...cmd], spawnOptions) : spawn(cmd[0] as string, cmd.slice(1), spawnOptions);
  // A listener keeps the IPC channel referenced: without one, Node lets the parent exit under it.
  if (options.ipc) proc.on('message', () => undefined);
  const watched = watchProcess(proc);
  // With investigation flags (--trace-gc and the like) the server's own output is what is wanted: echo it.
  if (process.env.BENCH_NODE_FLAGS) proc.stdout?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return watched.waitFor(/^READY (\S+)$/m, { timeoutMs: 60_000 }).then(([, url]) => ({
    url: url as string, pid: proc.pid ?? 0, proc,
    gc: async () => {
      const done = watched.waitFor(/^GC (\d+)$/m, { from: watched.output().length });
      proc.kill('SIGUSR2');
      return Number((await done)[1]);
    },
    stop: async () => { proc.kill('SIGKILL'); await watched.exited(); },
  }));
}
