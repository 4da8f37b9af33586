import type { RoomFact } from '../../shared/protocol/index.js';

export type CoalescerDeps = {
  /** Milliseconds, monotonic (performance.now in the server). */
  now: () => number;
  /** Run once the current turn of the event loop is over (setImmediate in the server). */
  later: (run: () => void) => void;
  /** How long a session's first pending fact may wait, however busy the turn of the event loop is. */
  withinMs: number;
  /** Send what is pending: the facts of each session, in the order they were stored. */
  send: (sessions: ReadonlyMap<string, PendingPush>) => void;
  /** Run after each send and the acks that waited for it, with the sessions it sent (the transport writes what it held for them). */
  sent?: (sessionIds: readonly string[]) => void;
};

/** A session's facts waiting to go out, and whether any of their appends said another instance listens. */
export type PendingPush = { facts: RoomFact[]; elsewhere: boolean };

type Pending = PendingPush & { due: number; after: (() => void)[] };

/**
 * Pushes coalesced per room per turn of the event loop: facts stored during one turn are sent
 * together at its end, one batch per socket however many commands made them, but no later than
 * `withinMs` after the session's first pending fact was ready (a long burst of commands does not
 * hold back what is ready). Each session keeps its own time: when a long turn passes one session's,
 * that session is sent and the others wait for theirs, so a room whose players' commands arrive
 * together is not split because another room's time came in between (each batch to a socket is a
 * write). Acks queued with `afterSend` go out right after the send that carries their session's
 * pending facts, so a client sees its events before its ack.
 */
export function createCoalescer({ now, later, withinMs, send, sent }: CoalescerDeps) {
  // In the order each session's first pending fact came: the order they come due.
  let pending = new Map<string, Pending>();
  /** When the first pending session comes due (the earliest: they come due in order). */
  let nextDue = Number.POSITIVE_INFINITY;
  let scheduled = false;

  function sendNow(sessions: Map<string, Pending>): void {
    try {
      send(sessions);
      for (const entry of sessions.values()) for (const run of entry.after) run();
    } finally {
      // Whatever failed, what the transport held for this send is let go (an unwritable socket would stall).
      sent?.([...sessions.keys()]);
    }
  }

  /** Everything pending, at the end of the turn (or when the transport closes). */
  function flush(): void {
    scheduled = false;
    if (pending.size === 0) return;
    const sessions = pending;
    pending = new Map();
    nextDue = Number.POSITIVE_INFINITY;
    sendNow(sessions);
  }

  /** The sessions whose time has come, in a turn that runs long. */
  function sendDue(t: number): void {
    const due = new Map<string, Pending>();
    nextDue = Number.POSITIVE_INFINITY;
    for (const [sessionId, entry] of pending) {
      if (entry.due > t) {
        nextDue = entry.due;
        break;
      }
      due.set(sessionId, entry);
    }
    for (const sessionId of due.keys()) pending.delete(sessionId);
    sendNow(due);
  }

  return {
    publish(sessionId: string, facts: readonly RoomFact[], elsewhere = false): void {
      const t = now();
      const queued = pending.get(sessionId);
      if (queued) {
        queued.facts.push(...facts);
        queued.elsewhere ||= elsewhere;
      } else {
        pending.set(sessionId, { facts: [...facts], elsewhere, due: t + withinMs, after: [] });
        if (pending.size === 1) nextDue = t + withinMs;
      }
      if (!scheduled) {
        scheduled = true;
        later(flush);
      }
      if (t > nextDue) sendDue(t);
    },
    /**
     * Run after the send that carries what is pending for the session (at once if nothing is).
     * True when it waits for that send.
     */
    afterSend(sessionId: string, run: () => void): boolean {
      const entry = pending.get(sessionId);
      if (!entry) {
        run();
        return false;
      }
      entry.after.push(run);
      return true;
    },
    flush,
  };
}
