import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'winston';
import type { ServerOptions } from 'socket.io';
import type { Config } from '../config.js';
import type { JsonText } from '../../shared/protocol/index.js';
import { createRedisStore, failFastOptions, redisStartupCheck, roomKeys, storeClientOptions } from './redis.js';
import type { Store } from './port.js';
import { redisFanout, type FanoutFactory } from '../transport/fanout.js';

/** The server will not start on this Redis; the message says what to change. */
export class RedisStartupError extends Error {}

export class UnsafeRedisError extends RedisStartupError {
  constructor(problems: string[]) {
    super(`refusing to start: this Redis could lose acknowledged decisions.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      'Fix the Redis configuration, or set REDIS_ALLOW_UNSAFE=true to accept the risk.');
  }
}

export type RedisParts = {
  store: Store;
  /** The Socket.IO adapter factory: cluster-wide operations (closing a kicked player's sockets on every instance). */
  adapter: ServerOptions['adapter'];
  /** Room pushes across instances: one message per flush per session. */
  fanout: FanoutFactory;
  close(): Promise<void>;
};

/**
 * Connect the store and the fan-out to Redis. The adapter gets its own publish and subscribe
 * clients from us (Socket.IO's adapter takes its clients from the caller).
 */
export async function connectRedis(config: NonNullable<Config['redis']>, env: Config['env'], logger: Logger, stored: { retention: Config['retention']; jsonText?: JsonText }): Promise<RedisParts> {
  // Auto-pipelining sends the commands issued in one tick (the adapter's publishes) in one write
  // instead of a write each: under load that is most of the difference in CPU per command.
  const client = new Redis(config.url, { ...storeClientOptions, lazyConnect: true });
  const pub = new Redis(config.url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: failFastOptions.retryStrategy, enableAutoPipelining: true });
  const sub = pub.duplicate({ enableAutoPipelining: false });
  const pushSub = pub.duplicate({ enableAutoPipelining: false });
  const all = [client, pub, sub, pushSub];
  let down = false;
  for (const [name, c] of [['store', client], ['pub', pub], ['sub', sub], ['push-sub', pushSub]] as const) {
    c.on('error', (err: Error) => {
      if (!down) logger.warn('redis connection error', { client: name, err: err.message });
      down = true;
    });
    c.on('ready', () => {
      if (down) logger.info('redis connection restored', { client: name });
      down = false;
    });
  }
  await Promise.all(all.map((c) => c.connect()));
  // One INFO read answers both questions: can this configuration work here, and is it safe.
  const { unusable, unsafe } = redisStartupCheck(await client.info(), { sharded: config.adapter === 'sharded' });
  if (unusable.length > 0) {
    for (const c of all) c.disconnect();
    throw new RedisStartupError(`refusing to start:\n${unusable.map((p) => `  - ${p}`).join('\n')}`);
  }
  if (unsafe.length > 0) {
    if (env === 'production' && !config.allowUnsafe) {
      for (const c of all) c.disconnect();
      throw new UnsafeRedisError(unsafe);
    }
    logger.warn('redis may lose data', { problems: unsafe });
  }
  // This instance in the rooms' listener sets: its appends learn whether any other instance listens.
  const instanceId = randomUUID();
  const store = createRedisStore(client, { prefix: config.prefix, instanceId, ...stored.retention, ...(stored.jsonText ? { jsonText: stored.jsonText } : {}) });
  const channelPrefix = `${config.prefix}:sio`;
  // Room pushes go through the fan-out, not the adapter: it carries only cluster-wide operations
  // (a kick), on its main channel, so it needs no channel per Socket.IO room ('static').
  const adapter = config.adapter === 'sharded'
    ? createShardedAdapter(pub, sub, { channelPrefix, subscriptionMode: 'static' })
    : createAdapter(pub, sub, { key: channelPrefix });
  return {
    store, adapter,
    fanout: redisFanout(pub, pushSub, {
      prefix: channelPrefix, sharded: config.adapter === 'sharded', logger,
      listeners: { instanceId, key: (sessionId) => roomKeys(config.prefix, sessionId).listeners, ttlSeconds: stored.retention.idleTtlSeconds },
    }),
    async close() {
      for (const c of all) c.disconnect();
    },
  };
}
