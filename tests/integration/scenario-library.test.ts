import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { checkScenarioDir } from '../../server/scenarios/catalogue.js';
import { closeAll, playSession, type BotSpec } from '../../server/tools/play.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { startTestServer } from '../support/server.js';

/** Every scenario in scenarios/ is played to the end by bots through the real server. */
const { scenarios, problems } = await checkScenarioDir('scenarios');

let app: RunningApp;
beforeAll(async () => { app = await startTestServer(); });
afterAll(async () => { await app.close(); });

function cast(scenario: Scenario): BotSpec[] {
  const n = Math.min(scenario.players.max, Math.max(scenario.players.min, 4));
  return Array.from({ length: n }, (_, i) => ({ nickname: `Bot ${i + 1}`, policy: i % 2 === 0 ? 'biased' : 'normative' }));
}

describe('the scenario library', () => {
  it('has no broken scenario files', () => {
    expect(problems).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(1);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s is played to the end by bots', async (_id, scenario) => {
    const report = await playSession(app.url, scenario, cast(scenario));
    try {
      expect(Object.keys(report.debriefs).sort()).toEqual(report.seats.map((s) => s.playerId).sort());
      const detectorsSeen = new Set([...report.classSummary.findings, ...Object.values(report.debriefs).flatMap((d) => d.findings)].map((f) => f.detector));
      expect([...scenario.detectors].filter((d) => !detectorsSeen.has(d))).toEqual([]);
      // The scenario measures something: biased and normative bots are not told the same. (Group-only
      // effects such as framing have no individual score, but the explanation differs.)
      const scores = (policy: string) => report.seats.filter((s) => s.policy === policy)
        .flatMap((s) => report.debriefs[s.playerId]?.findings.map((f) => `${f.bias}:${f.score}:${f.explanation}`) ?? []);
      expect(scores('biased')).not.toEqual(scores('normative'));
      // Nobody but the facilitator and the decider saw a private decision before its reveal.
      expect(report.spectator.events.some((e) => e.type === 'decisionSubmitted' && !e.public)).toBe(false);
      expect(report.spectator.events.some((e) => e.type === 'debriefPublished')).toBe(true);
    } finally {
      closeAll(report);
    }
  });
});
