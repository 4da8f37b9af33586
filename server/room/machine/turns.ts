import type { Decision, DecisionSpec, NewFact, TurnResult } from '../../../shared/protocol/index.js';
import type { Scenario } from '../../../shared/scenario/index.js';
import { renderTemplate } from '../../../shared/scenario/index.js';
import { buildDebriefs, defaultReveal, playerResult, turnInfo, turnOutcome } from '../../../shared/engine/index.js';
import type { OpenTurn, RoomState, SubmittedDecision } from './state.js';

/** Builders for the facts of a turn's life. Pure: time comes in as `now`. */

export function openTurn(scenario: Scenario, turn: number, now: number): NewFact | null {
  const spec = scenario.turns[turn];
  if (!spec) return null;
  const info = turnInfo(scenario.model, spec.consequence);
  return {
    type: 'turnOpened', at: now, turn, turnId: spec.id, title: spec.title,
    prompt: renderTemplate(spec.prompt, info), info, decision: spec.decision,
    deadline: spec.timerSeconds === null ? null : now + spec.timerSeconds * 1000,
  };
}

/** Why a decision does not fit the turn, or null when it does. */
export function checkDecision(spec: DecisionSpec, decision: Decision): string | null {
  if (spec.kind !== decision.kind) return `this turn expects a ${spec.kind} decision`;
  if (spec.kind === 'numeric' && decision.kind === 'numeric') {
    if (decision.value < spec.min || decision.value > spec.max) return `value must be between ${spec.min} and ${spec.max}`;
    if (spec.integer && !Number.isInteger(decision.value)) return 'value must be a whole number';
  }
  if (spec.kind === 'choice' && decision.kind === 'choice' && !spec.options.some((o) => o.id === decision.optionId)) {
    return `unknown option "${decision.optionId}"`;
  }
  return null;
}

/** Close then reveal: the defaulted players get the scenario's default move (or no answer). */
export function closeAndReveal(
  state: RoomState, scenario: Scenario, turn: OpenTurn, decisions: Readonly<Record<string, SubmittedDecision>>,
  reason: 'facilitator' | 'deadline' | 'ended', now: number,
): NewFact[] {
  const spec = scenario.turns[turn.turn];
  if (!spec) return [];
  const playerIds = Object.keys(state.players);
  const defaulted = playerIds.filter((id) => !(id in decisions));
  const outcome = turnOutcome(scenario.model, spec.consequence);
  const results: Record<string, TurnResult> = {};
  for (const id of playerIds) {
    const decided = decisions[id]?.decision ?? null;
    const decision = decided ?? spec.defaultMove;
    const { figures, feedback } = playerResult(scenario.model, spec.consequence, outcome, decision);
    results[id] = { decision, defaulted: decided === null, figures, feedback };
  }
  const summary = renderTemplate(spec.reveal ?? defaultReveal(scenario.model, spec.consequence), outcome);
  return [
    { type: 'turnClosed', at: now, turn: turn.turn, reason, defaulted },
    { type: 'turnRevealed', at: now, turn: turn.turn, turnId: turn.turnId, outcome, summary, results },
  ];
}

export function publishDebrief(state: RoomState, scenario: Scenario, now: number): NewFact {
  const players = Object.values(state.players).map(({ playerId, nickname }) => ({ playerId, nickname }));
  const { classSummary, players: debriefs } = buildDebriefs(scenario, { players, revealed: state.revealed });
  return { type: 'debriefPublished', at: now, classSummary, players: debriefs };
}
