import { describe, expect, it } from 'vitest';
import { compoundValue, fitGrowthAlpha, growthBiasIndex, linearValue, scoreExponentialGrowth, summarizeExponentialGrowth } from '../../shared/engine/index.js';
import { consequenceOutcome, consequenceResult, consequenceVars } from '../../shared/engine/index.js';
import { testScenario } from '../support/fixtures.js';

describe('growth model', () => {
  it('compounds: 200 customers at 10 % for 4 weeks is 292.82', () => {
    expect(compoundValue(200, 0.1, 4)).toBeCloseTo(292.82, 2);
  });
  it('extrapolates linearly: 200 at 10 % for 4 weeks adds 20 a week to 280', () => {
    expect(linearValue(200, 0.1, 4)).toBe(280);
  });
  it('agrees with the linear value after exactly one period', () => {
    expect(compoundValue(150, 0.07, 1)).toBeCloseTo(linearValue(150, 0.07, 1), 10);
  });
});

describe('exponential growth index b = (V − E)/(V − V_lin)', () => {
  // Hand-computed: V = 200·1.1^10 = 518.7485, V_lin = 400.
  const V = 518.7485;
  it('is 0 for the true value and 1 for the linear value', () => {
    expect(growthBiasIndex(V, V, 400)).toBeCloseTo(0, 6);
    expect(growthBiasIndex(400, V, 400)).toBeCloseTo(1, 6);
  });
  it('is 0.5 halfway, above 1 below the linear answer, negative above the truth', () => {
    expect(growthBiasIndex((V + 400) / 2, V, 400)).toBeCloseTo(0.5, 6);
    expect(growthBiasIndex(300, V, 400)).toBeCloseTo((V - 300) / (V - 400), 6); // 1.8421
    expect(growthBiasIndex(300, V, 400)).toBeCloseTo(1.8421, 3);
    expect(growthBiasIndex(600, V, 400)).toBeLessThan(0);
  });
  it('is undefined when the true and the linear value coincide', () => {
    expect(growthBiasIndex(100, 110, 110)).toBeNull();
  });
});

describe('alpha fit over several items', () => {
  const items = (alpha: number) => [[100, 0.1, 4], [100, 0.1, 10], [300, 0.05, 30]].map(([p = 0, r = 0, t = 0]) => {
    const trueValue = compoundValue(p, r, t);
    const lin = linearValue(p, r, t);
    return { estimate: (1 - alpha) * lin + alpha * trueValue, trueValue, linearValue: lin };
  });
  it('recovers alpha exactly from noise-free answers, with a zero-width interval', () => {
    for (const alpha of [0, 0.3, 1]) {
      const fit = fitGrowthAlpha(items(alpha));
      expect(fit?.alpha).toBeCloseTo(alpha, 9);
      expect(fit?.standardError).toBeCloseTo(0, 9);
    }
  });
  it('scores fully linear thinkers b = 1 and exponential thinkers b = 0', () => {
    expect(scoreExponentialGrowth(items(0).map((it, i) => ({ ...it, turnId: `t${i}` }))).score).toBeCloseTo(1, 4);
    expect(scoreExponentialGrowth(items(1).map((it, i) => ({ ...it, turnId: `t${i}` }))).score).toBeCloseTo(0, 4);
  });
  it('gives an interval that contains b when answers are noisy', () => {
    const noisy = items(0.4).map((it, i) => ({ ...it, estimate: it.estimate * (1 + [0.01, -0.015, 0.005][i]!), turnId: `t${i}` }));
    const finding = scoreExponentialGrowth(noisy);
    expect(finding.interval).not.toBeNull();
    const [lo, hi] = finding.interval!;
    expect(lo).toBeLessThan(finding.score!);
    expect(hi).toBeGreaterThan(finding.score!);
    expect(Math.abs(finding.score! - 0.6)).toBeLessThan(0.1);
  });
  it('returns no score without usable items', () => {
    expect(fitGrowthAlpha([])).toBeNull();
    expect(scoreExponentialGrowth([]).score).toBeNull();
  });
  it('summarizes a class by its median and bands', () => {
    const f = (score: number) => ({ detector: 'exponential-growth', bias: 'x', score, interval: null, n: 3, evidence: ['t0'], explanation: '' });
    const summary = summarizeExponentialGrowth([f(1), f(0.9), f(0), f(0.5)]);
    expect(summary.finding.score).toBeCloseTo(0.7, 9);
    expect(summary.distribution.map((d) => d.count)).toEqual([0, 1, 1, 2]);
  });
});

describe('growth-forecast consequence', () => {
  const scenario = { ...testScenario, model: { kind: 'exponential-growth' as const, initial: 200, rate: 0.1, unit: 'customers', period: 'week' } };
  const c = { kind: 'growth-forecast' as const, at: 4, horizon: 8 };
  const env = { scenario, seed: 1, turn: 0, turnId: 't0' };
  const player = { playerId: 'p', seat: 0, vars: {}, history: [] };
  it('shows the rounded current value and computes truth from the exact model', () => {
    expect(consequenceVars(c, env, player).current).toBe(293); // 200·1.1^4 = 292.82
    const outcome = consequenceOutcome(c, env);
    expect(outcome.trueValue).toBeCloseTo(200 * 1.1 ** 12, 6); // 627.69
    expect(outcome.linearValue).toBeCloseTo(293 * 1.8, 6); // 527.4
  });
  it('tells a player how far short of the truth their forecast fell', () => {
    const outcome = consequenceOutcome(c, env);
    const result = consequenceResult(c, env, player, { kind: 'numeric', value: 527 }, outcome);
    expect(result.figures.shortfall).toBeCloseTo(627.69 - 527, 1);
    expect(result.figures.growthBias).toBeCloseTo((outcome.trueValue! - 527) / (outcome.trueValue! - outcome.linearValue!), 9);
    expect(result.feedback).toContain('short');
  });
});
