import type { Finding } from '../../protocol/debrief.js';
import { mean, wilsonInterval } from '../inference.js';
import { tQuantile975 } from '../stats.js';
import { makeFinding, percent } from './finding.js';

export const OVERCONFIDENCE = 'overconfidence';

/** An answer with the stated probability (0–1) of being right, and whether it was. */
export type ConfidenceItem = { turnId: string; probability: number; correct: boolean };
/** A nominal 90 % interval and the true value. */
export type IntervalItem = { turnId: string; low: number; high: number; truth: number; nominal: number };

/** Calibration curve: stated probability in bins of 10 points against the hit rate. */
export function calibrationBins(items: readonly ConfidenceItem[]): { from: number; stated: number; hitRate: number; n: number }[] {
  const bins = new Map<number, ConfidenceItem[]>();
  for (const it of items) {
    const from = Math.min(90, Math.floor(it.probability * 10) * 10);
    bins.set(from, [...(bins.get(from) ?? []), it]);
  }
  return [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([from, xs]) => ({
    from, n: xs.length, stated: mean(xs.map((x) => x.probability)) ?? 0, hitRate: xs.filter((x) => x.correct).length / xs.length,
  }));
}

/**
 * Over-estimation = mean(p) − mean(o) with a paired t interval; Brier = mean((p − o)²) in the
 * details (Moore & Healy 2008).
 */
export function scoreOverestimation(items: readonly ConfidenceItem[]): Finding {
  const diffs = items.map((it) => it.probability - (it.correct ? 1 : 0));
  const over = mean(diffs);
  const n = items.length;
  const brier = mean(items.map((it) => (it.probability - (it.correct ? 1 : 0)) ** 2));
  const sd = n > 1 && over !== null ? Math.sqrt(diffs.reduce((s, d) => s + (d - over) ** 2, 0) / (n - 1)) : null;
  const half = sd === null ? null : (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  const stated = mean(items.map((it) => it.probability));
  const hit = n === 0 ? null : items.filter((it) => it.correct).length / n;
  return makeFinding({
    detector: OVERCONFIDENCE, bias: 'over-estimation', score: over, interval: over === null || half === null ? null : [over - half, over + half], n,
    evidence: items.map((it) => it.turnId), details: { brier, meanConfidence: stated, hitRate: hit },
    explanation: over === null ? 'You gave no confidence ratings.'
      : `You were on average ${percent(stated ?? 0)} sure and right ${percent(hit ?? 0)} of the time` +
        (over > 0.05 ? ': more sure than right, which is over-confidence.' : over < -0.05 ? ': you were better than you thought.' : ': well calibrated.'),
  });
}

/** Over-precision = nominal coverage − hit rate of the intervals (90 % intervals often hit ~50 %). */
export function scoreOverprecision(items: readonly IntervalItem[]): Finding {
  const n = items.length;
  const hits = items.filter((it) => it.truth >= it.low && it.truth <= it.high).length;
  const nominal = mean(items.map((it) => it.nominal)) ?? 0.9;
  const [lo, hi] = wilsonInterval(hits, n);
  return makeFinding({
    detector: OVERCONFIDENCE, bias: 'over-precision', score: n === 0 ? null : nominal - hits / n, interval: n === 0 ? null : [nominal - hi, nominal - lo], n,
    evidence: items.map((it) => it.turnId), details: { hits, nominal },
    explanation: n === 0 ? 'You gave no ranges.'
      : `Your ${percent(nominal)} ranges caught the true value ${hits} times out of ${n} (${percent(hits / n)}). ` +
        (hits / n < nominal - 0.15 ? 'Ranges that are too narrow are the most common form of over-confidence.' : 'Your ranges were wide enough.'),
  });
}

/** Over-placement: each player's guessed percentile minus their actual percentile in the class. */
export function classOverplacement(players: readonly { playerId: string; guessedPercentile: number; score: number }[]): { perPlayer: Record<string, number>; finding: Finding } {
  const n = players.length;
  const perPlayer: Record<string, number> = {};
  for (const p of players) {
    const below = players.filter((q) => q.score < p.score).length;
    const ties = players.filter((q) => q.score === p.score).length - 1;
    const actual = n <= 1 ? 50 : ((below + ties / 2) / (n - 1)) * 100;
    perPlayer[p.playerId] = p.guessedPercentile - actual;
  }
  const values = Object.values(perPlayer);
  const m = mean(values);
  return {
    perPlayer,
    finding: makeFinding({
      detector: OVERCONFIDENCE, bias: 'over-placement', score: m, n, evidence: [],
      explanation: m === null ? 'No placements.' : `On average players placed themselves ${m.toFixed(0)} percentile points ${m >= 0 ? 'above' : 'below'} where they actually ranked.`,
    }),
  };
}
