import type { Logger } from 'winston';
import type { Store } from '../store/port.js';
import type { RoomService } from './service.js';

/**
 * Polls the store for due turn deadlines. A claim hands each deadline to one poller; the
 * resulting `turn:close` names its turn, so a late or repeated firing is rejected by `decide`:
 * a timer fires at least once, its effect applies exactly once.
 */
export function startTurnTimers(deps: { store: Store; rooms: RoomService; clock: () => number; pollMs: number; logger: Logger }) {
  const { store, rooms, clock, logger } = deps;
  let running: Promise<void> | null = null;
  let stopped = false;

  async function tick(): Promise<void> {
    const due = await store.claimDueDeadlines(clock(), 100);
    await Promise.all(due.map(async ({ sessionId, turn }) => {
      const result = await rooms.execute(sessionId, { role: 'system' }, { type: 'turn:close', turn });
      if (result.kind === 'rejected' && result.error.code === 'UNAVAILABLE') {
        await store.setDeadline({ sessionId, turn, at: clock() }).catch(() => undefined);
      }
      logger.info('turn deadline fired', { session: sessionId, turn, outcome: result.kind, code: result.kind === 'rejected' ? result.error.code : undefined });
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
