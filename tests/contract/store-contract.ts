import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RoomFact } from '../../shared/protocol/index.js';
import { StoreInvariantError, type Store } from '../../server/store/port.js';
import { foldRoom } from '../../server/room/machine/index.js';

/**
 * The Store contract. Every adapter runs this same suite: `describeStoreContract('memory', …)`,
 * and the Redis adapter against a real Redis. Session ids are unique per test so adapters that
 * share a server do not interfere.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let n = 0;
    const sid = () => `contract-${process.pid}-${Date.now()}-${n++}`;
    const created = (sessionId: string): RoomFact => ({ type: 'sessionCreated', seq: 1, at: 1, sessionId, scenarioId: 's', title: 'S', turnCount: 1, seed: 7 });
    const joined = (seq: number, playerId = `p${seq}`): RoomFact => ({ type: 'playerJoined', seq, at: seq, playerId, nickname: playerId, seat: seq, conditions: {}, vars: {}, briefing: null });
    const opened = (seq: number, turn: number, deadline: number | null): RoomFact => ({
      type: 'turnOpened', seq, at: seq, turn, turnId: `t${turn}`, title: 'T', prompt: 'P', vars: {}, deadline, confidence: false, order: null, playerId: null, personal: {},
      decision: { kind: 'numeric', unit: 'u', min: 0, max: 1, integer: false },
    });
    const closed = (seq: number, turn: number): RoomFact => ({ type: 'turnClosed', seq, at: seq, turn, reason: 'facilitator', defaulted: [] });

    beforeEach(async () => { store = await makeStore(); });
    afterEach(async () => { await store.close(); });

    it('starts a log at version 0 and appends at the expected version', async () => {
      const s = sid();
      expect(await store.version(s)).toBe(0);
      expect(await store.append(s, 0, [created(s), joined(2)])).toEqual({ ok: true, version: 2, elsewhere: false });
      expect(await store.version(s)).toBe(2);
      expect((await store.readFacts(s, 0)).map((f) => f.seq)).toEqual([1, 2]);
    });

    it('refuses an append at a stale version and writes nothing', async () => {
      const s = sid();
      await store.append(s, 0, [created(s)]);
      expect(await store.append(s, 0, [{ ...created(s) }])).toEqual({ ok: false, reason: 'conflict', version: 1 });
      expect(await store.append(s, 2, [joined(3)])).toEqual({ ok: false, reason: 'conflict', version: 1 });
      expect(await store.readFacts(s, 0)).toHaveLength(1);
    });

    it('lets exactly one of many concurrent writers at the same version win', async () => {
      const s = sid();
      await store.append(s, 0, [created(s)]);
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.append(s, 1, [joined(2, `writer-${i}`)])));
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(await store.readFacts(s, 0)).toHaveLength(2);
    });

    it('rejects facts whose sequence numbers do not continue the log', async () => {
      const s = sid();
      await expect(store.append(s, 0, [joined(2)])).rejects.toBeInstanceOf(StoreInvariantError);
      expect(await store.version(s)).toBe(0);
    });

    it('reads facts after a sequence number, in order, as copies', async () => {
      const s = sid();
      await store.append(s, 0, [created(s), joined(2), joined(3), joined(4)]);
      const tail = await store.readFacts(s, 2);
      expect(tail.map((f) => f.seq)).toEqual([3, 4]);
      (tail[0] as { nickname: string }).nickname = 'mutated';
      expect((await store.readFacts(s, 2))[0]).toMatchObject({ nickname: 'p3' });
      expect(await store.readFacts(s, 4)).toEqual([]);
    });

    it('keeps a long log whole: hundreds of appends of every size, text beyond ASCII, read back from any point', async () => {
      const s = sid();
      await store.append(s, 0, [created(s)]);
      const appended: RoomFact[] = [created(s)];
      // Nicknames from empty to tens of kilobytes (more than the embedded store's 64 KB chunk in
      // UTF-8), with characters of two, three and four bytes.
      const text = (k: number) => 'é…🙂x'.repeat(k % 50 === 3 ? 7000 : k % 7 === 0 ? 700 : k % 5);
      for (let k = 0; appended.length < 400; k++) {
        const batch = Array.from({ length: 1 + (k % 4) }, (_, i) => ({ ...joined(appended.length + 1 + i), nickname: text(k + i) }));
        expect(await store.append(s, appended.length, batch)).toEqual({ ok: true, version: appended.length + batch.length, elsewhere: false });
        appended.push(...batch);
      }
      // From every point: the first fact of a chunk, the last, one alone in a chunk of its own.
      for (let after = 0; after <= appended.length; after++) expect(await store.readFacts(s, after)).toEqual(appended.slice(after));
    });

    it('keeps sessions apart', async () => {
      const a = sid();
      const b = sid();
      await store.append(a, 0, [created(a), joined(2)]);
      await store.append(b, 0, [created(b)]);
      expect(await store.version(a)).toBe(2);
      expect((await store.readFacts(b, 0)).map((f) => f.type)).toEqual(['sessionCreated']);
    });

    it('stores a snapshot with its append and returns the latest', async () => {
      const s = sid();
      expect(await store.loadSnapshot(s)).toBeNull();
      const facts = [created(s), joined(2)];
      const state = foldRoom(facts)!;
      await store.append(s, 0, facts, { version: 2, state });
      expect(await store.loadSnapshot(s)).toEqual({ version: 2, state });
    });

    it('hands out each join code once', async () => {
      const code = `C${n++}${Date.now() % 100000}`;
      expect(await store.claimJoinCode(code, 'one')).toBe(true);
      expect(await store.claimJoinCode(code, 'two')).toBe(false);
      expect(await store.findSessionByCode(code)).toBe('one');
      expect(await store.findSessionByCode(`${code}X`)).toBeNull();
    });

    it('hands each due deadline to exactly one claimer, and none before it is due', async () => {
      const s = sid();
      const now = 5_000_000_000_000 + n * 1000;
      await store.setDeadline({ sessionId: s, turn: 0, at: now });
      await store.setDeadline({ sessionId: s, turn: 1, at: now + 10_000 });
      expect((await store.claimDueDeadlines(now - 1, 10, 1000)).filter((d) => d.sessionId === s)).toEqual([]);
      const claims = await Promise.all(Array.from({ length: 5 }, () => store.claimDueDeadlines(now, 10, 1000)));
      expect(claims.flat().filter((d) => d.sessionId === s)).toEqual([{ sessionId: s, turn: 0, at: now }]);
      await store.clearDeadline(s, 1);
      await store.clearDeadline(s, 0);
      expect((await store.claimDueDeadlines(now + 20_000, 10, 1000)).filter((d) => d.sessionId === s)).toEqual([]);
    });

    it('hands a claimed deadline out again after its lease unless the turn is closed first', async () => {
      const s = sid();
      const now = 5_500_000_000_000 + n * 1000;
      await store.setDeadline({ sessionId: s, turn: 0, at: now });
      expect((await store.claimDueDeadlines(now, 10, 500)).filter((d) => d.sessionId === s)).toHaveLength(1);
      expect((await store.claimDueDeadlines(now + 499, 10, 500)).filter((d) => d.sessionId === s)).toEqual([]);
      expect((await store.claimDueDeadlines(now + 500, 10, 500)).filter((d) => d.sessionId === s)).toEqual([{ sessionId: s, turn: 0, at: now + 500 }]);
    });

    it('sets a turn deadline with the turnOpened append and clears it with turnClosed', async () => {
      const s = sid();
      const at = 6_000_000_000_000 + n * 1000;
      await store.append(s, 0, [created(s), opened(2, 0, at)]);
      await store.append(s, 2, [closed(3, 0), opened(4, 1, at + 1)]);
      const due = (await store.claimDueDeadlines(at + 5, 100, 1000)).filter((d) => d.sessionId === s);
      expect(due).toEqual([{ sessionId: s, turn: 1, at: at + 1 }]);
    });

    it('refuses an append after its notAfter time by the store clock, writing nothing', async () => {
      const s = sid();
      await store.append(s, 0, [created(s)]);
      expect(await store.append(s, 1, [joined(2)], undefined, Date.now() - 60_000)).toEqual({ ok: false, reason: 'deadline', version: 1 });
      expect(await store.version(s)).toBe(1);
      expect(await store.append(s, 1, [joined(2)], undefined, Date.now() + 60_000)).toEqual({ ok: true, version: 2, elsewhere: false });
    });

    it('answers ping while reachable', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
