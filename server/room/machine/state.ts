import type { Decision, Figures, RoomFactOf, TurnResult } from '../../../shared/protocol/index.js';

export type Player = { playerId: string; nickname: string; seat: number };

export type SubmittedDecision = { decision: Decision; commandId: string; seq: number };

/** A turn after its reveal: immutable from then on. */
export type RevealedTurnRecord = {
  turn: number;
  turnId: string;
  outcome: Figures;
  results: Record<string, TurnResult>;
};

export type OpenTurn = Omit<RoomFactOf<'turnOpened'>, 'type' | 'seq' | 'at'>;

/**
 * The phase is a discriminated union: data that exists in one phase lives only there. A turn's
 * decisions exist while it is open or closed; once revealed they move to `revealed`.
 * Simultaneous turns only for now: a sequential turn will add its cursor here, a self-paced one
 * per-player progress, without touching the other phases.
 */
export type Phase =
  | { status: 'lobby' }
  | { status: 'turnOpen'; turn: OpenTurn; decisions: Record<string, SubmittedDecision> }
  | { status: 'turnClosed'; turn: OpenTurn; decisions: Record<string, SubmittedDecision>; defaulted: string[] }
  | { status: 'revealed'; turn: number }
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
  /** `${playerId}:${commandId}` → where that command's decision landed, so a retry gets the same ack. */
  commands: Record<string, { seq: number; turn: number }>;
  revealed: RevealedTurnRecord[];
  phase: Phase;
};

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
