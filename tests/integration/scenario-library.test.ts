import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { checkScenarioDir } from '../../server/scenarios/catalogue.js';
import { closeAll, playSession, type BotSpec } from '../../server/tools/play.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { startTestServer } from '../support/server.js';

/** Every scenario in scenarios/ is played to the end by bots through the real server. */
const { scenarios, problems } = await checkScenarioDir('scenarios');

let app: RunningApp;
// Seeds are an input: fixed here so every run plays the same draws (signals, streaks, conditions).
let seed = 1000;
beforeAll(async () => { app = await startTestServer({}, { newSeed: () => seed++ }); });
afterAll(async () => { await app.close(); });

/** Six bots, biased in the odd seats: in a sequential game those seats see history they can herd on. */
function cast(scenario: Scenario): BotSpec[] {
  const n = Math.min(scenario.players.max, Math.max(scenario.players.min, 6));
  return Array.from({ length: n }, (_, i) => ({ nickname: `Bot ${i + 1}`, policy: i % 2 === 1 ? 'biased' : 'normative' }));
}

/**
 * Known biases scored back through the real server and the scenarios' own items (BIASES.md):
 * bot policy → expected individual score and tolerance, per scenario and bias.
 */
const recovery: Record<string, { bias: string; biased: number; normative: number; tolerance: number }[]> = {
  'relationship-dynamics': [{ bias: 'present bias', biased: 0.7, normative: 1, tolerance: 0.05 }],
  'coffee-shop': [{ bias: 'exponential growth bias', biased: 1, normative: 0, tolerance: 0.05 }],
  'retirement-savings': [{ bias: 'exponential growth bias', biased: 1, normative: 0, tolerance: 0.05 }],
  'cab-problem': [{ bias: 'base-rate neglect', biased: 1, normative: 0, tolerance: 0.02 }],
  'investment-thesis': [{ bias: 'selective exposure', biased: 1, normative: 0, tolerance: 0 }, { bias: 'confirmation bias', biased: 0.6, normative: 0, tolerance: 0.05 }],
  'urn-cascade': [{ bias: 'herding', biased: Number.NaN, normative: 0, tolerance: 0 }],
  'streak-game': [{ bias: "gambler's fallacy", biased: 0.5, normative: Number.NaN, tolerance: 0 }],
};

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
      for (const expectation of recovery[scenario.id] ?? []) {
        for (const seat of report.seats) {
          const target = seat.policy === 'biased' ? expectation.biased : expectation.normative;
          if (Number.isNaN(target)) continue;
          const score = report.debriefs[seat.playerId]?.findings.find((f) => f.bias === expectation.bias)?.score;
          expect(Math.abs((score ?? Number.NaN) - target), `${seat.policy} ${expectation.bias}`).toBeLessThanOrEqual(expectation.tolerance + 1e-9);
        }
      }
    } finally {
      closeAll(report);
    }
  });
});
