import type { WireEvent } from './events.js';

/**
 * Client-side ordering of room events: apply each sequence number once, in order. Events can
 * arrive twice or out of order around a resync; they are buffered until the gap before them
 * fills. `gap` tells the client to ask `session:sync` for what is missing.
 */
export function createSequencer(lastSeq = 0) {
  let applied = lastSeq;
  const pending = new Map<number, WireEvent>();
  return {
    get lastSeq() { return applied; },
    accept(events: readonly WireEvent[]): { applied: WireEvent[]; gap: boolean } {
      for (const e of events) if (e.seq > applied) pending.set(e.seq, e);
      const out: WireEvent[] = [];
      for (let next = pending.get(applied + 1); next; next = pending.get(applied + 1)) {
        pending.delete(next.seq);
        applied = next.seq;
        out.push(next);
      }
      return { applied: out, gap: pending.size > 0 };
    },
  };
}
export type Sequencer = ReturnType<typeof createSequencer>;
