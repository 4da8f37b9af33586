import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createLogger } from '../../server/log.js';
import { redisFanout, type Fanout, type WireDelivery } from '../../server/transport/fanout.js';
import { startRedisServer } from '../support/processes.js';
import { REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

const logger = createLogger('silent');
const connections: Redis[] = [];
beforeAll(requireRedis);
afterAll(() => { for (const c of connections) c.disconnect(); });

/** One instance's fan-out over its own publish and subscribe connections, with what it received. */
function instance(prefix: string, sharded: boolean, url = REDIS_URL) {
  const pub = new Redis(url);
  const sub = new Redis(url);
  connections.push(pub, sub);
  const received: { sessionId: string; deliveries: WireDelivery[] }[] = [];
  const waiters: (() => void)[] = [];
  const fanout: Fanout = redisFanout(pub, sub, { prefix, sharded, logger })((sessionId, deliveries) => {
    received.push({ sessionId, deliveries });
    for (const w of waiters.splice(0)) w();
  });
  const next = () => new Promise<void>((resolve) => waiters.push(resolve));
  return { fanout, received, next, pub };
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
      const fanout = redisFanout(pub, sub, { prefix: 'p', sharded: true, logger })((_, deliveries) => { received.push(deliveries); });
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
