import { describe, expect, it } from 'vitest';
import { createSequencer, type WireEvent } from '../../shared/protocol/index.js';

const ev = (seq: number): WireEvent => ({ type: 'sessionStarted', seq, at: 0 });

describe('client sequencer', () => {
  it('applies events once, in order, whatever order and repetition they arrive in', () => {
    const s = createSequencer(2);
    expect(s.accept([ev(4), ev(2)])).toEqual({ applied: [], gap: true });
    expect(s.accept([ev(3), ev(4), ev(5)]).applied.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(s.accept([ev(5), ev(1)])).toEqual({ applied: [], gap: false });
    expect(s.lastSeq).toBe(5);
  });
});
