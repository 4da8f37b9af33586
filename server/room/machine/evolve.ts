import type { RoomFact, RoomFactOf } from '../../../shared/protocol/index.js';
import { assertNever, type Phase, type RoomState } from './state.js';

/** The state a room starts from: the fold of its first fact. */
export function createRoom(created: RoomFactOf<'sessionCreated'>): RoomState {
  return {
    sessionId: created.sessionId, scenarioId: created.scenarioId, seed: created.seed, createdAt: created.at,
    version: created.seq, players: {}, commands: {}, revealed: [], phase: { status: 'lobby' },
  };
}

function nextPhase(state: RoomState, fact: RoomFact): Phase {
  const { phase } = state;
  switch (fact.type) {
    case 'turnOpened': {
      const { type: _t, seq: _s, at: _a, ...turn } = fact;
      return { status: 'turnOpen', turn, decisions: {} };
    }
    case 'decisionSubmitted':
      if (phase.status !== 'turnOpen') return phase;
      return { ...phase, decisions: { ...phase.decisions, [fact.playerId]: { decision: fact.decision, commandId: fact.commandId, seq: fact.seq } } };
    case 'turnClosed':
      return phase.status === 'turnOpen' ? { status: 'turnClosed', turn: phase.turn, decisions: phase.decisions, defaulted: fact.defaulted } : phase;
    case 'turnRevealed': return { status: 'revealed', turn: fact.turn };
    case 'debriefPublished': return { status: 'debrief' };
    case 'sessionEnded': return { status: 'ended' };
    case 'sessionCreated':
    case 'playerJoined':
    case 'sessionStarted':
      return phase;
    default: return assertNever(fact);
  }
}

/** Fold one fact into the state. Total: it never rejects; `decide` already did the checking. */
export function evolve(state: RoomState, fact: RoomFact): RoomState {
  const phase = nextPhase(state, fact);
  const base = { ...state, version: fact.seq, phase };
  switch (fact.type) {
    case 'playerJoined':
      return { ...base, players: { ...state.players, [fact.playerId]: { playerId: fact.playerId, nickname: fact.nickname, seat: fact.seat } } };
    case 'decisionSubmitted':
      return { ...base, commands: { ...state.commands, [`${fact.playerId}:${fact.commandId}`]: { seq: fact.seq, turn: fact.turn } } };
    case 'turnRevealed':
      return { ...base, revealed: [...state.revealed, { turn: fact.turn, turnId: fact.turnId, outcome: fact.outcome, results: fact.results }] };
    default:
      return base;
  }
}

/** Replay a whole log. The first fact must be sessionCreated. */
export function foldRoom(facts: readonly RoomFact[]): RoomState | null {
  const [first, ...rest] = facts;
  if (first?.type !== 'sessionCreated') return null;
  return rest.reduce(evolve, createRoom(first));
}
