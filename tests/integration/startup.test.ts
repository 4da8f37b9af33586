import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioLoadError } from '../../server/scenarios/catalogue.js';
import { startTestServer } from '../support/server.js';
import { startRedisServer } from '../support/processes.js';
import { UnsafeRedisError } from '../../server/store/redis-wiring.js';

describe('server start-up', () => {
  it('refuses to start with a broken scenario, naming the file and the path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cognitrap-scenarios-'));
    const broken = readFileSync('scenarios/coffee-shop.yaml', 'utf8').replace('horizon: 8 }', 'horizon: "eight" }');
    writeFileSync(path.join(dir, 'coffee-shop.yaml'), broken);
    const started = startTestServer({ SCENARIOS_DIR: dir });
    await expect(started).rejects.toBeInstanceOf(ScenarioLoadError);
    await expect(started).rejects.toThrow(/coffee-shop\.yaml: turns\[1\]\.consequence\.horizon: /);
  });
});

describe('start-up against an unsafe Redis', () => {
  it('refuses in production against a Redis without AOF, saying what to change; starts when told to accept it', async () => {
    const redis = await startRedisServer({ aof: false });
    try {
      const env = { NODE_ENV: 'production', REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'cgstartup' };
      await expect(startTestServer(env)).rejects.toBeInstanceOf(UnsafeRedisError);
      await expect(startTestServer(env)).rejects.toThrow(/appendonly yes/);
      const app = await startTestServer({ ...env, REDIS_ALLOW_UNSAFE: 'true' });
      expect(app.storeKind).toBe('redis');
      await app.close();
    } finally {
      await redis.stop();
    }
  });

  it('starts in production against a Redis with AOF and noeviction', async () => {
    const redis = await startRedisServer();
    try {
      const app = await startTestServer({ NODE_ENV: 'production', REDIS_URL: redis.url });
      expect(app.storeKind).toBe('redis');
      await app.close();
    } finally {
      await redis.stop();
    }
  });
});
