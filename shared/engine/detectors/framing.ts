import type { Finding } from '../../protocol/debrief.js';
import { compareProportions } from '../inference.js';
import { makeFinding, percent } from './finding.js';

export const FRAMING = 'framing';
const BIAS = 'framing effect';

/** One choice between a sure and a risky option of equal expected value, under a gain or a loss frame. */
export type FrameItem = { turnId: string; playerId: string; frame: 'gain' | 'loss'; choseSure: boolean };

/**
 * The class: Δ = P(sure | gain) − P(sure | loss), Newcombe interval, Fisher's exact test.
 * Tversky & Kahneman (1981): 72 % vs 22 %, Δ = 0.50.
 */
export function classFraming(items: readonly FrameItem[]): Finding {
  const gain = items.filter((it) => it.frame === 'gain');
  const loss = items.filter((it) => it.frame === 'loss');
  const sureGain = gain.filter((it) => it.choseSure).length;
  const sureLoss = loss.filter((it) => it.choseSure).length;
  const diff = compareProportions(sureGain, gain.length, sureLoss, loss.length);
  const evidence = items.map((it) => it.turnId);
  if (!diff) return makeFinding({ detector: FRAMING, bias: BIAS, score: null, n: items.length, evidence, explanation: 'Both frames need players.' });
  return makeFinding({
    detector: FRAMING, bias: BIAS, score: diff.delta, interval: diff.interval, n: items.length, evidence,
    test: { name: "Fisher's exact test", pValue: diff.pValue },
    details: { sureGain: diff.p1, sureLoss: diff.p2, nGain: gain.length, nLoss: loss.length },
    explanation: `With the gain wording ${percent(diff.p1)} chose the sure option; with the loss wording ${percent(diff.p2)}. ` +
      `The outcomes were identical, so any difference is the wording (Tversky & Kahneman found 72 % vs 22 %).`,
  });
}

/** One player who saw both frames (within-subject, weak): their own Δ. */
export function scoreFraming(items: readonly FrameItem[]): Finding {
  const gain = items.filter((it) => it.frame === 'gain');
  const loss = items.filter((it) => it.frame === 'loss');
  const evidence = items.map((it) => it.turnId);
  if (gain.length === 0 || loss.length === 0) {
    return makeFinding({ detector: FRAMING, bias: BIAS, score: null, n: items.length, evidence,
      explanation: items[0]?.choseSure
        ? `You saw the ${items[0].frame} wording and chose the sure option. The class result shows whether the wording moved people.`
        : `You saw the ${items[0]?.frame ?? 'one'} wording and took the gamble. The class result shows whether the wording moved people.` });
  }
  const share = (xs: readonly FrameItem[]) => xs.filter((it) => it.choseSure).length / xs.length;
  const delta = share(gain) - share(loss);
  return makeFinding({ detector: FRAMING, bias: BIAS, score: delta, n: items.length, evidence,
    explanation: delta > 0 ? 'You played safe when outcomes were worded as gains and gambled when the same outcomes were worded as losses.'
      : 'Your choices did not follow the wording.' });
}
