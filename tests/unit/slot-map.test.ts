import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SlotMap } from '../../server/room/slot-map.js';
import { createKeyedQueue } from '../../server/room/keyed-queue.js';

describe('slot map', () => {
  it('answers as a Map would: a vacated key has no value, and can take one again', () => {
    const slots = new SlotMap<string, { n: number }>(() => 0);
    const [one, two, three] = [{ n: 1 }, { n: 2 }, { n: 3 }];
    slots.set('a', one);
    slots.set('a', two);
    expect(slots.get('a')).toBe(two);
    expect(slots.size).toBe(1);
    slots.vacate('a');
    expect(slots.get('a')).toBeUndefined();
    expect(slots.size).toBe(0);
    slots.vacate('a');
    expect(slots.size).toBe(0);
    slots.set('a', three);
    expect([slots.get('a'), slots.size, slots.heldKeys()]).toEqual([three, 1, ['a']]);
  });

  it('keeps a busy key\'s entry however often its value comes and goes (no table rebuilt per value)', () => {
    let t = 0;
    const slots = new SlotMap<string, object>(() => t, 100);
    const keys = ['r1', 'r2', 'r3'];
    for (let i = 0; i < 1000; i++) {
      for (const k of keys) slots.set(k, {});
      for (const k of keys) slots.vacate(k);
      t += 10;
    }
    expect(slots.entries).toBe(3);
    expect(slots.size).toBe(0);
  });

  it('answers like a Map whatever the order of sets and vacates', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 40 })), { maxLength: 400 }),
      (ops) => {
        let t = 0;
        const slots = new SlotMap<number, { key: number }>(() => t++, 50);
        const model = new Map<number, { key: number }>();
        for (const [put, key] of ops) {
          if (put) { const value = { key }; slots.set(key, value); model.set(key, value); } else { slots.vacate(key); model.delete(key); }
          expect(slots.size).toBe(model.size);
        }
        for (let k = 0; k <= 40; k++) expect(slots.get(k)).toBe(model.get(k));
        expect(slots.heldKeys().sort((a, b) => a - b)).toEqual([...model.keys()].sort((a, b) => a - b));
      },
    ));
  });

  it('lets go of keys that stay vacant a whole period, at the next new key: one-shot keys (sessions that end) keep it small', () => {
    let t = 0;
    const slots = new SlotMap<string, object>(() => t, 1000);
    for (let i = 0; i < 10_000; i++) {
      slots.set(`s${i}`, {});
      slots.vacate(`s${i}`);
      t += 1;
      // At most the keys of this period and the last one: 2,000 at one key a millisecond.
      expect(slots.entries).toBeLessThanOrEqual(2001);
    }
    expect(slots.entries).toBeGreaterThanOrEqual(1000);
  });

  it('keeps the entries of many rooms that each come back within a period, however long it runs', () => {
    let t = 0;
    const slots = new SlotMap<string, object>(() => t, 1000);
    const rooms = Array.from({ length: 500 }, (_, i) => `r${i}`);
    for (let i = 0; i < 50; i++) {
      for (const r of rooms) { slots.set(r, {}); slots.vacate(r); }
      // A one-shot key each round: the new keys that make a prune due.
      slots.set(`once${i}`, {});
      slots.vacate(`once${i}`);
      t += 400;
      // The 500 rooms, and the one-shot keys of the last two periods at most.
      expect(slots.entries).toBeGreaterThanOrEqual(500);
      expect(slots.entries).toBeLessThanOrEqual(500 + 6);
    }
    // A key held is never dropped, however long it is held.
    slots.set('held', {});
    t += 10_000;
    slots.set('new1', {});
    t += 10_000;
    slots.set('new2', {});
    expect(slots.get('held')).toBeDefined();
  });
});

describe('keyed queue', () => {
  it('runs one task at a time per key, in arrival order, and keys independently', async () => {
    const enqueue = createKeyedQueue(() => 0);
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
    const enqueue = createKeyedQueue(() => 0);
    const failed = enqueue('a', async () => { throw new Error('boom'); });
    const next = enqueue('a', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ran');
  });
});
