import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { foldRoom } from '../../server/room/machine/index.js';
import { checkScenarioDir } from '../../server/scenarios/catalogue.js';
import { closeAll, playSession } from '../../server/tools/play.js';
import type { RoomFact } from '../../shared/protocol/index.js';
import { startTestServer } from '../support/server.js';
import { deleteKeys, REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

/** RELIABILITY.md R11: finished sessions rebuilt from their logs in a fresh process equal the live state. */
const prefix = testPrefix('rebuild');
let app: RunningApp;
let seed = 500;
beforeAll(async () => {
  await requireRedis();
  app = await startTestServer({ REDIS_URL, REDIS_KEY_PREFIX: prefix }, { newSeed: () => seed++ });
});
afterAll(async () => {
  await app.close();
  await deleteKeys(prefix);
});

describe('rebuilding finished sessions from their logs', () => {
  it('gives the live state for every session, with gap-free sequence numbers', async () => {
    const { scenarios } = await checkScenarioDir('scenarios');
    const live = new Map<string, RoomFact[]>();
    for (const scenario of [...scenarios, ...scenarios]) {
      const bots = Array.from({ length: Math.max(scenario.players.min, 3) }, (_, i) => ({ nickname: `B${i}`, policy: i % 2 ? 'biased' as const : 'normative' as const }));
      const report = await playSession(app.url, scenario, bots);
      expect((await report.facilitator.send('session:end', {})).ok).toBe(true);
      await report.facilitator.waitFor((e) => e.type === 'sessionEnded');
      // The facilitator's projection is the facts themselves: what the live room went through.
      live.set(report.sessionId, report.facilitator.events as RoomFact[]);
      closeAll(report);
    }
    const rebuilt = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', 'tests/support/rebuild.ts', REDIS_URL, prefix, ...live.keys()], { encoding: 'utf8' })) as
      Record<string, { state: unknown; seqs: number[] }>;
    expect(Object.keys(rebuilt)).toHaveLength(live.size);
    for (const [id, facts] of live) {
      const fresh = rebuilt[id];
      expect(fresh?.seqs).toEqual(facts.map((_, i) => i + 1));
      expect(fresh?.state).toEqual(JSON.parse(JSON.stringify(foldRoom(facts))));
      expect((fresh?.state as { phase: { status: string } }).phase.status).toBe('ended');
    }
  }, 120_000);
});
