import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../server/store/redis.js';
import { callHttp, mustCallHttp, newCommandId } from '../../server/tools/client.js';
import { connectFailover, type FailoverClient } from '../support/failover.js';
import { checkDecisions, type Told } from '../support/log-check.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { deleteKeys, REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

const prefix = testPrefix('kill');
let instances: ServerProcess[] = [];
const dead = new Set<ServerProcess>();
const alive = () => instances.filter((i) => !dead.has(i)).map((i) => i.url);

beforeAll(async () => {
  await requireRedis();
  instances = await Promise.all([0, 1, 2].map(() => startServerProcess({ REDIS_URL, REDIS_KEY_PREFIX: prefix })));
}, 60_000);
afterAll(async () => {
  await Promise.all(instances.filter((i) => !dead.has(i)).map((i) => i.terminate()));
  await deleteKeys(prefix);
});

const isTurn = (type: string, turn: number) => (e: { type: string; turn?: number }) => e.type === type && e.turn === turn;

describe('three instances, one killed late in a turn', () => {
  it('loses, duplicates and invents no decision; closes the turn once; moved clients resync', async () => {
    const [a, , c] = instances as [ServerProcess, ServerProcess, ServerProcess];
    const created = await mustCallHttp(a.url, 'createSession', { scenarioId: 'coffee-shop' });
    const facilitator = await connectFailover(alive, created.facilitatorToken, 0);
    const bots: { playerId: string; client: FailoverClient }[] = [];
    for (let i = 0; i < 24; i++) {
      const home = instances[i % 3] as ServerProcess;
      const joined = await mustCallHttp(home.url, 'joinSession', { code: created.joinCode, nickname: `Bot ${i}` });
      bots.push({ playerId: joined.playerId, client: await connectFailover(alive, joined.playerToken, i % 3) });
    }
    expect((await facilitator.send('session:start', {})).ok).toBe(true);
    await Promise.all(bots.map((b) => b.client.waitFor(isTurn('turnOpened', 0))));

    const told: Told[] = [];
    const submit = async (bot: (typeof bots)[number], value: number) => {
      const ack = await bot.client.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value } });
      expect(ack.ok).toBe(true);
      if (ack.ok) told.push({ playerId: bot.playerId, commandId: '', seq: ack.data.seq });
      return ack;
    };
    // Most of the class decides; every third of them then loses its connection and comes back elsewhere.
    const early = bots.slice(0, 16);
    await Promise.all(early.map((b, i) => submit(b, 250 + i)));
    await Promise.all(early.filter((_, i) => i % 3 === 0).map((b) => b.client.reset()));
    // Late in the turn, with the last decisions in flight, one instance dies without warning.
    const late = Promise.all(bots.slice(16).map((b, i) => submit(b, 300 + i)));
    await c.kill9();
    dead.add(c);
    await late;

    const closed = await facilitator.send('turn:close', { turn: 0 });
    expect(closed.ok).toBe(true);
    await Promise.all(bots.map((b) => b.client.waitFor(isTurn('turnRevealed', 0), 15_000)));

    const redis = new Redis(REDIS_URL);
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 3600 });
    const log = await store.readFacts(created.sessionId, 0);
    await store.close();
    // The checker matches each ok ack to the stored decision with the acknowledged sequence number.
    const byseq = new Map(log.filter((f) => f.type === 'decisionSubmitted').map((f) => [f.seq, f]));
    const resolved = told.map((t) => ({ ...t, commandId: (byseq.get(t.seq) as { commandId?: string } | undefined)?.commandId ?? 'missing' }));
    const result = checkDecisions(log, resolved, 0);
    expect(result).toMatchObject({ lost: 0, duplicate: 0, unexpected: 0, closes: 1, gapFree: true, decisions: 24 });
    for (const t of resolved) expect((byseq.get(t.seq) as { playerId?: string } | undefined)?.playerId).toBe(t.playerId);

    const moved = bots.filter((b) => b.client.moves > 0);
    expect(moved.length).toBeGreaterThanOrEqual(8 + 6);
    for (const b of moved) {
      const seqs = b.client.events().map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    }
    for (const b of [...bots.map((x) => x.client), facilitator]) b.close();
    expect((await callHttp(a.url, 'listScenarios')).status).toBe(200);
  }, 90_000);
});
