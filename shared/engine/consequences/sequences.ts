import type { ConsequenceOf } from '../../scenario/schema.js';
import { drawUniform, randomStream } from '../random.js';
import type { ConsequenceBehaviour, PlayerContext, PlayerResult, TurnEnv } from './types.js';

/** A fair sequence for one player that ends in a streak of exactly `length` (seeded). */
export function streakSequence(c: ConsequenceOf<'streak'>, env: TurnEnv, player: PlayerContext): number[] {
  const random = randomStream(env.seed, 'streak', env.turnId, player.seat);
  const side: number = random() < 0.5 ? 0 : 1;
  const prefix: number[] = Array.from({ length: c.total - c.length }, () => (random() < 0.5 ? 0 : 1));
  if (prefix.length > 0) prefix[prefix.length - 1] = 1 - side;
  return [...prefix, ...Array.from({ length: c.length }, () => side)];
}

/** Predict the next outcome of a fair process after a streak: the gambler's fallacy. */
export const streak: ConsequenceBehaviour<'streak'> = {
  personal: true,
  varNames: () => ['sequence', 'streakLength', 'streakOutcome'],
  outcomeNames: () => [],
  vars(c, env, player) {
    const seq = streakSequence(c, env, player);
    const last = seq[seq.length - 1] ?? 0;
    return { sequence: seq.map((s) => c.outcomes[s]).join(' '), streakLength: c.length, streakOutcome: c.outcomes[last] ?? '' };
  },
  outcome: () => ({}),
  result(c, env, player, decision): PlayerResult {
    const seq = streakSequence(c, env, player);
    const last = seq[seq.length - 1] ?? 0;
    const next = drawUniform(env.seed, 'next', env.turnId, player.seat) < 0.5 ? 0 : 1;
    const predicted = decision?.kind === 'choice' ? c.outcomes.indexOf(decision.optionId) : -1;
    return {
      figures: { streakLength: c.length, predictedReversal: predicted === -1 ? null : predicted !== last ? 1 : 0, nextReversed: next !== last ? 1 : 0 },
      feedback: `After ${c.length} × ${c.outcomes[last]}, the next outcome was ${c.outcomes[next]}. The chance was 50 % either way.`,
    };
  },
  defaultReveal: () => 'Each outcome was a fair 50/50 draw, whatever came before.',
};

/** Which urn the round really used: index 0 or 1 of `urns`, drawn from the seed. */
export function trueUrn(env: TurnEnv): number {
  return drawUniform(env.seed, 'urn', env.turnId) < 0.5 ? 0 : 1;
}

/** The private signal of the player in this seat: the true urn with probability `accuracy`. */
export function privateSignal(c: ConsequenceOf<'cascade-guess'>, env: TurnEnv, seat: number): number {
  const truth = trueUrn(env);
  return drawUniform(env.seed, 'signal', env.turnId, seat) < c.accuracy ? truth : 1 - truth;
}

/** Anderson–Holt: guess the urn from a private draw and the public guesses before yours. */
export const cascadeGuess: ConsequenceBehaviour<'cascade-guess'> = {
  personal: true,
  varNames: () => ['signal', 'accuracyPercent'],
  outcomeNames: () => ['trueUrn'],
  vars: (c, env, player) => ({ signal: c.urns[privateSignal(c, env, player.seat)] ?? '', accuracyPercent: Math.round(c.accuracy * 100) }),
  outcome: (_c, env) => ({ trueUrnIndex: trueUrn(env) }),
  result(c, env, player, decision): PlayerResult {
    const signal = privateSignal(c, env, player.seat);
    const guess = decision?.kind === 'choice' ? c.urns.indexOf(decision.optionId) : -1;
    const truth = trueUrn(env);
    return {
      figures: { signal, guess: guess === -1 ? null : guess, correct: guess === -1 ? null : guess === truth ? 1 : 0, trueUrnIndex: truth },
      feedback: `Your private ball said ${c.urns[signal]}; the urn was ${c.urns[truth]}.`,
    };
  },
  defaultReveal: (c, env) => `The urn was ${c.urns[trueUrn(env)]}.`,
};
