import { afterAll, beforeAll } from 'vitest';
import { Redis } from 'ioredis';
import { createRedisStore, failFastOptions } from '../../server/store/redis.js';
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
