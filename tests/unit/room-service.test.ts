import { describe, expect, it } from 'vitest';
import type { RoomFact } from '../../shared/protocol/index.js';
import { createLogger } from '../../server/log.js';
import { createRoomService, type ExecuteResult, type RoomServiceDeps } from '../../server/room/service.js';
import { createMemoryStore } from '../../server/store/memory.js';
import { createTurnEnd } from '../../server/room/turn-end.js';
import type { Store } from '../../server/store/port.js';
import { T0, testScenario } from '../support/fixtures.js';

const logger = createLogger('silent');
const scenarios = { get: () => testScenario, list: () => [testScenario] };

/** The real in-process store, counting appends: how many compare-and-sets a room's commands cost. */
function countingStore(storeClock: () => number) {
  const store = createMemoryStore({ clock: storeClock });
  const appends: number[] = [];
  const counted: Store = { ...store, append: (...args) => { appends.push(args[2].length); return store.append(...args); } };
  return { store: counted, appends };
}

async function room(storeClock: () => number = () => T0, extra: Partial<RoomServiceDeps> = {}) {
  const { store, appends } = countingStore(storeClock);
  const published: RoomFact[][] = [];
  let ids = 0;
  const rooms = createRoomService({ store, scenarios, clock: () => T0 + 1000, logger, newId: () => `id-${ids++}`, newSeed: () => 7, publish: (_, facts) => published.push([...facts]), ...extra });
  const created = await rooms.create('test-growth');
  if ('code' in created) throw new Error(created.message);
  const players: string[] = [];
  for (const nickname of ['Ada', 'Bo', 'Cy']) {
    const joined = await rooms.execute(created.sessionId, { role: 'system' }, { type: 'player:join', nickname });
    if (joined.kind === 'applied' && joined.facts[0]?.type === 'playerJoined') players.push(joined.facts[0].playerId);
  }
  await rooms.execute(created.sessionId, { role: 'facilitator' }, { type: 'session:start' });
  appends.length = 0;
  published.length = 0;
  return { rooms, store, appends, published, sessionId: created.sessionId, players };
}

const submit = (commandId: string, value: number) => ({ type: 'decision:submit', commandId, turn: 0, decision: { kind: 'numeric', value } }) as const;
const seqOf = (r: ExecuteResult) => (r.kind === 'applied' ? r.facts.find((f) => f.type === 'decisionSubmitted')?.seq : r.kind === 'repeated' ? r.reply.seq : undefined);

describe('room service: commands that arrive together', () => {
  it('decides them in arrival order and stores them with one append, each with its own result', async () => {
    const { rooms, appends, published, sessionId, players, store } = await room();
    const [a, b, c] = players as [string, string, string];
    const first = await rooms.execute(sessionId, { role: 'player', playerId: a }, submit('cmd-a-0001', 10));
    appends.length = 0;
    // The room is idle: the first command starts a batch; the ones sent in the same tick wait and go together.
    const results = await Promise.all([
      rooms.execute(sessionId, { role: 'player', playerId: b }, submit('cmd-b-0001', 20)),
      rooms.execute(sessionId, { role: 'player', playerId: c }, submit('cmd-c-0001', -5)),
      rooms.execute(sessionId, { role: 'player', playerId: a }, submit('cmd-a-0001', 99)),
      rooms.execute(sessionId, { role: 'player', playerId: c }, submit('cmd-c-0002', 30)),
      rooms.execute(sessionId, { role: 'player', playerId: b }, submit('cmd-b-0002', 40)),
    ]);
    expect(results.map((r) => (r.kind === 'rejected' ? r.error.code : r.kind))).toEqual(['applied', 'INVALID_DECISION', 'repeated', 'applied', 'ALREADY_DECIDED']);
    expect(seqOf(results[2]!)).toBe(seqOf(first));
    // b's decision and c's second try: one append of two facts.
    expect(appends).toEqual([2]);
    const log = await store.readFacts(sessionId, 0);
    const decided = log.filter((f) => f.type === 'decisionSubmitted').map((f) => (f.type === 'decisionSubmitted' ? [f.playerId, f.decision] : []));
    expect(decided).toEqual([[a, { kind: 'numeric', value: 10 }], [b, { kind: 'numeric', value: 20 }], [c, { kind: 'numeric', value: 30 }]]);
    expect(log.map((f) => f.seq)).toEqual(log.map((_, i) => i + 1));
    // Published in sequence order, exactly what was stored.
    expect(published.flat().map((f) => f.seq)).toEqual(log.slice(-published.flat().length).map((f) => f.seq));
  });

  it('stores decisions sent together with one append', async () => {
    const { rooms, appends, sessionId, players } = await room();
    const [a, b, c] = players as [string, string, string];
    const results = await Promise.all([a, b, c].map((p, i) => rooms.execute(sessionId, { role: 'player', playerId: p }, submit(`cmd-${i}-batch`, 10 * (i + 1)))));
    expect(results.every((r) => r.kind === 'applied')).toBe(true);
    // Three decisions, three facts, one append.
    expect(appends).toEqual([3]);
    expect(new Set(results.map(seqOf)).size).toBe(3);
  });

  it('refuses only the late decision when the store\'s clock says a batch missed the deadline', async () => {
    let storeNow = T0;
    const { rooms, sessionId, players, store } = await room(() => storeNow);
    const [a, b] = players as [string, string];
    storeNow = T0 + 1000 + 61_000; // the store's clock is past turn 0's 60 s deadline; the server's is not
    const [late, kick] = await Promise.all([
      rooms.execute(sessionId, { role: 'player', playerId: a }, submit('cmd-late-01', 10)),
      rooms.execute(sessionId, { role: 'facilitator' }, { type: 'player:kick', playerId: b }),
    ]);
    expect(late.kind === 'rejected' && late.error.code).toBe('DEADLINE_PASSED');
    expect(kick.kind).toBe('applied');
    const log = await store.readFacts(sessionId, 0);
    expect(log.some((f) => f.type === 'decisionSubmitted')).toBe(false);
    expect(log.some((f) => f.type === 'playerKicked' && f.playerId === b)).toBe(true);
  });
});

describe('room service: facts another instance stored', () => {
  /** Two instances over one store; the second holds the room hot at the version before the first writes. */
  async function twoInstances() {
    const { rooms: a, store, appends, sessionId, players } = await room();
    const b = createRoomService({ store, scenarios, clock: () => T0 + 1000, logger, newId: () => 'unused', newSeed: () => 7, publish: () => undefined });
    await b.state(sessionId);
    appends.length = 0;
    return { a, b, appends, store, sessionId, players: players as [string, string, string] };
  }
  const applied = (r: ExecuteResult) => {
    if (r.kind !== 'applied') throw new Error(`expected applied, got ${JSON.stringify(r)}`);
    return r.facts;
  };

  it('takes them in when they continue its state, so its next write wins the compare-and-set at once', async () => {
    const { a, b, appends, sessionId, players: [p1, p2] } = await twoInstances();
    const facts = applied(await a.execute(sessionId, { role: 'player', playerId: p1 }, submit('cmd-a-0001', 10)));
    b.observe(sessionId, () => facts);
    applied(await b.execute(sessionId, { role: 'player', playerId: p2 }, submit('cmd-b-0001', 20)));
    expect(appends).toEqual([1, 1]);
  });
  it('without them, learns them by losing one compare-and-set', async () => {
    const { a, b, appends, sessionId, players: [p1, p2] } = await twoInstances();
    applied(await a.execute(sessionId, { role: 'player', playerId: p1 }, submit('cmd-a-0001', 10)));
    applied(await b.execute(sessionId, { role: 'player', playerId: p2 }, submit('cmd-b-0001', 20)));
    expect(appends).toEqual([1, 1, 1]);
  });
  it('ignores facts that do not continue its state; the log stays gap-free and complete', async () => {
    const { a, b, appends, store, sessionId, players: [p1, p2, p3] } = await twoInstances();
    applied(await a.execute(sessionId, { role: 'player', playerId: p1 }, submit('cmd-a-0001', 10)));
    const later = applied(await a.execute(sessionId, { role: 'player', playerId: p3 }, submit('cmd-a-0002', 30)));
    b.observe(sessionId, () => later);
    applied(await b.execute(sessionId, { role: 'player', playerId: p2 }, submit('cmd-b-0001', 20)));
    expect(appends).toEqual([1, 1, 1, 1]);
    const log = await store.readFacts(sessionId, 0);
    expect(log.map((f) => f.seq)).toEqual(log.map((_, i) => i + 1));
    expect(log.filter((f) => f.type === 'decisionSubmitted')).toHaveLength(3);
  });
});

describe('room service: waiting for the end of the turn', () => {
  /** Turns that end at once while the room is set up, then only when the test ends them; a clock the test moves. */
  function turns(budgetMs?: number) {
    const ends: (() => void)[] = [];
    let now = 0;
    const t = {
      held: false,
      advance: (ms: number) => { now += ms; },
      end: () => ends.shift()?.(),
      turnEnd: createTurnEnd((run) => (t.held ? ends.push(run) : setImmediate(run)), budgetMs === undefined ? undefined : { ms: budgetMs, now: () => now }),
    };
    return t;
  }
  /** Another read of the socket: the next macrotask, as the next client's message would be. */
  const nextRead = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('decides the commands of separate reads in one turn together: one append, one publish', async () => {
    const t = turns();
    const { rooms, appends, published, sessionId, players: [a, b, c] } = await room(undefined, { turnEnd: t.turnEnd });
    t.held = true;
    const results = [rooms.execute(sessionId, { role: 'player', playerId: a! }, submit('cmd-a-0001', 10))];
    await nextRead();
    results.push(rooms.execute(sessionId, { role: 'player', playerId: b! }, submit('cmd-b-0001', 20)));
    await nextRead();
    results.push(rooms.execute(sessionId, { role: 'player', playerId: c! }, submit('cmd-c-0001', 30)));
    await nextRead();
    expect(appends).toEqual([]);
    t.end();
    expect((await Promise.all(results)).map((r) => r.kind)).toEqual(['applied', 'applied', 'applied']);
    expect(appends).toEqual([3]);
    expect(published).toHaveLength(1);
  });

  it('with a busy window, decides a quiet room\'s command at once and has a busy room\'s wait for the turn', async () => {
    let now = T0 + 1000;
    const t = turns();
    const { rooms, appends, sessionId, players: [a, b] } = await room(undefined, { turnEnd: t.turnEnd, turnEndIfBusyWithinMs: 50, clock: () => now });
    t.held = true;
    // A second after its last batch the room is quiet: no wait for the turn, which never ends here.
    now += 1000;
    expect((await rooms.execute(sessionId, { role: 'player', playerId: a! }, submit('cmd-a-0001', 10))).kind).toBe('applied');
    expect(appends).toEqual([1]);
    // 49 ms later it is busy: its next command waits for the turn's end.
    now += 49;
    const second = rooms.execute(sessionId, { role: 'player', playerId: b! }, submit('cmd-b-0001', 20));
    await nextRead();
    expect(appends).toEqual([1]);
    t.end();
    expect((await second).kind).toBe('applied');
    expect(appends).toEqual([1, 1]);
  });

  it('with a budget, a command that comes after it ends the turn early and joins the batch it releases', async () => {
    const t = turns(1);
    const { rooms, appends, sessionId, players: [a, b] } = await room(undefined, { turnEnd: t.turnEnd });
    t.held = true;
    const first = rooms.execute(sessionId, { role: 'player', playerId: a! }, submit('cmd-a-0001', 10));
    await nextRead();
    t.advance(1);
    const second = rooms.execute(sessionId, { role: 'player', playerId: b! }, submit('cmd-b-0001', 20));
    // No end of the turn from its schedule: the budget alone released them.
    expect([(await first).kind, (await second).kind]).toEqual(['applied', 'applied']);
    expect(appends).toEqual([2]);
  });
});
