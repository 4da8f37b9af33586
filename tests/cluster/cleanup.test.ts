import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.js';
import { createRoomService } from '../../server/room/service.js';
import { startTurnTimers } from '../../server/room/timers.js';
import { createSessionService } from '../../server/sessions.js';
import { createTokenService } from '../../server/auth/tokens.js';
import { createRedisStore } from '../../server/store/redis.js';
import { T0, testScenario } from '../support/fixtures.js';
import { useTestRedis } from '../support/redis.js';

/** RELIABILITY.md R13: abandoned sessions leave nothing behind; finished ones keep their replay. */
const { prefix, redis: client } = useTestRedis('cleanup');

async function keysOf(sessionId: string): Promise<string[]> {
  const redis = client();
  const room = await redis.keys(`${prefix}:{room:${sessionId}}*`);
  const codes = await redis.keys(`${prefix}:code:*`);
  const timers = (await redis.zrange(`${prefix}:deadlines`, 0, -1)).filter((m) => m.startsWith(`${sessionId}|`));
  return [...room, ...timers, ...(await Promise.all(codes.map(async (k) => ((await redis.get(k)) === sessionId ? k : null)))).filter((k): k is string => k !== null)];
}

/** Poll a condition Redis expires on its own schedule (key TTLs have no event to await). */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('session cleanup', () => {
  it('expires abandoned sessions with every key and timer entry, and keeps finished ones for replay', async () => {
    const redis = client();
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 2, replayTtlSeconds: 3600 });
    let now = T0;
    let ids = 0;
    const logger = createLogger('silent');
    const rooms = createRoomService({ store, scenarios: { get: () => testScenario, list: () => [testScenario] }, clock: () => now, logger,
      newId: () => `${prefix}-${ids++}`, newSeed: () => 1, publish: () => undefined });
    const sessions = createSessionService({ rooms, store, tokens: createTokenService({ secret: 'x'.repeat(40), ttlSeconds: 60, clock: () => now }), randomIndex: (n) => Math.floor(Math.random() * n) });

    const all: { id: string; finished: boolean }[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await sessions.create('test-growth');
      if ('code' in created && !('sessionId' in created)) throw new Error('create failed');
      const id = (created as { sessionId: string }).sessionId;
      await sessions.join((created as { joinCode: string }).joinCode, 'Ada');
      await rooms.execute(id, { role: 'facilitator' }, { type: 'session:start' });
      const finished = i < 2;
      if (finished) await rooms.execute(id, { role: 'facilitator' }, { type: 'session:end' });
      all.push({ id, finished });
    }
    for (const s of all.filter((x) => x.finished)) expect(await redis.ttl(`${prefix}:{room:${s.id}}:log`)).toBeGreaterThan(3000);
    for (const s of all.filter((x) => !x.finished)) {
      expect(await redis.ttl(`${prefix}:{room:${s.id}}:log`)).toBeLessThanOrEqual(2);
      expect((await keysOf(s.id)).some((k) => k.includes('|0'))).toBe(true);
    }

    // The abandoned rooms' keys expire; their turn timers come due, find no session, and are dropped.
    await eventually(async () => (await Promise.all(all.filter((s) => !s.finished).map((s) => redis.exists(`${prefix}:{room:${s.id}}:log`)))).every((n) => n === 0), 10_000);
    now += 120_000;
    const timers = startTurnTimers({ store, rooms, clock: () => now, pollMs: 20, logger });
    try {
      await eventually(async () => (await Promise.all(all.filter((s) => !s.finished).map((s) => keysOf(s.id)))).every((k) => k.length === 0), 10_000);
    } finally {
      await timers.stop();
    }
    for (const s of all.filter((x) => x.finished)) expect(await redis.exists(`${prefix}:{room:${s.id}}:log`)).toBe(1);
  }, 30_000);
});
