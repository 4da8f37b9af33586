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
    coalescer.afterSend('a', () => log.push('ack 1'));
    coalescer.publish('b', [fact(7)]);
    coalescer.publish('a', [fact(3)]);
    coalescer.afterSend('a', () => log.push('ack 2'));
    expect(log).toEqual([]);
    endOfTurn();
    expect(log).toEqual(['send a:1,2,3', 'send b:7', 'ack 1', 'ack 2']);
  });
  it('does not hold the first fact back longer than the cap when a turn runs long', () => {
    const { coalescer, log, advance, endOfTurn } = rig(4);
    coalescer.publish('a', [fact(1)]);
    coalescer.afterSend('a', () => log.push('ack 1'));
    advance(3);
    coalescer.publish('a', [fact(2)]);
    expect(log).toEqual([]);
    advance(2); // 5 ms after the first: past the cap
    coalescer.publish('a', [fact(3)]);
    expect(log).toEqual(['send a:1,2,3', 'ack 1']);
    // A new batch starts, with a new cap; the end of the turn sends it.
    coalescer.publish('a', [fact(4)]);
    endOfTurn();
    expect(log).toEqual(['send a:1,2,3', 'ack 1', 'send a:4']);
  });
  it("keeps each session's own time: a long turn sends the session that is due, and the others, and their acks, wait for theirs", () => {
    const { coalescer, log, advance, endOfTurn } = rig(4);
    coalescer.publish('a', [fact(1)]);
    coalescer.afterSend('a', () => log.push('ack a1'));
    advance(3);
    coalescer.publish('b', [fact(7)]);
    coalescer.afterSend('b', () => log.push('ack b7'));
    advance(2); // a is 5 ms old (due), b 2 ms
    coalescer.publish('b', [fact(8)]);
    expect(log).toEqual(['send a:1', 'ack a1']);
    // Nothing pending for a: its next ack goes at once; b's second fact joined its batch.
    coalescer.afterSend('a', () => log.push('ack a-sync'));
    coalescer.publish('a', [fact(2)]);
    advance(3); // b 5 ms old, a 3 ms
    coalescer.publish('a', [fact(3)]);
    expect(log).toEqual(['send a:1', 'ack a1', 'ack a-sync', 'send b:7,8', 'ack b7']);
    endOfTurn();
    expect(log).toEqual(['send a:1', 'ack a1', 'ack a-sync', 'send b:7,8', 'ack b7', 'send a:2,3']);
  });
  it('answers at once when nothing is waiting to go out', () => {
    const { coalescer, log } = rig();
    coalescer.publish('b', [fact(1)]);
    coalescer.afterSend('a', () => log.push('ack'));
    expect(log).toEqual(['ack']);
  });
  it('runs `sent` after the acks, and even when the send throws', () => {
    const log: string[] = [];
    let deferred: (() => void) | undefined;
    const coalescer = createCoalescer({
      now: () => 0, later: (run) => { deferred = run; }, withinMs: 4,
      send: () => { throw new Error('boom'); }, sent: (ids) => log.push(`sent ${ids.join(',')}`),
    });
    coalescer.publish('a', [fact(1)]);
    coalescer.afterSend('a', () => log.push('ack'));
    expect(() => deferred?.()).toThrow('boom');
    expect(log).toEqual(['sent a']);
    const ok = createCoalescer({ now: () => 0, later: (run) => { deferred = run; }, withinMs: 4, send: () => log.push('send'), sent: (ids) => log.push(`sent ${ids.join(',')}`) });
    log.length = 0;
    ok.publish('a', [fact(1)]);
    ok.publish('b', [fact(1)]);
    ok.afterSend('a', () => log.push('ack'));
    deferred?.();
    expect(log).toEqual(['send', 'ack', 'sent a,b']);
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
