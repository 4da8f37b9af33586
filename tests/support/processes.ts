import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { exitOf, watchProcess } from '../../server/tools/process.js';
import { TEST_SECRET } from './server.js';

/** A free TCP port on 127.0.0.1, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export type ServerProcess = { url: string; proc: ChildProcess; kill9(): Promise<void>; terminate(): Promise<number | null>; output(): string };

/** A real server process (the same entry point as `npm start`), on a free port of 127.0.0.1. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', TOKEN_SECRET: TEST_SECRET, TIMER_POLL_MS: '50', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watched = watchProcess(proc);
  const [, url] = await watched.waitFor(/running at (http:\/\/[^\s]+)/);
  return {
    url: url as string, proc, output: watched.output,
    async kill9() { proc.kill('SIGKILL'); await watched.exited(); },
    async terminate() { proc.kill('SIGTERM'); return watched.exited(); },
  };
}

export type RedisProcess = { port: number; url: string; kill9(): Promise<void>; start(): Promise<void>; pause(): void; resume(): void; stop(): Promise<void> };

/** A redis-server of the test's own, with AOF (everysec, unless `aof: false`) and noeviction, on a free port; data in a temp dir. */
export async function startRedisServer(options: { aof?: boolean } = {}): Promise<RedisProcess> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'cognitrap-redis-'));
  let proc: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  async function start(): Promise<void> {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', options.aof === false ? 'no' : 'yes',
      '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--dir', dir], { stdio: 'ignore' });
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    probe.on('error', () => undefined);
    for (let i = 0; i < 200; i++) {
      try {
        await probe.connect();
        // The AOF is loaded before Redis answers commands other than errors about loading.
        if ((await probe.ping()) === 'PONG') { probe.disconnect(); return; }
      } catch {
        probe.disconnect();
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    throw new Error(`redis-server on ${port} did not start`);
  }
  await start();
  return {
    port, url, start,
    async kill9() { if (proc) { proc.kill('SIGKILL'); await exitOf(proc); proc = null; } },
    pause() { proc?.kill('SIGSTOP'); },
    resume() { proc?.kill('SIGCONT'); },
    async stop() { if (proc) { proc.kill('SIGCONT'); proc.kill('SIGTERM'); await exitOf(proc); proc = null; } },
  };
}
