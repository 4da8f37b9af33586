import { formatFigure } from '../../scenario/template.js';
import { bayesPosterior } from '../detectors/base-rate.js';
import { bayesianPosterior } from '../detectors/confirmation.js';
import { noFigures, numberVar, type ConsequenceBehaviour, type PlayerContext, type PlayerResult } from './types.js';

/** A numeric or interval estimate of a known quantity, optionally after a random anchor. */
export const estimate: ConsequenceBehaviour<'estimate'> = {
  personal: false,
  varNames: (c) => (c.anchor ? [c.anchor] : []),
  outcomeNames: () => ['truth'],
  vars: () => ({}),
  outcome: (c) => ({ truth: c.truth }),
  result(c, _env, player, decision): PlayerResult {
    const anchor = c.anchor ? numberVar(player.vars, c.anchor) : null;
    const note = c.explanation ? ` ${c.explanation}` : '';
    if (decision?.kind === 'interval') {
      const hit = c.truth >= decision.low && c.truth <= decision.high;
      return { figures: { low: decision.low, high: decision.high, truth: c.truth, hit: hit ? 1 : 0, anchor },
        feedback: `Your range ${formatFigure(decision.low)}–${formatFigure(decision.high)} ${hit ? 'caught' : 'missed'} the true value, ${formatFigure(c.truth)}.${note}` };
    }
    if (decision?.kind === 'numeric') {
      const error = decision.value - c.truth;
      return { figures: { estimate: decision.value, truth: c.truth, error, anchor, confidence: decision.confidence ?? null },
        feedback: `You said ${formatFigure(decision.value)}; the true value is ${formatFigure(c.truth)}.${note}` };
    }
    return { figures: { estimate: null, truth: c.truth, anchor }, feedback: `No answer. The true value is ${formatFigure(c.truth)}.${note}` };
  },
  defaultReveal: () => 'The true value is {{truth}}.',
};

/** A question with one right option; a stated confidence makes it a calibration item. */
export const quiz: ConsequenceBehaviour<'quiz'> = {
  personal: false,
  ...noFigures,
  result(c, env, _p, decision): PlayerResult {
    const spec = env.scenario.turns[env.turn]?.decision;
    const label = spec?.kind === 'choice' ? spec.options.find((o) => o.id === c.correct)?.label ?? c.correct : c.correct;
    const note = c.explanation ? ` ${c.explanation}` : '';
    if (decision?.kind !== 'choice') return { figures: { correct: null, confidence: null }, feedback: `No answer. The answer is ${label}.${note}` };
    const right = decision.optionId === c.correct;
    return { figures: { correct: right ? 1 : 0, confidence: decision.confidence ?? null },
      feedback: `${right ? 'Right' : 'Not quite'}: the answer is ${label}${decision.confidence === undefined ? '' : `; you were ${decision.confidence} % sure`}.${note}` };
  },
  defaultReveal: () => 'See your result for the answer.',
};

/** The cab problem and its kin: P(H | report) by Bayes' rule, answered in per cent. */
export const probabilityJudgment: ConsequenceBehaviour<'probability-judgment'> = {
  personal: false,
  varNames: () => ['basePercent', 'hitPercent', 'falseAlarmPercent'],
  outcomeNames: () => ['basePercent', 'hitPercent', 'falseAlarmPercent', 'bayesPercent'],
  vars: (c) => ({ basePercent: c.prior * 100, hitPercent: c.hitRate * 100, falseAlarmPercent: c.falseAlarm * 100 }),
  outcome: (c) => ({ basePercent: c.prior * 100, hitPercent: c.hitRate * 100, falseAlarmPercent: c.falseAlarm * 100,
    bayesPercent: bayesPosterior(c.prior, c.hitRate, c.falseAlarm) * 100 }),
  result(c, _env, _p, decision): PlayerResult {
    const bayes = bayesPosterior(c.prior, c.hitRate, c.falseAlarm);
    if (decision?.kind !== 'numeric') return { figures: { answer: null, bayes }, feedback: `No answer. Bayes' rule gives ${Math.round(bayes * 100)} %.` };
    const answer = decision.value / 100;
    return { figures: { answer, bayes, neglect: (answer - bayes) / (c.hitRate - bayes) },
      feedback: `You said ${decision.value} %. Bayes' rule gives ${Math.round(bayes * 100)} %: of every 100 such cases, ${Math.round(c.hitRate * c.prior * 100)} are true reports and ${Math.round(c.falseAlarm * (1 - c.prior) * 100)} are false alarms.` };
  },
  defaultReveal: () => "By Bayes' rule the answer is {{bayesPercent}} %.",
};

/** The player's last stated belief (0–1) before this turn, from their history. */
function previousBelief(player: PlayerContext): number | null {
  for (let i = player.history.length - 1; i >= 0; i--) {
    const belief = player.history[i]?.figures.belief;
    if (belief !== undefined && belief !== null) return belief;
  }
  return null;
}

/** A belief that the thesis is true (0–100 %), before any evidence or after one piece of it. */
export const belief: ConsequenceBehaviour<'belief'> = {
  personal: true,
  varNames: () => ['previousBelief'],
  outcomeNames: () => [],
  vars: (_c, _env, player) => {
    const prev = previousBelief(player);
    return { previousBelief: prev === null ? '—' : Math.round(prev * 100) };
  },
  outcome: () => ({}),
  result(c, _env, player, decision): PlayerResult {
    const prior = previousBelief(player);
    if (decision?.kind !== 'numeric') return { figures: { belief: prior, prior, bayes: null }, feedback: 'No answer: your belief stays where it was.' };
    const posterior = decision.value / 100;
    if (c.evidence === null || prior === null) return { figures: { belief: posterior, prior: null, bayes: null }, feedback: `You start at ${decision.value} %.` };
    const bayes = bayesianPosterior(prior, c.evidence.kind, c.evidence.likelihoodRatio);
    return { figures: { belief: posterior, prior, bayes, likelihoodRatio: c.evidence.likelihoodRatio, confirming: c.evidence.kind === 'confirming' ? 1 : 0 },
      feedback: `You moved from ${Math.round(prior * 100)} % to ${decision.value} %. For evidence this strong, Bayes' rule moves ${Math.round(prior * 100)} % to ${Math.round(bayes * 100)} %.` };
  },
  defaultReveal: () => 'Beliefs recorded.',
};

/** Evidence cards: which ones a player opens, and what they say. */
export const evidenceCards: ConsequenceBehaviour<'evidence-cards'> = {
  personal: false,
  ...noFigures,
  result(c, _env, _p, decision): PlayerResult {
    const opened = decision?.kind === 'evidence' ? c.cards.filter((card) => decision.cardIds.includes(card.id)) : [];
    const count = (k: string) => opened.filter((card) => card.kind === k).length;
    return {
      figures: { opened: opened.length, confirming: count('confirming'), disconfirming: count('disconfirming'), neutral: count('neutral') },
      feedback: opened.length === 0 ? 'You opened no cards.' : opened.map((card) => card.content).join(' '),
    };
  },
  defaultReveal: () => 'Each card you opened is in your result.',
};
