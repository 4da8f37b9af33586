import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { RoomFact } from '../../shared/protocol/index.js';
import { createLogger } from '../../server/log.js';
import { foldRoom } from '../../server/room/machine/index.js';
import { createRoomService, type RoomService } from '../../server/room/service.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { createRedisStore } from '../../server/store/redis.js';
import type { Store } from '../../server/store/port.js';
import { T0, testScenario } from '../support/fixtures.js';
import { useTestRedis } from '../support/redis.js';

/**
 * RELIABILITY.md R12: interleaved submits, resubmits, timer firings on two instances, kicks,
 * reconnects (reads from a sequence number) and facilitator commands against one store.
 */
type Op =
  | { kind: 'submit'; inst: number; player: number; cmd: number; turn: number; value: number }
  | { kind: 'close' | 'next'; inst: number; turn: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'timer'; inst: number }
  | { kind: 'kick'; inst: number; player: number }
  | { kind: 'sync'; inst: number; after: number }
  | { kind: 'end'; inst: number };

const inst = fc.integer({ min: 0, max: 1 });
const turn = fc.integer({ min: 0, max: 2 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('submit' as const), inst, player: fc.integer({ min: 0, max: 3 }), cmd: fc.integer({ min: 0, max: 3 }), turn, value: fc.integer({ min: 0, max: 1000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('close' as const, 'next' as const), inst, turn }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 70_000 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('timer' as const), inst }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('kick' as const), inst, player: fc.integer({ min: 0, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sync' as const), inst, after: fc.integer({ min: 0, max: 40 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('end' as const), inst }) },
);

const logger = createLogger('silent');
const scenarios = { get: () => testScenario, list: () => [testScenario] };

async function runScenario(store: Store, ops: readonly Op[], batch: number): Promise<void> {
  let now = T0;
  let ids = 0;
  const make = (): RoomService => createRoomService({ store, scenarios, clock: () => now, logger, newId: () => `id-${ids++}-${Math.random().toString(36).slice(2, 8)}`, newSeed: () => 7, publish: () => undefined });
  const services = [make(), make()] as const;
  const room = await services[0].create('test-growth');
  if ('code' in room) throw new Error(room.message);
  const sessionId = room.sessionId;
  const players: string[] = [];
  for (let i = 0; i < 3; i++) {
    const joined = await services[i % 2 as 0 | 1].execute(sessionId, { role: 'system' }, { type: 'player:join', nickname: `P${i}` });
    if (joined.kind === 'applied') players.push(joined.facts[0]?.type === 'playerJoined' ? joined.facts[0].playerId : '');
  }
  await services[1].execute(sessionId, { role: 'facilitator' }, { type: 'session:start' });
  const told = new Map<string, { seq: number; turn: number }>();

  async function apply(o: Op): Promise<void> {
    const service = 'inst' in o ? services[o.inst as 0 | 1] : services[0];
    switch (o.kind) {
      case 'submit': {
        const playerId = players[o.player % players.length] ?? 'nobody';
        const commandId = `cmd-${o.player}-${o.cmd}`;
        const r = await service.execute(sessionId, { role: 'player', playerId }, { type: 'decision:submit', commandId, turn: o.turn, decision: { kind: 'numeric', value: o.value } });
        const key = `${playerId}:${commandId}`;
        if (r.kind === 'applied') {
          const fact = r.facts.find((f) => f.type === 'decisionSubmitted');
          expect(told.has(key)).toBe(false);
          told.set(key, { seq: fact?.seq ?? -1, turn: o.turn });
        }
        if (r.kind === 'repeated') expect(r.reply).toEqual(told.get(key));
        return;
      }
      case 'close': case 'next':
        await service.execute(sessionId, { role: 'facilitator' }, o.kind === 'close' ? { type: 'turn:close', turn: o.turn } : { type: 'turn:next', turn: o.turn });
        return;
      case 'advance': now += o.ms; return;
      case 'timer':
        for (const d of await store.claimDueDeadlines(now, 10, 500)) await service.execute(d.sessionId, { role: 'system' }, { type: 'turn:close', turn: d.turn });
        return;
      case 'kick':
        await service.execute(sessionId, { role: 'facilitator' }, { type: 'player:kick', playerId: players[o.player % players.length] ?? 'nobody' });
        return;
      case 'sync': {
        const facts = await service.readFacts(sessionId, o.after);
        expect(facts.map((f) => f.seq)).toEqual(facts.map((_, i) => o.after + 1 + i));
        return;
      }
      case 'end': await service.execute(sessionId, { role: 'facilitator' }, { type: 'session:end' }); return;
    }
  }

  for (let i = 0; i < ops.length; i += batch) await Promise.all(ops.slice(i, i + batch).map(apply));

  const log = await store.readFacts(sessionId, 0);
  expect(log.map((f) => f.seq)).toEqual(log.map((_, i) => i + 1));
  const decisions = log.filter((f): f is Extract<RoomFact, { type: 'decisionSubmitted' }> => f.type === 'decisionSubmitted');
  const perPlayerTurn = new Set(decisions.map((d) => `${d.playerId}:${d.turn}`));
  expect(perPlayerTurn.size).toBe(decisions.length);
  for (const [key, t] of told) expect(decisions.find((d) => `${d.playerId}:${d.commandId}` === key)?.seq).toBe(t.seq);
  expect(decisions.length).toBe(told.size);
  for (const closed of log.filter((f): f is Extract<RoomFact, { type: 'turnClosed' }> => f.type === 'turnClosed')) {
    expect(log.filter((f) => f.type === 'turnClosed' && f.turn === closed.turn)).toHaveLength(1);
    expect(decisions.some((d) => d.turn === closed.turn && d.seq > closed.seq)).toBe(false);
  }
  for (const kick of log.filter((f): f is Extract<RoomFact, { type: 'playerKicked' }> => f.type === 'playerKicked')) {
    expect(decisions.some((d) => d.playerId === kick.playerId && d.seq > kick.seq)).toBe(false);
  }
  const folded = foldRoom(log);
  for (const s of services) expect(await s.state(sessionId)).toEqual(folded);
}

describe('interleaved commands on two instances (property)', () => {
  it('memory store: ≤ 1 decision per (player, turn), closed turns immutable, versions strictly increase (1,000 runs)', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), async (ops, batch) => {
      await runScenario(createMemoryStore(), ops, batch);
    }), { numRuns: 1000 });
  }, 120_000);

  describe('on a real Redis', () => {
    const { prefix, redis } = useTestRedis('property');
    it('the same invariants hold (150 runs)', async () => {
      const store = createRedisStore(redis(), { prefix, instanceId: 'test-instance', idleTtlSeconds: 600, replayTtlSeconds: 600 });
      const shared: Store = { ...store, close: async () => undefined };
      await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), fc.integer({ min: 1, max: 4 }), async (ops, batch) => {
        await runScenario(shared, ops, batch);
      }), { numRuns: 150 });
    }, 120_000);
  });
});
