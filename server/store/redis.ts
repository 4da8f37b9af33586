import { createHash } from 'node:crypto';
import { Command, Redis, ReplyError } from 'ioredis';
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
  /** The clock that spaces TTL refreshes (ms); Date.now unless a test sets it. */
  clock?: () => number;
};

/**
 * How often a writer sets a session's log TTL again: a tenth of the idle TTL, at most once a minute.
 * A log then expires at least 0.9 × the idle TTL after its last append, and an append skips the
 * EXPIRE (a command in Redis and an entry in its AOF) unless this instance has not refreshed the
 * session in the current window.
 */
export const refreshEveryMs = (idleTtlSeconds: number) => Math.min(60_000, idleTtlSeconds * 100);

/**
 * A room's keys. They share the hash tag {room:ID}, so a cluster keeps a room on one shard and the
 * append script may touch them all: the log, the snapshot, and the set of instances listening to
 * the room's pushes.
 */
export function roomKeys(prefix: string, sessionId: string) {
  const room = `${prefix}:{room:${sessionId}}`;
  return { log: `${room}:log`, snapshot: `${room}:snap`, listeners: `${room}:listeners` };
}

/** The script's reply: three values per append of the call. */
type AppendReply = (string | number)[];
/** One append's three: status, version, and the listeners other than the writer (or Redis's error). */
type AppendAnswer = [status: string, version: number, others: number | string];
type QueuedAppend = { keys: string[]; args: (string | number)[]; resolve: (answer: AppendAnswer) => void; reject: (err: unknown) => void };

/** The most appends sent in one script call: a call holds Redis for all of them. */
export const MAX_APPENDS_PER_CALL = 64;
/** A Lua script and its SHA1, for EVALSHA (see `evalScript`). */
type Script = { lua: string; sha: string };
const script = (lua: string): Script => ({ lua, sha: createHash('sha1').update(lua).digest('hex') });
const APPEND_SCRIPT = script(APPEND);
const CLAIM_DUE_SCRIPT = script(CLAIM_DUE);

/** The connection options that turn an outage into prompt errors instead of hanging commands. */
export const failFastOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 1000,
  connectTimeout: 2000,
  retryStrategy: (times: number) => Math.min(100 * times, 1000),
} as const;

/**
 * The options of the store's own connection: fail fast, and auto-pipelining for its commands; the
 * append, which the store batches itself, is sent at once with `sendCommand`, which auto-pipelining
 * does not touch (auto-pipelined, it would wait one more turn of the event loop).
 */
export const storeClientOptions = {
  ...failFastOptions,
  enableAutoPipelining: true,
};

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
  const clock = options.clock ?? Date.now;
  const refreshEvery = refreshEveryMs(options.idleTtlSeconds);
  // The sessions whose TTL an append of this instance set since `windowStart` (forgotten as a new
  // window starts): an append in the window finds its session's TTL set within `refreshEvery` ms.
  let refreshed = new Set<string>();
  let windowStart = Number.NEGATIVE_INFINITY;
  function refreshedLately(sessionId: string): boolean {
    const now = clock();
    if (now - windowStart >= refreshEvery) {
      refreshed = new Set();
      windowStart = now;
    }
    return refreshed.has(sessionId);
  }
  /**
   * One call of a script, by EVALSHA (`argv`: the key count, the keys, the arguments), loading the
   * script and sending the call again when Redis answers NOSCRIPT (after a restart, or SCRIPT FLUSH).
   * Not through ioredis's `defineCommand`: that path kept each call's arguments (for the append,
   * every fact's JSON) alive long after the reply, so at every scavenge they were copied and then
   * promoted, about 2 MB per scavenge in each instance in the closed loop (bench:pipeline --redis:
   * 3.9 MB promoted per scavenge through it, 0.08 this way; docs/performance.md, item 46). What kept
   * them was not found inside ioredis.
   */
  function evalScript<T>({ lua, sha }: Script, argv: (string | number)[]): Promise<T> {
    const send = () => redis.sendCommand(new Command('evalsha', [sha, ...argv], { replyEncoding: 'utf8' })) as Promise<T>;
    return send().catch(async (err: unknown) => {
      if (!(err instanceof ReplyError) || !(err as Error).message.startsWith('NOSCRIPT')) throw err;
      await redis.script('LOAD', lua);
      return send();
    });
  }

  // Group commit: the appends made in one run of the microtask queue, for any rooms, go to Redis as
  // one script call (up to MAX_APPENDS_PER_CALL): a call's own cost, in this process and in Redis,
  // was most of an append's when each went alone. The room service decides every room's batch of a
  // turn at its end (its `turnEnd`), all in one such run; sending right after it (next tick) costs no
  // turn of the event loop, where waiting for the turn's end again would cost one.
  let queued: QueuedAppend[] = [];
  function sendQueued(): void {
    const all = queued;
    queued = [];
    for (let from = 0; from < all.length; from += MAX_APPENDS_PER_CALL) {
      const part = all.slice(from, from + MAX_APPENDS_PER_CALL);
      const keys = [deadlinesKey];
      const args: (string | number)[] = [options.instanceId, part.length];
      for (const q of part) {
        keys.push(...q.keys);
        args.push(...q.args);
      }
      evalScript<AppendReply>(APPEND_SCRIPT, [keys.length, ...keys, ...args]).then((flat) => {
        part.forEach((q, i) => q.resolve([String(flat[3 * i]), Number(flat[3 * i + 1]), flat[3 * i + 2] ?? 0]));
      }, (err: unknown) => {
        for (const q of part) q.reject(err);
      });
    }
  }
  function appendScript(keys: string[], args: (string | number)[]): Promise<AppendAnswer> {
    return new Promise((resolve, reject) => {
      if (queued.push({ keys, args, resolve, reject }) === 1) process.nextTick(sendQueued);
    });
  }

  return {
    claimJoinCode: (code, sessionId) => guard(async () => (await redis.set(codeKey(code), sessionId, 'EX', options.idleTtlSeconds, 'NX')) === 'OK'),
    findSessionByCode: (code) => guard(() => redis.get(codeKey(code))),

    async append(sessionId, expectedVersion, facts, snapshot, notAfter): Promise<AppendResult> {
      checkConsecutive(expectedVersion, facts);
      const { set, clear } = deadlineChanges(sessionId, facts);
      const ended = facts.some((f) => f.type === 'sessionEnded');
      const ttl = ended ? options.replayTtlSeconds : options.idleTtlSeconds;
      const keys = roomKeys(prefix, sessionId);
      const refresh = !refreshedLately(sessionId);
      const [status, version, others] = await guard(() => appendScript(
        [keys.log, keys.snapshot, keys.listeners],
        [expectedVersion, facts.length, ...facts.map((f) => jsonText(f)),
          snapshot ? JSON.stringify(snapshot) : '', notAfter ?? '', ttl, sessionId,
          set.length > 0 ? JSON.stringify(set.map((d) => [d.turn, d.at])) : '', clear.length > 0 ? JSON.stringify(clear) : '', ended ? '1' : '',
          refresh ? '1' : ''],
      ));
      if (status === 'ok' && refresh) refreshed.add(sessionId);
      if (status === 'ok') return { ok: true, version, elsewhere: Number(others) > 0 };
      if (status === 'deadline') return { ok: false, reason: 'deadline', version };
      if (status === 'error') throw new StoreUnavailableError(`Redis refused the append: ${String(others)}`);
      return { ok: false, reason: 'conflict', version };
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
      const flat = await evalScript<string[]>(CLAIM_DUE_SCRIPT, [1, deadlinesKey, now, limit, leaseMs]);
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
