import type { JsonText, RoomFact } from '../../shared/protocol/index.js';
import { checkConsecutive, deadlineChanges, type AppendResult, type Deadline, type Snapshot, type Store } from './port.js';

/**
 * A log's first chunk, and the most a chunk grows to (each new chunk twice the last): a session
 * of a few facts keeps a few KB, a long one 64 KB chunks. A fact larger than a chunk gets its own.
 */
const FIRST_CHUNK_BYTES = 4 * 1024;
const CHUNK_BYTES = 64 * 1024;
const COMMA = 0x2c;

/**
 * One room's log as bytes outside the JS heap: each fact's JSON, preceded by a comma, in chunks
 * (see FIRST_CHUNK_BYTES), and which chunk each fact is in and where it ends. A log only grows, and the
 * garbage collector copies what lives in its young generation (twice, before it is old): facts
 * kept as objects were a few kilobytes per decision copied by every scavenge; bytes in a Buffer
 * are not copied at all. Chunks, not one buffer that doubles: every byte is written once, where
 * a doubling buffer copies the whole log into fresh memory each time it grows (on this VM the
 * first write to a page costs ~4 µs per KB, more than the JSON it holds).
 */
class LogBytes {
  /** Full chunks, each cut to the bytes it holds. */
  private readonly full: Buffer[] = [];
  private chunk = Buffer.allocUnsafe(FIRST_CHUNK_BYTES);
  private used = 0;
  /** For the fact with seq i + 1: the index of its chunk, and where in it the fact ends. */
  private chunkOf = new Uint32Array(64);
  private ends = new Uint32Array(64);
  length = 0;

  /** Add one fact, given its JSON text (written after its comma, not joined to it: no copy of the text). */
  push(json: string): void {
    const size = 1 + Buffer.byteLength(json);
    if (this.used + size > this.chunk.length) {
      this.full.push(this.chunk.subarray(0, this.used));
      this.chunk = Buffer.allocUnsafe(Math.max(Math.min(this.chunk.length * 2, CHUNK_BYTES), size));
      this.used = 0;
    }
    this.chunk[this.used++] = COMMA;
    this.used += this.chunk.write(json, this.used);
    if (this.length === this.ends.length) {
      this.chunkOf = grown(this.chunkOf);
      this.ends = grown(this.ends);
    }
    this.chunkOf[this.length] = this.full.length;
    this.ends[this.length++] = this.used;
  }

  /** The facts after seq `after`, parsed: every reader gets its own copy. */
  read(after: number): RoomFact[] {
    const from = Math.max(0, after);
    if (from >= this.length) return [];
    const first = this.chunkOf[from] as number;
    const start = from > 0 && this.chunkOf[from - 1] === first ? (this.ends[from - 1] as number) : 0;
    const chunks = [...this.full, this.chunk.subarray(0, this.used)];
    // Skip the first fact's comma; the others separate the facts.
    let text = (chunks[first] as Buffer).toString('utf8', start + 1);
    for (let c = first + 1; c < chunks.length; c++) text += (chunks[c] as Buffer).toString('utf8');
    return JSON.parse(`[${text}]`) as RoomFact[];
  }
}

function grown(array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
  const bigger = new Uint32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

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

  /** Entries held, expired or not (the expired ones go at the next put, or when asked for). */
  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): V | undefined {
    const held = this.entries.get(key);
    if (held === undefined || held.value.expiresAt > now) return held?.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Put an entry (its lifetime starts again), and drop what has expired from the front. */
  put(key: string, value: V, now: number): void {
    const held = this.entries.get(key);
    if (held) held.value = value;
    else this.entries.set(key, { value, placed: value.expiresAt });
    for (const [k, entry] of this.entries) {
      if (entry.value.expiresAt <= now) this.entries.delete(k);
      else if (entry.placed >= entry.value.expiresAt) break;
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
  // Two lifetimes, two queues: each stays in expiry order.
  const open = new Expiring<Session>();
  const finished = new Expiring<Session>();
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
      // A new session's log is made only once its first append is accepted.
      const entry = kept ?? { log: new LogBytes(), snapshot: undefined, expiresAt: 0 };
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
