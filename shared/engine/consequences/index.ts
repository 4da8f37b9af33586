import type { Decision } from '../../protocol/decision.js';
import type { Figures } from '../../protocol/debrief.js';
import type { Consequence, Vars } from '../../scenario/schema.js';
import { allocationReturn, delayedEffects, frameChoice, outcomeDraw, priceList, story, sunkCostChoice, survey } from './choices.js';
import { growthForecast, savingsForecast } from './growth.js';
import { belief, estimate, evidenceCards, probabilityJudgment, quiz } from './judgments.js';
import { cascadeGuess, streak } from './sequences.js';
import type { ConsequenceBehaviour, PlayerContext, PlayerResult, TurnEnv } from './types.js';

export * from './types.js';
export { savingsValue, simpleInterestValue } from './growth.js';
export { streakSequence, trueUrn, privateSignal } from './sequences.js';
export { pastCostOf } from './choices.js';

const behaviours: { [K in Consequence['kind']]: ConsequenceBehaviour<K> } = {
  'growth-forecast': growthForecast, 'savings-forecast': savingsForecast, estimate, quiz, 'probability-judgment': probabilityJudgment,
  belief, 'evidence-cards': evidenceCards, 'frame-choice': frameChoice, 'sunk-cost-choice': sunkCostChoice, 'price-list': priceList,
  'delayed-effects': delayedEffects, 'outcome-draw': outcomeDraw, story, streak, 'cascade-guess': cascadeGuess,
  'allocation-return': allocationReturn, survey,
};

/** The kind's behaviour, typed for this consequence (the map is keyed by kind, so the cast is safe). */
function behaviourOf<K extends Consequence['kind']>(c: Extract<Consequence, { kind: K }>): ConsequenceBehaviour<K> {
  return behaviours[c.kind] as unknown as ConsequenceBehaviour<K>;
}

/** Whether a kind's prompt vars belong to one player (always private). */
export const isPersonalConsequence = (c: Consequence): boolean => behaviourOf(c).personal;
export const consequenceVarNames = (c: Consequence): string[] => behaviourOf(c).varNames(c);
export const consequenceOutcomeNames = (c: Consequence): string[] => behaviourOf(c).outcomeNames(c);
export const consequenceVars = (c: Consequence, env: TurnEnv, player: PlayerContext): Vars => behaviourOf(c).vars(c, env, player);
export const consequenceOutcome = (c: Consequence, env: TurnEnv): Figures => behaviourOf(c).outcome(c, env);
export const consequenceResult = (c: Consequence, env: TurnEnv, player: PlayerContext, decision: Decision | null, outcome: Figures): PlayerResult =>
  behaviourOf(c).result(c, env, player, decision, outcome);
export const consequenceReveal = (c: Consequence, env: TurnEnv): string => behaviourOf(c).defaultReveal(c, env);
