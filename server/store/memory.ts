import type { RoomFact } from '../../shared/protocol/index.js';
import { checkConsecutive, deadlineChanges, type AppendResult, type Deadline, type Snapshot, type Store } from './port.js';

/**
 * The embedded store: everything in this process. Facts are kept as the values they were appended
 * as (facts are immutable: the room machine builds new ones and never changes one, and its unit
 * tests run it on deep-frozen input), so the hot path does no serialization; reads go through a
 * JSON round trip, so a reader gets its own copy and the same values as from Redis.
 */
export function createMemoryStore(clock: () => number = Date.now): Store {
  const logs = new Map<string, RoomFact[]>();
  const snapshots = new Map<string, string>();
  const codes = new Map<string, string>();
  const deadlines = new Map<string, Deadline>();
  const deadlineKey = (sessionId: string, turn: number) => `${sessionId}\u0000${turn}`;

  return {
    async claimJoinCode(code, sessionId) {
      if (codes.has(code)) return false;
      codes.set(code, sessionId);
      return true;
    },
    async findSessionByCode(code) {
      return codes.get(code) ?? null;
    },
    async append(sessionId, expectedVersion, facts, snapshot, notAfter): Promise<AppendResult> {
      checkConsecutive(expectedVersion, facts);
      const log = logs.get(sessionId) ?? [];
      if (log.length !== expectedVersion) return { ok: false, reason: 'conflict', version: log.length };
      if (notAfter !== undefined && clock() > notAfter) return { ok: false, reason: 'deadline', version: log.length };
      for (const fact of facts) log.push(fact);
      logs.set(sessionId, log);
      if (snapshot) snapshots.set(sessionId, JSON.stringify(snapshot));
      const changes = deadlineChanges(sessionId, facts);
      for (const turn of changes.clear) deadlines.delete(deadlineKey(sessionId, turn));
      for (const d of changes.set) deadlines.set(deadlineKey(sessionId, d.turn), d);
      return { ok: true, version: log.length };
    },
    async readFacts(sessionId, afterSeq) {
      const log = logs.get(sessionId) ?? [];
      return JSON.parse(JSON.stringify(log.slice(Math.max(0, afterSeq)))) as RoomFact[];
    },
    async loadSnapshot(sessionId) {
      const raw = snapshots.get(sessionId);
      return raw === undefined ? null : (JSON.parse(raw) as Snapshot);
    },
    async version(sessionId) {
      return logs.get(sessionId)?.length ?? 0;
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
      logs.clear(); snapshots.clear(); codes.clear(); deadlines.clear();
    },
  };
}
