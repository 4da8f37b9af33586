import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../server/store/memory.js';
import { withCircuitBreaker } from '../../server/store/breaker.js';
import { StoreUnavailableError, type Store } from '../../server/store/port.js';

describe('store circuit breaker', () => {
  it('fails fast after one outage and closes again once the store answers', async () => {
    const inner = createMemoryStore();
    let reachable = true;
    let calls = 0;
    const flaky: Store = {
      ...inner,
      async version(id) { calls++; if (!reachable) throw new StoreUnavailableError('down'); return inner.version(id); },
      async ping() { if (!reachable) throw new StoreUnavailableError('down'); },
    };
    const changes: boolean[] = [];
    let closed: () => void = () => undefined;
    const store = withCircuitBreaker(flaky, { probeMs: 10, onChange: (open) => { changes.push(open); if (!open) closed(); } });
    reachable = false;
    await expect(store.version('s')).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.version('s')).rejects.toThrow('circuit open');
    expect(calls).toBe(1);
    const healed = new Promise<void>((resolve) => { closed = resolve; });
    reachable = true;
    await healed;
    expect(await store.version('s')).toBe(0);
    expect(changes).toEqual([true, false]);
    await store.close();
  });
});
