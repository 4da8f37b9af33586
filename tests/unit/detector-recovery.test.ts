import { describe, expect, it } from 'vitest';
import {
  analyzeCascadeDecision, bayesianPosterior, bayesPosterior, classAnchoring, classCascades, classFraming, classSunkCost,
  compoundValue, linearValue, randomStream, scoreAnchoring, scoreAsymmetricUpdating, scoreBaseRateNeglect, scoreExponentialGrowth,
  scoreGamblersFallacy, scoreHerding, scoreOverestimation, scoreOverprecision, scorePresentBias, scoreSelectiveExposure, scoreSunkCost,
  type AnchorItem, type CascadeDecision, type FrameItem, type PriceListItem, type SunkItem, type Urn,
} from '../../shared/engine/index.js';

/** Seeded standard normal noise (Box–Muller), so every simulated class is reproducible. */
function normals(seed: number) {
  const u = randomStream(seed, 'normal');
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

describe('exponential growth: b recovered within ±0.1 from noisy forecasts', () => {
  const items = [[200, 0.1, 4], [293, 0.1, 8], [628, 0.1, 12], [1970, 0.1, 20]] as const;
  for (const b of [1, 0.5, 0]) {
    it(`b = ${b}`, () => {
      const noise = normals(11 + b * 10);
      const evidence = items.map(([p, r, t], i) => {
        const trueValue = compoundValue(p, r, t);
        const lin = linearValue(p, r, t);
        return { turnId: `t${i}`, trueValue, linearValue: lin, estimate: ((1 - b) * trueValue + b * lin) * (1 + 0.02 * noise()) };
      });
      expect(Math.abs(scoreExponentialGrowth(evidence).score! - b)).toBeLessThan(0.1);
    });
  }
});

describe('anchoring', () => {
  const redwood = (slope: number, seed: number): AnchorItem[] => {
    const noise = normals(seed);
    return Array.from({ length: 60 }, (_, i) => {
      const anchor = i % 2 === 0 ? 180 : 1200;
      return { turnId: 'redwood', playerId: `p${i}`, anchor, truth: 600, estimate: 600 + slope * (anchor - 600) + 60 * noise() };
    });
  };
  it('recovers an anchoring index of 0.5 within ±0.1 at n = 60, significant', () => {
    const f = classAnchoring(redwood(0.5, 1), 99);
    expect(Math.abs(f.score! - 0.5)).toBeLessThan(0.1);
    expect(f.interval![0]).toBeGreaterThan(0);
    expect(f.test!.pValue).toBeLessThan(0.01);
  });
  it('scores unanchored players near 0 with an interval containing 0', () => {
    const f = classAnchoring(redwood(0, 2), 99);
    expect(Math.abs(f.score!)).toBeLessThan(0.1);
    expect(f.interval![0]).toBeLessThanOrEqual(0);
    expect(f.interval![1]).toBeGreaterThanOrEqual(0);
  });
  it('recovers a slope of 0.5 within ±0.05 with continuous random anchors', () => {
    const noise = normals(3);
    const u = randomStream(3, 'anchors');
    const items = Array.from({ length: 60 }, (_, i) => {
      const anchor = 100 + 1000 * u();
      return { turnId: 'q', playerId: `p${i}`, anchor, truth: 600, estimate: 300 + 0.5 * anchor + 20 * noise() };
    });
    expect(Math.abs(classAnchoring(items, 5).score! - 0.5)).toBeLessThan(0.05);
  });
  it('recovers an individual anchoring weight over several items', () => {
    const items = [[50, 200], [1000, 300], [30, 90], [5000, 12000]].map(([truth = 1, anchor = 1], i) => ({
      turnId: `i${i}`, playerId: 'p', truth, anchor, estimate: truth + 0.4 * (anchor - truth),
    }));
    expect(scoreAnchoring(items).score).toBeCloseTo(0.4, 6);
  });
});

describe('framing', () => {
  const classOf = (sureGain: number, sureLoss: number): FrameItem[] => Array.from({ length: 60 }, (_, i) => {
    const frame = i < 30 ? 'gain' : 'loss';
    const k = i % 30;
    return { turnId: 'disease', playerId: `p${i}`, frame, choseSure: k < Math.round((frame === 'gain' ? sureGain : sureLoss) * 30) };
  });
  it("reproduces Tversky & Kahneman's 72 % / 22 %: Δ ≈ 0.50, interval excludes 0 at n = 60", () => {
    const f = classFraming(classOf(0.72, 0.22));
    expect(f.score).toBeCloseTo(0.5, 2);
    expect(f.interval![0]).toBeGreaterThan(0);
    expect(f.test!.pValue).toBeLessThan(0.001);
  });
  it('finds no effect when both frames choose alike', () => {
    const f = classFraming(classOf(0.5, 0.5));
    expect(f.score).toBe(0);
    expect(f.interval![0]).toBeLessThan(0);
    expect(f.test!.pValue).toBeGreaterThan(0.5);
  });
});

describe('confirmation', () => {
  it('scores a player who opens only supporting cards 1, a balanced one 0', () => {
    expect(scoreSelectiveExposure([1, 2, 3].map((i) => ({ turnId: `c${i}`, kind: 'confirming' as const }))).score).toBe(1);
    expect(scoreSelectiveExposure([{ turnId: 'a', kind: 'confirming' }, { turnId: 'b', kind: 'disconfirming' }, { turnId: 'c', kind: 'neutral' }]).score).toBe(0);
  });
  const updates = (rhoConf: number, rhoDisc: number) => [[0.6, 'confirming'], [0.7, 'disconfirming'], [0.5, 'confirming'], [0.55, 'disconfirming']].map(([prior, kind], i) => {
    const p = prior as number;
    const k = kind as 'confirming' | 'disconfirming';
    const bayes = bayesianPosterior(p, k, 3);
    return { turnId: `u${i}`, prior: p, kind: k, likelihoodRatio: 3, posterior: p + (k === 'confirming' ? rhoConf : rhoDisc) * (bayes - p) };
  });
  it('scores Bayesian updaters 0 and recovers an asymmetry of 0.6', () => {
    expect(scoreAsymmetricUpdating(updates(1, 1)).score).toBeCloseTo(0, 6);
    expect(scoreAsymmetricUpdating(updates(1, 0.4)).score).toBeCloseTo(0.6, 6);
  });
});

describe('sunk cost', () => {
  const options = (sunkOnWorse: boolean) => [{ id: 'michigan', forwardValue: 50, pastCost: sunkOnWorse ? 100 : 0 }, { id: 'wisconsin', forwardValue: 80, pastCost: sunkOnWorse ? 50 : 0 }];
  it('counts choices that follow past cost against forward value', () => {
    const biased: SunkItem[] = [{ turnId: 'ski', playerId: 'p', options: options(true), chosen: 'michigan' }];
    expect(scoreSunkCost(biased).score).toBe(1);
    expect(scoreSunkCost([{ ...biased[0]!, chosen: 'wisconsin' }]).score).toBe(0);
  });
  it('recovers the class difference between sunk and no-sunk conditions', () => {
    const items: SunkItem[] = Array.from({ length: 40 }, (_, i) => ({
      turnId: 'project', playerId: `p${i}`, options: [], chosen: null, condition: i < 20 ? 'sunk' : 'no-sunk', continued: i < 20 ? i % 20 < 17 : i % 20 < 5,
    }));
    const f = classSunkCost(items);
    expect(f.score).toBeCloseTo(0.85 - 0.25, 6);
    expect(f.test!.pValue).toBeLessThan(0.001);
  });
});

describe('present bias: β recovered within ±0.05 over price lists', () => {
  const sooner = Array.from({ length: 29 }, (_, i) => 30 + 2.5 * i); // 30 … 100 % of Y
  const lists = (beta: number, deltaPerWeek: number): PriceListItem[] => [4, 12].flatMap((t) => [0, 8].map((s) => {
    const indifference = 100 * (s === 0 ? beta : 1) * deltaPerWeek ** t;
    const row = sooner.findIndex((x) => x >= indifference);
    return { turnId: `t${t}-s${s}`, frontEndDelay: s, delay: t, later: 100, sooner, switchRow: row === -1 ? null : row };
  }));
  for (const beta of [0.7, 0.85, 1]) {
    it(`β = ${beta}`, () => {
      const f = scorePresentBias(lists(beta, 0.98));
      expect(Math.abs(f.score! - beta)).toBeLessThan(0.05);
      expect(f.details!.deltaPerPeriod).toBeGreaterThan(0.95);
    });
  }
});

describe('overconfidence', () => {
  const quiz = (shift: number, seed: number) => {
    const u = randomStream(seed, 'quiz');
    return Array.from({ length: 300 }, (_, i) => {
      const truth = 0.5 + 0.45 * u();
      return { turnId: `q${i}`, probability: Math.min(1, truth + shift), correct: u() < truth };
    });
  };
  it('scores a calibrated player near 0 and an over-confident one near +0.15 (±0.06)', () => {
    expect(Math.abs(scoreOverestimation(quiz(0, 1)).score!)).toBeLessThan(0.06);
    expect(Math.abs(scoreOverestimation(quiz(0.15, 2)).score! - 0.15)).toBeLessThan(0.06);
  });
  it('recovers over-precision from intervals that are too narrow', () => {
    const noise = normals(4);
    const intervals = (halfWidth: number) => Array.from({ length: 300 }, (_, i) => {
      const guess = noise();
      return { turnId: `i${i}`, low: guess - halfWidth, high: guess + halfWidth, truth: 0, nominal: 0.9 };
    });
    expect(Math.abs(scoreOverprecision(intervals(1.645)).score!)).toBeLessThan(0.06);
    // ±0.675 σ covers 50 %: over-precision 0.40.
    expect(Math.abs(scoreOverprecision(intervals(0.674)).score! - 0.4)).toBeLessThan(0.07);
  });
});

describe('information cascade', () => {
  function play(policy: 'bayesian' | 'herd', trueUrn: Urn, seed: number): CascadeDecision[] {
    const u = randomStream(seed, 'signals');
    const history: Urn[] = [];
    return Array.from({ length: 8 }, (_, i) => {
      const correct = u() < 2 / 3;
      const signal: Urn = correct ? trueUrn : trueUrn === 'A' ? 'B' : 'A';
      const base = { turnId: `r${seed}`, playerId: `p${i}`, signal, history: [...history] };
      const a = history.filter((g) => g === 'A').length;
      const guess: Urn = policy === 'bayesian' ? analyzeCascadeDecision({ ...base, guess: signal }).rationalGuess
        : a * 2 > history.length ? 'A' : a * 2 < history.length ? 'B' : signal;
      history.push(guess);
      return { ...base, guess };
    });
  }
  it('computes P(A) = 1 / (1 + 2^(n_B − n_A)) from inferred signals', () => {
    const d = analyzeCascadeDecision({ turnId: 'r', playerId: 'p', signal: 'B', guess: 'A', history: ['A', 'A'] });
    expect(d.probabilityA).toBeCloseTo(2 / 3, 9);
    expect(d).toMatchObject({ inCascade: true, rational: true, followsSignal: false, irrationalHerding: false });
  });
  it('shows no irrational herding for Bayesian players and finds it in followers who always herd', () => {
    const bayes = Array.from({ length: 30 }, (_, s) => play('bayesian', s % 2 ? 'A' : 'B', s)).flat();
    expect(scoreHerding(bayes).score).toBe(0);
    const herd = Array.from({ length: 30 }, (_, s) => play('herd', s % 2 ? 'A' : 'B', s)).flat();
    expect(scoreHerding(herd).score).toBeGreaterThan(0.02);
  });
  it('counts cascades and wrong cascades per sequence', () => {
    const f = classCascades([{ turnId: 'r1', trueUrn: 'A', guesses: ['B', 'B', 'B', 'B'] }, { turnId: 'r2', trueUrn: 'A', guesses: ['A', 'B', 'A', 'B'] }]);
    expect(f.details).toMatchObject({ cascades: 1, wrongCascades: 1 });
  });
});

describe('base-rate neglect (cab problem)', () => {
  it('P* = 0.41; a Bayesian scores 0, an answer of 0.80 scores 1', () => {
    expect(bayesPosterior(0.15, 0.8, 0.2)).toBeCloseTo(0.4138, 4);
    const item = (answer: number) => [{ turnId: 'cab', prior: 0.15, hitRate: 0.8, falseAlarm: 0.2, answer }];
    expect(scoreBaseRateNeglect(item(0.4138)).score).toBeCloseTo(0, 3);
    expect(scoreBaseRateNeglect(item(0.8)).score).toBeCloseTo(1, 6);
  });
});

describe("gambler's fallacy", () => {
  it('scores a player who always predicts a break +0.5 and a memoryless one 0', () => {
    const items = (rev: (i: number) => boolean) => Array.from({ length: 20 }, (_, i) => ({ turnId: `s${i}`, streakLength: 2 + (i % 4), predictedReversal: rev(i) }));
    expect(scoreGamblersFallacy(items(() => true)).score).toBe(0.5);
    const memoryless = scoreGamblersFallacy(items((i) => i % 2 === 0));
    expect(memoryless.score).toBe(0);
    expect(memoryless.interval![0]).toBeLessThan(0);
  });
});
