import type { Logger } from 'winston';
import { appError, type AppError, type RoomFact } from '../../shared/protocol/index.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { decide, evolve, foldRoom, type Actor, type RoomCommand, type RoomState } from './machine/index.js';
import { StoreUnavailableError, type Store } from '../store/port.js';
import { createKeyedQueue } from './keyed-queue.js';

export type ScenarioCatalogue = { get(id: string): Scenario | undefined; list(): Scenario[] };

export type RoomServiceDeps = {
  store: Store;
  scenarios: ScenarioCatalogue;
  clock: () => number;
  newId: () => string;
  newSeed: () => number;
  /** Carries the facts to clients (projected per audience). Called only after they are stored, in sequence order. */
  publish: (sessionId: string, facts: readonly RoomFact[]) => void;
  logger: Logger;
  /** Rooms kept hot in memory; each is re-validated against the store's version on write. */
  cacheSize?: number;
  /** Store a snapshot with the append whenever the log crosses a multiple of this (Infinity: never, for a store in this process). */
  snapshotEvery?: number;
};

export type ExecuteResult =
  | { kind: 'applied'; facts: RoomFact[]; state: RoomState }
  | { kind: 'repeated'; reply: { seq: number; turn: number } }
  | { kind: 'rejected'; error: AppError };

/** Compare-and-set retries before answering UNAVAILABLE: two instances writing one room conflict often. */
const MAX_ATTEMPTS = 25;

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
  const cache = new Map<string, RoomState>();
  const enqueue = createKeyedQueue();

  function remember(state: RoomState): void {
    cache.delete(state.sessionId);
    cache.set(state.sessionId, state);
    if (cache.size > cacheSize) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
  }

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

  async function attempt(sessionId: string, actor: Actor, command: RoomCommand, fresh: boolean): Promise<ExecuteResult | 'stale'> {
    const state = fresh ? await catchUp(sessionId, cache.get(sessionId) ?? null) : await load(sessionId);
    if (!state) return { kind: 'rejected', error: appError('NOT_FOUND', 'no such session') };
    const scenario = scenarios.get(state.scenarioId);
    if (!scenario) return { kind: 'rejected', error: appError('INTERNAL', `scenario ${state.scenarioId} is not loaded`) };
    // Only a join creates an entity: other commands need no fresh id (a UUID costs real time).
    const result = decide(state, actor, command, { now: clock(), freshId: command.type === 'player:join' ? deps.newId() : '', scenario });
    if (result.kind !== 'accepted') {
      // A rejection from a cached state may be out of date: confirm it against the store's version.
      if (!fresh && result.kind === 'rejected' && (await store.version(sessionId)) !== state.version) return 'stale';
      return result;
    }
    const facts = result.events.map((event, i) => ({ ...event, seq: state.version + 1 + i }) as RoomFact);
    const next = facts.reduce(evolve, state);
    const appended = await store.append(sessionId, state.version, facts, snapshotFor(state, next), decisionDeadline(state, facts));
    if (!appended.ok && appended.reason === 'deadline') return { kind: 'rejected', error: appError('DEADLINE_PASSED', 'the turn closed for decisions at its deadline') };
    if (!appended.ok) return 'stale';
    remember(next);
    deps.publish(sessionId, facts);
    return { kind: 'applied', facts, state: next };
  }

  /** decide → append with expected version → publish; on a version conflict, catch up and retry. */
  async function execute(sessionId: string, actor: Actor, command: RoomCommand): Promise<ExecuteResult> {
    const started = clock();
    return enqueue(sessionId, async () => {
      try {
        for (let i = 0; i < MAX_ATTEMPTS; i++) {
          const result = await attempt(sessionId, actor, command, i > 0);
          if (result !== 'stale') {
            if (logger.isDebugEnabled()) logger.debug('command handled', { session: sessionId, command: command.type, role: actor.role, outcome: result.kind,
              code: result.kind === 'rejected' ? result.error.code : undefined, latencyMs: clock() - started });
            return result;
          }
        }
        return { kind: 'rejected', error: appError('UNAVAILABLE', 'the room is too busy; retry') };
      } catch (err) {
        cache.delete(sessionId);
        if (err instanceof StoreUnavailableError) return { kind: 'rejected', error: appError('UNAVAILABLE', 'storage is unreachable; nothing was recorded') };
        logger.error('command failed', { session: sessionId, command: command.type, err: err instanceof Error ? err.stack : String(err) });
        return { kind: 'rejected', error: appError('INTERNAL', 'internal error; nothing was recorded') };
      }
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
  };
}
