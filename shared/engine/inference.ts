import { randomStream } from './random.js';

/**
 * Exact and resampling inference for small classes: Fisher's exact test, Wilson and Newcombe
 * intervals, a seeded permutation test, OLS with a t interval. Pure; resampling is seeded.
 */

function logFactorial(n: number): number {
  let s = 0;
  for (let i = 2; i <= n; i++) s += Math.log(i);
  return s;
}

function hypergeometricLog(a: number, b: number, c: number, d: number): number {
  return logFactorial(a + b) + logFactorial(c + d) + logFactorial(a + c) + logFactorial(b + d)
    - logFactorial(a) - logFactorial(b) - logFactorial(c) - logFactorial(d) - logFactorial(a + b + c + d);
}

/** Two-sided Fisher exact test on [[a, b], [c, d]]: the sum over tables no more likely than this one. */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const col1 = a + c;
  const n = a + b + c + d;
  const observed = hypergeometricLog(a, b, c, d);
  let p = 0;
  for (let x = Math.max(0, col1 - (n - row1)); x <= Math.min(row1, col1); x++) {
    const lp = hypergeometricLog(x, row1 - x, col1 - x, n - row1 - col1 + x);
    if (lp <= observed + 1e-7) p += Math.exp(lp);
  }
  return Math.min(1, p);
}

/** Wilson score interval for a proportion x / n (95 %). */
export function wilsonInterval(x: number, n: number, z = 1.959964): [number, number] {
  if (n === 0) return [0, 1];
  const p = x / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

export type ProportionDifference = { delta: number; interval: [number, number]; pValue: number; p1: number; p2: number };

/** p1 − p2 with Newcombe's hybrid score interval and Fisher's exact p. */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): ProportionDifference | null {
  if (n1 === 0 || n2 === 0) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const [l1, u1] = wilsonInterval(x1, n1);
  const [l2, u2] = wilsonInterval(x2, n2);
  const delta = p1 - p2;
  const lower = delta - Math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2);
  const upper = delta + Math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2);
  return { delta, interval: [lower, upper], pValue: fisherExact(x1, n1 - x1, x2, n2 - x2), p1, p2 };
}

/**
 * Two-sided permutation test of a statistic between two groups: the share of seeded relabelings
 * whose statistic is at least as extreme as the observed one (with the +1 correction).
 */
export function permutationTest(
  a: readonly number[], b: readonly number[], statistic: (x: readonly number[], y: readonly number[]) => number,
  seed: number, rounds = 2000,
): { observed: number; pValue: number } {
  const observed = statistic(a, b);
  const pooled = [...a, ...b];
  const random = randomStream(seed, 'permutation');
  let extreme = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = pooled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pooled[i], pooled[j]] = [pooled[j] as number, pooled[i] as number];
    }
    if (Math.abs(statistic(pooled.slice(0, a.length), pooled.slice(a.length))) >= Math.abs(observed) - 1e-12) extreme++;
  }
  return { observed, pValue: (extreme + 1) / (rounds + 1) };
}

/** Seeded percentile bootstrap (95 %) of a two-group statistic. */
export function bootstrapInterval(
  a: readonly number[], b: readonly number[], statistic: (x: readonly number[], y: readonly number[]) => number,
  seed: number, rounds = 2000,
): [number, number] | null {
  if (a.length < 2 || b.length < 2) return null;
  const random = randomStream(seed, 'bootstrap');
  const resample = (xs: readonly number[]) => xs.map(() => xs[Math.floor(random() * xs.length)] as number);
  const stats = Array.from({ length: rounds }, () => statistic(resample(a), resample(b))).sort((x, y) => x - y);
  return [stats[Math.floor(0.025 * rounds)] as number, stats[Math.ceil(0.975 * rounds) - 1] as number];
}

export type LinearFit = { slope: number; intercept: number; standardError: number | null; interval: [number, number] | null; n: number };

/** Ordinary least squares y = intercept + slope·x, with a t interval for the slope. */
export function fitLine(xs: readonly number[], ys: readonly number[], tQuantile: (df: number) => number): LinearFit | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  const mx = xs.slice(0, n).reduce((s, x) => s + x, 0) / n;
  const my = ys.slice(0, n).reduce((s, y) => s + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += ((xs[i] as number) - mx) ** 2;
    sxy += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (n < 3) return { slope, intercept, standardError: null, interval: null, n };
  let rss = 0;
  for (let i = 0; i < n; i++) rss += ((ys[i] as number) - intercept - slope * (xs[i] as number)) ** 2;
  const se = Math.sqrt(rss / (n - 2) / sxx);
  const half = tQuantile(n - 2) * se;
  return { slope, intercept, standardError: se, interval: [slope - half, slope + half], n };
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}
