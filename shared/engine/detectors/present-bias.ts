import type { Finding } from '../../protocol/debrief.js';
import { makeFinding } from './finding.js';

export const PRESENT_BIAS = 'present-bias';
const BIAS = 'present bias';

/**
 * A price list: a later amount Y at delay s + t against sooner amounts X₁ < X₂ < … at delay s
 * (s = 0 means "now"). `switchRow` is the first row where the player takes the sooner amount;
 * null if they never do.
 */
export type PriceListItem = { turnId: string; frontEndDelay: number; delay: number; later: number; sooner: readonly number[]; switchRow: number | null };

/** The sooner amount the player finds as good as Y: the midpoint around the switch. Null when censored. */
export function indifferenceAmount(item: PriceListItem): number | null {
  if (item.switchRow === null || item.switchRow <= 0 || item.switchRow >= item.sooner.length) return null;
  return ((item.sooner[item.switchRow - 1] as number) + (item.sooner[item.switchRow] as number)) / 2;
}

/**
 * β from matched lists (same t, one with s = 0, one with s > 0): δ^t = X_s / Y and
 * β·δ^t = X_0 / Y, so β = (X_0/Y) / (X_s/Y) (quasi-hyperbolic β–δ, Laibson 1997). Several pairs
 * are combined by their geometric mean; the range of pairs gives the interval.
 */
export function scorePresentBias(items: readonly PriceListItem[]): Finding {
  const pairs: { beta: number; delta: number; ids: string[] }[] = [];
  const now = items.filter((it) => it.frontEndDelay === 0);
  for (const a of now) {
    const b = items.find((it) => it.frontEndDelay > 0 && it.delay === a.delay && it.later === a.later);
    const x0 = indifferenceAmount(a);
    const xs = b ? indifferenceAmount(b) : null;
    if (!b || x0 === null || xs === null) continue;
    pairs.push({ beta: x0 / xs, delta: (xs / b.later) ** (1 / b.delay), ids: [a.turnId, b.turnId] });
  }
  const evidence = pairs.flatMap((p) => p.ids);
  if (pairs.length === 0) {
    return makeFinding({ detector: PRESENT_BIAS, bias: BIAS, score: null, n: 0, evidence: items.map((it) => it.turnId),
      explanation: 'Your choices did not switch inside the lists, so your patience could not be measured (you were very patient or very impatient).' });
  }
  const logs = pairs.map((p) => Math.log(p.beta));
  const beta = Math.exp(logs.reduce((s, v) => s + v, 0) / logs.length);
  const betas = pairs.map((p) => p.beta);
  const delta = Math.exp(pairs.reduce((s, p) => s + Math.log(p.delta), 0) / pairs.length);
  return makeFinding({
    detector: PRESENT_BIAS, bias: BIAS, score: beta, interval: pairs.length > 1 ? [Math.min(...betas), Math.max(...betas)] : null,
    n: pairs.length, evidence, details: { beta, deltaPerPeriod: delta },
    explanation: beta < 0.95
      ? `β = ${beta.toFixed(2)}: when the choice started today you asked for much more to wait than when the same wait started later. "Now" gets extra weight: present bias. Plans made for later tend to be broken when later becomes now.`
      : beta > 1.05 ? `β = ${beta.toFixed(2)}: you were more patient about waits that start today than about the same waits later on.`
      : `β = ${beta.toFixed(2)}: you traded off the same wait the same way whether it started today or later: no present bias.`,
  });
}
