import type { Finding } from '../../protocol/debrief.js';
import { fitGrowthAlpha, type GrowthItem } from '../growth.js';
import { median, medianInterval, round, tQuantile975 } from '../stats.js';

export type GrowthEvidence = GrowthItem & { turnId: string };

export const EXPONENTIAL_GROWTH = 'exponential-growth';

/** Score bands for b, shared by explanations and the class histogram. */
export const growthBands = [
  { band: 'over-estimated growth (b < −0.25)', test: (b: number) => b < -0.25 },
  { band: 'close to exponential (−0.25 ≤ b < 0.25)', test: (b: number) => b >= -0.25 && b < 0.25 },
  { band: 'between (0.25 ≤ b < 0.75)', test: (b: number) => b >= 0.25 && b < 0.75 },
  { band: 'linear or worse (b ≥ 0.75)', test: (b: number) => b >= 0.75 },
] as const;

function explain(b: number): string {
  if (b >= 0.75) return 'Your forecasts sat close to straight-line growth: you added about the same amount each period, while the real numbers multiplied. This is the linear-thinking trap, and most people fall into it.';
  if (b >= 0.25) return 'Your forecasts landed between straight-line and true exponential growth: you sensed the speed-up but not its full size.';
  if (b >= -0.25) return 'Your forecasts followed the exponential curve closely: you compounded the growth instead of adding it. Few people do.';
  return 'You forecast more growth than there was: you over-corrected for compounding.';
}

/**
 * One player's exponential-growth bias: b = 1 − α, α fitted over all items (BIASES.md). The
 * interval comes from the fit's standard error with Student's t; it needs two or more items.
 */
export function scoreExponentialGrowth(items: readonly GrowthEvidence[]): Finding {
  const fit = fitGrowthAlpha(items);
  const evidence = items.map((it) => it.turnId);
  if (fit === null) {
    return { detector: EXPONENTIAL_GROWTH, bias: 'exponential growth bias', score: null, interval: null, n: 0, evidence,
      explanation: 'There were no forecasts to score.' };
  }
  const b = 1 - fit.alpha;
  const half = fit.standardError === null ? null : tQuantile975(fit.n - 1) * fit.standardError;
  return {
    detector: EXPONENTIAL_GROWTH, bias: 'exponential growth bias', score: round(b, 4),
    interval: half === null ? null : [round(b - half, 4), round(b + half, 4)],
    n: fit.n, evidence, explanation: explain(b),
  };
}

/** The class: median b with a distribution-free interval, and how many players fell in each band. */
export function summarizeExponentialGrowth(findings: readonly Finding[]): { finding: Finding; distribution: { band: string; count: number }[] } {
  const scores = findings.map((f) => f.score).filter((s): s is number => s !== null);
  const mid = median(scores);
  const linearShare = scores.length === 0 ? 0 : scores.filter((b) => b >= 0.75).length / scores.length;
  const finding: Finding = {
    detector: EXPONENTIAL_GROWTH, bias: 'exponential growth bias', score: mid === null ? null : round(mid, 4),
    interval: medianInterval(scores), n: scores.length, evidence: [...new Set(findings.flatMap((f) => f.evidence))],
    explanation: mid === null ? 'Nobody forecast anything.'
      : `The class median b is ${round(mid, 2)} (0 = exponential, 1 = straight-line); ${Math.round(linearShare * 100)} % of players forecast linearly or worse.`,
  };
  const distribution = growthBands.map(({ band, test }) => ({ band, count: scores.filter(test).length }));
  return { finding, distribution };
}
