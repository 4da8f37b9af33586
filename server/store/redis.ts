import { Redis, ReplyError } from 'ioredis';
import type { JsonText, RoomFact } from '../../shared/protocol/index.js';
import { checkConsecutive, deadlineChanges, StoreUnavailableError, type AppendResult, type Deadline, type Snapshot, type Store } from './port.js';
import { APPEND, CLAIM_DUE } from './redis-scripts.js';

export type RedisStoreOptions = {
  /** Key prefix; per-room keys carry the hash tag {room:ID} so a cluster keeps a room on one shard. */
  prefix: string;
  /** Seconds an idle session's keys live after its last write. */
  idleTtlSeconds: number;
  /** Seconds a finished session's log is kept for replay. */
  replayTtlSeconds: number;
  /** How facts become JSON (the server shares one encoding of each fact with the transport). */
  jsonText?: JsonText;
  /**
   * This server instance's id in the rooms' listener sets (the fan-out adds it to a room's set
   * while it holds a client of the room): an append reports whether any other instance listens.
   */
  instanceId: string;
};

/**
 * A room's keys. They share the hash tag {room:ID}, so a cluster keeps a room on one shard and the
 * append script may touch them all: the log, the snapshot, and the set of instances listening to
 * the room's pushes.
 */
export function roomKeys(prefix: string, sessionId: string) {
  const room = `${prefix}:{room:${sessionId}}`;
  return { log: `${room}:log`, snapshot: `${room}:snap`, listeners: `${room}:listeners` };
}

type AppendReply = [string, number, number?];

/** The connection options that turn an outage into prompt errors instead of hanging commands. */
export const failFastOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 1000,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(100 * times, 1000),
} as const;

/** Any failure to talk to Redis means "not stored"; a ReplyError from our own scripts is a bug. */
async function guard<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (err) {
    if (err instanceof ReplyError) throw err;
    throw new StoreUnavailableError(err instanceof Error ? err.message : String(err));
  }
}

/**
 * The Redis store. The room log is a stream whose entry ids are the sequence numbers, so even the
 * stream refuses a second writer at the same position; appends are one Lua script (version check,
 * Redis-clock deadline check, append, snapshot, TTL, timer index).
 */
export function createRedisStore(redis: Redis, options: RedisStoreOptions): Store {
  const { prefix } = options;
  const jsonText = options.jsonText ?? JSON.stringify;
  const deadlinesKey = `${prefix}:deadlines`;
  const codeKey = (code: string) => `${prefix}:code:${code}`;
  redis.defineCommand('cgAppend', { numberOfKeys: 4, lua: APPEND });
  redis.defineCommand('cgClaimDue', { numberOfKeys: 1, lua: CLAIM_DUE });
  const call = redis as unknown as {
    cgAppend(...args: (string | number)[]): Promise<AppendReply>;
    cgClaimDue(key: string, now: number, limit: number, leaseMs: number): Promise<string[]>;
  };

  return {
    claimJoinCode: (code, sessionId) => guard(async () => (await redis.set(codeKey(code), sessionId, 'EX', options.idleTtlSeconds, 'NX')) === 'OK'),
    findSessionByCode: (code) => guard(() => redis.get(codeKey(code))),

    async append(sessionId, expectedVersion, facts, snapshot, notAfter): Promise<AppendResult> {
      checkConsecutive(expectedVersion, facts);
      const { set, clear } = deadlineChanges(sessionId, facts);
      const ended = facts.some((f) => f.type === 'sessionEnded');
      const ttl = ended ? options.replayTtlSeconds : options.idleTtlSeconds;
      const keys = roomKeys(prefix, sessionId);
      const [status, version, others] = await guard(() => call.cgAppend(
        keys.log, keys.snapshot, deadlinesKey, keys.listeners,
        expectedVersion, facts.length, ...facts.map((f) => jsonText(f)),
        snapshot ? JSON.stringify(snapshot) : '', notAfter ?? '', ttl, sessionId,
        set.length > 0 ? JSON.stringify(set.map((d) => [d.turn, d.at])) : '', clear.length > 0 ? JSON.stringify(clear) : '',
        options.instanceId,
      ));
      if (status === 'ok') return { ok: true, version: Number(version), elsewhere: Number(others) > 0 };
      if (status === 'deadline') return { ok: false, reason: 'deadline', version: Number(version) };
      return { ok: false, reason: 'conflict', version: Number(version) };
    },

    readFacts: (sessionId, afterSeq) => guard(async () => {
      const entries = await redis.xrange(roomKeys(prefix, sessionId).log, `${afterSeq + 1}-0`, '+');
      return entries.map(([, fields]) => JSON.parse(fields[1] ?? 'null') as RoomFact);
    }),
    loadSnapshot: (sessionId) => guard(async () => {
      const raw = await redis.get(roomKeys(prefix, sessionId).snapshot);
      return raw === null ? null : (JSON.parse(raw) as Snapshot);
    }),
    version: (sessionId) => guard(() => redis.xlen(roomKeys(prefix, sessionId).log)),

    setDeadline: (d) => guard(async () => { await redis.zadd(deadlinesKey, d.at, `${d.sessionId}|${d.turn}`); }),
    clearDeadline: (sessionId, turn) => guard(async () => { await redis.zrem(deadlinesKey, `${sessionId}|${turn}`); }),
    claimDueDeadlines: (now, limit, leaseMs) => guard(async () => {
      const flat = await call.cgClaimDue(deadlinesKey, now, limit, leaseMs);
      const out: Deadline[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const member = flat[i] ?? '';
        const cut = member.lastIndexOf('|');
        out.push({ sessionId: member.slice(0, cut), turn: Number(member.slice(cut + 1)), at: Number(flat[i + 1]) });
      }
      return out;
    }),

    ping: () => guard(async () => { await redis.ping(); }),
    close: async () => { redis.disconnect(); },
  };
}

/**
 * What a Redis's INFO text says about running on it (pure): `unusable` when the configuration
 * cannot work at all (sharded pub/sub needs Redis 7), `unsafe` when it would silently lose
 * acknowledged decisions (no AOF, or an eviction policy that may drop keys). Each entry says what
 * to change.
 */
export function redisStartupCheck(info: string, options: { sharded: boolean }): { unusable: string[]; unsafe: string[] } {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const unusable: string[] = [];
  const major = Number(/^(\d+)\./.exec(field('redis_version') ?? '')?.[1] ?? 0);
  if (options.sharded && major < 7) {
    unusable.push(`REDIS_ADAPTER=sharded needs sharded pub/sub (Redis 7 or later; this is ${field('redis_version') ?? 'an unknown version'}): upgrade Redis or set REDIS_ADAPTER=classic`);
  }
  const unsafe: string[] = [];
  if (field('aof_enabled') !== '1') unsafe.push('AOF is off: set `appendonly yes` and `appendfsync everysec` (or always)');
  const policy = field('maxmemory_policy');
  if (policy !== 'noeviction') unsafe.push(`maxmemory-policy is "${policy ?? 'unknown'}": set \`maxmemory-policy noeviction\``);
  return { unusable, unsafe };
}
