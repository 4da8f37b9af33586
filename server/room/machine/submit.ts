import { appError, checkDecision, type ErrorCode, type NewFact } from '../../../shared/protocol/index.js';
import type { RoomCommand } from './commands.js';
import type { DecideContext, DecideResult } from './decide.js';
import { Made } from './made.js';
import { nextInOrder, type OpenTurn, type Phase, type Player, type RoomState } from './state.js';
import { answerTurn, closeAndReveal, publishDebrief } from './turns.js';

type Submit = Extract<RoomCommand, { type: 'decision:submit' }>;

const reject = (code: ErrorCode, message: string): DecideResult => ({ kind: 'rejected', error: appError(code, message) });

function checkTurn(turn: OpenTurn, command: Submit, ctx: DecideContext): DecideResult | null {
  if (turn.turn !== command.turn) return reject('WRONG_TURN', `turn ${turn.turn} is open, not ${command.turn}`);
  if (turn.deadline !== null && ctx.now > turn.deadline) return reject('DEADLINE_PASSED', 'the turn closed for decisions at its deadline');
  const problem = checkDecision(turn.decision, command.decision, turn.confidence);
  return problem ? reject('INVALID_DECISION', problem) : null;
}

/** Simultaneous and sequential turns: everyone on the same turn; sequential ones in order, closing after the last. */
function submitToGroup(state: RoomState, phase: Extract<Phase, { status: 'turnOpen' }>, playerId: string, command: Submit, ctx: DecideContext): DecideResult {
  if (playerId in phase.decisions) return reject('ALREADY_DECIDED', 'you already decided this turn');
  const order = phase.turn.order;
  if (order !== null && nextInOrder(phase, state.players) !== playerId) {
    return reject('NOT_YOUR_TURN', order.includes(playerId) ? 'another player decides before you' : 'you joined after this turn began');
  }
  const invalid = checkTurn(phase.turn, command, ctx);
  if (invalid) return invalid;
  const submitted: NewFact = { type: 'decisionSubmitted', at: ctx.now, turn: command.turn, playerId, commandId: command.commandId, decision: command.decision, public: order !== null };
  const decisions = { ...phase.decisions, [playerId]: { decision: command.decision, commandId: command.commandId, seq: state.version + 1 } };
  const lastInOrder = order !== null && order.every((p) => p in decisions || state.players[p]?.kicked === true);
  const made = new Made(state).add(submitted);
  return (lastInOrder ? made.add(...closeAndReveal(made.state, ctx.scenario, phase.turn, decisions, 'complete', ctx.now)) : made).accepted();
}

/**
 * Self-paced: the player's own turn is revealed to them at once and their next turn opens, in one
 * fact (turnAnswered); when the scenario ends for them they finish, and the debrief follows the last.
 */
function submitAlone(state: RoomState, phase: Extract<Phase, { status: 'selfPaced' }>, player: Player, command: Submit, ctx: DecideContext): DecideResult {
  const turn = phase.players[player.playerId];
  if (turn === undefined) return reject('NOT_YOUR_TURN', 'you joined after play began');
  if (turn === null) return reject('WRONG_PHASE', 'you have finished this scenario');
  const invalid = checkTurn(turn, command, ctx);
  if (invalid) return invalid;
  const answered = answerTurn(state, ctx.scenario, turn, player, command.commandId, command.decision, ctx.now);
  if (!answered || answered.type !== 'turnAnswered') return reject('INTERNAL', `turn ${turn.turn} is not in the scenario`);
  const made = new Made(state).add(answered);
  if (answered.next !== null) return made.accepted();
  const final = made.add({ type: 'playerFinished', at: ctx.now, playerId: player.playerId }).state;
  if (final.phase.status === 'selfPaced' && Object.values(final.phase.players).every((t) => t === null)) {
    made.add(publishDebrief(final, ctx.scenario, ctx.now));
  }
  return made.accepted();
}

export function submit(state: RoomState, playerId: string, command: Submit, ctx: DecideContext): DecideResult {
  const earlier = state.commands[playerId]?.find((c) => c.commandId === command.commandId);
  if (earlier) return { kind: 'repeated', reply: { seq: earlier.seq, turn: earlier.turn } };
  const player = state.players[playerId];
  if (!player || player.kicked) return reject('FORBIDDEN', 'you are not a player in this session');
  const { phase } = state;
  if (phase.status === 'turnOpen') return submitToGroup(state, phase, playerId, command, ctx);
  if (phase.status === 'selfPaced') return submitAlone(state, phase, player, command, ctx);
  return reject('WRONG_PHASE', 'no turn is open for decisions');
}
