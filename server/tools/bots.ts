import type { Decision, WireEventOf } from '../../shared/protocol/index.js';
import { compoundValue, linearValue } from '../../shared/engine/index.js';

/**
 * Simulated players with a known policy. For growth forecasts: `linear` adds (b = 1),
 * `exponential` compounds (b = 0), `halfway` sits between (b = 0.5), `silent` never answers.
 */
export type BotPolicy = 'linear' | 'exponential' | 'halfway' | 'silent';
export const botPolicies: readonly BotPolicy[] = ['linear', 'exponential', 'halfway'];

export function decisionFor(policy: BotPolicy, opened: WireEventOf<'turnOpened'>): Decision | null {
  if (policy === 'silent') return null;
  const spec = opened.decision;
  if (spec.kind === 'choice') {
    const option = policy === 'linear' ? spec.options[0] : spec.options[spec.options.length - 1];
    return option ? { kind: 'choice', optionId: option.id } : null;
  }
  const { current, ratePercent, horizon } = opened.info;
  if (current == null || ratePercent == null || horizon == null) return { kind: 'numeric', value: (spec.min + spec.max) / 2 };
  const rate = ratePercent / 100;
  const lin = linearValue(current, rate, horizon);
  const exp = compoundValue(current, rate, horizon);
  const raw = policy === 'linear' ? lin : policy === 'exponential' ? exp : (lin + exp) / 2;
  const bounded = Math.min(spec.max, Math.max(spec.min, raw));
  return { kind: 'numeric', value: spec.integer ? Math.round(bounded) : bounded };
}
