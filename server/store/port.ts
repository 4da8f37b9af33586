import type { RoomFact } from '../../shared/protocol/index.js';
import type { RoomState } from '../room/machine/index.js';

export type AppendResult =
  /**
   * Stored. `elsewhere`: another server instance listens to this session's pushes (it holds a
   * client of the session), as of the append itself; when false, none did, and an instance that
   * starts listening later reads these facts in its catch-up, so nothing need be fanned out.
   */
  | { ok: true; version: number; elsewhere: boolean }
  /** The log moved on: the expected version is stale. */
  | { ok: false; reason: 'conflict'; version: number }
  /** `notAfter` has passed by the store's clock: nothing was written. */
  | { ok: false; reason: 'deadline'; version: number };
export type Snapshot = { version: number; state: RoomState };
export type Deadline = { sessionId: string; turn: number; at: number };

/**
 * The storage port, shaped around the domain (DESIGN.md §5). Every adapter passes the contract
 * suite in tests/contract. Values cross the port by copy (JSON), as they would through Redis.
 */
export type Store = {
  /** Reserve a join code for a session. False when the code is taken. */
  claimJoinCode(code: string, sessionId: string): Promise<boolean>;
  findSessionByCode(code: string): Promise<string | null>;
  /**
   * Append facts if and only if the log's version equals `expectedVersion`. Facts must carry the
   * consecutive sequence numbers that follow it. The snapshot, when given, is stored with them.
   * With `notAfter` (ms), the append is refused once the store's own clock has passed it: a
   * decision is never accepted after its deadline, whichever instance's clock is off.
   */
  append(sessionId: string, expectedVersion: number, facts: readonly RoomFact[], snapshot?: Snapshot, notAfter?: number): Promise<AppendResult>;
  /** Facts with seq > afterSeq, in order. */
  readFacts(sessionId: string, afterSeq: number): Promise<RoomFact[]>;
  loadSnapshot(sessionId: string): Promise<Snapshot | null>;
  /** Sequence number of the last fact; 0 for a room with no log. */
  version(sessionId: string): Promise<number>;
  /** Record (or move) the deadline of a room's turn. */
  setDeadline(deadline: Deadline): Promise<void>;
  clearDeadline(sessionId: string, turn: number): Promise<void>;
  /**
   * Atomically lease deadlines due at `now`: each is handed to one caller and comes due again
   * `leaseMs` later unless the turn's close (or clearDeadline) removes it meanwhile.
   */
  claimDueDeadlines(now: number, limit: number, leaseMs: number): Promise<Deadline[]>;
  /** Resolves when the store answers; rejects otherwise. Used by readiness. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

/** A bug: the caller broke the port's contract. */
export class StoreInvariantError extends Error {}
/** The store cannot be reached; nothing was written. Clients are answered UNAVAILABLE. */
export class StoreUnavailableError extends Error {}

/**
 * The deadline changes a batch of facts implies. Adapters apply them in the same atomic step as
 * the append, so a turn's deadline can never be lost between writing the log and the timer set.
 */
export function deadlineChanges(sessionId: string, facts: readonly RoomFact[]): { set: Deadline[]; clear: number[] } {
  const set: Deadline[] = [];
  const clear: number[] = [];
  for (const fact of facts) {
    if (fact.type === 'turnOpened' && fact.deadline !== null) set.push({ sessionId, turn: fact.turn, at: fact.deadline });
    if (fact.type === 'turnAnswered' && fact.next !== null && fact.next.deadline !== null) set.push({ sessionId, turn: fact.next.turn, at: fact.next.deadline });
    if (fact.type === 'turnClosed') clear.push(fact.turn);
  }
  return { set, clear };
}

/** Facts must continue the log without gaps: the first is expectedVersion + 1 and so on. */
export function checkConsecutive(expectedVersion: number, facts: readonly RoomFact[]): void {
  facts.forEach((fact, i) => {
    if (fact.seq !== expectedVersion + 1 + i) {
      throw new StoreInvariantError(`fact ${i} has seq ${fact.seq}, expected ${expectedVersion + 1 + i}`);
    }
  });
}
