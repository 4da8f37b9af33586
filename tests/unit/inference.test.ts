import { describe, expect, it } from 'vitest';
import { bootstrapInterval, compareProportions, fisherExact, fitLine, median, permutationTest, randomStream, tQuantile975, wilsonInterval } from '../../shared/engine/index.js';

describe('Fisher exact test (two-sided)', () => {
  it("matches Fisher's lady tasting tea: [[3,1],[1,3]] p = 0.4857", () => {
    expect(fisherExact(3, 1, 1, 3)).toBeCloseTo(0.4857, 4);
  });
  it('matches the textbook [[1,9],[11,3]] p = 0.002759', () => {
    expect(fisherExact(1, 9, 11, 3)).toBeCloseTo(0.002759, 5);
  });
  it('gives 1 for identical rows', () => {
    expect(fisherExact(5, 5, 5, 5)).toBeCloseTo(1, 9);
  });
});

describe('intervals', () => {
  it('Wilson: 0 of 10 gives [0, 0.2775]', () => {
    const [lo, hi] = wilsonInterval(0, 10);
    expect(lo).toBe(0);
    expect(hi).toBeCloseTo(0.2775, 4);
  });
  it("Newcombe: Tversky & Kahneman's 72 % vs 22 % at 30 per frame excludes 0", () => {
    const diff = compareProportions(22, 30, 7, 30)!;
    expect(diff.delta).toBeCloseTo(0.5, 1);
    expect(diff.interval[0]).toBeGreaterThan(0);
    expect(diff.interval[1]).toBeLessThan(1);
    expect(diff.pValue).toBeLessThan(0.001);
  });
  it('OLS recovers a known line and covers its slope', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i);
    const noise = randomStream(3, 'noise');
    const ys = xs.map((x) => 2 + 0.5 * x + (noise() - 0.5));
    const fit = fitLine(xs, ys, tQuantile975)!;
    expect(fit.slope).toBeCloseTo(0.5, 1);
    expect(fit.interval![0]).toBeLessThan(0.5);
    expect(fit.interval![1]).toBeGreaterThan(0.5);
  });
});

describe('resampling (seeded)', () => {
  const diffMedian = (a: readonly number[], b: readonly number[]) => (median(a) ?? 0) - (median(b) ?? 0);
  it('finds a clear difference and no difference where there is none, reproducibly', () => {
    const high = [10, 11, 12, 13, 14, 15, 16, 17];
    const low = [1, 2, 3, 4, 5, 6, 7, 8];
    const clear = permutationTest(high, low, diffMedian, 7, 1000);
    expect(clear.pValue).toBeLessThan(0.01);
    expect(permutationTest(high, low, diffMedian, 7, 1000)).toEqual(clear);
    expect(permutationTest([1, 2, 3, 4], [1, 2, 3, 4], diffMedian, 7, 500).pValue).toBeGreaterThan(0.5);
    const ci = bootstrapInterval(high, low, diffMedian, 9, 1000)!;
    expect(ci[0]).toBeGreaterThan(0);
  });
});
