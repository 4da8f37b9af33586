import type { RoomState } from './machine/index.js';

/** A room held: its state, whether it was written since it took its place, and when it last decided a batch. */
type Held = { state: RoomState; written: boolean; batchAt: number };

/**
 * The rooms held hot in memory, at most `capacity`: when one more comes, the least recently
 * written one goes, or near enough (second chance: a room written since it took its place is
 * moved to the back instead, once). Writing a room held already changes no order: moving it to the
 * back of a Map on every write (delete, set) churned the Map's table, a new one every few dozen
 * writes, for the garbage collector to copy. Each room also keeps when it last decided a batch (the
 * room service waits for a turn's end only for a room that did so recently).
 */
export class HotRooms {
  private readonly rooms = new Map<string, Held>();

  constructor(private readonly capacity: number) {}

  get(sessionId: string): RoomState | undefined {
    return this.rooms.get(sessionId)?.state;
  }

  has(sessionId: string): boolean {
    return this.rooms.has(sessionId);
  }

  delete(sessionId: string): void {
    this.rooms.delete(sessionId);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** A batch of the room's commands is being decided now (ignored for a room not held). */
  batched(sessionId: string, at: number): void {
    const held = this.rooms.get(sessionId);
    if (held) held.batchAt = at;
  }

  /** Whether the room is held and decided a batch at or after `since`. */
  batchedSince(sessionId: string, since: number): boolean {
    return (this.rooms.get(sessionId)?.batchAt ?? Number.NEGATIVE_INFINITY) >= since;
  }

  remember(state: RoomState): void {
    const held = this.rooms.get(state.sessionId);
    if (held) {
      held.state = state;
      held.written = true;
      return;
    }
    // Make room first, so the newcomer is never the one to go. Each room is moved back at most
    // once before one goes: this ends.
    while (this.rooms.size > 0 && this.rooms.size >= this.capacity) {
      const [sessionId, oldest] = this.rooms.entries().next().value as [string, Held];
      this.rooms.delete(sessionId);
      if (!oldest.written) break;
      oldest.written = false;
      this.rooms.set(sessionId, oldest);
    }
    if (this.capacity > 0) this.rooms.set(state.sessionId, { state, written: false, batchAt: Number.NEGATIVE_INFINITY });
  }
}
