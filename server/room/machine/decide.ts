import { appError, type AppError, type ErrorCode, type NewFact, type RoomFact } from '../../../shared/protocol/index.js';
import type { Scenario, Vars } from '../../../shared/scenario/index.js';
import { assignCondition, deriveSeed } from '../../../shared/engine/index.js';
import type { Actor, RoomCommand } from './commands.js';
import { activePlayers, assertNever, nextInOrder, type Player, type RoomState } from './state.js';
import { normalizeNickname, sameNickname } from './nickname.js';
import { Made } from './made.js';
import { submit } from './submit.js';
import { briefingFor, closeAndReveal, openTurn, publishDebrief } from './turns.js';

/** Everything impure a decision may need, passed in: the clock, a fresh id, the scenario. */
export type DecideContext = { now: number; freshId: string; scenario: Scenario };

export type DecideResult =
  | { kind: 'rejected'; error: AppError }
  /**
   * The facts, numbered on from the state's version, and the state folding them leads to
   * (deciding computes it anyway, to build later facts on earlier ones): the caller stores
   * the facts and keeps the state as they are.
   */
  | { kind: 'accepted'; facts: RoomFact[]; state: RoomState }
  /** A retried command: nothing new is recorded; the original ack is answered again. */
  | { kind: 'repeated'; reply: { seq: number; turn: number } };

const reject = (code: ErrorCode, message: string): DecideResult => ({ kind: 'rejected', error: appError(code, message) });
const accept = (state: RoomState, ...events: NewFact[]): DecideResult => new Made(state).add(...events).accepted();

const allowed: Record<RoomCommand['type'], readonly Actor['role'][]> = {
  'player:join': ['system'],
  'session:start': ['facilitator'],
  'turn:close': ['facilitator', 'system'],
  'turn:next': ['facilitator'],
  'session:end': ['facilitator'],
  'decision:submit': ['player'],
  'player:kick': ['facilitator'],
};

function kick(state: RoomState, playerId: string, ctx: DecideContext): DecideResult {
  const player = state.players[playerId];
  if (!player || player.kicked) return reject('NOT_FOUND', 'no such player in this session');
  if (state.phase.status === 'ended') return reject('WRONG_PHASE', 'the session has ended');
  const made = new Made(state).add({ type: 'playerKicked', at: ctx.now, playerId });
  const after = made.state;
  // A sequential turn waiting only on the kicked player completes; so does self-paced play.
  if (after.phase.status === 'turnOpen' && after.phase.turn.order !== null && nextInOrder(after.phase, after.players) === null) {
    return made.add(...closeAndReveal(after, ctx.scenario, after.phase.turn, after.phase.decisions, 'complete', ctx.now)).accepted();
  }
  if (after.phase.status === 'selfPaced' && Object.values(after.phase.players).every((t) => t === null)) return made.add(publishDebrief(after, ctx.scenario, ctx.now)).accepted();
  return made.accepted();
}

/** Each condition's level for the player in this seat: balanced blocks, seeded per factor. */
function assignConditions(scenario: Scenario, seed: number, seat: number): { conditions: Record<string, string>; vars: Vars } {
  const conditions: Record<string, string> = {};
  let vars: Vars = {};
  for (const factor of scenario.conditions) {
    const level = assignCondition(deriveSeed(seed, 'condition', factor.id), factor.levels, seat);
    conditions[factor.id] = level.id;
    vars = { ...vars, ...level.vars };
  }
  return { conditions, vars };
}

function join(state: RoomState, nicknameRaw: string, ctx: DecideContext): DecideResult {
  const { phase } = state;
  if (phase.status === 'debrief' || phase.status === 'ended') return reject('WRONG_PHASE', 'the session is over; joining is closed');
  const nickname = normalizeNickname(nicknameRaw);
  if (nickname === '') return reject('BAD_PAYLOAD', 'nickname is empty once invisible characters are removed');
  const players = Object.values(state.players);
  if (players.some((p) => sameNickname(p.nickname, nickname))) return reject('NICKNAME_TAKEN', `"${nickname}" is taken in this session`);
  if (players.length >= ctx.scenario.players.max) return reject('SESSION_FULL', `this scenario takes at most ${ctx.scenario.players.max} players`);
  const seat = players.length;
  const player: Player = { playerId: ctx.freshId, nickname, seat, kicked: false, ...assignConditions(ctx.scenario, state.seed, seat) };
  const briefing = phase.status === 'turnOpen' && phase.turn.order === null
    ? briefingFor({ ...state, players: { ...state.players, [player.playerId]: player } }, ctx.scenario, phase.turn.turn, player) : null;
  const joined: NewFact = { type: 'playerJoined', at: ctx.now, playerId: player.playerId, nickname, seat, conditions: player.conditions, vars: player.vars, briefing };
  const made = new Made(state).add(joined);
  if (phase.status !== 'selfPaced') return made.accepted();
  const first = openTurn(made.state, ctx.scenario, 0, ctx.now, player);
  return (first ? made.add(first) : made).accepted();
}

function start(state: RoomState, ctx: DecideContext): DecideResult {
  if (state.phase.status !== 'lobby') return reject('WRONG_PHASE', 'the session has already started');
  const players = activePlayers(state);
  if (players.length < ctx.scenario.players.min) return reject('WRONG_PHASE', `waiting for players: ${players.length} of at least ${ctx.scenario.players.min}`);
  const started: NewFact = { type: 'sessionStarted', at: ctx.now };
  if (ctx.scenario.turnMode === 'self-paced') {
    const made = new Made(state).add(started);
    const after = made.state;
    return made.add(...players.map((p) => openTurn(after, ctx.scenario, 0, ctx.now, p)).filter((f): f is NewFact => f !== null)).accepted();
  }
  const first = openTurn(state, ctx.scenario, 0, ctx.now);
  return first ? accept(state, started, first) : reject('INTERNAL', 'scenario has no turns');
}

function close(state: RoomState, turn: number, reason: 'facilitator' | 'deadline', ctx: DecideContext): DecideResult {
  const { phase } = state;
  if (phase.status !== 'turnOpen') return reject('WRONG_PHASE', 'no turn is open');
  if (phase.turn.turn !== turn) return reject('WRONG_TURN', `turn ${phase.turn.turn} is open, not ${turn}`);
  const early = phase.turn.deadline === null || ctx.now < phase.turn.deadline;
  if (reason === 'deadline' && early) return reject('WRONG_PHASE', 'the turn has not reached its deadline');
  return accept(state, ...closeAndReveal(state, ctx.scenario, phase.turn, phase.decisions, reason, ctx.now));
}

function next(state: RoomState, turn: number, ctx: DecideContext): DecideResult {
  const { phase } = state;
  if (phase.status !== 'revealed') return reject('WRONG_PHASE', 'the current turn has not been revealed');
  if (phase.turn !== turn) return reject('WRONG_TURN', `turn ${phase.turn} is current, not ${turn}`);
  const opened = openTurn(state, ctx.scenario, turn + 1, ctx.now);
  return accept(state, opened ?? publishDebrief(state, ctx.scenario, ctx.now));
}

function end(state: RoomState, ctx: DecideContext): DecideResult {
  const { phase } = state;
  const ended: NewFact = { type: 'sessionEnded', at: ctx.now };
  switch (phase.status) {
    case 'ended': return reject('WRONG_PHASE', 'the session has already ended');
    case 'debrief': case 'lobby': return accept(state, ended);
    case 'revealed': case 'selfPaced': return accept(state, publishDebrief(state, ctx.scenario, ctx.now), ended);
    case 'turnOpen': case 'turnClosed': {
      const made = new Made(state).add(...closeAndReveal(state, ctx.scenario, phase.turn, phase.decisions, 'ended', ctx.now));
      return made.add(publishDebrief(made.state, ctx.scenario, ctx.now), ended).accepted();
    }
    default: return assertNever(phase);
  }
}

/** Validate a command against the room and return the facts it causes, or a coded rejection. */
export function decide(state: RoomState, actor: Actor, command: RoomCommand, ctx: DecideContext): DecideResult {
  if (!allowed[command.type].includes(actor.role)) return reject('FORBIDDEN', `a ${actor.role} may not send ${command.type}`);
  switch (command.type) {
    case 'player:join': return join(state, command.nickname, ctx);
    case 'session:start': return start(state, ctx);
    case 'turn:close': return close(state, command.turn, actor.role === 'system' ? 'deadline' : 'facilitator', ctx);
    case 'turn:next': return next(state, command.turn, ctx);
    case 'session:end': return end(state, ctx);
    case 'decision:submit': return actor.role === 'player' ? submit(state, actor.playerId, command, ctx) : reject('FORBIDDEN', 'only players decide');
    case 'player:kick': return kick(state, command.playerId, ctx);
    default: return assertNever(command);
  }
}
