import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { HttpBody, HttpContracts, HttpResponse, RoomFact } from '../../shared/protocol/index.js';
import { createRedisStore } from '../../server/store/redis.js';
import { mustCallHttp } from '../../server/tools/client.js';
import { connectFailover } from '../support/failover.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { deleteKeys, REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

/**
 * RELIABILITY.md R3, sized by CHAOS_MINUTES: 0 (the default, in `npm test`) plays one round of
 * sessions while instances are killed; `npm run test:chaos` runs 50 sessions with 4-s turns for
 * 10 minutes, killing a random instance every 5 s.
 */
const minutes = Number(process.env.CHAOS_MINUTES ?? 0);
const sessionsPerRound = minutes > 0 ? 50 : 3;
const timerSeconds = minutes > 0 ? 4 : 1;
const killEveryMs = minutes > 0 ? 5000 : 700;
const prefix = testPrefix('churn');
const scenarioDir = mkdtempSync(path.join(tmpdir(), 'cognitrap-timed-'));
writeFileSync(path.join(scenarioDir, 'coffee-shop.yaml'), readFileSync('scenarios/coffee-shop.yaml', 'utf8').replace(/timerSeconds: \d+/g, `timerSeconds: ${timerSeconds}`));
const env = { REDIS_URL, REDIS_KEY_PREFIX: prefix, SCENARIOS_DIR: scenarioDir, TIMER_POLL_MS: '50' };

let instances: ServerProcess[] = [];
const alive = () => instances.map((i) => i.url);
beforeAll(async () => {
  await requireRedis();
  instances = await Promise.all([0, 1, 2].map(() => startServerProcess(env)));
}, 60_000);
afterAll(async () => {
  await Promise.all(instances.map((i) => i.terminate()));
  await deleteKeys(prefix);
});

/** An HTTP call to whichever instance answers. */
async function http<K extends keyof HttpContracts>(name: K, body: HttpBody<K>): Promise<HttpResponse<K>> {
  for (let attempt = 0; ; attempt++) {
    const url = alive()[attempt % alive().length] as string;
    try {
      return await mustCallHttp(url, name, body);
    } catch (err) {
      if (attempt > 50) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** One session whose turns only the deadlines close; the facilitator moves on after each reveal. */
async function playTimed(): Promise<string> {
  const created = await http('createSession', { scenarioId: 'coffee-shop' });
  await http('joinSession', { code: created.joinCode, nickname: 'Silent' });
  const facilitator = await connectFailover(alive, created.facilitatorToken, Math.floor(Math.random() * 3));
  await facilitator.send('session:start', {});
  for (let turn = 0; turn < 4; turn++) {
    await facilitator.waitFor((e) => e.type === 'turnRevealed' && e.turn === turn, timerSeconds * 1000 + 15_000);
    await facilitator.send('turn:next', { turn });
  }
  await facilitator.waitFor((e) => e.type === 'debriefPublished', 15_000);
  facilitator.close();
  return created.sessionId;
}

describe('turn timers while instances die', () => {
  it('close every turn exactly once, soon after its deadline', async () => {
    let churning = true;
    let kills = 0;
    const churn = (async () => {
      while (churning) {
        await new Promise((r) => setTimeout(r, killEveryMs));
        if (!churning) break;
        const victim = Math.floor(Math.random() * instances.length);
        const replacement = startServerProcess(env);
        await instances[victim]?.kill9();
        kills++;
        instances[victim] = await replacement;
      }
    })();
    const sessions: string[] = [];
    const until = Date.now() + minutes * 60_000;
    do sessions.push(...(await Promise.all(Array.from({ length: sessionsPerRound }, playTimed))));
    while (Date.now() < until);
    churning = false;
    await churn;

    const redis = new Redis(REDIS_URL);
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 3600 });
    const latencies: number[] = [];
    for (const id of sessions) {
      const log = await store.readFacts(id, 0);
      const opened = log.filter((f): f is Extract<RoomFact, { type: 'turnOpened' }> => f.type === 'turnOpened');
      for (const o of opened) {
        const closes = log.filter((f): f is Extract<RoomFact, { type: 'turnClosed' }> => f.type === 'turnClosed' && f.turn === o.turn);
        expect(closes.map((c) => c.reason)).toEqual(['deadline']);
        latencies.push((closes[0]?.at ?? 0) - (o.deadline ?? 0));
      }
    }
    await store.close();
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? 0;
    expect(kills).toBeGreaterThanOrEqual(2);
    expect(latencies.length).toBe(sessions.length * 4);
    expect(latencies[0]).toBeGreaterThanOrEqual(0);
    expect(p99).toBeLessThanOrEqual(1000);
  }, Math.max(120_000, minutes * 60_000 + 120_000));
});
