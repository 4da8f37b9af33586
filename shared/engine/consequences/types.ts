import type { Decision } from '../../protocol/decision.js';
import type { Figures } from '../../protocol/debrief.js';
import type { Consequence, ConsequenceOf, Scenario, Vars } from '../../scenario/schema.js';

/** What every consequence sees of the session and the turn. */
export type TurnEnv = { scenario: Scenario; seed: number; turn: number; turnId: string };

/** One player's earlier answer and its result, in turn order. */
export type PlayerTurnRecord = { turn: number; turnId: string; decision: Decision | null; figures: Figures };

/** The player a per-player figure or draw is for. */
export type PlayerContext = { playerId: string; seat: number; vars: Vars; history: readonly PlayerTurnRecord[] };

export type PlayerResult = { figures: Figures; feedback: string };

/** The behaviour of one consequence kind. Pure: draws are derived from the seed. */
export type ConsequenceBehaviour<K extends Consequence['kind']> = {
  /** True when the vars are the player's own (a private signal, their running total): always private, even when equal. */
  personal: boolean;
  /** Placeholders the prompt may use, besides the player's condition vars. */
  varNames(c: ConsequenceOf<K>): string[];
  /** Placeholders the reveal may use. */
  outcomeNames(c: ConsequenceOf<K>): string[];
  /** Figures shown with the prompt, for one player. */
  vars(c: ConsequenceOf<K>, env: TurnEnv, player: PlayerContext): Vars;
  /** The world's answer, the same for everyone. */
  outcome(c: ConsequenceOf<K>, env: TurnEnv): Figures;
  /** What the decision led to for one player. */
  result(c: ConsequenceOf<K>, env: TurnEnv, player: PlayerContext, decision: Decision | null, outcome: Figures): PlayerResult;
  /** Used when the turn has no `reveal` text. */
  defaultReveal(c: ConsequenceOf<K>, env: TurnEnv): string;
};

export function numberVar(vars: Vars, name: string): number | null {
  const v = vars[name];
  return typeof v === 'number' ? v : null;
}

/** For kinds that show no figures before the decision and none in the outcome. */
export const noFigures = {
  varNames: (): string[] => [],
  outcomeNames: (): string[] => [],
  vars: (): Vars => ({}),
  outcome: (): Figures => ({}),
};
