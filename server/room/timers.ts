import type { Logger } from 'winston';
import type { Store } from '../store/port.js';
import type { RoomService } from './service.js';

/**
 * Polls the store for due turn deadlines. A claim leases each deadline to one poller (it comes
 * back if that poller dies before the close); the resulting `turn:close` names its turn, so a
 * late or repeated firing is rejected by `decide`: a timer fires at least once, its effect
 * applies exactly once.
 */
export function startTurnTimers(deps: { store: Store; rooms: RoomService; clock: () => number; pollMs: number; leaseMs?: number; logger: Logger }) {
  const { store, rooms, clock, logger } = deps;
  const leaseMs = deps.leaseMs ?? 500;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    const due = await store.claimDueDeadlines(clock(), 100, leaseMs);
    await Promise.all(due.map(async ({ sessionId, turn }) => {
      const result = await rooms.execute(sessionId, { role: 'system' }, { type: 'turn:close', turn });
      logger.info('turn deadline fired', { session: sessionId, turn, outcome: result.kind, code: result.kind === 'rejected' ? result.error.code : undefined });
      if (result.kind !== 'rejected' || result.error.code === 'UNAVAILABLE') return;
      // Refused: if that turn is no longer open (closed by hand, or the session expired), drop
      // its timer; if it is still open (fired early by this clock), the lease brings it back.
      const state = await rooms.state(sessionId);
      const stillOpen = state?.phase.status === 'turnOpen' && state.phase.turn.turn === turn;
      if (!stillOpen) await store.clearDeadline(sessionId, turn);
    }));
  }

  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick().catch((err: unknown) => { logger.warn('timer poll failed', { err: String(err) }); }).finally(() => { running = null; });
  }, deps.pollMs);
  timer.unref();

  return {
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
