import { describe, expect, it } from 'vitest';
import { redisStartupCheck } from '../../server/store/redis.js';

/** INFO as Redis writes it (sections, CRLF), with the fields the check reads. */
const info = (version: string, aof: '0' | '1', policy: string) =>
  ['# Server', `redis_version:${version}`, 'redis_mode:standalone', '', '# Memory', `maxmemory_policy:${policy}`, '', '# Persistence', `aof_enabled:${aof}`, ''].join('\r\n');

describe('what a Redis INFO says about starting on it', () => {
  it('finds nothing wrong with a durable Redis 7', () => {
    expect(redisStartupCheck(info('7.0.15', '1', 'noeviction'), { sharded: true })).toEqual({ unusable: [], unsafe: [] });
  });
  it('refuses the sharded adapter on Redis 6, naming the version and the way out; classic is fine there', () => {
    const { unusable } = redisStartupCheck(info('6.2.14', '1', 'noeviction'), { sharded: true });
    expect(unusable).toHaveLength(1);
    expect(unusable[0]).toContain('6.2.14');
    expect(unusable[0]).toContain('REDIS_ADAPTER=classic');
    expect(redisStartupCheck(info('6.2.14', '1', 'noeviction'), { sharded: false }).unusable).toEqual([]);
    expect(redisStartupCheck(info('10.0.0', '1', 'noeviction'), { sharded: true }).unusable).toEqual([]);
  });
  it('calls a Redis without AOF or with eviction unsafe, saying what to set', () => {
    const { unsafe } = redisStartupCheck(info('7.2.4', '0', 'allkeys-lru'), { sharded: true });
    expect(unsafe).toEqual([expect.stringContaining('appendonly yes'), expect.stringContaining('"allkeys-lru"')]);
  });
});
