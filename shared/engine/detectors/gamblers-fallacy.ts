import type { Finding } from '../../protocol/debrief.js';
import { fitLine, wilsonInterval } from '../inference.js';
import { tQuantile975 } from '../stats.js';
import { makeFinding, percent } from './finding.js';

export const GAMBLERS_FALLACY = 'gamblers-fallacy';

/** A prediction after a run of k equal outcomes of a fair process: did the player predict a break? */
export type StreakItem = { turnId: string; streakLength: number; predictedReversal: boolean };

/** GF = P(predict reversal | streak) − 0.5 over streaks of length ≥ 2; the slope on k in the details. */
export function scoreGamblersFallacy(items: readonly StreakItem[]): Finding {
  const streaks = items.filter((it) => it.streakLength >= 2);
  const n = streaks.length;
  const reversals = streaks.filter((it) => it.predictedReversal).length;
  const [lo, hi] = wilsonInterval(reversals, n);
  const slope = fitLine(items.map((it) => it.streakLength), items.map((it) => (it.predictedReversal ? 1 : 0)), tQuantile975);
  const score = n === 0 ? null : reversals / n - 0.5;
  return makeFinding({
    detector: GAMBLERS_FALLACY, bias: "gambler's fallacy", score, interval: n === 0 ? null : [lo - 0.5, hi - 0.5], n,
    evidence: streaks.map((it) => it.turnId), details: { reversalRate: n === 0 ? null : reversals / n, slopeOnStreakLength: slope?.slope ?? null },
    explanation: score === null ? 'No predictions after streaks.'
      : `After a streak you predicted it would break ${percent(reversals / n)} of the time. ` +
        (score > 0.15 ? 'A fair coin has no memory: the chance stays 50 %. Expecting a streak to end is the gambler’s fallacy.'
          : score < -0.15 ? 'You expected streaks to continue (the "hot hand"): a fair coin has no memory either way.' : 'That matches a process with no memory.'),
  });
}
