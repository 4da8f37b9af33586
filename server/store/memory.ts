import type { JsonText } from '../../shared/protocol/index.js';
import { checkConsecutive, deadlineChanges, type AppendResult, type Deadline, type Snapshot, type Store } from './port.js';
import { LogArena, LogBytes } from './log-bytes.js';

/**
 * Entries in the order they expire, for a fixed lifetime counted from when each was last put: a
 * sweep from the front stops at the first entry that is live where it stands. A put of an entry
 * already held changes no order (a session's every append puts it: moving it to the back each time
 * churned the Map's table, a new one every few dozen appends, which each scavenge copied); the sweep
 * moves an entry put again since it took its place to the back when it reaches it, at most once
 * per lifetime.
 */
export class Expiring<V extends { expiresAt: number }> {
  /** Each entry with the expiry it had when it took its place: places are in order of it. */
  private readonly entries = new Map<string, { value: V; placed: number }>();

  /** `onExpire`: told of each entry dropped because its lifetime ended (not of `delete` or `clear`). */
  constructor(private readonly onExpire: (value: V) => void = () => undefined) {}

  /** Entries held, expired or not (the expired ones go at the next put, or when asked for). */
  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): V | undefined {
    const held = this.entries.get(key);
    if (held === undefined || held.value.expiresAt > now) return held?.value;
    this.entries.delete(key);
    this.onExpire(held.value);
    return undefined;
  }

  /** Put an entry (its lifetime starts again), and drop what has expired from the front. */
  put(key: string, value: V, now: number): void {
    const held = this.entries.get(key);
    if (held) held.value = value;
    else this.entries.set(key, { value, placed: value.expiresAt });
    this.sweep(now);
  }

  /** Drop what has expired from the front. */
  sweep(now: number): void {
    for (const [k, entry] of this.entries) {
      if (entry.value.expiresAt <= now) {
        this.entries.delete(k);
        this.onExpire(entry.value);
      } else if (entry.placed >= entry.value.expiresAt) break;
      else {
        // Put again since it took its place: to the back, with the expiry it has now.
        this.entries.delete(k);
        entry.placed = entry.value.expiresAt;
        this.entries.set(k, entry);
      }
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

export type MemoryStoreOptions = {
  clock?: () => number;
  /** How facts become JSON (the server shares one encoding of each fact with the transport). */
  jsonText?: JsonText;
  /** As in Redis: a session is dropped this long after its last write, and a join code this long after it was claimed… */
  idleTtlSeconds?: number;
  /** …and a finished session (its last write ended it) this long, for replay. */
  replayTtlSeconds?: number;
  /**
   * Address space reserved for the logs when the store is made (see LogArena; more is reserved when
   * it is used up). RAM is used only as logs fill it. Default 1 MB: a server passes its configured size.
   */
  logReserveBytes?: number;
  /** The logs' memory, when the caller keeps an eye on it (tests); else one of `logReserveBytes`. */
  arena?: LogArena;
};

type Session = { log: LogBytes; snapshot: string | undefined; expiresAt: number };

/**
 * The embedded store: everything in this process. Logs are kept as JSON bytes off the heap
 * (LogBytes), so a reader gets its own copy, with the same values as from Redis. Sessions and join
 * codes expire as their Redis keys do; turn deadlines stay until they come due, where the timer
 * finds no session and drops them (as with Redis).
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): Store {
  const { clock = Date.now, jsonText = JSON.stringify } = options;
  const idleMs = (options.idleTtlSeconds ?? 24 * 3600) * 1000;
  const replayMs = (options.replayTtlSeconds ?? 30 * 86400) * 1000;
  const arena = options.arena ?? new LogArena(options.logReserveBytes ?? 2 ** 20);
  // Two lifetimes, two queues: each stays in expiry order. A session dropped gives its log's memory back.
  const release = (s: Session) => s.log.release();
  const open = new Expiring<Session>(release);
  const finished = new Expiring<Session>(release);
  const codes = new Expiring<{ sessionId: string; expiresAt: number }>();
  const deadlines = new Map<string, Deadline>();
  const deadlineKey = (sessionId: string, turn: number) => `${sessionId}\u0000${turn}`;
  const session = (sessionId: string, now = clock()) => open.get(sessionId, now) ?? finished.get(sessionId, now);

  return {
    async claimJoinCode(code, sessionId) {
      const now = clock();
      if (codes.get(code, now)) return false;
      codes.put(code, { sessionId, expiresAt: now + idleMs }, now);
      return true;
    },
    async findSessionByCode(code) {
      return codes.get(code, clock())?.sessionId ?? null;
    },
    async append(sessionId, expectedVersion, facts, snapshot, notAfter): Promise<AppendResult> {
      checkConsecutive(expectedVersion, facts);
      const now = clock();
      const kept = session(sessionId, now);
      const version = kept?.log.length ?? 0;
      if (version !== expectedVersion) return { ok: false, reason: 'conflict', version };
      if (notAfter !== undefined && now > notAfter) return { ok: false, reason: 'deadline', version };
      // A new session's log is made only once its first append is accepted, after what expired
      // gave its memory back.
      if (!kept) {
        open.sweep(now);
        finished.sweep(now);
      }
      const entry = kept ?? { log: new LogBytes(arena), snapshot: undefined, expiresAt: 0 };
      const { log } = entry;
      for (const fact of facts) log.push(jsonText(fact));
      if (snapshot) entry.snapshot = JSON.stringify(snapshot);
      // Each write starts the session's lifetime again, the longer one if it ended the session.
      const ended = facts.some((f) => f.type === 'sessionEnded');
      entry.expiresAt = now + (ended ? replayMs : idleMs);
      (ended ? open : finished).delete(sessionId);
      (ended ? finished : open).put(sessionId, entry, now);
      const changes = deadlineChanges(sessionId, facts);
      for (const turn of changes.clear) deadlines.delete(deadlineKey(sessionId, turn));
      for (const d of changes.set) deadlines.set(deadlineKey(sessionId, d.turn), d);
      // One process: no other instance to listen.
      return { ok: true, version: log.length, elsewhere: false };
    },
    async readFacts(sessionId, afterSeq) {
      return session(sessionId)?.log.read(afterSeq) ?? [];
    },
    async loadSnapshot(sessionId) {
      const raw = session(sessionId)?.snapshot;
      return raw === undefined ? null : (JSON.parse(raw) as Snapshot);
    },
    async version(sessionId) {
      return session(sessionId)?.log.length ?? 0;
    },
    async setDeadline(deadline) {
      deadlines.set(deadlineKey(deadline.sessionId, deadline.turn), { ...deadline });
    },
    async clearDeadline(sessionId, turn) {
      deadlines.delete(deadlineKey(sessionId, turn));
    },
    async claimDueDeadlines(now, limit, leaseMs) {
      const due = [...deadlines.entries()].filter(([, d]) => d.at <= now).sort((a, b) => a[1].at - b[1].at).slice(0, limit);
      for (const [key, d] of due) deadlines.set(key, { ...d, at: now + leaseMs });
      return due.map(([, d]) => ({ ...d }));
    },
    async ping() {},
    async close() {
      open.clear(); finished.clear(); codes.clear(); deadlines.clear();
    },
  };
}
