import { compoundValue, growthBiasIndex, linearValue } from '../growth.js';
import { formatFigure } from '../../scenario/template.js';
import type { Decision } from '../../protocol/decision.js';
import type { Figures } from '../../protocol/debrief.js';
import type { Vars } from '../../scenario/schema.js';
import type { ConsequenceBehaviour, PlayerResult } from './types.js';

function forecastResult(unit: string, trueValue: number, linear: number, decision: Decision | null): PlayerResult {
  if (decision?.kind !== 'numeric') {
    return { figures: { estimate: null, trueValue, linearValue: linear, growthBias: null, shortfall: null, surplus: null },
      feedback: `No forecast. The true value was ${formatFigure(trueValue)} ${unit}.` };
  }
  const estimate = decision.value;
  const shortfall = Math.max(0, trueValue - estimate);
  const surplus = Math.max(0, estimate - trueValue);
  const effect = shortfall > 0 ? `you fell short by ${formatFigure(shortfall)} ${unit}`
    : surplus > 0 ? `you overshot by ${formatFigure(surplus)} ${unit}` : 'you were spot on';
  return {
    figures: { estimate, trueValue, linearValue: linear, growthBias: growthBiasIndex(estimate, trueValue, linear), shortfall, surplus },
    feedback: `You said ${formatFigure(estimate)}; the true value was ${formatFigure(trueValue)} (straight-line growth says ${formatFigure(linear)}), so ${effect}.`,
  };
}

/** Steady percentage growth from the scenario's model: the linear-thinking trap. */
export const growthForecast: ConsequenceBehaviour<'growth-forecast'> = {
  personal: false,
  varNames: () => ['period', 'current', 'target', 'horizon', 'ratePercent'],
  outcomeNames: () => ['period', 'current', 'target', 'horizon', 'ratePercent', 'trueValue', 'linearValue'],
  vars(c, env): Vars {
    const m = env.scenario.model;
    if (!m) return {};
    return { period: c.at, current: Math.round(compoundValue(m.initial, m.rate, c.at)), target: c.at + c.horizon, horizon: c.horizon, ratePercent: m.rate * 100 };
  },
  outcome(c, env): Figures {
    const m = env.scenario.model;
    if (!m) return {};
    const current = Math.round(compoundValue(m.initial, m.rate, c.at));
    return {
      period: c.at, current, target: c.at + c.horizon, horizon: c.horizon, ratePercent: m.rate * 100,
      // The truth follows the exact model (so the next turn's "current" matches this reveal); the
      // linear answer extrapolates from the rounded value the player saw.
      trueValue: compoundValue(m.initial, m.rate, c.at + c.horizon), linearValue: linearValue(current, m.rate, c.horizon),
    };
  },
  result: (_c, env, _p, decision, outcome) => forecastResult(env.scenario.model?.unit ?? '', outcome.trueValue ?? 0, outcome.linearValue ?? 0, decision),
  defaultReveal: (_c, env) => `In ${env.scenario.model?.period ?? 'period'} {{target}} the true value was {{trueValue}} ${env.scenario.model?.unit ?? ''}; ` +
    `adding the same amount every ${env.scenario.model?.period ?? 'period'} predicts only {{linearValue}}.`,
};

/** Future value with yearly contributions at the end of each year: P(1+r)^n + c((1+r)^n − 1)/r. */
export function savingsValue(initial: number, rate: number, years: number, contribution: number): number {
  return initial * (1 + rate) ** years + contribution * (((1 + rate) ** years - 1) / rate);
}

/** Simple interest on the initial sum and on each contribution: the linear trap for money. */
export function simpleInterestValue(initial: number, rate: number, years: number, contribution: number): number {
  return initial * (1 + rate * years) + contribution * years + contribution * rate * (years * (years - 1)) / 2;
}

export const savingsForecast: ConsequenceBehaviour<'savings-forecast'> = {
  personal: false,
  varNames: () => ['initial', 'ratePercent', 'years', 'contribution'],
  outcomeNames: () => ['initial', 'ratePercent', 'years', 'contribution', 'trueValue', 'linearValue', 'paidIn'],
  vars: (c) => ({ initial: c.initial, ratePercent: c.rate * 100, years: c.years, contribution: c.contribution }),
  outcome: (c) => ({
    initial: c.initial, ratePercent: c.rate * 100, years: c.years, contribution: c.contribution,
    trueValue: savingsValue(c.initial, c.rate, c.years, c.contribution),
    linearValue: simpleInterestValue(c.initial, c.rate, c.years, c.contribution),
    paidIn: c.initial + c.contribution * c.years,
  }),
  result: (_c, _env, _p, decision, outcome) => forecastResult('', outcome.trueValue ?? 0, outcome.linearValue ?? 0, decision),
  defaultReveal: () => 'After {{years}} years the account holds {{trueValue}}; you paid in {{paidIn}}. Interest that only added up (no interest on interest) would give {{linearValue}}.',
};
