import type { ClassSummary, DebriefItem, Figures, Finding, PlayerDebrief } from '../protocol/debrief.js';
import type { TurnResult } from '../protocol/events.js';
import type { Scenario } from '../scenario/schema.js';
import { scoreExponentialGrowth, summarizeExponentialGrowth, type GrowthEvidence } from './detectors/exponential-growth.js';
import { median, round } from './stats.js';

export type RevealedTurn = { turn: number; turnId: string; outcome: Figures; results: Readonly<Record<string, TurnResult>> };
export type DebriefInput = { players: readonly { playerId: string; nickname: string }[]; revealed: readonly RevealedTurn[] };
export type Debriefs = { classSummary: ClassSummary; players: Record<string, PlayerDebrief> };

function turnTitle(scenario: Scenario, turn: number): string {
  return scenario.turns[turn]?.title ?? `Turn ${turn + 1}`;
}

function answerOf(result: TurnResult | undefined): number | null {
  return result?.decision?.kind === 'numeric' ? result.decision.value : null;
}

function growthEvidence(revealed: readonly RevealedTurn[], playerId: string): GrowthEvidence[] {
  return revealed.flatMap((t) => {
    const estimate = answerOf(t.results[playerId]);
    const { trueValue, linearValue } = t.outcome;
    if (estimate === null || trueValue == null || linearValue == null) return [];
    return [{ turnId: t.turnId, estimate, trueValue, linearValue }];
  });
}

function playerFindings(scenario: Scenario, revealed: readonly RevealedTurn[], playerId: string): Finding[] {
  return scenario.detectors.map((detector) => {
    switch (detector) {
      case 'exponential-growth': return scoreExponentialGrowth(growthEvidence(revealed, playerId));
    }
  });
}

function headlineFor(findings: readonly Finding[]): string {
  const growth = findings.find((f) => f.detector === 'exponential-growth');
  if (growth?.score == null) return 'You did not answer enough turns to be scored.';
  return `Your growth-bias score b = ${round(growth.score, 2)} (0 means you compounded like the real numbers, 1 means straight-line thinking).`;
}

/**
 * Personal debriefs (your answers against the true and the trap answer and the class) and the
 * facilitator's class summary (each effect with its numbers and the data a chart needs).
 */
export function buildDebriefs(scenario: Scenario, input: DebriefInput): Debriefs {
  const classTurns = input.revealed.map((t) => {
    const answers = Object.values(t.results).map(answerOf).filter((v): v is number => v !== null);
    return { turnId: t.turnId, label: turnTitle(scenario, t.turn), normative: t.outcome.trueValue ?? 0,
      trap: t.outcome.linearValue ?? null, answers, median: median(answers) };
  });
  const players: Record<string, PlayerDebrief> = {};
  for (const { playerId, nickname } of input.players) {
    const findings = playerFindings(scenario, input.revealed, playerId);
    const items: DebriefItem[] = input.revealed.map((t, i) => ({
      turnId: t.turnId, label: turnTitle(scenario, t.turn), yours: answerOf(t.results[playerId]),
      normative: t.outcome.trueValue ?? 0, trap: t.outcome.linearValue ?? null,
      classMedian: classTurns[i]?.median ?? null, score: t.results[playerId]?.figures.growthBias ?? null,
    }));
    players[playerId] = { playerId, nickname, headline: headlineFor(findings), items, findings, takeaway: scenario.debrief.takeaway };
  }
  const growth = summarizeExponentialGrowth(Object.values(players).flatMap((p) => p.findings.filter((f) => f.detector === 'exponential-growth')));
  const classSummary: ClassSummary = {
    players: input.players.length, headline: scenario.debrief.intro,
    findings: scenario.detectors.includes('exponential-growth') ? [growth.finding] : [],
    turns: classTurns, distribution: growth.distribution,
  };
  return { classSummary, players };
}
