import type { Decision, DecisionSpec } from './decision.js';

/**
 * Why a decision does not fit its turn's spec, or null when it does. Shared so clients can check
 * before sending; the room checks again.
 */
export function checkDecision(spec: DecisionSpec, decision: Decision, needsConfidence = false): string | null {
  if (spec.kind !== decision.kind) return `this turn expects a ${spec.kind} decision`;
  if (needsConfidence && (decision.kind === 'numeric' || decision.kind === 'choice' || decision.kind === 'multi-choice') && decision.confidence === undefined) {
    return 'this turn asks for your confidence (0–100) with the answer';
  }
  return checkFit(spec, decision);
}

const unique = (xs: readonly string[]) => new Set(xs).size === xs.length;

function checkFit(spec: DecisionSpec, d: Decision): string | null {
  switch (spec.kind) {
    case 'numeric': {
      if (d.kind !== 'numeric') return null;
      if (d.value < spec.min || d.value > spec.max) return `value must be between ${spec.min} and ${spec.max}`;
      return spec.integer && !Number.isInteger(d.value) ? 'value must be a whole number' : null;
    }
    case 'choice':
      return d.kind === 'choice' && !spec.options.some((o) => o.id === d.optionId) ? `unknown option "${d.optionId}"` : null;
    case 'multi-choice': {
      if (d.kind !== 'multi-choice') return null;
      const unknown = d.optionIds.find((idv) => !spec.options.some((o) => o.id === idv));
      if (unknown !== undefined) return `unknown option "${unknown}"`;
      if (!unique(d.optionIds)) return 'each option may be chosen once';
      if (d.optionIds.length < spec.min || d.optionIds.length > (spec.max ?? spec.options.length)) return `choose between ${spec.min} and ${spec.max ?? spec.options.length} options`;
      return null;
    }
    case 'interval': {
      if (d.kind !== 'interval') return null;
      if (d.low > d.high) return 'low must not exceed high';
      return d.low < spec.min || d.high > spec.max ? `the range must lie between ${spec.min} and ${spec.max}` : null;
    }
    case 'allocation': {
      if (d.kind !== 'allocation') return null;
      const ids = Object.keys(d.amounts);
      if (ids.some((k) => !spec.items.some((it) => it.id === k))) return 'allocation names an unknown item';
      if (Object.values(d.amounts).some((v) => v < 0)) return 'amounts must not be negative';
      const total = Object.values(d.amounts).reduce((s, v) => s + v, 0);
      return Math.abs(total - spec.budget) > 1e-6 * spec.budget ? `amounts must add up to the budget of ${spec.budget}` : null;
    }
    case 'evidence': {
      if (d.kind !== 'evidence') return null;
      if (d.cardIds.some((c) => !spec.cards.some((card) => card.id === c))) return 'unknown evidence card';
      if (!unique(d.cardIds)) return 'each card may be opened once';
      return d.cardIds.length < spec.min || d.cardIds.length > spec.max ? `open between ${spec.min} and ${spec.max} cards` : null;
    }
    case 'confidence':
      return null;
    case 'price-list':
      return d.kind === 'price-list' && d.switchRow !== null && d.switchRow >= spec.sooner.length ? `switchRow must be below ${spec.sooner.length}` : null;
  }
}
