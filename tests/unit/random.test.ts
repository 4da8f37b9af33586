import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assignCondition, deriveSeed, drawUniform, randomStream, shuffle } from '../../shared/engine/index.js';

describe('seeded randomness', () => {
  it('is deterministic for a fixed seed and labels, and differs across labels', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.string(), (seed, label) => {
      expect(drawUniform(seed, label, 1)).toBe(drawUniform(seed, label, 1));
      const s1 = randomStream(seed, label);
      const s2 = randomStream(seed, label);
      for (let i = 0; i < 5; i++) expect(s1()).toBe(s2());
    }));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(1, 'b'));
    expect(deriveSeed(1, 'a')).not.toBe(deriveSeed(2, 'a'));
  });

  it('draws uniform numbers in [0, 1) with a mean near one half', () => {
    const next = randomStream(42, 'uniform');
    const values = Array.from({ length: 20_000 }, next);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(values.reduce((s, v) => s + v, 0) / values.length).toBeCloseTo(0.5, 1);
  });

  it('shuffles into a permutation without touching the input', () => {
    fc.assert(fc.property(fc.array(fc.integer()), fc.integer(), (items, seed) => {
      const copy = [...items];
      const out = shuffle(items, randomStream(seed, 's'));
      expect(items).toEqual(copy);
      expect([...out].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
    }));
  });

  it('assigns conditions in balance: at every group size the counts differ by at most one', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 120 }), (seed, k, n) => {
      const conditions = Array.from({ length: k }, (_, i) => `c${i}`);
      const counts = new Map(conditions.map((c) => [c, 0]));
      for (let i = 0; i < n; i++) {
        const c = assignCondition(seed, conditions, i);
        counts.set(c, (counts.get(c) ?? 0) + 1);
        const values = [...counts.values()];
        expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
      }
    }));
  });

  it('does not always put the first joiner in the same condition', () => {
    const firsts = new Set(Array.from({ length: 40 }, (_, seed) => assignCondition(seed, ['low', 'high'], 0)));
    expect(firsts).toEqual(new Set(['low', 'high']));
  });
});
