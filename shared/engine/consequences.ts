import type { Decision } from '../protocol/decision.js';
import type { Figures } from '../protocol/debrief.js';
import type { Consequence, WorldModel } from '../scenario/schema.js';
import { compoundValue, growthBiasIndex, linearValue } from './growth.js';
import { formatFigure } from '../scenario/template.js';

/**
 * What a turn shows before the decision (info), what the world does after it (outcome), and what
 * the decision led to for one player (result). All pure functions of the model's parameters.
 */
export function figureNamesBeforeDecision(consequence: Consequence): string[] {
  switch (consequence.kind) {
    case 'growth-forecast': return ['period', 'current', 'target', 'horizon', 'ratePercent'];
  }
}

export function turnInfo(model: WorldModel, consequence: Consequence): Figures {
  switch (consequence.kind) {
    case 'growth-forecast': {
      const current = Math.round(compoundValue(model.initial, model.rate, consequence.at));
      return {
        period: consequence.at, current, target: consequence.at + consequence.horizon,
        horizon: consequence.horizon, ratePercent: model.rate * 100,
      };
    }
  }
}

/**
 * The world's answer. The true value follows the exact model, so the next turn's "current"
 * matches this reveal; the linear answer extrapolates from the (rounded) value the player saw.
 */
export function turnOutcome(model: WorldModel, consequence: Consequence): Figures {
  switch (consequence.kind) {
    case 'growth-forecast': {
      const info = turnInfo(model, consequence);
      const current = info.current ?? model.initial;
      return {
        ...info,
        trueValue: compoundValue(model.initial, model.rate, consequence.at + consequence.horizon),
        linearValue: linearValue(current, model.rate, consequence.horizon),
      };
    }
  }
}

export type PlayerResult = { figures: Figures; feedback: string };

export function playerResult(model: WorldModel, consequence: Consequence, outcome: Figures, decision: Decision | null): PlayerResult {
  switch (consequence.kind) {
    case 'growth-forecast': {
      const trueValue = outcome.trueValue ?? 0;
      const linear = outcome.linearValue ?? 0;
      if (decision === null || decision.kind !== 'numeric') {
        return { figures: { estimate: null, trueValue, linearValue: linear, growthBias: null, shortfall: null, surplus: null },
          feedback: `No forecast. ${formatFigure(trueValue)} ${model.unit} came.` };
      }
      const estimate = decision.value;
      const shortfall = Math.max(0, trueValue - estimate);
      const surplus = Math.max(0, estimate - trueValue);
      const figures = { estimate, trueValue, linearValue: linear, growthBias: growthBiasIndex(estimate, trueValue, linear), shortfall, surplus };
      const effect = shortfall > 0
        ? `you were short for ${formatFigure(shortfall)} ${model.unit}`
        : surplus > 0 ? `you over-stocked for ${formatFigure(surplus)} ${model.unit}` : 'you were spot on';
      return { figures, feedback: `You planned for ${formatFigure(estimate)}; ${formatFigure(trueValue)} came (straight-line growth says ${formatFigure(linear)}), so ${effect}.` };
    }
  }
}

export function figureNamesAfterDecision(consequence: Consequence): string[] {
  switch (consequence.kind) {
    case 'growth-forecast': return [...figureNamesBeforeDecision(consequence), 'trueValue', 'linearValue'];
  }
}

/** Used when a turn has no `reveal` text of its own. */
export function defaultReveal(model: WorldModel, consequence: Consequence): string {
  switch (consequence.kind) {
    case 'growth-forecast':
      return `In ${model.period} {{target}} the true value was {{trueValue}} ${model.unit}; ` +
        `adding the same amount every ${model.period} predicts only {{linearValue}}.`;
  }
}
