import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlotMap } from '../../server/room/slot-map.js';
import { createKeyedQueue } from '../../server/room/keyed-queue.js';

describe('slot map', () => {
  it('answers as a Map would: a vacated key has no value, and can take one again', () => {
    const slots = new SlotMap<string, number>();
    slots.set('a', 1);
    slots.set('a', 2);
    expect(slots.get('a')).toBe(2);
    expect(slots.size).toBe(1);
    slots.vacate('a');
    expect(slots.get('a')).toBeUndefined();
    expect(slots.size).toBe(0);
    slots.vacate('a');
    expect(slots.size).toBe(0);
    slots.set('a', 3);
    expect([slots.get('a'), slots.size]).toEqual([3, 1]);
  });

  it('keeps a busy key\'s entry however often its value comes and goes (no table rebuilt per value)', () => {
    const slots = new SlotMap<string, object>(4);
    const keys = ['r1', 'r2', 'r3'];
    for (let i = 0; i < 1000; i++) {
      for (const k of keys) slots.set(k, {});
      for (const k of keys) slots.vacate(k);
    }
    expect(slots.entries).toBe(3);
    expect(slots.size).toBe(0);
  });

  it('drops vacant entries together once they outnumber the held ones, and never grows past twice the held plus the minimum', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 400 }),
      (ops) => {
        const slots = new SlotMap<number, number>(8);
        const model = new Map<number, number>();
        for (const [put, key] of ops) {
          if (put) { slots.set(key, key); model.set(key, key); } else { slots.vacate(key); model.delete(key); }
          expect(slots.size).toBe(model.size);
          expect(slots.entries).toBeLessThanOrEqual(2 * slots.size + 8 + 1);
        }
        for (let k = 0; k <= 40; k++) expect(slots.get(k)).toBe(model.get(k));
      },
    ));
  });
});

describe('keyed queue', () => {
  it('runs one task at a time per key, in arrival order, and keys independently', async () => {
    const enqueue = createKeyedQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = enqueue('a', async () => { log.push('a1 start'); await gate; log.push('a1 end'); return 1; });
    const second = enqueue('a', async () => { log.push('a2'); return 2; });
    const other = enqueue('b', async () => { log.push('b1'); return 3; });
    await other;
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('a failed task does not stop the next one', async () => {
    const enqueue = createKeyedQueue();
    const failed = enqueue('a', async () => { throw new Error('boom'); });
    const next = enqueue('a', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });
});
