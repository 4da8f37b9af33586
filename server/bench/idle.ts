import type { Socket } from 'socket.io-client';
import { mustCallHttp } from '../tools/client.js';
import { rssBytes } from './measure.js';
import type { BenchServer as Server, TargetKind } from './servers.js';

async function inBatches<T>(items: readonly T[], size: number, each: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(each));
}

/**
 * Bytes per idle connection: RSS after a GC, then N clients connect and sit idle, then RSS after
 * a GC again. For Cognitrap the players have joined (seats exist) before the first reading, so
 * the difference is the connections alone.
 */
export async function idleRun(kind: TargetKind, n: number, start: () => Promise<Server>, connect: (url: string, auth: Record<string, unknown>) => Promise<Socket>) {
  const server = await start();
  const sockets: Socket[] = [];
  let errors = 0;
  try {
    const auths: Record<string, unknown>[] = [];
    if (kind === 'cognitrap') {
      for (let s = 0; s < Math.ceil(n / 500); s++) {
        const created = await mustCallHttp(server.url, 'createSession', { scenarioId: 'bench-loop' });
        const seats = Array.from({ length: Math.min(500, n - s * 500) }, (_, i) => i);
        await inBatches(seats, 25, async (i) => {
          const joined = await mustCallHttp(server.url, 'joinSession', { code: created.joinCode, nickname: `I${i}` });
          auths.push({ token: joined.playerToken });
        });
      }
    } else {
      for (let i = 0; i < n; i++) auths.push({ room: `room-${Math.floor(i / 500)}` });
    }
    const heapBefore = await server.gc();
    const before = rssBytes(server.pid);
    await inBatches(auths, 200, async (auth) => {
      try {
        sockets.push(await connect(server.url, auth));
      } catch {
        errors++;
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    const heapAfter = await server.gc();
    const after = rssBytes(server.pid);
    const count = Math.max(1, sockets.length);
    // RSS is what the target names, but pages freed by GC stay resident and get reused, so a server
    // that allocated more before the first reading shows less RSS growth; the heap figure
    // (V8 heap + external, after GC) is not distorted that way.
    return { connected: sockets.length, errors, rssBeforeMb: before / 2 ** 20, rssAfterMb: after / 2 ** 20,
      bytesPerConnection: (after - before) / count, heapBytesPerConnection: (heapAfter - heapBefore) / count };
  } finally {
    for (const s of sockets) s.close();
    await server.stop();
  }
}
