import type { Finding } from '../../protocol/debrief.js';
import { makeFinding, percent } from './finding.js';

export const CASCADE = 'cascade';
export type Urn = 'A' | 'B';

/** One guess in an Anderson–Holt sequence: own private signal, the public guesses before it. */
export type CascadeDecision = { turnId: string; playerId: string; signal: Urn; guess: Urn; history: readonly Urn[] };

export type CascadeAnalysis = {
  /** Informative signals inferred from history plus own: n_A − n_B. */
  balance: number;
  /** P(A) = 1 / (1 + 2^(n_B − n_A)), signals correct with probability 2/3. */
  probabilityA: number;
  rationalGuess: Urn;
  inCascade: boolean;
  followsSignal: boolean;
  rational: boolean;
  /** Went against own signal although the evidence did not warrant it. */
  irrationalHerding: boolean;
};

/**
 * Public information from earlier guesses: before a cascade each guess reveals its signal (ties
 * are broken toward one's own signal); once the inferred balance reaches ±2 a cascade has begun
 * and later guesses reveal nothing.
 */
export function publicBalance(history: readonly Urn[]): number {
  let balance = 0;
  for (const guess of history) {
    if (Math.abs(balance) >= 2) break;
    balance += guess === 'A' ? 1 : -1;
  }
  return balance;
}

export function analyzeCascadeDecision(d: CascadeDecision): CascadeAnalysis {
  const before = publicBalance(d.history);
  const balance = before + (d.signal === 'A' ? 1 : -1);
  const probabilityA = 1 / (1 + 2 ** -balance);
  const rationalGuess: Urn = balance > 0 ? 'A' : balance < 0 ? 'B' : d.signal;
  const followsSignal = d.guess === d.signal;
  const rational = d.guess === rationalGuess;
  return { balance, probabilityA, rationalGuess, inCascade: Math.abs(before) >= 2, followsSignal, rational, irrationalHerding: !followsSignal && !rational };
}

/** One player's guesses: the share of irrational herding (0 for a Bayesian player). */
export function scoreHerding(decisions: readonly CascadeDecision[]): Finding {
  const analyses = decisions.map(analyzeCascadeDecision);
  const n = analyses.length;
  const irrational = analyses.filter((a) => a.irrationalHerding).length;
  const againstInCascade = analyses.filter((a) => a.inCascade && !a.followsSignal).length;
  const rational = analyses.filter((a) => a.rational).length;
  return makeFinding({
    detector: CASCADE, bias: 'herding', score: n === 0 ? null : irrational / n, n, evidence: decisions.map((d) => d.turnId),
    details: { rational, againstOwnSignalInCascade: againstInCascade, irrationalHerding: irrational },
    explanation: n === 0 ? 'You made no guesses.'
      : irrational > 0 ? `${irrational} of your ${n} guesses went with the crowd against your own signal before the crowd's evidence outweighed it.`
      : againstInCascade > 0 ? `You followed the crowd against your own signal ${againstInCascade} time(s), but only when the earlier guesses really outweighed one signal: that is rational, and it is how cascades form.`
      : `All ${n} guesses used the evidence correctly.`,
  });
}

/** Per sequence: did a cascade form, and was it right? */
export function classCascades(sequences: readonly { turnId: string; trueUrn: Urn; guesses: readonly Urn[] }[]): Finding {
  let formed = 0;
  let correct = 0;
  for (const s of sequences) {
    let balance = 0;
    let cascade: Urn | null = null;
    for (const g of s.guesses) {
      if (Math.abs(balance) >= 2) { cascade = balance > 0 ? 'A' : 'B'; break; }
      balance += g === 'A' ? 1 : -1;
    }
    if (cascade === null && Math.abs(balance) >= 2) cascade = balance > 0 ? 'A' : 'B';
    if (cascade) { formed++; if (cascade === s.trueUrn) correct++; }
  }
  const n = sequences.length;
  return makeFinding({
    detector: CASCADE, bias: 'information cascade', score: n === 0 ? null : formed / n, n, evidence: sequences.map((s) => s.turnId),
    details: { cascades: formed, correctCascades: correct, wrongCascades: formed - correct },
    explanation: n === 0 ? 'No sequences were played.'
      : `A cascade formed in ${formed} of ${n} rounds (${percent(formed / n)}); ${formed - correct} of them went the wrong way. Two early guesses can outweigh everyone's private evidence after them.`,
  });
}
