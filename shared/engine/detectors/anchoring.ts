import type { Finding } from '../../protocol/debrief.js';
import { bootstrapInterval, fitLine, permutationTest } from '../inference.js';
import { median, tQuantile975 } from '../stats.js';
import { makeFinding } from './finding.js';

export const ANCHORING = 'anchoring';
const BIAS = 'anchoring';

/** One estimate made after an anchor: "more or less than A?" then "your estimate?". */
export type AnchorItem = { turnId: string; playerId: string; anchor: number; estimate: number; truth: number };

/**
 * One player over several items: the slope of (E − T)/T on (A − T)/T, i.e. the share of the
 * anchor's distance from the truth that the estimate moves. 0 = unmoved, 1 = repeats the anchor.
 */
export function scoreAnchoring(items: readonly AnchorItem[]): Finding {
  const usable = items.filter((it) => it.truth !== 0);
  const fit = fitLine(usable.map((it) => (it.anchor - it.truth) / it.truth), usable.map((it) => (it.estimate - it.truth) / it.truth), tQuantile975);
  const score = usable.length >= 3 && fit ? fit.slope : null;
  return makeFinding({
    detector: ANCHORING, bias: BIAS, score, interval: score === null ? null : fit?.interval ?? null, n: usable.length,
    evidence: usable.map((it) => it.turnId),
    explanation: score === null
      ? 'Anchoring shows in a class: players saw different random numbers first. See the class result.'
      : `Your estimates moved about ${Math.round(score * 100)} % of the way toward the number you saw first. An unanchored estimate would not move at all.`,
  });
}

/**
 * The class, per item. Two anchors: AI = (median_high − median_low) / (A_high − A_low)
 * (Jacowitz & Kahneman 1995) with a seeded bootstrap interval and a permutation test on the
 * median difference. More anchors: the OLS slope of E on A (of log E on log A with `logScale`).
 */
export function classAnchoring(items: readonly AnchorItem[], seed: number, options: { logScale?: boolean } = {}): Finding {
  const anchors = [...new Set(items.map((it) => it.anchor))].sort((a, b) => a - b);
  const evidence = items.map((it) => it.turnId);
  if (anchors.length === 2) {
    const [lowA, highA] = anchors as [number, number];
    const low = items.filter((it) => it.anchor === lowA).map((it) => it.estimate);
    const high = items.filter((it) => it.anchor === highA).map((it) => it.estimate);
    const index = (h: readonly number[], l: readonly number[]) => ((median(h) ?? 0) - (median(l) ?? 0)) / (highA - lowA);
    if (low.length === 0 || high.length === 0) return makeFinding({ detector: ANCHORING, bias: BIAS, score: null, n: items.length, evidence, explanation: 'Both anchors need players.' });
    const ai = index(high, low);
    const test = permutationTest(high, low, index, seed);
    return makeFinding({
      detector: ANCHORING, bias: BIAS, score: ai, interval: bootstrapInterval(high, low, index, seed), n: items.length, evidence,
      test: { name: 'permutation test, median difference', pValue: test.pValue },
      details: { anchorLow: lowA, anchorHigh: highA, medianLow: median(low), medianHigh: median(high), nLow: low.length, nHigh: high.length },
      explanation: `Players who saw ${highA} gave a median of ${median(high)}; those who saw ${lowA}, ${median(low)}. ` +
        `The anchoring index is ${ai.toFixed(2)}: the medians moved ${Math.round(ai * 100)} % of the distance between the anchors (Jacowitz & Kahneman found about 0.5 across such questions; 0.55 for the redwood).`,
    });
  }
  const transform = options.logScale ? (v: number) => Math.log(Math.max(v, 1e-9)) : (v: number) => v;
  const fit = fitLine(items.map((it) => transform(it.anchor)), items.map((it) => transform(it.estimate)), tQuantile975);
  return makeFinding({
    detector: ANCHORING, bias: BIAS, score: fit?.slope ?? null, interval: fit?.interval ?? null, n: items.length, evidence,
    details: { anchors: anchors.length },
    explanation: fit === null ? 'Not enough estimates to fit.'
      : `Each extra unit of the random anchor moved the class's estimates by ${fit.slope.toFixed(2)}${options.logScale ? ' (on a log scale)' : ''}; with no anchoring the slope would be 0.`,
  });
}
