/**
 * Exponential growth and the linear-thinking trap (BIASES.md, "Exponential growth bias").
 * V = P(1+r)^t is the true future value; V_lin = P(1+r·t) is what straight-line thinking gives.
 */
export function compoundValue(initial: number, rate: number, periods: number): number {
  return initial * (1 + rate) ** periods;
}

export function linearValue(initial: number, rate: number, periods: number): number {
  return initial * (1 + rate * periods);
}

/** Below this relative gap between V and V_lin, one item cannot tell linear from exponential. */
const MIN_RELATIVE_GAP = 1e-6;

/** b = (V − E) / (V − V_lin): 0 exact, 1 fully linear, > 1 worse than linear, < 0 over-estimate. */
export function growthBiasIndex(estimate: number, trueValue: number, linear: number): number | null {
  const gap = trueValue - linear;
  if (Math.abs(gap) <= MIN_RELATIVE_GAP * Math.abs(trueValue)) return null;
  return (trueValue - estimate) / gap;
}

export type GrowthItem = { estimate: number; trueValue: number; linearValue: number };
export type AlphaFit = { alpha: number; standardError: number | null; n: number };

/**
 * Fit α in Ê = (1−α)·V_lin + α·V over several items, least squares through V_lin. Each item is
 * divided by its V so a long horizon (big numbers) does not drown the short ones.
 * α = Σxy / Σx² with x = (V − V_lin)/V, y = (E − V_lin)/V. Returns null with no usable item.
 */
export function fitGrowthAlpha(items: readonly GrowthItem[]): AlphaFit | null {
  const points = items
    .filter((it) => it.trueValue !== 0 && Math.abs(it.trueValue - it.linearValue) > MIN_RELATIVE_GAP * Math.abs(it.trueValue))
    .map((it) => ({ x: (it.trueValue - it.linearValue) / it.trueValue, y: (it.estimate - it.linearValue) / it.trueValue }));
  if (points.length === 0) return null;
  const sxx = points.reduce((s, p) => s + p.x * p.x, 0);
  const sxy = points.reduce((s, p) => s + p.x * p.y, 0);
  const alpha = sxy / sxx;
  const n = points.length;
  if (n < 2) return { alpha, standardError: null, n };
  const rss = points.reduce((s, p) => s + (p.y - alpha * p.x) ** 2, 0);
  return { alpha, standardError: Math.sqrt(rss / (n - 1) / sxx), n };
}
