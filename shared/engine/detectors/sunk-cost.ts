import type { Finding } from '../../protocol/debrief.js';
import { compareProportions } from '../inference.js';
import { makeFinding, percent } from './finding.js';

export const SUNK_COST = 'sunk-cost';
const BIAS = 'sunk cost fallacy';

export type SunkOption = { id: string; forwardValue: number; pastCost: number };
/** A choice among options with known value from here on and money already spent on each. */
export type SunkItem = { turnId: string; playerId: string; options: readonly SunkOption[]; chosen: string | null; condition?: 'sunk' | 'no-sunk'; continued?: boolean };

/** Chose an option worth less from here on, because more was already spent on it. */
export function isSunkCostError(item: SunkItem): boolean {
  const chosen = item.options.find((o) => o.id === item.chosen);
  if (!chosen) return false;
  return item.options.some((o) => o.forwardValue > chosen.forwardValue && o.pastCost < chosen.pastCost);
}

/** Individual: the share of items where the choice followed past cost against forward value. */
export function scoreSunkCost(items: readonly SunkItem[]): Finding {
  const answered = items.filter((it) => it.chosen !== null);
  const errors = answered.filter(isSunkCostError).length;
  const score = answered.length === 0 ? null : errors / answered.length;
  return makeFinding({
    detector: SUNK_COST, bias: BIAS, score, n: answered.length, evidence: answered.map((it) => it.turnId),
    explanation: score === null ? 'You made no sunk-cost choices.'
      : errors === 0 ? 'You chose by what each option is worth from now on, not by what was already spent. Money spent is gone whichever way you choose.'
      : `In ${errors} of ${answered.length} choices you stayed with what you had already paid for, although another option was worth more from here on.`,
  });
}

/** The class: Δ = P(continue | sunk) − P(continue | no sunk), Fisher (Arkes & Blumer 1985). */
export function classSunkCost(items: readonly SunkItem[]): Finding {
  const group = (c: 'sunk' | 'no-sunk') => items.filter((it) => it.condition === c && it.continued !== undefined);
  const sunk = group('sunk');
  const none = group('no-sunk');
  const count = (xs: readonly SunkItem[]) => xs.filter((it) => it.continued).length;
  const diff = compareProportions(count(sunk), sunk.length, count(none), none.length);
  const evidence = items.map((it) => it.turnId);
  if (!diff) return makeFinding({ detector: SUNK_COST, bias: BIAS, score: null, n: items.length, evidence, explanation: 'Both conditions need players.' });
  return makeFinding({
    detector: SUNK_COST, bias: BIAS, score: diff.delta, interval: diff.interval, n: sunk.length + none.length, evidence,
    test: { name: "Fisher's exact test", pValue: diff.pValue }, details: { continueSunk: diff.p1, continueNoSunk: diff.p2, nSunk: sunk.length, nNoSunk: none.length },
    explanation: `${percent(diff.p1)} continued when money had already been spent, ${percent(diff.p2)} when it had not. The future was the same in both versions.`,
  });
}
