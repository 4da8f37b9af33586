import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { failFastOptions } from '../../server/store/redis.js';

export const REDIS_URL = process.env.COGNITRAP_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Redis suites never skip silently: without a Redis they fail with a message that says how to
 * get one.
 */
export async function requireRedis(): Promise<void> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    throw new Error(`These tests need a real Redis at ${REDIS_URL} (set COGNITRAP_TEST_REDIS_URL to use another). ` +
      'Install and start one: `apt-get install -y redis-server && redis-server --daemonize yes --port 6379 --save "" --appendonly no`.');
  } finally {
    probe.disconnect();
  }
}

/** A key prefix no other test run uses, and a way to remove everything under it afterwards. */
export function testPrefix(name: string): string {
  return `cgtest:${name}:${process.pid}:${Date.now()}`;
}

export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** A connected client with the server's fail-fast options (no offline queue: connect before use). */
export async function connectTestRedis(): Promise<Redis> {
  const redis = new Redis(REDIS_URL, { ...failFastOptions, lazyConnect: true });
  await redis.connect();
  return redis;
}

/**
 * For a suite that works on Redis directly: require it, connect before the suite, and afterwards
 * disconnect and delete every key under the suite's prefix.
 */
export function useTestRedis(name: string): { prefix: string; redis: () => Redis } {
  const prefix = testPrefix(name);
  let client: Redis | null = null;
  beforeAll(async () => {
    await requireRedis();
    client = await connectTestRedis();
  });
  afterAll(async () => {
    client?.disconnect();
    await deleteKeys(prefix);
  });
  return { prefix, redis: () => { if (!client) throw new Error('Redis is not connected yet'); return client; } };
}
