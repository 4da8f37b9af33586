import type { Decision, Figures, RoomFactOf, TurnResult } from '../../../shared/protocol/index.js';
import type { Vars } from '../../../shared/scenario/index.js';

export type Player = {
  playerId: string;
  nickname: string;
  seat: number;
  /** The levels of the scenario's conditions this player was assigned, and the vars they bring. */
  conditions: Record<string, string>;
  vars: Vars;
  /** Removed by the facilitator: no more decisions, no more connections, left out of later turns. */
  kicked: boolean;
};

export type RecordedCommand = { commandId: string; seq: number; turn: number };

/** How many of a player's latest commands a retry is recognized among. */
export const RECENT_COMMANDS = 16;

export type SubmittedDecision = { decision: Decision; commandId: string; seq: number };

/** A turn after its reveal: immutable from then on. Self-paced turns fill in player by player. */
export type RevealedTurnRecord = {
  turn: number;
  turnId: string;
  outcome: Figures;
  results: Record<string, TurnResult>;
  order: string[];
};

export type OpenTurn = Omit<RoomFactOf<'turnOpened'>, 'type' | 'seq' | 'at'>;

/**
 * The phase is a discriminated union: data that exists in one phase lives only there.
 * Simultaneous and sequential turns share `turnOpen` (a sequential turn has an `order`, and the
 * next to decide is the first in it without a decision). Self-paced play keeps one open turn per
 * player, or null once that player has finished.
 */
export type Phase =
  | { status: 'lobby' }
  | { status: 'turnOpen'; turn: OpenTurn; decisions: Record<string, SubmittedDecision> }
  | { status: 'turnClosed'; turn: OpenTurn; decisions: Record<string, SubmittedDecision>; defaulted: string[] }
  | { status: 'revealed'; turn: number }
  | { status: 'selfPaced'; players: Record<string, OpenTurn | null> }
  | { status: 'debrief' }
  | { status: 'ended' };

export type RoomState = {
  sessionId: string;
  scenarioId: string;
  seed: number;
  createdAt: number;
  /** Sequence number of the last event folded in; the expected version of the next append. */
  version: number;
  players: Record<string, Player>;
  /**
   * playerId → that player's most recent decisions (newest last, at most RECENT_COMMANDS), so a
   * retry gets the same ack. A client resends only the command it has no ack for, which is always
   * among its latest; a window keeps recording a decision as cheap on the thousandth turn as on the first.
   */
  commands: Record<string, readonly RecordedCommand[]>;
  revealed: RevealedTurnRecord[];
  phase: Phase;
};

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}

/** In a sequential turn, the player whose decision is due; null when all have decided. */
export function nextInOrder(phase: Extract<Phase, { status: 'turnOpen' }>, players: Readonly<Record<string, Player>>): string | null {
  return phase.turn.order?.find((p) => !(p in phase.decisions) && players[p]?.kicked !== true) ?? null;
}

/** Players still in the session. */
export function activePlayers(state: RoomState): Player[] {
  return Object.values(state.players).filter((p) => !p.kicked).sort((a, b) => a.seat - b.seat);
}
