import { z } from 'zod';

/** The only place that reads the environment. Every variable is documented in README.md. */
const csv = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== ''));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'silent']).default('info'),
  TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TOKEN_TTL_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(12 * 60),
  SCENARIOS_DIR: z.string().min(1).default('scenarios'),
  ALLOWED_ORIGINS: csv.default([]),
  TIMER_POLL_MS: z.coerce.number().int().min(10).max(10_000).default(250),
  PUBLIC_URL: z.string().url().optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9_:-]+$/).default('cg'),
  REDIS_ADAPTER: z.enum(['classic', 'sharded']).default('sharded'),
  REDIS_ALLOW_UNSAFE: z.enum(['true', 'false']).default('false'),
  SESSION_IDLE_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  REPLAY_TTL_DAYS: z.coerce.number().positive().max(3650).default(30),
  DRAIN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  MEMORY_LOG_RESERVE_MB: z.coerce.number().int().min(1).max(4096).default(256),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: 'error' | 'warn' | 'info' | 'debug' | 'silent';
  /** null in development when unset: the server then makes a random one per start. */
  tokenSecret: string | null;
  tokenTtlSeconds: number;
  scenariosDir: string;
  allowedOrigins: string[];
  timerPollMs: number;
  publicUrl: string | null;
  /** null: the embedded in-memory store. */
  redis: null | { url: string; prefix: string; adapter: 'classic' | 'sharded'; allowUnsafe: boolean };
  /** How long sessions are kept, by either store: an abandoned one after its last write, a finished one for replay. */
  retention: { idleTtlSeconds: number; replayTtlSeconds: number };
  drainTimeoutMs: number;
  /** The embedded store: address space reserved for its logs at start (LogArena in server/store/log-bytes.ts). */
  memoryLogReserveBytes: number;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && e.TOKEN_SECRET === undefined) {
    throw new ConfigError(['TOKEN_SECRET: required in production (at least 32 random characters, e.g. `openssl rand -base64 48`)']);
  }
  return {
    env: e.NODE_ENV, host: e.HOST, port: e.PORT, logLevel: e.LOG_LEVEL, tokenSecret: e.TOKEN_SECRET ?? null,
    tokenTtlSeconds: e.TOKEN_TTL_MINUTES * 60, scenariosDir: e.SCENARIOS_DIR, allowedOrigins: e.ALLOWED_ORIGINS,
    timerPollMs: e.TIMER_POLL_MS, publicUrl: e.PUBLIC_URL ?? null, drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    memoryLogReserveBytes: e.MEMORY_LOG_RESERVE_MB * 2 ** 20,
    redis: e.REDIS_URL === undefined ? null : {
      url: e.REDIS_URL, prefix: e.REDIS_KEY_PREFIX, adapter: e.REDIS_ADAPTER, allowUnsafe: e.REDIS_ALLOW_UNSAFE === 'true',
    },
    retention: { idleTtlSeconds: Math.round(e.SESSION_IDLE_TTL_HOURS * 3600), replayTtlSeconds: Math.round(e.REPLAY_TTL_DAYS * 86400) },
  };
}
