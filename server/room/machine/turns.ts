import type { Briefing, Decision, Figures, NewFact, TurnResult } from '../../../shared/protocol/index.js';
import { END, renderTemplate, type Scenario, type TurnSpec, type Vars } from '../../../shared/scenario/index.js';
import {
  buildDebriefs, consequenceOutcome, consequenceResult, consequenceReveal, consequenceVarNames, consequenceVars, isPersonalConsequence,
  type PlayerContext, type PlayerTurnRecord, type TurnEnv,
} from '../../../shared/engine/index.js';
import { activePlayers, type OpenTurn, type Player, type RoomState, type SubmittedDecision } from './state.js';

/** Builders for the facts of a turn's life. Pure: time comes in as `now`. */

export function envOf(state: RoomState, scenario: Scenario, turn: number): TurnEnv {
  return { scenario, seed: state.seed, turn, turnId: scenario.turns[turn]?.id ?? `turn-${turn}` };
}

/** A player's earlier results, in turn order: what delayed effects and beliefs build on. */
export function playerContext(state: RoomState, player: Player): PlayerContext {
  const history: PlayerTurnRecord[] = [];
  for (const t of state.revealed) {
    const r = t.results[player.playerId];
    if (r) history.push({ turn: t.turn, turnId: t.turnId, decision: r.decision, figures: r.figures });
  }
  return { playerId: player.playerId, seat: player.seat, vars: player.vars, history: inTurnOrder(history) };
}

/** Turns are revealed in the order they are played, which branching can make other than their order in the scenario. */
function inTurnOrder(history: PlayerTurnRecord[]): PlayerTurnRecord[] {
  for (let i = 1; i < history.length; i++) if ((history[i] as PlayerTurnRecord).turn < (history[i - 1] as PlayerTurnRecord).turn) return history.sort((a, b) => a.turn - b.turn);
  return history;
}

export function briefingFor(state: RoomState, scenario: Scenario, turn: number, player: Player, context = playerContext(state, player)): Briefing {
  const spec = scenario.turns[turn] as TurnSpec;
  const vars: Vars = { ...player.vars, ...consequenceVars(spec.consequence, envOf(state, scenario, turn), context) };
  return { prompt: renderTemplate(spec.prompt, vars), vars };
}

/**
 * The public view of a turn: condition vars and per-player consequence vars show as "…" (private
 * even when every player's happens to be the same); vars the same for everyone are shown.
 */
function publicView(spec: TurnSpec, briefings: readonly Briefing[], privateNames: readonly string[]): Briefing {
  const first = briefings[0]?.vars ?? {};
  const shared: Vars = {};
  for (const [name, value] of Object.entries(first)) {
    if (!privateNames.includes(name) && briefings.every((b) => b.vars[name] === value)) shared[name] = value;
  }
  const masked: Record<string, string | number> = { ...shared };
  for (const name of [...privateNames, ...Object.keys(first)]) if (!(name in shared)) masked[name] = '…';
  return { prompt: renderTemplate(spec.prompt, masked), vars: shared };
}

/**
 * Open a turn for the given players (all of them, or one in self-paced play). Briefings are kept
 * whenever the prompt shows anything private or differs between players.
 */
export function openTurn(state: RoomState, scenario: Scenario, turn: number, now: number, forPlayer: Player | null = null): NewFact | null {
  const fields = turnFields(state, scenario, turn, now, forPlayer);
  return fields && { type: 'turnOpened', at: now, ...fields };
}

/**
 * What openTurn opens, without the fact's envelope (a self-paced answer carries it as its `next`,
 * with the player's context as it stands after the answer).
 */
function turnFields(state: RoomState, scenario: Scenario, turn: number, now: number, forPlayer: Player | null, context?: PlayerContext): OpenTurn | null {
  const spec = scenario.turns[turn];
  if (!spec) return null;
  const players = forPlayer ? [forPlayer] : activePlayers(state);
  const briefings = Object.fromEntries(players.map((p) => [p.playerId, briefingFor(state, scenario, turn, p, context ?? playerContext(state, p))]));
  const conditionVars = scenario.conditions.flatMap((c) => c.levels.flatMap((l) => Object.keys(l.vars)));
  const privateNames = [...conditionVars, ...(isPersonalConsequence(spec.consequence) ? consequenceVarNames(spec.consequence) : [])];
  const shown = publicView(spec, Object.values(briefings), privateNames);
  const personal = Object.values(briefings).some((b) => b.prompt !== shown.prompt) ? briefings : {};
  return {
    turn, turnId: spec.id, title: spec.title, prompt: shown.prompt, vars: shown.vars,
    decision: spec.decision, confidence: spec.confidence,
    deadline: spec.timerSeconds === null || forPlayer ? null : now + spec.timerSeconds * 1000,
    order: scenario.turnMode === 'sequential' ? players.map((p) => p.playerId) : null,
    playerId: forPlayer?.playerId ?? null, personal,
  };
}

/** A turn's outcome and its summary: the same for every player, in a group reveal and a self-paced answer alike. */
function turnOutcome(spec: TurnSpec, env: TurnEnv): { outcome: Figures; summary: string } {
  const outcome = consequenceOutcome(spec.consequence, env);
  return { outcome, summary: renderTemplate(spec.reveal ?? consequenceReveal(spec.consequence, env), { ...outcome }) };
}

/** The results of a turn for the given players, with the scenario's default move for the silent. */
export function revealTurn(
  state: RoomState, scenario: Scenario, turn: OpenTurn, decisions: Readonly<Record<string, SubmittedDecision>>,
  playerIds: readonly string[], now: number,
): NewFact | null {
  const spec = scenario.turns[turn.turn];
  if (!spec) return null;
  const env = envOf(state, scenario, turn.turn);
  const { outcome, summary } = turnOutcome(spec, env);
  const results: Record<string, TurnResult> = {};
  for (const id of playerIds) {
    const player = state.players[id];
    if (!player) continue;
    const decided: Decision | null = decisions[id]?.decision ?? null;
    const decision = decided ?? spec.defaultMove;
    const { figures, feedback } = consequenceResult(spec.consequence, env, playerContext(state, player), decision, outcome);
    results[id] = { decision, defaulted: decided === null, figures, feedback };
  }
  const order = Object.entries(decisions).sort((a, b) => a[1].seq - b[1].seq).map(([id]) => id);
  return { type: 'turnRevealed', at: now, turn: turn.turn, turnId: turn.turnId, outcome, summary, results, order, playerId: turn.playerId };
}

/**
 * A self-paced answer (see turnAnswered): the player's result for their open turn, and the turn that
 * opens next for them, built on the state with this result revealed (a later turn's consequence reads
 * the player's history), or null when the scenario ends for them. Null when the open turn is not in
 * the scenario.
 */
export function answerTurn(state: RoomState, scenario: Scenario, turn: OpenTurn, player: Player, commandId: string, decision: Decision, now: number): NewFact | null {
  const spec = scenario.turns[turn.turn];
  if (!spec) return null;
  const env = envOf(state, scenario, turn.turn);
  const { outcome, summary } = turnOutcome(spec, env);
  const context = playerContext(state, player);
  const { figures, feedback } = consequenceResult(spec.consequence, env, context, decision, outcome);
  const nextIndex = nextTurnIndex(scenario, turn.turn, decision);
  // The next turn sees this answer in the player's history, as the state after it will hold it
  // (a turn answered again, in a loop, keeps only its latest result).
  const history = context.history.filter((h) => h.turn !== turn.turn);
  history.push({ turn: turn.turn, turnId: turn.turnId, decision, figures });
  const next = nextIndex === null ? null : turnFields(state, scenario, nextIndex, now, player, { ...context, history: inTurnOrder(history) });
  return { type: 'turnAnswered', at: now, turn: turn.turn, turnId: turn.turnId, playerId: player.playerId, commandId, decision, outcome, summary, figures, feedback, next };
}

/** Close then reveal a group turn. */
export function closeAndReveal(
  state: RoomState, scenario: Scenario, turn: OpenTurn, decisions: Readonly<Record<string, SubmittedDecision>>,
  reason: 'facilitator' | 'deadline' | 'ended' | 'complete', now: number,
): NewFact[] {
  const playerIds = activePlayers(state).map((p) => p.playerId);
  const defaulted = playerIds.filter((id) => !(id in decisions));
  const revealed = revealTurn(state, scenario, turn, decisions, playerIds, now);
  return [{ type: 'turnClosed', at: now, turn: turn.turn, reason, defaulted }, ...(revealed ? [revealed] : [])];
}

/** Where a self-paced player goes after answering: the branch their answer matches, or the next turn. */
export function nextTurnIndex(scenario: Scenario, turn: number, decision: Decision | null): number | null {
  const spec = scenario.turns[turn];
  if (!spec) return null;
  const target = spec.next === undefined ? scenario.turns[turn + 1]?.id ?? END
    : typeof spec.next === 'string' ? spec.next
    : spec.next.branches.find((b) => decision?.kind === 'choice' && b.when.includes(decision.optionId))?.goto ?? spec.next.otherwise;
  if (target === END) return null;
  const index = scenario.turns.findIndex((t) => t.id === target);
  return index === -1 ? null : index;
}

export function publishDebrief(state: RoomState, scenario: Scenario, now: number): NewFact {
  const players = activePlayers(state).map(({ playerId, nickname }) => ({ playerId, nickname }));
  const { classSummary, players: debriefs } = buildDebriefs(scenario, { players, revealed: state.revealed, seed: state.seed });
  return { type: 'debriefPublished', at: now, classSummary, players: debriefs };
}
