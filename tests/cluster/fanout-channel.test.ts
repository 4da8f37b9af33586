import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/log.js';
import { redisFanout, type Fanout, type RoomListeners, type WireDelivery } from '../../server/transport/fanout.js';
import { createRedisStore, refreshEveryMs, roomKeys } from '../../server/store/redis.js';
import type { RoomFact } from '../../shared/protocol/index.js';
import { startRedisServer } from '../support/processes.js';
import { REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

const logger = createLogger('silent');
const connections: Redis[] = [];
beforeAll(requireRedis);
afterAll(() => { for (const c of connections) c.disconnect(); });

let instances = 0;
/** The listener sets under the store's keys, as the server wires them, for a new instance id. */
const listenersOf = (prefix: string): RoomListeners => ({ instanceId: `instance-${instances++}`, key: (s) => roomKeys(prefix, s).listeners, ttlSeconds: 600 });

/** One instance's fan-out over its own publish and subscribe connections, with what it received. */
function instance(prefix: string, sharded: boolean, url = REDIS_URL) {
  const pub = new Redis(url);
  const sub = new Redis(url);
  connections.push(pub, sub);
  const received: { sessionId: string; deliveries: WireDelivery[] }[] = [];
  const waiters: (() => void)[] = [];
  const listeners = listenersOf(prefix);
  const fanout: Fanout = redisFanout(pub, sub, { prefix, sharded, logger, listeners })((sessionId, deliveries) => {
    received.push({ sessionId, deliveries });
    for (const w of waiters.splice(0)) w();
  });
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  return { fanout, received, next, pub, id: listeners.instanceId };
}

const batch = (n: number): WireDelivery[] => [
  { room: 's1:f', except: [], json: `{"events":[{"type":"x","seq":${n}}],"catchUp":false}` },
  { room: 's1:o', except: ['s1:p:a', 's1:p:b'], json: `{"events":[{"type":"y\\nz","seq":${n}}],"catchUp":false}` },
];

describe.each([true, false])('fan-out channel over Redis (sharded: %s)', (sharded) => {
  it("carries a flush's deliveries to the other instances listening to the session, in order, and not back to the sender", async () => {
    const prefix = testPrefix('fanout-channel');
    const a = instance(prefix, sharded);
    const b = instance(prefix, sharded);
    await Promise.all([a.fanout.join('s1'), b.fanout.join('s1')]);
    const arrived = (async () => { while (b.received.length < 2) await b.next(); })();
    await a.fanout.publish('s1', batch(1));
    await a.fanout.publish('s1', batch(2));
    await arrived;
    expect(b.received).toEqual([{ sessionId: 's1', deliveries: batch(1) }, { sessionId: 's1', deliveries: batch(2) }]);
    // b's own message reaches a, and a heard nothing of its own before it.
    const heard = a.next();
    await b.fanout.publish('s1', batch(3));
    await heard;
    expect(a.received).toEqual([{ sessionId: 's1', deliveries: batch(3) }]);
    a.fanout.close();
    b.fanout.close();
  });

  it('listens while any local socket of the session does, and stops after the last leaves', async () => {
    const prefix = testPrefix('fanout-channel');
    const a = instance(prefix, sharded);
    const listeners = async () => {
      const reply = sharded ? await a.pub.call('PUBSUB', 'SHARDNUMSUB', `${prefix}:push:{s2}`) : await a.pub.call('PUBSUB', 'NUMSUB', `${prefix}:push:{s2}`);
      return Number((reply as [string, number])[1]);
    };
    await a.fanout.join('s2');
    await a.fanout.join('s2');
    expect(await listeners()).toBe(1);
    a.fanout.leave('s2');
    expect(await listeners()).toBe(1);
    a.fanout.leave('s2');
    // The unsubscribe is on its way: a round trip on the same connection orders after it.
    await a.fanout.join('s3');
    expect(await listeners()).toBe(0);
    a.fanout.close();
  });

  it("lists an instance in the session's listener set once subscribed, until its last socket leaves or it closes; an append by another instance sees it", async () => {
    const prefix = testPrefix('fanout-listeners');
    const a = instance(prefix, sharded);
    const b = instance(prefix, sharded);
    const redis = new Redis(REDIS_URL);
    connections.push(redis);
    const members = (s: string) => redis.smembers(roomKeys(prefix, s).listeners).then((m) => m.sort());
    // The writer is instance a; its store learns from each append whether another instance listens.
    let now = 0;
    const store = createRedisStore(new Redis(REDIS_URL), { prefix, instanceId: a.id, idleTtlSeconds: 600, replayTtlSeconds: 600, clock: () => now });
    let seq = 0;
    const fact = (): RoomFact => (seq++ === 0
      ? { type: 'sessionCreated', seq, at: 0, sessionId: 's5', scenarioId: 'x', title: 'X', turnCount: 1, seed: 1 }
      : { type: 'sessionStarted', seq, at: 0 });
    const append = async () => {
      const result = await store.append('s5', seq, [fact()]);
      if (!result.ok) throw new Error('append refused');
      return result.elsewhere;
    };
    expect(await append()).toBe(false);
    await a.fanout.join('s5');
    expect(await members('s5')).toEqual([a.id]);
    // Only the writer itself listens: nobody else to publish to.
    expect(await append()).toBe(false);
    await b.fanout.join('s5');
    await b.fanout.join('s5');
    expect(await members('s5')).toEqual([a.id, b.id].sort());
    expect(await append()).toBe(true);
    // An append keeps the listener set as long as the log (whose TTL it sets again once per
    // refresh window): about to expire, it lives on.
    await redis.expire(roomKeys(prefix, 's5').listeners, 5);
    now += refreshEveryMs(600);
    expect(await append()).toBe(true);
    expect(await redis.ttl(roomKeys(prefix, 's5').listeners)).toBeGreaterThan(500);
    b.fanout.leave('s5');
    expect(await append()).toBe(true);
    b.fanout.leave('s5');
    // The leave is on its way on b's connection: a round trip on it orders after it.
    await b.pub.ping();
    expect(await members('s5')).toEqual([a.id]);
    expect(await append()).toBe(false);
    await b.fanout.join('s6');
    b.fanout.close();
    await b.pub.ping();
    expect(await members('s6')).toEqual([]);
    await store.close();
    a.fanout.close();
  });
});

describe('fan-out channel: a subscription Redis refuses', () => {
  it('fails the join (the transport then drops the socket, which reconnects) and the next join tries again', async () => {
    // A Redis of this test's own, where a user may use keys but no channels until allowed.
    const redis = await startRedisServer({ aof: false });
    try {
      const admin = new Redis(redis.url);
      connections.push(admin);
      await admin.call('ACL', 'SETUSER', 'pusher', 'on', '>pw', '~*', 'resetchannels', '+@all');
      const url = `redis://pusher:pw@127.0.0.1:${redis.port}`;
      const pub = new Redis(url);
      const sub = new Redis(url);
      connections.push(pub, sub);
      const received: WireDelivery[][] = [];
      const fanout = redisFanout(pub, sub, { prefix: 'p', sharded: true, logger, listeners: listenersOf('p') })((_, deliveries) => { received.push(deliveries); });
      await expect(fanout.join('s1')).rejects.toThrow(/NOPERM|permission/i);
      await admin.call('ACL', 'SETUSER', 'pusher', 'allchannels');
      await fanout.join('s1');
      const other = instance('p', true, redis.url);
      await other.fanout.publish('s1', batch(1));
      await expect.poll(() => received).toEqual([batch(1)]);
      fanout.close();
      other.fanout.close();
    } finally {
      await redis.stop();
    }
  });
});
