import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoomFact } from '../../shared/protocol/index.js';
import { foldRoom } from '../../server/room/machine/index.js';
import { createMemoryStore, Expiring } from '../../server/store/memory.js';
import { BLOCK_BYTES, LogArena, LogBytes } from '../../server/store/log-bytes.js';
import { describeStoreContract } from './store-contract.js';

describeStoreContract('memory', async () => createMemoryStore());

/** The embedded store keeps sessions as long as Redis keeps their keys (the Redis side: tests/cluster/cleanup.test.ts). */
describe('memory store: retention', () => {
  const HOUR = 3600_000;
  const created = (s: string): RoomFact => ({ type: 'sessionCreated', seq: 1, at: 0, sessionId: s, scenarioId: 'x', title: 'X', turnCount: 1, seed: 1 });
  const started = (seq: number): RoomFact => ({ type: 'sessionStarted', seq, at: 0 });
  const ended = (seq: number): RoomFact => ({ type: 'sessionEnded', seq, at: 0 });
  function store() {
    let now = 1_000_000;
    const s = createMemoryStore({ clock: () => now, idleTtlSeconds: 3600, replayTtlSeconds: 10 * 3600 });
    return { s, advance: (ms: number) => { now += ms; } };
  }

  it('drops an abandoned session its idle time after its last write, log, snapshot and all', async () => {
    const { s, advance } = store();
    const state = foldRoom([created('a')])!;
    await s.append('a', 0, [created('a')], { version: 1, state });
    advance(HOUR - 1);
    expect(await s.version('a')).toBe(1);
    // A write starts the idle time again.
    await s.append('a', 1, [started(2)]);
    advance(HOUR - 1);
    expect(await s.readFacts('a', 0)).toHaveLength(2);
    expect(await s.loadSnapshot('a')).toEqual({ version: 1, state });
    advance(1);
    expect(await s.version('a')).toBe(0);
    expect(await s.readFacts('a', 0)).toEqual([]);
    expect(await s.loadSnapshot('a')).toBeNull();
    // Gone means gone: an append that expected the old version conflicts, as with Redis.
    expect(await s.append('a', 2, [ended(3)])).toEqual({ ok: false, reason: 'conflict', version: 0 });
  });

  it('keeps a finished session for replay, not for its idle time', async () => {
    const { s, advance } = store();
    await s.append('f', 0, [created('f'), started(2), ended(3)]);
    advance(9 * HOUR);
    expect(await s.readFacts('f', 2)).toMatchObject([{ type: 'sessionEnded' }]);
    advance(HOUR);
    expect(await s.version('f')).toBe(0);
  });

  it('lets a join code go its idle time after it was claimed, and be claimed again', async () => {
    const { s, advance } = store();
    expect(await s.claimJoinCode('ABC234', 'a')).toBe(true);
    expect(await s.claimJoinCode('ABC234', 'b')).toBe(false);
    advance(HOUR - 1);
    expect(await s.findSessionByCode('ABC234')).toBe('a');
    advance(1);
    expect(await s.findSessionByCode('ABC234')).toBeNull();
    expect(await s.claimJoinCode('ABC234', 'b')).toBe(true);
    expect(await s.findSessionByCode('ABC234')).toBe('b');
  });

  it('frees what expired without being asked for: each put sweeps the expired from the front', () => {
    const entries = new Expiring<{ expiresAt: number }>();
    for (let i = 0; i < 100; i++) entries.put(`old${i}`, { expiresAt: 1_000 + i }, 0);
    entries.put('fresh', { expiresAt: 5_000 }, 1_050);
    // The 51 that expired by 1,050 (at 1,000 to 1,050) are gone; nobody read them.
    expect(entries.size).toBe(50);
    expect(entries.get('old51', 1_050)).toEqual({ expiresAt: 1_051 });
    // Asked for once it has expired, an entry goes too.
    expect(entries.get('old51', 1_051)).toBeUndefined();
    expect(entries.size).toBe(49);
    entries.put('later', { expiresAt: 9_000 }, 6_000);
    expect(entries.size).toBe(1);
    expect(entries.get('later', 6_000)).toEqual({ expiresAt: 9_000 });
  });

  it('an entry put again lives from then on, and what expired behind it is still swept', () => {
    const entries = new Expiring<{ expiresAt: number }>();
    for (let i = 0; i < 10; i++) entries.put(`s${i}`, { expiresAt: 1_000 + i }, i);
    // s0 is written to again: it now lives until 1,500, but stays at the front for now.
    entries.put('s0', { expiresAt: 1_500 }, 500);
    entries.put('x', { expiresAt: 2_005 }, 1_005);
    // s1 to s5 expired by 1,005 and went, though s0 (live) was in front of them.
    expect(entries.size).toBe(6);
    expect(entries.get('s0', 1_005)).toEqual({ expiresAt: 1_500 });
    expect(entries.get('s5', 1_005)).toBeUndefined();
    expect(entries.get('s6', 1_005)).toEqual({ expiresAt: 1_006 });
    // s0's new expiry holds: it goes when it comes, not before and not after.
    entries.put('y', { expiresAt: 2_499 }, 1_499);
    expect(entries.size).toBe(3);
    expect(entries.get('s0', 1_499)).toEqual({ expiresAt: 1_500 });
    entries.put('z', { expiresAt: 2_500 }, 1_500);
    expect(entries.size).toBe(3);
    expect(entries.get('s0', 1_500)).toBeUndefined();
  });
});

describe('memory store: log memory', () => {
  const created = (s: string): RoomFact => ({ type: 'sessionCreated', seq: 1, at: 0, sessionId: s, scenarioId: 'x', title: 'X', turnCount: 1, seed: 1 });
  const joined = (seq: number, nickname: string): RoomFact => ({ type: 'playerJoined', seq, at: seq, playerId: `p${seq}`, nickname, seat: seq, conditions: {}, vars: {}, briefing: null });

  it('reads back any suffix of a log that spans blocks, with a fact larger than a block and text beyond ASCII', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string({ maxLength: 3000 }), fc.constant('é🙂'.repeat(9000))), { minLength: 1, maxLength: 80 }), fc.nat(), (names, cut) => {
      const arena = new LogArena(4 * BLOCK_BYTES);
      const log = new LogBytes(arena);
      const facts = names.map((name, i) => joined(i + 1, name));
      for (const f of facts) log.push(JSON.stringify(f));
      const after = cut % (facts.length + 1);
      expect(log.read(after)).toEqual(facts.slice(after));
    }), { numRuns: 60 });
  });

  it('gives a dropped session\'s blocks back, and the next session writes into them without reserving more', async () => {
    let now = 0;
    const arena = new LogArena(2 * BLOCK_BYTES);
    const s = createMemoryStore({ clock: () => now, idleTtlSeconds: 60, replayTtlSeconds: 600, arena });
    const big = 'x'.repeat(40_000);
    await s.append('a', 0, [created('a'), joined(2, big), joined(3, big)]);
    expect(arena.usage()).toEqual({ blocks: 2, slabs: 1 });
    now += 60_000;
    // The next write sweeps what expired: 'a' is gone and its two blocks are free again.
    await s.append('b', 0, [created('b')]);
    expect(await s.version('a')).toBe(0);
    expect(arena.usage()).toEqual({ blocks: 1, slabs: 1 });
    await s.append('b', 1, [joined(2, big), joined(3, big)]);
    expect(arena.usage()).toEqual({ blocks: 2, slabs: 1 });
    expect((await s.readFacts('b', 0)).map((f) => f.seq)).toEqual([1, 2, 3]);
    // Used up: another slab, not an error.
    await s.append('c', 0, [created('c'), joined(2, big), joined(3, big)]);
    expect(arena.usage()).toEqual({ blocks: 4, slabs: 2 });
  });
});
