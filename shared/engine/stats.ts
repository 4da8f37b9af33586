/** Small, exact statistics helpers. Pure; no RNG. */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] as number;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] as number) + hi) / 2;
}

/** Two-sided 97.5 % quantiles of Student's t for df 1..30; the normal value beyond. */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function tQuantile975(df: number): number {
  if (df < 1) return Number.POSITIVE_INFINITY;
  return T975[Math.floor(df) - 1] ?? 1.96;
}

/**
 * Distribution-free 95 % interval for a median from order statistics (normal approximation to the
 * binomial ranks). Needs n ≥ 6 to be meaningful; returns null below.
 */
export function medianInterval(values: readonly number[]): [number, number] | null {
  const n = values.length;
  if (n < 6) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const half = 0.98 * Math.sqrt(n);
  const lo = Math.max(0, Math.floor(n / 2 - half));
  const hi = Math.min(n - 1, Math.ceil(n / 2 + half) - 1);
  return [sorted[lo] as number, sorted[hi] as number];
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
