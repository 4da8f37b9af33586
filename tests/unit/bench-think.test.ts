import { describe, expect, it } from 'vitest';
import { thinkFor } from '../../server/bench/load.js';

describe('benchmark think time', () => {
  it('spans half to one and a half times the mean, uniformly, so the mean and the offered rate stay', () => {
    expect(thinkFor(1000, () => 0)).toBe(500);
    expect(thinkFor(1000, () => 0.5)).toBe(1000);
    expect(thinkFor(1000, () => 0.999)).toBeCloseTo(1499, 0);
    // Over an even spread of draws the mean is the one asked for.
    const draws = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    const mean = draws.reduce((sum, u) => sum + thinkFor(1000, () => u), 0) / draws.length;
    expect(mean).toBeCloseTo(1000, 6);
  });
});
