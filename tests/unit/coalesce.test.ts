import { describe, expect, it } from 'vitest';
import type { RoomFact } from '../../shared/protocol/index.js';
import { createCoalescer } from '../../server/transport/coalesce.js';

const fact = (seq: number): RoomFact => ({ type: 'sessionStarted', seq, at: 0 });

/** A coalescer on a hand-driven clock and event loop: `endOfTurn` runs what was deferred. */
function rig(withinMs = 4) {
  let clock = 0;
  let deferred: (() => void)[] = [];
  const log: string[] = [];
  const coalescer = createCoalescer({
    now: () => clock, later: (run) => { deferred.push(run); }, withinMs,
    send: (sessions) => { for (const [s, { facts, elsewhere }] of sessions) log.push(`send ${s}:${facts.map((f) => f.seq).join(',')}${elsewhere ? ' elsewhere' : ''}`); },
  });
  return {
    coalescer, log,
    advance: (ms: number) => { clock += ms; },
    endOfTurn: () => { const runs = deferred; deferred = []; for (const run of runs) run(); },
  };
}

describe('coalescing pushes per turn of the event loop', () => {
  it('sends what one turn stored as one batch per session, in order, and the acks after it', () => {
    const { coalescer, log, endOfTurn } = rig();
    coalescer.publish('a', [fact(1), fact(2)]);
    coalescer.afterSend(() => log.push('ack 1'));
    coalescer.publish('b', [fact(7)]);
    coalescer.publish('a', [fact(3)]);
    coalescer.afterSend(() => log.push('ack 2'));
    expect(log).toEqual([]);
    endOfTurn();
    expect(log).toEqual(['send a:1,2,3', 'send b:7', 'ack 1', 'ack 2']);
  });
  it('does not hold the first fact back longer than the cap when a turn runs long', () => {
    const { coalescer, log, advance, endOfTurn } = rig(4);
    coalescer.publish('a', [fact(1)]);
    coalescer.afterSend(() => log.push('ack 1'));
    advance(3);
    coalescer.publish('a', [fact(2)]);
    expect(log).toEqual([]);
    advance(2); // 5 ms after the first: past the cap
    coalescer.publish('a', [fact(3)]);
    expect(log).toEqual(['send a:1,2,3', 'ack 1']);
    // A new batch starts, with a new cap; the deferred run of the old one finds nothing to do.
    coalescer.publish('a', [fact(4)]);
    endOfTurn();
    expect(log).toEqual(['send a:1,2,3', 'ack 1', 'send a:4']);
  });
  it('answers at once when nothing is waiting to go out', () => {
    const { coalescer, log } = rig();
    coalescer.afterSend(() => log.push('ack'));
    expect(log).toEqual(['ack']);
  });
  it('runs `sent` after the acks, and even when the send throws', () => {
    const log: string[] = [];
    let deferred: (() => void) | undefined;
    const coalescer = createCoalescer({
      now: () => 0, later: (run) => { deferred = run; }, withinMs: 4,
      send: () => { throw new Error('boom'); }, sent: () => log.push('sent'),
    });
    coalescer.publish('a', [fact(1)]);
    coalescer.afterSend(() => log.push('ack'));
    expect(() => deferred?.()).toThrow('boom');
    expect(log).toEqual(['sent']);
    const ok = createCoalescer({ now: () => 0, later: (run) => { deferred = run; }, withinMs: 4, send: () => log.push('send'), sent: () => log.push('sent') });
    log.length = 0;
    ok.publish('a', [fact(1)]);
    ok.afterSend(() => log.push('ack'));
    deferred?.();
    expect(log).toEqual(['send', 'ack', 'sent']);
  });
  it("marks a session's batch for the other instances when any append in it was heard elsewhere", () => {
    const { coalescer, log, endOfTurn } = rig();
    coalescer.publish('a', [fact(1)], false);
    coalescer.publish('b', [fact(4)], false);
    coalescer.publish('a', [fact(2)], true);
    coalescer.publish('a', [fact(3)], false);
    endOfTurn();
    expect(log).toEqual(['send a:1,2,3 elsewhere', 'send b:4']);
  });
});
