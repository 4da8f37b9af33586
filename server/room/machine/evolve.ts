import type { Figures, RoomFact, RoomFactOf, TurnResult } from '../../../shared/protocol/index.js';
import { assertNever, RECENT_COMMANDS, type Phase, type RecordedCommand, type RevealedTurnRecord, type RoomState } from './state.js';

/** The state a room starts from: the fold of its first fact. */
export function createRoom(created: RoomFactOf<'sessionCreated'>): RoomState {
  return {
    sessionId: created.sessionId, scenarioId: created.scenarioId, seed: created.seed, createdAt: created.at,
    version: created.seq, players: {}, commands: {}, revealed: [], phase: { status: 'lobby' },
  };
}

function nextPhase(phase: Phase, fact: RoomFact): Phase {
  switch (fact.type) {
    case 'turnOpened': {
      const { type: _t, seq: _s, at: _a, ...turn } = fact;
      if (turn.playerId === null) return { status: 'turnOpen', turn, decisions: {} };
      const players = phase.status === 'selfPaced' ? phase.players : {};
      return { status: 'selfPaced', players: { ...players, [turn.playerId]: turn } };
    }
    case 'turnAnswered':
      // The next turn is kept as the fact holds it: one object, the same shape for every player.
      return phase.status === 'selfPaced' ? { status: 'selfPaced', players: { ...phase.players, [fact.playerId]: fact.next } } : phase;
    case 'decisionSubmitted':
      if (phase.status !== 'turnOpen') return phase;
      return { ...phase, decisions: { ...phase.decisions, [fact.playerId]: { decision: fact.decision, commandId: fact.commandId, seq: fact.seq } } };
    case 'turnClosed':
      return phase.status === 'turnOpen' ? { status: 'turnClosed', turn: phase.turn, decisions: phase.decisions, defaulted: fact.defaulted } : phase;
    case 'turnRevealed': return fact.playerId === null ? { status: 'revealed', turn: fact.turn } : phase;
    case 'playerFinished': case 'playerKicked':
      return phase.status === 'selfPaced' && fact.playerId in phase.players ? { status: 'selfPaced', players: { ...phase.players, [fact.playerId]: null } } : phase;
    case 'debriefPublished': return { status: 'debrief' };
    case 'sessionEnded': return { status: 'ended' };
    case 'sessionCreated': case 'playerJoined': case 'sessionStarted':
      return phase;
    default: return assertNever(fact);
  }
}

/**
 * A turn's results merged into its record (one per turn): self-paced reveals and answers arrive
 * player by player. A player already in the turn's order keeps their place.
 */
function addResults(
  revealed: readonly RevealedTurnRecord[], turn: { turn: number; turnId: string; outcome: Figures },
  results: Record<string, TurnResult>, order: string[],
): RevealedTurnRecord[] {
  const at = revealed.findIndex((r) => r.turn === turn.turn);
  if (at === -1) return [...revealed, { turn: turn.turn, turnId: turn.turnId, outcome: turn.outcome, results, order }];
  const r = revealed[at] as RevealedTurnRecord;
  const added = order.filter((p) => !r.order.includes(p));
  const copy = revealed.slice();
  copy[at] = { ...r, results: { ...r.results, ...results }, order: added.length === 0 ? r.order : [...r.order, ...added] };
  return copy;
}

const addRevealed = (revealed: readonly RevealedTurnRecord[], fact: RoomFactOf<'turnRevealed'>) => addResults(revealed, fact, fact.results, fact.order);

/** A self-paced answer's result, as a reveal of that one player would hold it. */
const addAnswer = (revealed: readonly RevealedTurnRecord[], fact: RoomFactOf<'turnAnswered'>) =>
  addResults(revealed, fact, { [fact.playerId]: { decision: fact.decision, defaulted: false, figures: fact.figures, feedback: fact.feedback } }, [fact.playerId]);

/** The window of a player's latest commands, with one more (one copy: the window is copied, not the whole history). */
function remember(recent: readonly RecordedCommand[], command: RecordedCommand): RecordedCommand[] {
  const kept = recent.slice(Math.max(0, recent.length - RECENT_COMMANDS + 1));
  kept.push(command);
  return kept;
}

/** Fold one fact into the state. Total: it never rejects; `decide` already did the checking. One copy of the state per fact. */
export function evolve(state: RoomState, fact: RoomFact): RoomState {
  const phase = nextPhase(state.phase, fact);
  switch (fact.type) {
    case 'playerJoined':
      return { ...state, version: fact.seq, phase, players: { ...state.players, [fact.playerId]: { playerId: fact.playerId, nickname: fact.nickname, seat: fact.seat, conditions: fact.conditions, vars: fact.vars, kicked: false } } };
    case 'playerKicked': {
      const player = state.players[fact.playerId];
      return player ? { ...state, version: fact.seq, phase, players: { ...state.players, [fact.playerId]: { ...player, kicked: true } } } : { ...state, version: fact.seq, phase };
    }
    case 'decisionSubmitted':
      return { ...state, version: fact.seq, phase, commands: { ...state.commands, [fact.playerId]: remember(state.commands[fact.playerId] ?? [], { commandId: fact.commandId, seq: fact.seq, turn: fact.turn }) } };
    case 'turnRevealed':
      return { ...state, version: fact.seq, phase, revealed: addRevealed(state.revealed, fact) };
    case 'turnAnswered':
      return {
        ...state, version: fact.seq, phase, revealed: addAnswer(state.revealed, fact),
        commands: { ...state.commands, [fact.playerId]: remember(state.commands[fact.playerId] ?? [], { commandId: fact.commandId, seq: fact.seq, turn: fact.turn }) },
      };
    default:
      return { ...state, version: fact.seq, phase };
  }
}

/** Replay a whole log. The first fact must be sessionCreated. */
export function foldRoom(facts: readonly RoomFact[]): RoomState | null {
  const [first, ...rest] = facts;
  if (first?.type !== 'sessionCreated') return null;
  return rest.reduce(evolve, createRoom(first));
}
