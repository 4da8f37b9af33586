/**
 * The end of the event loop's current turn, as a promise shared by every batch that waits in it:
 * the commands the turn's socket reads bring one room are then decided together and stored with
 * one append, and published as one batch.
 *
 * With a budget, a turn that has kept its first waiter longer than `budgetMs` ends early, at the
 * next wait asked for: a long run of socket reads (a loaded server) then delays no command much
 * more than the budget, while a busy room's commands still batch within it.
 */
export function createTurnEnd(
  schedule: (run: () => void) => void,
  budget?: { ms: number; now: () => number },
): () => Promise<void> {
  type Turn = { promise: Promise<void>; end: () => void; started: number };
  let current: Turn | null = null;
  return function turnEnd(): Promise<void> {
    if (current && budget && budget.now() - current.started >= budget.ms) {
      const late = current;
      current = null;
      late.end();
    }
    if (current) return current.promise;
    let end!: () => void;
    const promise = new Promise<void>((resolve) => (end = resolve));
    const turn: Turn = { promise, end, started: budget ? budget.now() : 0 };
    current = turn;
    schedule(() => {
      if (current === turn) current = null;
      turn.end();
    });
    return promise;
  };
}
