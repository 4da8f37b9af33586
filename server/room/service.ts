import type { Logger } from 'winston';
import { appError, type AppError, type RoomFact } from '../../shared/protocol/index.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { decide, evolve, foldRoom, type Actor, type RoomCommand, type RoomState } from './machine/index.js';
import { StoreUnavailableError, type Store } from '../store/port.js';
import { createKeyedQueue } from './keyed-queue.js';
import { HotRooms } from './hot-rooms.js';
import { SlotMap } from './slot-map.js';

export type ScenarioCatalogue = { get(id: string): Scenario | undefined; list(): Scenario[] };

export type RoomServiceDeps = {
  store: Store;
  scenarios: ScenarioCatalogue;
  clock: () => number;
  newId: () => string;
  newSeed: () => number;
  /**
   * Carries the facts to clients (projected per audience). Called only after they are stored, in
   * sequence order; `elsewhere` as the append reported it: another instance listens to the session.
   */
  publish: (sessionId: string, facts: readonly RoomFact[], elsewhere: boolean) => void;
  logger: Logger;
  /** Rooms kept hot in memory; each is re-validated against the store's version on write. */
  cacheSize?: number;
  /** Store a snapshot with the append whenever the log crosses a multiple of this (Infinity: never, for a store in this process). */
  snapshotEvery?: number;
  /**
   * Wait for the end of the event loop's turn (`createTurnEnd` in ./turn-end.ts) before deciding a
   * room's next batch, so that the commands one turn brings a room are decided together, stored
   * with one append and published as one batch. For Redis, whose append is a round trip, every
   * room's appends of the turn are then made in one run of the microtask queue (which the Redis
   * store sends as one call); without it the first command of a turn was an append alone, and the
   * room's others waited a round trip for the next. For the store in this process, it saves a
   * projection and a push per command a busy room batches; a budget bounds what it may delay.
   */
  turnEnd?: () => Promise<void>;
  /**
   * With `turnEnd`: only a room that decided a batch within this many milliseconds waits for the
   * turn's end; a quiet room's command is decided at once. At a think-time pace a room rarely has
   * two commands in one turn, and the wait only delayed them. Not for Redis, where waiting also
   * puts a quiet room's append in the turn's one call with every other room's.
   */
  turnEndIfBusyWithinMs?: number;
};

export type ExecuteResult =
  | { kind: 'applied'; facts: RoomFact[]; state: RoomState }
  | { kind: 'repeated'; reply: { seq: number; turn: number } }
  | { kind: 'rejected'; error: AppError };

/** Compare-and-set retries before answering UNAVAILABLE: two instances writing one room conflict often. */
const MAX_ATTEMPTS = 25;
/** Commands stored with one append at most. */
const MAX_BATCH = 64;

/** A decision must reach the store before the open turn's deadline by the store's own clock. */
function decisionDeadline(state: RoomState, facts: readonly RoomFact[]): number | undefined {
  if (!facts.some((f) => f.type === 'decisionSubmitted')) return undefined;
  return state.phase.status === 'turnOpen' ? state.phase.turn.deadline ?? undefined : undefined;
}

export type RoomService = ReturnType<typeof createRoomService>;

export function createRoomService(deps: RoomServiceDeps) {
  const { store, scenarios, clock, logger } = deps;
  const cacheSize = deps.cacheSize ?? 10_000;
  const snapshotEvery = deps.snapshotEvery ?? 200;
  const cache = new HotRooms(cacheSize);
  const enqueue = createKeyedQueue(clock);
  const remember = (state: RoomState) => cache.remember(state);

  /**
   * Bring a state up to the store's latest version (or build it from snapshot + log). A log
   * shorter than the cached state means the session expired in the store: it is gone.
   */
  async function catchUp(sessionId: string, from: RoomState | null): Promise<RoomState | null> {
    let state = from ?? (await store.loadSnapshot(sessionId))?.state ?? null;
    const facts = await store.readFacts(sessionId, state?.version ?? 0);
    if (state === null) return foldRoom(facts);
    if (from !== null && facts.length === 0 && (await store.version(sessionId)) < from.version) {
      cache.delete(sessionId);
      return null;
    }
    for (const fact of facts) state = evolve(state, fact);
    return state;
  }

  async function load(sessionId: string): Promise<RoomState | null> {
    const cached = cache.get(sessionId);
    if (cached) return cached;
    const state = await catchUp(sessionId, null);
    if (state) remember(state);
    return state;
  }

  function snapshotFor(before: RoomState, after: RoomState) {
    const crossed = Math.floor(after.version / snapshotEvery) > Math.floor(before.version / snapshotEvery);
    return crossed ? { version: after.version, state: after } : undefined;
  }

  type Waiting = { actor: Actor; command: RoomCommand; started: number; resolve: (result: ExecuteResult) => void };
  /** Commands that arrived while the room was busy: the next batch (a SlotMap: see why there). */
  const waiting = new SlotMap<string, Waiting[]>(clock);

  /**
   * Decide every command of a batch in turn, each against the state the previous ones left, and
   * store all their facts with one compare-and-set. Returns each command's result, or 'stale'
   * when the store moved on (catch up and decide them all again), or 'deadline' when a decision
   * in it missed its turn's deadline by the store's clock.
   */
  async function attempt(sessionId: string, batch: readonly Waiting[], fresh: boolean): Promise<ExecuteResult[] | 'stale' | 'deadline'> {
    const base = fresh ? await catchUp(sessionId, cache.get(sessionId) ?? null) : await load(sessionId);
    if (!base) return batch.map(() => ({ kind: 'rejected', error: appError('NOT_FOUND', 'no such session') }));
    const scenario = scenarios.get(base.scenarioId);
    if (!scenario) return batch.map(() => ({ kind: 'rejected', error: appError('INTERNAL', `scenario ${base.scenarioId} is not loaded`) }));
    let state = base;
    const facts: RoomFact[] = [];
    const results: ExecuteResult[] = [];
    let notAfter: number | undefined;
    let rejected = false;
    for (const { actor, command } of batch) {
      // Only a join creates an entity: other commands need no fresh id (a UUID costs real time).
      const result = decide(state, actor, command, { now: clock(), freshId: command.type === 'player:join' ? deps.newId() : '', scenario });
      if (result.kind !== 'accepted') {
        rejected ||= result.kind === 'rejected';
        results.push(result);
        continue;
      }
      const deadline = decisionDeadline(state, result.facts);
      if (deadline !== undefined) notAfter = Math.min(notAfter ?? deadline, deadline);
      state = result.state;
      facts.push(...result.facts);
      results.push({ kind: 'applied', facts: result.facts, state });
    }
    if (facts.length === 0) {
      // A rejection from a cached state may be out of date: confirm it against the store's version.
      if (!fresh && rejected && (await store.version(sessionId)) !== base.version) return 'stale';
      return results;
    }
    // Rejections decided along the way stand: the append below succeeds only if `base` was current.
    const appended = await store.append(sessionId, base.version, facts, snapshotFor(base, state), notAfter);
    if (!appended.ok) return appended.reason === 'deadline' ? 'deadline' : 'stale';
    remember(state);
    deps.publish(sessionId, facts, appended.elsewhere);
    return results;
  }

  /** decide → append with expected version → publish; on a version conflict, catch up and retry. */
  async function run(sessionId: string, batch: readonly Waiting[]): Promise<ExecuteResult[]> {
    try {
      for (let i = 0; i < MAX_ATTEMPTS; i++) {
        const results = await attempt(sessionId, batch, i > 0);
        if (results === 'stale') continue;
        if (results !== 'deadline') return results;
        // Some decision in the batch was late: settle the commands one by one so only it is refused.
        if (batch.length === 1) return [{ kind: 'rejected', error: appError('DEADLINE_PASSED', 'the turn closed for decisions at its deadline') }];
        const one: ExecuteResult[] = [];
        for (const item of batch) one.push(...(await run(sessionId, [item])));
        return one;
      }
      return batch.map(() => ({ kind: 'rejected', error: appError('UNAVAILABLE', 'the room is too busy; retry') }));
    } catch (err) {
      cache.delete(sessionId);
      if (err instanceof StoreUnavailableError) return batch.map(() => ({ kind: 'rejected', error: appError('UNAVAILABLE', 'storage is unreachable; nothing was recorded') }));
      logger.error('command failed', { session: sessionId, commands: batch.map((b) => b.command.type), err: err instanceof Error ? err.stack : String(err) });
      return batch.map(() => ({ kind: 'rejected', error: appError('INTERNAL', 'internal error; nothing was recorded') }));
    }
  }

  /**
   * Run a command in its room. Commands that arrive while the room is busy (waiting on the store,
   * or with `turnEnd` for the end of the turn) are decided together when it is free and stored with
   * one append: a room makes progress at the store's throughput, not one round trip per command.
   */
  function execute(sessionId: string, actor: Actor, command: RoomCommand): Promise<ExecuteResult> {
    return new Promise((resolve) => {
      let batch = waiting.get(sessionId);
      if (!batch || batch.length >= MAX_BATCH) {
        const fresh: Waiting[] = [];
        batch = fresh;
        waiting.set(sessionId, fresh);
        // The task starts no sooner than a microtask from now, so this command joins `fresh` below first.
        void enqueue(sessionId, async () => {
          const started = clock();
          const busy = deps.turnEndIfBusyWithinMs === undefined || cache.batchedSince(sessionId, started - deps.turnEndIfBusyWithinMs);
          if (deps.turnEnd && busy) await deps.turnEnd();
          cache.batched(sessionId, started);
          if (waiting.get(sessionId) === fresh) waiting.vacate(sessionId);
          const results = await run(sessionId, fresh);
          // Asked once per batch: winston answers it by walking its transports, with arrays made on the way.
          const debugging = logger.isDebugEnabled();
          fresh.forEach((item, k) => {
            const result = results[k] as ExecuteResult;
            if (debugging) logger.debug('command handled', { session: sessionId, command: item.command.type, role: item.actor.role, outcome: result.kind,
              code: result.kind === 'rejected' ? result.error.code : undefined, latencyMs: clock() - item.started });
            item.resolve(result);
          });
        });
      }
      // If the batch waits for the turn's end, asking for it again ends a turn past its budget (for a
      // batch decided at once, it only schedules an end that nobody waits for).
      else if (deps.turnEnd) void deps.turnEnd();
      batch.push({ actor, command, started: clock(), resolve });
    });
  }

  /** Start a room: its first fact, appended at version 0. */
  async function create(scenarioId: string): Promise<RoomState | AppError> {
    const scenario = scenarios.get(scenarioId);
    if (!scenario) return appError('NOT_FOUND', `no scenario "${scenarioId}"`);
    const sessionId = deps.newId();
    const created: RoomFact = { type: 'sessionCreated', seq: 1, at: clock(), sessionId, scenarioId, title: scenario.title,
      turnCount: scenario.turns.length, seed: deps.newSeed() };
    const state = foldRoom([created]);
    if (!state) return appError('INTERNAL', 'could not create the room');
    const appended = await store.append(sessionId, 0, [created]).catch((err: unknown) => {
      if (err instanceof StoreUnavailableError) return null;
      throw err;
    });
    if (appended === null) return appError('UNAVAILABLE', 'storage is unreachable; nothing was recorded');
    if (!appended.ok) return appError('INTERNAL', 'session id collision');
    remember(state);
    logger.info('session created', { session: sessionId, scenario: scenarioId });
    return state;
  }

  return {
    execute,
    create,
    /** The room's current state, caught up with the store. */
    state: (sessionId: string) => enqueue(sessionId, async () => {
      const state = await catchUp(sessionId, cache.get(sessionId) ?? null);
      if (state) remember(state);
      return state;
    }),
    readFacts: (sessionId: string, afterSeq: number) => store.readFacts(sessionId, afterSeq),
    forget: (sessionId: string) => cache.delete(sessionId),
    /**
     * Facts another instance stored, as its fan-out carried them (read only for a room held hot
     * here). When they continue the hot state exactly, it takes them in, so this instance's next
     * write does not first lose a compare-and-set to learn them. Anything else is left to the
     * compare-and-set, which keeps the log right either way.
     */
    observe: (sessionId: string, read: () => readonly RoomFact[]) => {
      if (!cache.has(sessionId)) return;
      const facts = read();
      if (facts.length === 0) return;
      void enqueue(sessionId, async () => {
        const cached = cache.get(sessionId);
        if (cached && facts.every((f, i) => f.seq === cached.version + 1 + i)) remember(facts.reduce(evolve, cached));
      });
    },
  };
}
