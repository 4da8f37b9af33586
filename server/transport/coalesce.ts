import type { RoomFact } from '../../shared/protocol/index.js';

export type CoalescerDeps = {
  /** Milliseconds, monotonic (performance.now in the server). */
  now: () => number;
  /** Run once the current turn of the event loop is over (setImmediate in the server). */
  later: (run: () => void) => void;
  /** How long the first pending fact may wait, however busy the turn of the event loop is. */
  withinMs: number;
  /** Send what is pending: the facts of each session, in the order they were stored. */
  send: (sessions: ReadonlyMap<string, PendingPush>) => void;
  /** Run after each send and the acks that waited for it (the transport writes what it held then). */
  sent?: () => void;
};

/** A session's facts waiting to go out, and whether any of their appends said another instance listens. */
export type PendingPush = { facts: RoomFact[]; elsewhere: boolean };

/**
 * Pushes coalesced per room per turn of the event loop: facts stored during one turn are sent
 * together at its end, one batch per socket however many commands made them, but no later than
 * `withinMs` after the first was ready (a long burst of commands does not hold back what is
 * ready). Acks queued with `afterSend` go out right after the send that carries what their
 * command caused, so a client sees its events before its ack.
 */
export function createCoalescer({ now, later, withinMs, send, sent }: CoalescerDeps) {
  let pending = new Map<string, PendingPush>();
  let waiting: (() => void)[] = [];
  let scheduled = false;
  let due = 0;

  function flush(): void {
    if (!scheduled) return;
    const sessions = pending;
    const after = waiting;
    pending = new Map();
    waiting = [];
    scheduled = false;
    try {
      send(sessions);
      for (const run of after) run();
    } finally {
      // Whatever failed, what the transport held for this send is let go (an unwritable socket would stall).
      sent?.();
    }
  }

  return {
    publish(sessionId: string, facts: readonly RoomFact[], elsewhere = false): void {
      const queued = pending.get(sessionId);
      if (queued) {
        queued.facts.push(...facts);
        queued.elsewhere ||= elsewhere;
      } else {
        pending.set(sessionId, { facts: [...facts], elsewhere });
      }
      if (!scheduled) {
        scheduled = true;
        due = now() + withinMs;
        later(flush);
      } else if (now() > due) {
        flush();
      }
    },
    /**
     * Run after the send that carries everything published so far (at once if nothing is pending).
     * True when it waits for that send.
     */
    afterSend(run: () => void): boolean {
      if (!scheduled) {
        run();
        return false;
      }
      waiting.push(run);
      return true;
    },
    flush,
  };
}
