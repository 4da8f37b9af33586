import type { ClassSummary, DebriefItem, Finding, PlayerDebrief } from '../protocol/debrief.js';
import type { Decision } from '../protocol/decision.js';
import type { Scenario, DetectorId } from '../scenario/schema.js';
import { formatFigure } from '../scenario/template.js';
import { classAnchoring, scoreAnchoring } from './detectors/anchoring.js';
import { classCascades, scoreHerding, type Urn } from './detectors/cascade.js';
import { scoreAsymmetricUpdating, scoreSelectiveExposure } from './detectors/confirmation.js';
import { scoreExponentialGrowth, summarizeExponentialGrowth } from './detectors/exponential-growth.js';
import { makeFinding } from './detectors/finding.js';
import { classFraming, scoreFraming } from './detectors/framing.js';
import { scoreGamblersFallacy } from './detectors/gamblers-fallacy.js';
import { scoreOverestimation, scoreOverprecision } from './detectors/overconfidence.js';
import { scorePresentBias } from './detectors/present-bias.js';
import { classSunkCost, scoreSunkCost } from './detectors/sunk-cost.js';
import { scoreBaseRateNeglect } from './detectors/base-rate.js';
import { detectorItems, type DetectorItems, type RevealedTurn } from './items.js';
import { median, medianInterval } from './stats.js';

export type { RevealedTurn } from './items.js';
export type DebriefInput = { players: readonly { playerId: string; nickname: string }[]; revealed: readonly RevealedTurn[]; seed: number };
export type Debriefs = { classSummary: ClassSummary; players: Record<string, PlayerDebrief> };

/** Which detectors this scenario's turns can feed at all (a detector with no input is left out). */
function fed(items: DetectorItems, detector: DetectorId): Finding[] | null {
  switch (detector) {
    case 'exponential-growth': return [scoreExponentialGrowth(items.growth)];
    case 'anchoring': return [scoreAnchoring(items.anchors)];
    case 'framing': return [scoreFraming(items.frames)];
    case 'confirmation': return [...(items.cards.length ? [scoreSelectiveExposure(items.cards)] : []), ...(items.beliefs.length ? [scoreAsymmetricUpdating(items.beliefs)] : [])];
    case 'sunk-cost': return [scoreSunkCost(items.sunk)];
    case 'present-bias': return [scorePresentBias(items.priceLists)];
    case 'overconfidence': return [...(items.confidence.length ? [scoreOverestimation(items.confidence)] : []), ...(items.intervals.length ? [scoreOverprecision(items.intervals)] : [])];
    case 'cascade': return [scoreHerding(items.cascade)];
    case 'base-rate': return [scoreBaseRateNeglect(items.baseRates)];
    case 'gamblers-fallacy': return [scoreGamblersFallacy(items.streaks)];
  }
}

export function playerFindings(scenario: Scenario, revealed: readonly RevealedTurn[], playerId: string): Finding[] {
  const items = detectorItems(scenario, revealed, playerId);
  return scenario.detectors.flatMap((d) => fed(items, d) ?? []);
}

/** The class median of individual scores for one bias, with a distribution-free interval. */
function summarize(findings: readonly Finding[], bias: string): Finding | null {
  const mine = findings.filter((f) => f.bias === bias);
  const scores = mine.map((f) => f.score).filter((s): s is number => s !== null);
  if (mine.length === 0) return null;
  const mid = median(scores);
  return makeFinding({ detector: mine[0]?.detector ?? bias, bias, score: mid, interval: medianInterval(scores), n: scores.length,
    evidence: mine.flatMap((f) => f.evidence), explanation: mid === null ? 'No one was scored.' : `Class median ${bias} score: ${mid.toFixed(2)} over ${scores.length} players.` });
}

function classFindings(scenario: Scenario, input: DebriefInput, individual: readonly Finding[]): Finding[] {
  const all = detectorItems(scenario, input.revealed);
  const byBias = (detector: DetectorId) => [...new Set(individual.filter((f) => f.detector === detector).map((f) => f.bias))]
    .map((bias) => summarize(individual, bias)).filter((f): f is Finding => f !== null);
  return scenario.detectors.flatMap((detector): Finding[] => {
    switch (detector) {
      case 'exponential-growth': return [summarizeExponentialGrowth(individual.filter((f) => f.detector === detector)).finding];
      case 'anchoring': return [...new Set(all.anchors.map((a) => a.turnId))].map((turnId) => classAnchoring(all.anchors.filter((a) => a.turnId === turnId), input.seed));
      case 'framing': return all.frames.length ? [classFraming(all.frames)] : [];
      case 'sunk-cost': return all.sunk.some((s) => s.condition) ? [classSunkCost(all.sunk), ...byBias(detector)] : byBias(detector);
      case 'cascade': return [classCascades(input.revealed.filter((t) => scenario.turns[t.turn]?.consequence.kind === 'cascade-guess').map((t) => ({
        turnId: t.turnId, trueUrn: (t.outcome.trueUrnIndex === 1 ? 'B' : 'A') as Urn,
        guesses: t.order.map((p) => t.results[p]?.figures.guess).filter((g): g is number => g != null).map((g): Urn => (g === 1 ? 'B' : 'A')) }))), ...byBias(detector)];
      default: return byBias(detector);
    }
  });
}

function describe(decision: Decision | null, scenario: Scenario, turn: number): string {
  if (decision === null) return 'no answer';
  const spec = scenario.turns[turn]?.decision;
  const label = (id: string) => (spec?.kind === 'choice' || spec?.kind === 'multi-choice' ? spec.options.find((o) => o.id === id)?.label ?? id : id);
  const conf = 'confidence' in decision && decision.confidence !== undefined ? ` (${decision.confidence} % sure)` : '';
  switch (decision.kind) {
    case 'numeric': return `${formatFigure(decision.value)}${conf}`;
    case 'choice': return `${label(decision.optionId)}${conf}`;
    case 'multi-choice': return decision.optionIds.map(label).join(', ') || 'none';
    case 'interval': return `${formatFigure(decision.low)} to ${formatFigure(decision.high)}`;
    case 'allocation': return Object.entries(decision.amounts).map(([k, v]) => `${k}: ${formatFigure(v)}`).join(', ');
    case 'evidence': return decision.cardIds.length ? `opened ${decision.cardIds.join(', ')}` : 'opened nothing';
    case 'confidence': return `${decision.percent} %`;
    case 'price-list': return decision.switchRow === null ? 'never switched' : `switched at row ${decision.switchRow + 1}`;
  }
}

const numericAnswer = (d: Decision | null): number | null => (d?.kind === 'numeric' ? d.value : null);
const normativeOf = (o: Record<string, number | null>) => o.trueValue ?? o.truth ?? o.bayesPercent ?? null;

/**
 * Personal debriefs (your answers against the normative answer, the trap and the class, and what
 * each detector found) and the facilitator's class summary (each effect, the data for charts).
 */
export function buildDebriefs(scenario: Scenario, input: DebriefInput): Debriefs {
  const title = (turn: number) => scenario.turns[turn]?.title ?? `Turn ${turn + 1}`;
  const classTurns = input.revealed.map((t) => {
    const decisions = Object.values(t.results).map((r) => r.decision);
    const answers = decisions.map(numericAnswer).filter((v): v is number => v !== null);
    const choices: Record<string, number> = {};
    for (const d of decisions) if (d?.kind === 'choice') choices[d.optionId] = (choices[d.optionId] ?? 0) + 1;
    return { turnId: t.turnId, label: title(t.turn), normative: normativeOf(t.outcome), trap: t.outcome.linearValue ?? null, answers, median: median(answers), choices };
  });
  const players: Record<string, PlayerDebrief> = {};
  for (const { playerId, nickname } of input.players) {
    const findings = playerFindings(scenario, input.revealed, playerId);
    const items: DebriefItem[] = input.revealed.filter((t) => t.results[playerId]).map((t, i) => {
      const r = t.results[playerId];
      return { turnId: t.turnId, label: title(t.turn), answer: describe(r?.decision ?? null, scenario, t.turn), yours: numericAnswer(r?.decision ?? null),
        normative: normativeOf(t.outcome), trap: t.outcome.linearValue ?? null, classMedian: classTurns[i]?.median ?? null,
        score: r?.figures.growthBias ?? r?.figures.neglect ?? null, feedback: r?.feedback ?? '' };
    });
    const main = findings.find((f) => f.score !== null);
    const headline = main?.score != null
      ? `Your ${main.bias} score: ${main.score.toFixed(2)}${main.interval ? ` (interval ${main.interval[0].toFixed(2)} to ${main.interval[1].toFixed(2)})` : ''}.`
      : 'You did not answer enough turns to be scored.';
    players[playerId] = { playerId, nickname, headline, items, findings, takeaway: scenario.debrief.takeaway };
  }
  const individual = Object.values(players).flatMap((p) => p.findings);
  const growth = summarizeExponentialGrowth(individual.filter((f) => f.detector === 'exponential-growth'));
  return {
    players,
    classSummary: {
      players: input.players.length,
      headline: scenario.debrief.outcome ? `${scenario.debrief.intro} ${scenario.debrief.outcome}` : scenario.debrief.intro,
      findings: classFindings(scenario, input, individual),
      turns: classTurns,
      distribution: scenario.detectors.includes('exponential-growth') ? growth.distribution : [],
    },
  };
}
