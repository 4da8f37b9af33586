import type { Decision } from '../protocol/decision.js';
import type { TurnResult } from '../protocol/events.js';
import type { Scenario, TurnSpec } from '../scenario/schema.js';
import type { AnchorItem } from './detectors/anchoring.js';
import type { CardRequest, BeliefUpdate } from './detectors/confirmation.js';
import type { FrameItem } from './detectors/framing.js';
import type { SunkItem } from './detectors/sunk-cost.js';
import type { PriceListItem } from './detectors/present-bias.js';
import type { ConfidenceItem, IntervalItem } from './detectors/overconfidence.js';
import type { CascadeDecision, Urn } from './detectors/cascade.js';
import type { BaseRateItem } from './detectors/base-rate.js';
import type { StreakItem } from './detectors/gamblers-fallacy.js';
import type { GrowthEvidence } from './detectors/exponential-growth.js';
import { pastCostOf } from './consequences/index.js';

/** A revealed turn: each player's result, and the order in which players decided. */
export type RevealedTurn = { turn: number; turnId: string; outcome: Record<string, number | null>; results: Readonly<Record<string, TurnResult>>; order: readonly string[] };

export type DetectorItems = {
  growth: GrowthEvidence[]; anchors: AnchorItem[]; frames: FrameItem[]; cards: CardRequest[]; beliefs: BeliefUpdate[];
  sunk: SunkItem[]; priceLists: PriceListItem[]; confidence: ConfidenceItem[]; intervals: IntervalItem[];
  cascade: CascadeDecision[]; baseRates: BaseRateItem[]; streaks: StreakItem[];
};

const empty = (): DetectorItems => ({ growth: [], anchors: [], frames: [], cards: [], beliefs: [], sunk: [], priceLists: [],
  confidence: [], intervals: [], cascade: [], baseRates: [], streaks: [] });

const urnOf = (i: number | null | undefined): Urn => (i === 1 ? 'B' : 'A');

/** Add one player's answer on one turn to the detector inputs it feeds. */
function collect(out: DetectorItems, spec: TurnSpec, t: RevealedTurn, playerId: string, result: TurnResult): void {
  const c = spec.consequence;
  const f = result.figures;
  const d: Decision | null = result.decision;
  const turnId = t.turnId;
  if (d && (d.kind === 'numeric' || d.kind === 'choice') && d.confidence !== undefined) {
    // A confidence in a right answer (quiz) or in an option's success (outcome draw) is a calibration item.
    const hit = c.kind === 'quiz' ? f.correct : c.kind === 'outcome-draw' ? f.success : null;
    if (hit != null) out.confidence.push({ turnId, probability: d.confidence / 100, correct: hit === 1 });
  }
  switch (c.kind) {
    case 'growth-forecast': case 'savings-forecast':
      if (f.estimate != null && f.trueValue != null && f.linearValue != null) out.growth.push({ turnId, estimate: f.estimate, trueValue: f.trueValue, linearValue: f.linearValue });
      return;
    case 'estimate':
      if (d?.kind === 'numeric' && f.anchor != null) out.anchors.push({ turnId, playerId, anchor: f.anchor, estimate: d.value, truth: c.truth });
      if (d?.kind === 'interval') out.intervals.push({ turnId, low: d.low, high: d.high, truth: c.truth, nominal: spec.decision.kind === 'interval' ? spec.decision.coverage : 0.9 });
      return;
    case 'frame-choice':
      if (f.choseSure != null && f.gainFrame != null) out.frames.push({ turnId, playerId, frame: f.gainFrame === 1 ? 'gain' : 'loss', choseSure: f.choseSure === 1 });
      return;
    case 'sunk-cost-choice':
      if (d?.kind === 'choice') {
        out.sunk.push({ turnId, playerId, chosen: d.optionId, options: c.options.map((o) => ({ id: o.id, forwardValue: o.forwardValue, pastCost: f[`past:${o.id}`] ?? pastCostOf(o.pastCost, {}) })),
          ...(f.sunk != null ? { condition: f.sunk === 1 ? 'sunk' as const : 'no-sunk' as const } : {}), ...(f.continued != null ? { continued: f.continued === 1 } : {}) });
      }
      return;
    case 'outcome-draw':
      if (d?.kind === 'choice' && Object.values(c.options).some((o) => o.pastCost > 0)) {
        out.sunk.push({ turnId, playerId, chosen: d.optionId, options: Object.entries(c.options).map(([id, o]) => ({
          id, forwardValue: o.probability * o.success + (1 - o.probability) * o.failure, pastCost: o.pastCost })) });
      }
      return;
    case 'price-list':
      if (d?.kind === 'price-list' && spec.decision.kind === 'price-list') {
        out.priceLists.push({ turnId, frontEndDelay: c.frontEndDelay, delay: c.delay, later: spec.decision.later, sooner: spec.decision.sooner, switchRow: d.switchRow });
      }
      return;
    case 'evidence-cards':
      if (d?.kind === 'evidence') for (const id of d.cardIds) { const card = c.cards.find((k) => k.id === id); if (card) out.cards.push({ turnId, kind: card.kind }); }
      return;
    case 'belief':
      if (c.evidence && f.prior != null && f.belief != null) out.beliefs.push({ turnId, prior: f.prior, posterior: f.belief, kind: c.evidence.kind, likelihoodRatio: c.evidence.likelihoodRatio });
      return;
    case 'probability-judgment':
      if (f.answer != null) out.baseRates.push({ turnId, prior: c.prior, hitRate: c.hitRate, falseAlarm: c.falseAlarm, answer: f.answer });
      return;
    case 'streak':
      if (f.predictedReversal != null) out.streaks.push({ turnId, streakLength: f.streakLength ?? c.length, predictedReversal: f.predictedReversal === 1 });
      return;
    case 'cascade-guess': {
      if (f.guess == null || f.signal == null) return;
      const before = t.order.slice(0, t.order.indexOf(playerId)).map((p) => t.results[p]?.figures.guess).filter((g): g is number => g != null);
      out.cascade.push({ turnId, playerId, signal: urnOf(f.signal), guess: urnOf(f.guess), history: before.map(urnOf) });
      return;
    }
    case 'quiz': case 'delayed-effects': case 'story': case 'allocation-return': case 'survey':
      return;
  }
}

/** Everything the detectors need about one player (or, with no player, the whole class). */
export function detectorItems(scenario: Scenario, revealed: readonly RevealedTurn[], playerId?: string): DetectorItems {
  const out = empty();
  for (const t of revealed) {
    const spec = scenario.turns[t.turn];
    if (!spec) continue;
    for (const [pid, result] of Object.entries(t.results)) {
      if (playerId === undefined || pid === playerId) collect(out, spec, t, pid, result);
    }
  }
  return out;
}
