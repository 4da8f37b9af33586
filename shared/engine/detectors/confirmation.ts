import type { Finding } from '../../protocol/debrief.js';
import { mean } from '../inference.js';
import { makeFinding } from './finding.js';

export const CONFIRMATION = 'confirmation';
const BIAS = 'confirmation bias';

export type EvidenceKind = 'confirming' | 'disconfirming' | 'neutral';
/** A card the player chose to open. */
export type CardRequest = { turnId: string; kind: EvidenceKind };
/** A belief (probability the thesis is true) before and after one piece of evidence. */
export type BeliefUpdate = { turnId: string; prior: number; posterior: number; kind: 'confirming' | 'disconfirming'; likelihoodRatio: number };

/** Bayes: posterior odds = prior odds × LR (confirming) or ÷ LR (disconfirming). */
export function bayesianPosterior(prior: number, kind: 'confirming' | 'disconfirming', likelihoodRatio: number): number {
  const p = Math.min(Math.max(prior, 1e-6), 1 - 1e-6);
  const odds = (p / (1 - p)) * (kind === 'confirming' ? likelihoodRatio : 1 / likelihoodRatio);
  return odds / (1 + odds);
}

/** Selective exposure = (n_confirming − n_disconfirming) / n_requested ∈ [−1, 1]. */
export function scoreSelectiveExposure(requests: readonly CardRequest[]): Finding {
  const n = requests.length;
  const conf = requests.filter((r) => r.kind === 'confirming').length;
  const disc = requests.filter((r) => r.kind === 'disconfirming').length;
  const score = n === 0 ? null : (conf - disc) / n;
  return makeFinding({
    detector: CONFIRMATION, bias: 'selective exposure', score, n, evidence: requests.map((r) => r.turnId),
    details: { confirming: conf, disconfirming: disc, neutral: n - conf - disc },
    explanation: score === null ? 'You opened no evidence.'
      : score > 0.25 ? `You opened ${conf} card(s) that could support your view and ${disc} that could challenge it. Seeking support feels like research but cannot test an idea.`
      : score < -0.25 ? `You went looking for evidence against your view (${disc} challenging, ${conf} supporting): that is how an idea gets tested.`
      : `You opened a balanced mix: ${conf} supporting, ${disc} challenging.`,
  });
}

/**
 * Asymmetric updating: how far each update went relative to the Bayesian update for the same
 * evidence (ρ = |Δ| / |Δ_Bayes|), confirming minus disconfirming. 0 = even-handed, > 0 = moved
 * more by support than by challenge.
 */
export function scoreAsymmetricUpdating(updates: readonly BeliefUpdate[]): Finding {
  const ratio = (u: BeliefUpdate) => {
    const bayes = bayesianPosterior(u.prior, u.kind, u.likelihoodRatio) - u.prior;
    return Math.abs(bayes) < 1e-9 ? null : Math.abs(u.posterior - u.prior) / Math.abs(bayes);
  };
  const rho = (kind: BeliefUpdate['kind']) => updates.filter((u) => u.kind === kind).map(ratio).filter((r): r is number => r !== null);
  const conf = mean(rho('confirming'));
  const disc = mean(rho('disconfirming'));
  const score = conf === null || disc === null ? null : conf - disc;
  return makeFinding({
    detector: CONFIRMATION, bias: BIAS, score, n: updates.length, evidence: updates.map((u) => u.turnId),
    details: { updateRatioConfirming: conf, updateRatioDisconfirming: disc },
    explanation: score === null ? 'You did not update on both kinds of evidence, so we cannot compare.'
      : score > 0.2 ? `Supporting evidence moved you ${conf!.toFixed(2)}× as far as Bayes' rule says; equally strong challenging evidence only ${disc!.toFixed(2)}×. That asymmetry is confirmation bias.`
      : score < -0.2 ? 'Challenging evidence moved you more than equally strong supporting evidence.'
      : 'You weighed supporting and challenging evidence about equally.',
  });
}
