import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compoundValue, consequenceOutcome, consequenceResult, consequenceVars, linearValue, savingsValue, simpleInterestValue,
} from '../../shared/engine/index.js';
import { testScenario } from '../support/fixtures.js';

const rate = fc.double({ min: 0.001, max: 0.5, noNaN: true });
const years = fc.integer({ min: 1, max: 60 });
const money = fc.double({ min: 1, max: 1e6, noNaN: true });

describe('growth models (properties)', () => {
  it('compound saving with zero contribution equals exponential growth', () => {
    fc.assert(fc.property(money, rate, years, (p, r, t) => {
      expect(savingsValue(p, r, t, 0)).toBeCloseTo(compoundValue(p, r, t), 6);
      expect(simpleInterestValue(p, r, t, 0)).toBeCloseTo(linearValue(p, r, t), 6);
    }));
  });

  it('is monotonic in rate and in time, and never below simple interest', () => {
    fc.assert(fc.property(money, rate, rate, years, years, fc.double({ min: 0, max: 1e4, noNaN: true }), (p, r1, r2, t1, t2, c) => {
      const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
      const [short, long] = t1 <= t2 ? [t1, t2] : [t2, t1];
      expect(savingsValue(p, hi, short, c)).toBeGreaterThanOrEqual(savingsValue(p, lo, short, c) * (1 - 1e-12));
      expect(savingsValue(p, lo, long, c)).toBeGreaterThanOrEqual(savingsValue(p, lo, short, c) * (1 - 1e-12));
      expect(savingsValue(p, lo, long, c)).toBeGreaterThanOrEqual(simpleInterestValue(p, lo, long, c) * (1 - 1e-12));
    }));
  });

  it('computes a known savings value: 1,200 a year at 5 % for 40 years', () => {
    expect(savingsValue(0, 0.05, 40, 1200)).toBeCloseTo(144_959.9, 0);
    expect(simpleInterestValue(0, 0.05, 40, 1200)).toBeCloseTo(94_800, 6);
  });
});

describe('seeded consequences (properties)', () => {
  const env = (seed: number, turnId: string) => ({ scenario: testScenario, seed, turn: 0, turnId });
  const player = (playerId: string, seat = 0) => ({ playerId, seat, vars: {}, history: [] });

  it('draws the same streak, urn, signal and outcome for a fixed seed, and only from the seed', () => {
    const streak = { kind: 'streak' as const, length: 4, outcomes: ['H', 'T'] as [string, string], total: 10 };
    const cascade = { kind: 'cascade-guess' as const, urns: ['A', 'B'] as [string, string], accuracy: 2 / 3 };
    const draw = { kind: 'outcome-draw' as const, variable: 'cash', start: 0, options: { go: { probability: 0.5, success: 1, failure: -1, successText: 's', failureText: 'f', pastCost: 0 } } };
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string({ minLength: 1 }), (seed, id) => {
      for (const c of [streak, cascade]) {
        expect(consequenceVars(c, env(seed, 't'), player(id))).toEqual(consequenceVars(c, env(seed, 't'), player(id)));
        expect(consequenceOutcome(c, env(seed, 't'))).toEqual(consequenceOutcome(c, env(seed, 't')));
      }
      const decision = { kind: 'choice' as const, optionId: 'go' };
      expect(consequenceResult(draw, env(seed, 't'), player(id), decision, {})).toEqual(consequenceResult(draw, env(seed, 't'), player(id), decision, {}));
    }));
  });

  it('ends every streak sequence in a streak of exactly the asked length', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), (seed, length) => {
      const c = { kind: 'streak' as const, length, outcomes: ['H', 'T'] as [string, string], total: 10 };
      const seq = String(consequenceVars(c, env(seed, 's'), player('p')).sequence).split(' ');
      const last = seq[seq.length - 1];
      expect(seq.slice(-length).every((x) => x === last)).toBe(true);
      if (seq.length > length) expect(seq[seq.length - length - 1]).not.toBe(last);
    }));
  });

  it('gives private cascade signals that match the true urn about two times in three', () => {
    const c = { kind: 'cascade-guess' as const, urns: ['A', 'B'] as [string, string], accuracy: 2 / 3 };
    let right = 0;
    const n = 3000;
    for (let i = 0; i < n; i++) {
      const outcome = consequenceOutcome(c, env(i, 'round'));
      const signal = consequenceVars(c, env(i, 'round'), player(`p${i}`, i % 7)).signal;
      if (signal === c.urns[outcome.trueUrnIndex ?? 0]) right++;
    }
    expect(Math.abs(right / n - 2 / 3)).toBeLessThan(0.03);
  });
});
