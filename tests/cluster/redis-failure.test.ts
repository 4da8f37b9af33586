import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../server/store/redis.js';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from '../../server/tools/client.js';
import type { Ack, CommandData } from '../../shared/protocol/index.js';
import { checkDecisions, type Told } from '../support/log-check.js';
import { startRedisServer, startServerProcess, type RedisProcess, type ServerProcess } from '../support/processes.js';

/** These tests stop and kill a redis-server of their own (AOF everysec), never the shared one. */
let redis: RedisProcess;
let server: ServerProcess;
beforeAll(async () => {
  redis = await startRedisServer();
  server = await startServerProcess({ REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'cgfail' });
}, 60_000);
afterAll(async () => {
  await server?.terminate();
  await redis?.stop();
});

async function readLog(sessionId: string) {
  const client = new Redis(redis.url);
  const store = createRedisStore(client, { prefix: 'cgfail', instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 3600 });
  const log = await store.readFacts(sessionId, 0);
  await store.close();
  return log;
}

async function session(players: number) {
  const created = await mustCallHttp(server.url, 'createSession', { scenarioId: 'coffee-shop' });
  const facilitator = await connectClient(server.url, created.facilitatorToken);
  const seats: { playerId: string; client: ProtocolClient }[] = [];
  for (let i = 0; i < players; i++) {
    const j = await mustCallHttp(server.url, 'joinSession', { code: created.joinCode, nickname: `P${i}` });
    seats.push({ playerId: j.playerId, client: await connectClient(server.url, j.playerToken) });
  }
  await facilitator.send('session:start', {});
  await Promise.all(seats.map((s) => s.client.waitFor((e) => e.type === 'turnOpened')));
  return { created, facilitator, seats };
}

type Attempt = { playerId: string; commandId: string; sentAt: number; answeredAt: number; ack: Ack<CommandData<'decision:submit'>> };

async function submit(seat: { playerId: string; client: ProtocolClient }, commandId: string, value: number): Promise<Attempt> {
  const sentAt = Date.now();
  const ack = await seat.client.send('decision:submit', { commandId, turn: 0, decision: { kind: 'numeric', value } }, 10_000);
  return { playerId: seat.playerId, commandId, sentAt, answeredAt: Date.now(), ack };
}

describe('Redis killed mid-turn (AOF everysec) and restarted', () => {
  it('loses no acknowledged decision, sends no ok while down, and resumes by itself', async () => {
    const { created, seats, facilitator } = await session(12);
    const before = await Promise.all(seats.slice(0, 6).map((s, i) => submit(s, newCommandId(), 200 + i)));
    expect(before.every((a) => a.ack.ok)).toBe(true);

    await redis.kill9();
    const killedAt = Date.now();
    const during = await Promise.all(seats.slice(6).map((s, i) => submit(s, newCommandId(), 300 + i)));
    for (const a of during) expect(a.ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    await redis.start();
    const restartedAt = Date.now();

    // Retry the refused decisions with the same command ids until the service is back.
    const after: Attempt[] = [];
    for (const a of during) {
      const seat = seats.find((s) => s.playerId === a.playerId)!;
      let attempt = await submit(seat, a.commandId, 999);
      while (!attempt.ack.ok && attempt.ack.error.code === 'UNAVAILABLE' && Date.now() - restartedAt < 10_000) attempt = await submit(seat, a.commandId, 999);
      after.push(attempt);
    }
    expect(after.every((a) => a.ack.ok)).toBe(true);
    expect(Math.max(...after.map((a) => a.answeredAt)) - restartedAt).toBeLessThan(5_000);
    const okWhileDown = [...before, ...during, ...after].filter((a) => a.ack.ok && a.answeredAt > killedAt && a.sentAt < restartedAt);
    expect(okWhileDown).toEqual([]);

    const told: Told[] = [...before, ...after].flatMap((a) => (a.ack.ok ? [{ playerId: a.playerId, commandId: a.commandId, seq: a.ack.data.seq }] : []));
    expect(await facilitator.send('turn:close', { turn: 0 })).toMatchObject({ ok: true });
    const result = checkDecisions(await readLog(created.sessionId), told, 0);
    expect(result).toMatchObject({ lost: 0, duplicate: 0, unexpected: 0, closes: 1, gapFree: true, decisions: 12 });
    for (const c of [facilitator, ...seats.map((s) => s.client)]) c.close();
  }, 60_000);
});

describe('Redis unreachable', () => {
  it('answers every command UNAVAILABLE within 2.5 s while Redis hangs, then stores retries exactly once', async () => {
    const { created, seats, facilitator } = await session(6);
    redis.pause();
    try {
      const attempts = await Promise.all(seats.map((s, i) => submit(s, newCommandId(), 400 + i)));
      const close = Date.now();
      const facAck = await facilitator.send('turn:close', { turn: 0 }, 10_000);
      for (const a of attempts) {
        expect(a.ack).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
        expect(a.answeredAt - a.sentAt).toBeLessThan(2_500);
      }
      expect(facAck).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect(Date.now() - close).toBeLessThan(2_500);
      redis.resume();
      // After healing, the same command ids again: whatever reached Redis late is not stored twice.
      const retried: Attempt[] = [];
      for (const a of attempts) {
        const seat = seats.find((s) => s.playerId === a.playerId)!;
        let attempt = await submit(seat, a.commandId, 401);
        while (!attempt.ack.ok && attempt.ack.error.code === 'UNAVAILABLE') attempt = await submit(seat, a.commandId, 401);
        retried.push(attempt);
      }
      expect(retried.every((a) => a.ack.ok)).toBe(true);
      const told = retried.flatMap((a) => (a.ack.ok ? [{ playerId: a.playerId, commandId: a.commandId, seq: a.ack.data.seq }] : []));
      expect(checkDecisions(await readLog(created.sessionId), told, 0)).toMatchObject({ lost: 0, duplicate: 0, unexpected: 0, decisions: 6 });
    } finally {
      redis.resume();
      for (const c of [facilitator, ...seats.map((s) => s.client)]) c.close();
    }
  }, 60_000);

  it('answers joins and new sessions 503 UNAVAILABLE while Redis is down', async () => {
    const created = await mustCallHttp(server.url, 'createSession', { scenarioId: 'coffee-shop' });
    await redis.kill9();
    try {
      const started = Date.now();
      const res = await fetch(new URL('/api/join', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: created.joinCode, nickname: 'Late' }) });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAVAILABLE' } });
      expect(Date.now() - started).toBeLessThan(2_500);
      expect((await fetch(new URL('/readyz', server.url))).status).toBe(503);
    } finally {
      await redis.start();
    }
  }, 30_000);
});
