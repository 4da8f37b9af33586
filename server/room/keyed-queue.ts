import { SlotMap } from './slot-map.js';

/**
 * Runs tasks one at a time per key, in arrival order: one writer per room inside this process.
 * Across processes the store's compare-and-set does the same job. A key's tail is let go when its
 * last task is done; its entry stays for the key's next task (see SlotMap).
 */
export function createKeyedQueue(now: () => number) {
  const tails = new SlotMap<string, Promise<void>>(now);
  return function enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(task);
    const tail = run.then(() => undefined, () => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.vacate(key);
    });
    return run;
  };
}
