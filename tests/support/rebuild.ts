/**
 * Run in a fresh process: rebuild sessions from their Redis logs alone and print each folded
 * state as JSON. Arguments: redis URL, key prefix, session ids.
 */
import { Redis } from 'ioredis';
import { foldRoom } from '../../server/room/machine/index.js';
import { createRedisStore } from '../../server/store/redis.js';

const [url = '', prefix = '', ...sessionIds] = process.argv.slice(2);
const redis = new Redis(url);
const store = createRedisStore(redis, { prefix, instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 3600 });
const out: Record<string, unknown> = {};
for (const id of sessionIds) {
  const log = await store.readFacts(id, 0);
  out[id] = { state: foldRoom(log), seqs: log.map((f) => f.seq) };
}
process.stdout.write(JSON.stringify(out));
await store.close();
