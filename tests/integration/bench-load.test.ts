import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { closeAll, runLoad, setUp } from '../../server/bench/load.js';
import { startTestServer } from '../support/server.js';

/**
 * The benchmark's own bots against a real server, briefly: every figure `npm run bench` reports
 * about Cognitrap comes from these callbacks, so a change to what the server pushes must not leave
 * them counting nothing (a run would print "—" where a latency belongs).
 */
describe('the benchmark load generator', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startTestServer({ SCENARIOS_DIR: 'server/bench/scenarios' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('decides in a closed loop and times the acks and the pushes to other players and spectators', async () => {
    const bench = await setUp('cognitrap', [app.url], 2, 3, 1);
    const marks: string[] = [];
    const load = await runLoad('cognitrap', bench, 0, 200, 600, (phase) => { marks.push(phase); });
    closeAll(bench);
    expect(marks).toEqual(['start', 'end']);
    expect(load.errors).toBe(0);
    expect(load.decisions).toBeGreaterThan(0);
    expect(load.ack.length).toBeGreaterThanOrEqual(load.decisions);
    // Each decision reaches the room's two other players and its spectator.
    expect(load.pushPlayer.length).toBeGreaterThan(load.decisions);
    expect(load.pushSpectator.length).toBeGreaterThan(load.decisions / 2);
    expect(Math.min(...load.pushPlayer, ...load.pushSpectator)).toBeGreaterThan(0);
  });
});
