import { StoreUnavailableError, type Store } from './port.js';

export type BreakerOptions = { probeMs: number; onChange?: (open: boolean) => void };

/**
 * A circuit breaker around a store. After one failure to reach it, every call fails at once
 * (answered UNAVAILABLE) instead of waiting out its own timeout behind the others queued for the
 * same room; a background ping closes the breaker as soon as the store answers again.
 */
export function withCircuitBreaker(inner: Store, options: BreakerOptions): Store & { isOpen(): boolean } {
  let open = false;
  let probe: ReturnType<typeof setInterval> | null = null;

  function trip(): void {
    if (open) return;
    open = true;
    options.onChange?.(true);
    probe = setInterval(() => {
      inner.ping().then(() => {
        if (!open) return;
        open = false;
        if (probe) clearInterval(probe);
        probe = null;
        options.onChange?.(false);
      }, () => undefined);
    }, options.probeMs);
    probe.unref();
  }

  function guarded<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
    return async (...args: A) => {
      if (open) throw new StoreUnavailableError('storage is unreachable (circuit open)');
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof StoreUnavailableError) trip();
        throw err;
      }
    };
  }

  return {
    claimJoinCode: guarded(inner.claimJoinCode),
    findSessionByCode: guarded(inner.findSessionByCode),
    append: guarded(inner.append),
    readFacts: guarded(inner.readFacts),
    loadSnapshot: guarded(inner.loadSnapshot),
    version: guarded(inner.version),
    setDeadline: guarded(inner.setDeadline),
    clearDeadline: guarded(inner.clearDeadline),
    claimDueDeadlines: guarded(inner.claimDueDeadlines),
    ping: guarded(inner.ping),
    isOpen: () => open,
    async close() {
      if (probe) clearInterval(probe);
      await inner.close();
    },
  };
}
