import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'winston';
import type { ServerOptions } from 'socket.io';
import type { Config } from './config.js';
import { createLogger } from './log.js';
import { createTokenService } from './auth/tokens.js';
import { createHttpApp } from './http/app.js';
import { createTransport } from './transport/socket.js';
import { createRoomService, type RoomServiceDeps } from './room/service.js';
import { createTurnEnd } from './room/turn-end.js';
import { startTurnTimers } from './room/timers.js';
import { createSessionService } from './sessions.js';
import { loadScenarioCatalogue } from './scenarios/catalogue.js';
import { createMemoryStore } from './store/memory.js';
import { connectRedis } from './store/redis-wiring.js';
import { withCircuitBreaker } from './store/breaker.js';
import type { Store } from './store/port.js';
import { createJsonText, type JsonText, type RoomFact } from '../shared/protocol/index.js';
import { createMetrics, type Metrics } from './metrics.js';

/** How long, at most, a command for the embedded store waits for its turn's other commands. */
const MEMORY_TURN_BUDGET_MS = 1;
/** With the embedded store, only a room that decided this recently waits for its turn's other commands. */
const MEMORY_BUSY_ROOM_MS = 50;

/**
 * How the room service batches a room's commands of one turn: for Redis, whose append is a round
 * trip, always at the turn's end; in memory within a millisecond's budget and only for a room that
 * has just decided (it saves the work per command where commands come together, and delays no other).
 */
function batchingFor(kind: 'memory' | 'redis' | 'custom'): Pick<RoomServiceDeps, 'turnEnd' | 'turnEndIfBusyWithinMs'> {
  if (kind === 'redis') return { turnEnd: createTurnEnd(setImmediate) };
  return { turnEnd: createTurnEnd(setImmediate, { ms: MEMORY_TURN_BUDGET_MS, now: () => performance.now() }), turnEndIfBusyWithinMs: MEMORY_BUSY_ROOM_MS };
}

/** Parts a test or tool may supply: a store, a clock, a logger, a seed source (for reproducible sessions). */
export type AppOverrides = { store?: Store; clock?: () => number; logger?: Logger; newSeed?: () => number };

export type RunningApp = {
  url: string;
  port: number;
  logger: Logger;
  storeKind: 'memory' | 'redis' | 'custom';
  /** Stop accepting, finish in-flight work, tell clients to reconnect elsewhere, close. */
  close(): Promise<void>;
};

async function chooseStore(config: Config, logger: Logger, overrides: AppOverrides, clock: () => number, metrics: Metrics, jsonText: JsonText) {
  if (overrides.store) return { store: overrides.store, kind: 'custom' as const, adapter: undefined, fanout: undefined, close: async () => undefined };
  if (config.redis) {
    const redis = await connectRedis(config.redis, config.env, logger, { retention: config.retention, jsonText });
    const store = withCircuitBreaker(redis.store, { probeMs: 200, onChange: (open) => {
      metrics.storeUp.set(open ? 0 : 1);
      logger.warn(open ? 'store unavailable' : 'store available again', {});
    } });
    return { store, kind: 'redis' as const, adapter: redis.adapter as ServerOptions['adapter'], fanout: redis.fanout, close: redis.close };
  }
  return { store: createMemoryStore({ clock, jsonText, ...config.retention, logReserveBytes: config.memoryLogReserveBytes }), kind: 'memory' as const, adapter: undefined, fanout: undefined, close: async () => undefined };
}

function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const started = Date.now();
    const check = () => (done() || Date.now() - started >= timeoutMs ? resolve() : setTimeout(check, 20).unref());
    check();
  });
}

/** The composition root: the one place that builds and wires every part. */
export async function startApp(config: Config, overrides: AppOverrides = {}): Promise<RunningApp> {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const clock = overrides.clock ?? Date.now;
  const scenarios = await loadScenarioCatalogue(config.scenariosDir);
  const metrics = createMetrics();
  metrics.storeUp.set(1);
  // Facts are encoded once: the store keeps the text the transport pushes.
  const jsonText = createJsonText();
  const storage = await chooseStore(config, logger, overrides, clock, metrics, jsonText);
  const { store } = storage;

  let secret = config.tokenSecret;
  if (secret === null) {
    secret = randomBytes(48).toString('base64url');
    logger.warn('token secret generated', { reason: 'TOKEN_SECRET is unset; tokens will not survive a restart' });
  }
  const tokens = createTokenService({ secret, ttlSeconds: config.tokenTtlSeconds, clock });

  let publish: (sessionId: string, facts: readonly RoomFact[], elsewhere: boolean) => void = () => undefined;
  const rooms = createRoomService({
    store, scenarios, clock, logger,
    // Snapshots make loading from Redis fast; the in-process store keeps the room hot anyway.
    snapshotEvery: storage.kind === 'memory' ? Number.POSITIVE_INFINITY : 200, newId: () => randomUUID(), newSeed: overrides.newSeed ?? (() => randomInt(0, 2 ** 31 - 1)),
    publish: (sessionId, facts, elsewhere) => publish(sessionId, facts, elsewhere),
    ...batchingFor(storage.kind),
  });
  const sessions = createSessionService({ rooms, store, tokens, randomIndex: (n) => randomInt(0, n) });

  let draining = false;
  const http = createHttpApp({
    sessions, scenarios, logger, metrics,
    isReady: async () => {
      if (draining) return false;
      await store.ping();
      return true;
    },
  });
  const httpServer = createServer(http);
  const transport = createTransport({ httpServer, tokens, rooms, logger, allowedOrigins: config.allowedOrigins, adapter: storage.adapter, fanout: storage.fanout, isDraining: () => draining, metrics, jsonText });
  publish = transport.publish;
  const timers = startTurnTimers({ store, rooms, clock, pollMs: config.timerPollMs, logger });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const url = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info('server listening', { url, scenarios: scenarios.list().length, store: storage.kind });

  return {
    url, port, logger, storeKind: storage.kind,
    async close() {
      if (draining) return;
      draining = true;
      logger.info('draining', { inFlight: transport.inFlight() });
      httpServer.close();
      await timers.stop();
      await waitUntil(() => transport.inFlight() === 0, config.drainTimeoutMs);
      // This instance's clients only: io.emit would go through the adapter to every instance's.
      transport.io.local.emit('server:draining', { reconnectInMs: 0 });
      await transport.close();
      await storage.close();
      await store.close();
      logger.info('server stopped', {});
    },
  };
}
