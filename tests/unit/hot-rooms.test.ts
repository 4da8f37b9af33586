import { describe, expect, it } from 'vitest';
import { foldRoom, type RoomState } from '../../server/room/machine/index.js';
import { HotRooms } from '../../server/room/hot-rooms.js';

function roomState(sessionId: string, version = 1): RoomState {
  const state = foldRoom([{ type: 'sessionCreated', seq: 1, at: 0, sessionId, scenarioId: 'test-growth', title: 'T', turnCount: 1, seed: 1 }]);
  if (!state) throw new Error('no state');
  return { ...state, version };
}

describe('hot rooms', () => {
  it('hold the latest state written for each room', () => {
    const hot = new HotRooms(10);
    hot.remember(roomState('a', 1));
    hot.remember(roomState('a', 2));
    expect(hot.get('a')?.version).toBe(2);
    expect(hot.size).toBe(1);
    hot.delete('a');
    expect(hot.has('a')).toBe(false);
  });

  it('when full, let go of a room not written since it took its place, and give a written one a second chance', () => {
    const hot = new HotRooms(2);
    hot.remember(roomState('a'));
    hot.remember(roomState('b'));
    hot.remember(roomState('a', 2));
    hot.remember(roomState('c'));
    // a was written again: b, older in writing, went.
    expect([hot.has('a'), hot.has('b'), hot.has('c')]).toEqual([true, false, true]);
    // a was written before c came: it goes before c.
    hot.remember(roomState('d'));
    expect([hot.has('a'), hot.has('c'), hot.has('d')]).toEqual([false, true, true]);
    hot.remember(roomState('d', 2));
    hot.remember(roomState('e'));
    expect([hot.has('c'), hot.has('d'), hot.has('e')]).toEqual([false, true, true]);
    expect(hot.size).toBe(2);
  });

  it('know when a room held last decided a batch, and nothing of a room not held', () => {
    const hot = new HotRooms(10);
    hot.batched('a', 100);
    expect(hot.batchedSince('a', 0)).toBe(false);
    hot.remember(roomState('a'));
    expect(hot.batchedSince('a', -1e15)).toBe(false);
    hot.batched('a', 100);
    expect([hot.batchedSince('a', 100), hot.batchedSince('a', 101)]).toEqual([true, false]);
    hot.remember(roomState('a', 2));
    expect(hot.batchedSince('a', 100)).toBe(true);
  });

  it('when every room was written again, still keeps no more than it may', () => {
    const hot = new HotRooms(3);
    for (const id of ['a', 'b', 'c']) hot.remember(roomState(id));
    for (const id of ['a', 'b', 'c']) hot.remember(roomState(id, 2));
    hot.remember(roomState('d'));
    expect(hot.size).toBe(3);
    expect(hot.has('d')).toBe(true);
    expect(hot.has('a')).toBe(false);
  });
});
