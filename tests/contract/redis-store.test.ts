import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { RoomFact } from '../../shared/protocol/index.js';
import { StoreUnavailableError } from '../../server/store/port.js';
import { createRedisStore, failFastOptions, MAX_APPENDS_PER_CALL, refreshEveryMs, roomKeys, storeClientOptions } from '../../server/store/redis.js';
import { describeStoreContract } from './store-contract.js';
import { deleteKeys, REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

const prefix = testPrefix('contract');
beforeAll(requireRedis);
afterAll(() => deleteKeys(prefix));

describeStoreContract('redis', async () => {
  const redis = new Redis(REDIS_URL, { ...failFastOptions, lazyConnect: true });
  await redis.connect();
  return createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 7200 });
});

describe('Redis store: appends of one turn of the event loop go as one script call', () => {
  const created = (sessionId: string): RoomFact => ({ type: 'sessionCreated', seq: 1, at: 1, sessionId, scenarioId: 's', title: 'S', turnCount: 1, seed: 7 });
  const joined = (seq: number): RoomFact => ({ type: 'playerJoined', seq, at: seq, playerId: `p${seq}`, nickname: `p${seq}`, seat: seq, conditions: {}, vars: {}, briefing: null });
  let n = 0;
  const sid = () => `batch-${process.pid}-${Date.now()}-${n++}`;

  /** A store on its own connection, counting the append script calls that connection sends. */
  async function countingStore() {
    const redis = new Redis(REDIS_URL, { ...storeClientOptions, lazyConnect: true });
    await redis.connect();
    const calls: number[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command, ...rest) => {
      if (command.name === 'evalsha' || command.name === 'eval') calls.push(Number(command.args[1]));
      return send(command, ...rest);
    };
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 7200 });
    return { store, redis, calls };
  }

  it('answers each append on its own: the fresh ones stored, the stale one refused', async () => {
    const { store, redis, calls } = await countingStore();
    const [a, b, c] = [sid(), sid(), sid()];
    await store.append(a, 0, [created(a)]);
    calls.length = 0;
    const results = await Promise.all([
      store.append(a, 1, [joined(2), joined(3)]),
      store.append(b, 0, [created(b)]),
      store.append(a, 1, [joined(2)]),
      store.append(c, 0, [created(c), joined(2)]),
    ]);
    expect(results).toEqual([
      { ok: true, version: 3, elsewhere: false },
      { ok: true, version: 1, elsewhere: false },
      { ok: false, reason: 'conflict', version: 3 },
      { ok: true, version: 2, elsewhere: false },
    ]);
    // One call (its key count: the deadline index and three per append).
    expect(calls).toEqual([1 + 3 * 4]);
    expect((await store.readFacts(a, 0)).map((f) => f.seq)).toEqual([1, 2, 3]);
    expect((await store.readFacts(c, 0)).map((f) => f.seq)).toEqual([1, 2]);
    await store.close();
    redis.disconnect();
  });

  it('splits a large turn into calls of at most MAX_APPENDS_PER_CALL appends', async () => {
    const { store, redis, calls } = await countingStore();
    const rooms = Array.from({ length: 2 * MAX_APPENDS_PER_CALL + 5 }, sid);
    const results = await Promise.all(rooms.map((r) => store.append(r, 0, [created(r)])));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(calls).toEqual([MAX_APPENDS_PER_CALL, MAX_APPENDS_PER_CALL, 5].map((m) => 1 + 3 * m));
    expect(await Promise.all(rooms.map((r) => store.version(r)))).toEqual(rooms.map(() => 1));
    await store.close();
    redis.disconnect();
  });

  it('loads the script and sends the call again when Redis has forgotten it (NOSCRIPT, after a restart or SCRIPT FLUSH)', async () => {
    const { store, redis, calls } = await countingStore();
    const a = sid();
    expect(await store.append(a, 0, [created(a)])).toEqual({ ok: true, version: 1, elsewhere: false });
    calls.length = 0;
    await redis.script('FLUSH');
    expect(await store.append(a, 1, [joined(2)])).toEqual({ ok: true, version: 2, elsewhere: false });
    // Refused once (NOSCRIPT: nothing ran), then sent again after SCRIPT LOAD.
    expect(calls).toEqual([4, 4]);
    expect((await store.readFacts(a, 0)).map((f) => f.seq)).toEqual([1, 2]);
    await store.close();
    redis.disconnect();
  });

  it('when Redis refuses an append\'s first write, only that append fails, and nothing of it is written', async () => {
    const { store, redis } = await countingStore();
    const [broken, fine] = [sid(), sid()];
    // A stream whose top entry id is ahead of its length (an entry deleted by hand): the version
    // check passes, but Redis refuses the entry id the append writes.
    const log = roomKeys(prefix, broken).log;
    await redis.xadd(log, '1-1', 'f', '{}');
    await redis.xdel(log, '1-1');
    const [refused, stored] = await Promise.allSettled([store.append(broken, 0, [created(broken), joined(2)]), store.append(fine, 0, [created(fine)])]);
    expect(refused.status).toBe('rejected');
    expect(refused.status === 'rejected' && refused.reason).toBeInstanceOf(StoreUnavailableError);
    expect(stored).toEqual({ status: 'fulfilled', value: { ok: true, version: 1, elsewhere: false } });
    expect(await redis.xlen(log)).toBe(0);
    expect(await store.version(fine)).toBe(1);
    await store.close();
    redis.disconnect();
  });
});

describe('Redis store: a snapshot keeps its own TTL until the session ends', () => {
  it('is not touched by later appends, and takes the replay TTL with the append that ends the session', async () => {
    const redis = new Redis(REDIS_URL, { ...storeClientOptions, lazyConnect: true });
    await redis.connect();
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 7200 });
    const s = `snapttl-${process.pid}-${Date.now()}`;
    const { snapshot: snapKey, log } = roomKeys(prefix, s);
    await store.append(s, 0, [{ type: 'sessionCreated', seq: 1, at: 1, sessionId: s, scenarioId: 'x', title: 'X', turnCount: 1, seed: 1 }],
      { version: 1, state: { marker: 'v1' } as never });
    await redis.expire(snapKey, 100);
    await store.append(s, 1, [{ type: 'sessionStarted', seq: 2, at: 2 }]);
    expect(await redis.ttl(snapKey)).toBeLessThanOrEqual(100);
    expect(await redis.ttl(log)).toBeGreaterThan(3500);
    await store.append(s, 2, [{ type: 'sessionEnded', seq: 3, at: 3 }]);
    expect(await redis.ttl(snapKey)).toBeGreaterThan(7000);
    expect(await store.loadSnapshot(s)).toMatchObject({ version: 1, state: { marker: 'v1' } });
    await store.close();
  });
});

describe('Redis store: a writer sets a log\'s idle TTL again once per refresh window', () => {
  it('skips the EXPIRE within a window, sets it in the next, counts only an append that was stored, and always sets the replay TTL at the end', async () => {
    const redis = new Redis(REDIS_URL, { ...storeClientOptions, lazyConnect: true });
    await redis.connect();
    let now = 1_000_000;
    const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 7200, clock: () => now });
    const window = refreshEveryMs(3600);
    expect(window).toBe(60_000);
    const s = `ttlwindow-${process.pid}-${Date.now()}`;
    const { log } = roomKeys(prefix, s);
    let version = 0;
    const next = async (fact: RoomFact['type'] = 'sessionStarted') => {
      const result = await store.append(s, version, [{ type: fact, seq: version + 1, at: now } as RoomFact]);
      expect(result.ok).toBe(true);
      version++;
    };
    await store.append(s, 0, [{ type: 'sessionCreated', seq: 1, at: now, sessionId: s, scenarioId: 'x', title: 'X', turnCount: 1, seed: 1 }]);
    version = 1;
    expect(await redis.ttl(log)).toBeGreaterThan(3500);

    await redis.expire(log, 100);
    now += window - 1;
    await next();
    expect(await redis.ttl(log)).toBeLessThanOrEqual(100);

    now += 1;
    const stale = await store.append(s, version - 1, [{ type: 'sessionStarted', seq: version, at: now }]);
    expect(stale).toMatchObject({ ok: false, reason: 'conflict' });
    expect(await redis.ttl(log)).toBeLessThanOrEqual(100);
    await next();
    expect(await redis.ttl(log)).toBeGreaterThan(3500);

    await redis.expire(log, 100);
    await next('sessionEnded');
    expect(await redis.ttl(log)).toBeGreaterThan(7000);
    await store.close();
  });
});
