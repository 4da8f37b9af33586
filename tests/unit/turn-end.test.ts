import { describe, expect, it } from 'vitest';
import { createTurnEnd } from '../../server/room/turn-end.js';

/** A turn the test ends, and a clock it moves. */
function manual(budgetMs?: number) {
  const runs: (() => void)[] = [];
  let now = 0;
  const turnEnd = createTurnEnd((run) => runs.push(run), budgetMs === undefined ? undefined : { ms: budgetMs, now: () => now });
  return { turnEnd, runs, endTurn: () => runs.shift()?.(), advance: (ms: number) => { now += ms; } };
}

/** Which of the promises have settled, after every microtask queued so far has run. */
async function settled(promises: readonly Promise<void>[]): Promise<boolean[]> {
  const done = promises.map(() => false);
  promises.forEach((p, i) => void p.then(() => { done[i] = true; }));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return done;
}

describe('turn end', () => {
  it('is one wait for everyone who asks during the turn, scheduled once and ended by the schedule', async () => {
    const t = manual();
    const waits = [t.turnEnd(), t.turnEnd(), t.turnEnd()];
    expect(t.runs).toHaveLength(1);
    expect(await settled(waits)).toEqual([false, false, false]);
    t.endTurn();
    expect(await settled(waits)).toEqual([true, true, true]);
    // The next ask is the next turn's.
    const next = t.turnEnd();
    expect(t.runs).toHaveLength(1);
    expect(await settled([next])).toEqual([false]);
  });

  it('without a budget, never ends before the schedule, however long the turn runs', async () => {
    const t = manual();
    const first = t.turnEnd();
    t.advance(1e6);
    t.turnEnd();
    expect(await settled([first])).toEqual([false]);
  });

  it('with a budget, ends a turn that kept its first waiter that long at the next ask, which waits for a new one', async () => {
    const t = manual(1);
    const first = t.turnEnd();
    t.advance(0.9);
    const early = t.turnEnd();
    expect(early).toBe(first);
    expect(await settled([first])).toEqual([false]);
    t.advance(0.1);
    const late = t.turnEnd();
    expect(await settled([first, late])).toEqual([true, false]);
    // The first turn's schedule still runs; it must not end the turn that replaced it.
    t.endTurn();
    expect(await settled([late])).toEqual([false]);
    t.endTurn();
    expect(await settled([late])).toEqual([true]);
  });
});
