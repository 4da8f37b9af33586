import type { Finding } from '../../protocol/debrief.js';
import { mean } from '../inference.js';
import { makeFinding } from './finding.js';

export const BASE_RATE = 'base-rate';

/** P(H) = prior; P(report | H) = hitRate; P(report | not H) = falseAlarm; answer = the player's P(H | report). */
export type BaseRateItem = { turnId: string; prior: number; hitRate: number; falseAlarm: number; answer: number };

export function bayesPosterior(prior: number, hitRate: number, falseAlarm: number): number {
  return (hitRate * prior) / (hitRate * prior + falseAlarm * (1 - prior));
}

/** Neglect index = (q − P*) / (h − P*): 0 = Bayesian, 1 = answers the hit rate (ignores the base rate). */
export function scoreBaseRateNeglect(items: readonly BaseRateItem[]): Finding {
  const indices = items.map((it) => {
    const bayes = bayesPosterior(it.prior, it.hitRate, it.falseAlarm);
    return Math.abs(it.hitRate - bayes) < 1e-9 ? null : (it.answer - bayes) / (it.hitRate - bayes);
  }).filter((v): v is number => v !== null);
  const score = mean(indices);
  const first = items[0];
  return makeFinding({
    detector: BASE_RATE, bias: 'base-rate neglect', score, n: indices.length, evidence: items.map((it) => it.turnId),
    details: first ? { bayes: bayesPosterior(first.prior, first.hitRate, first.falseAlarm), answer: first.answer } : undefined,
    explanation: score === null ? 'You gave no probability.'
      : score > 0.5 ? `Your answer sat close to the witness's reliability and far from the Bayesian ${Math.round(bayesPosterior(first!.prior, first!.hitRate, first!.falseAlarm) * 100)} %: the base rate (how rare the case is) was left out. Most people do this.`
      : score < -0.5 ? 'You leaned further from the evidence than Bayes would.' : 'You combined the base rate with the evidence much as Bayes’ rule does.',
  });
}
