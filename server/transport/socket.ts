import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Logger } from 'winston';
import {
  appError, commandContracts, createJsonText, HandshakeSchema, isCommandName,
  type Ack, type JsonText, type ClientToServerEvents, type CommandName, type RoomFact, type RoomFactOf, type ServerToClientEvents, type WireEvent,
} from '../../shared/protocol/index.js';
import type { TokenClaims, TokenService } from '../auth/tokens.js';
import { planDeliveries, project, type Actor, type Audience, type Delivery, type RoomCommand } from '../room/machine/index.js';
import type { ExecuteResult, RoomService } from '../room/service.js';
import type { Metrics } from '../metrics.js';
import { eventPacketText, websocketTextFrame } from './packet-text.js';
import type { FanoutFactory, WireDelivery } from './fanout.js';
import { createCoalescer, type PendingPush } from './coalesce.js';
import { pushJson } from './batch.js';
import { createWriteHolds, writeBurstsTogether, type HeldConnection } from './write-holds.js';

type SocketData = { claims: TokenClaims; lastSeq: number };
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** The longest a kick waits for the news to reach the other instances before closing the sockets. */
const KICK_WAIT_MS = 1000;
/** Pushes wait for the end of the event loop's turn, but no longer than this (see docs/performance.md: 1 ms served the think-time load with lower latency than 4 and no less throughput). */
const FLUSH_WITHIN_MS = 1;

/**
 * Socket.IO rooms per session: the facilitator's; everyone else's (spectators and players, who
 * see the same view of facts not personal to them); one per player (all of that player's tabs).
 * Every view of a flush names exactly one room; the fan-out carries the views to the instances
 * holding a client of the session, and each delivers them to its own members of those rooms.
 */
export const channels = {
  facilitator: (s: string) => `${s}:f`,
  others: (s: string) => `${s}:o`,
  player: (s: string, p: string) => `${s}:p:${p}`,
};

export type TransportDeps = {
  httpServer: HttpServer;
  tokens: TokenService;
  rooms: RoomService;
  logger: Logger;
  allowedOrigins: readonly string[];
  /** Socket.IO's adapter across instances (Redis): cluster-wide operations such as closing a kicked player's sockets. */
  adapter?: ServerOptions['adapter'];
  /** Pushes across instances (Redis); without it they stay in this process. */
  fanout?: FanoutFactory;
  /** True while the server drains: commands are answered UNAVAILABLE so clients retry elsewhere. */
  isDraining: () => boolean;
  metrics: Metrics;
  /** The JSON of facts and views, shared with the store: a fact pushed as it is was encoded when it was stored. */
  jsonText?: JsonText;
};

/** Browsers always send Origin on a WebSocket; CORS does not apply there, so check it here. */
export function isOriginAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  return allowed.includes(origin) || (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`));
}

function audienceOf(claims: TokenClaims): Audience {
  return claims.role === 'player' ? { role: 'player', playerId: claims.playerId } : { role: claims.role };
}

function actorOf(claims: TokenClaims): Actor {
  if (claims.role === 'player' && claims.playerId !== null) return { role: 'player', playerId: claims.playerId };
  return claims.role === 'facilitator' ? { role: 'facilitator' } : { role: 'spectator' };
}

function ackOf(name: CommandName, result: ExecuteResult): Ack<unknown> {
  switch (result.kind) {
    case 'rejected': return { ok: false, error: result.error };
    case 'repeated': return { ok: true, data: result.reply };
    case 'applied': {
      const last = result.facts[result.facts.length - 1]?.seq ?? result.state.version;
      if (name === 'decision:submit') {
        // The fact that records the decision: decisionSubmitted in a group turn, turnAnswered in self-paced play.
        const fact = result.facts.find((f): f is RoomFactOf<'decisionSubmitted' | 'turnAnswered'> => f.type === 'decisionSubmitted' || f.type === 'turnAnswered');
        return { ok: true, data: { seq: fact?.seq ?? last, turn: fact?.turn ?? 0 } };
      }
      return { ok: true, data: { seq: last } };
    }
  }
}

export function createTransport({ httpServer, tokens, rooms, logger, allowedOrigins, adapter, fanout: fanoutFactory, isDraining, metrics, jsonText = createJsonText() }: TransportDeps) {
  const io: AppServer = new Server(httpServer, {
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    serveClient: false,
    allowRequest: (req, callback) => callback(null, isOriginAllowed(req, allowedOrigins)),
    ...(adapter ? { adapter } : {}),
  });
  let inFlight = 0;
  // Another instance's pushes go to this instance's sockets in the rooms they name.
  const fanout = fanoutFactory?.((sessionId, deliveries) => {
    for (const d of deliveries) deliverLocally(d);
    // The facilitator sees every fact as it is: that view is the facts themselves.
    const all = deliveries.find((d) => d.room === channels.facilitator(sessionId));
    if (all) rooms.observe(sessionId, () => (JSON.parse(all.json) as { events: RoomFact[] }).events);
  });

  const project_ = (facts: readonly RoomFact[], claims: TokenClaims): WireEvent[] => facts.map((f) => project(f, audienceOf(claims)));

  /** The handshake's token alone decides role, session and player; refusals are generic. */
  io.use(async (socket, next) => {
    if (isDraining()) return next(new Error('UNAVAILABLE'));
    const auth = HandshakeSchema.safeParse(socket.handshake.auth);
    const claims = auth.success ? await tokens.verify(auth.data.token) : null;
    let state = null;
    try {
      state = claims ? await rooms.state(claims.sessionId) : null;
    } catch (err) {
      logger.warn('handshake could not load the session', { err: String(err) });
      return next(new Error('UNAVAILABLE'));
    }
    const seat = claims?.playerId ? state?.players[claims.playerId] : undefined;
    const seated = claims?.role !== 'player' || (seat !== undefined && !seat.kicked);
    if (!auth.success || !claims || !state || !seated) return next(new Error('UNAUTHORIZED'));
    socket.data = { claims, lastSeq: auth.data.lastSeq ?? 0 };
    next();
  });

  async function dispatch(socket: AppSocket, name: CommandName, payload: unknown): Promise<Ack<unknown>> {
    const { claims } = socket.data;
    if (isDraining()) return { ok: false, error: appError('UNAVAILABLE', 'this server is shutting down; reconnect and retry') };
    const contract = commandContracts[name];
    if (!(contract.roles as readonly string[]).includes(claims.role)) return { ok: false, error: appError('FORBIDDEN', `a ${claims.role} may not send ${name}`) };
    const parsed = contract.payload.safeParse(payload);
    if (!parsed.success) {
      return { ok: false, error: appError('BAD_PAYLOAD', parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`).join('; ')) };
    }
    if (name === 'session:sync') {
      const { after } = parsed.data as { after: number };
      return { ok: true, data: { events: project_(await rooms.readFacts(claims.sessionId, after), claims) } };
    }
    const command = { type: name, ...(parsed.data as object) } as RoomCommand;
    return ackOf(name, await rooms.execute(claims.sessionId, actorOf(claims), command));
  }

  /** One dispatcher per socket (not one listener per command): less memory per idle connection. */
  function register(socket: AppSocket): void {
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') return;
      if (!isCommandName(event)) {
        ack({ ok: false, error: appError('BAD_PAYLOAD', `unknown command "${event}"`) });
        return;
      }
      const payload = args.length > 1 ? args[0] : undefined;
      inFlight++;
      const stopTimer = metrics.ackLatency.startTimer({ command: event });
      // One reaction for both outcomes (each counts the command out): no promise of its own for that.
      dispatch(socket, event, payload).then(
        (reply) => {
          inFlight--;
          metrics.commands.inc({ command: event, outcome: reply.ok ? 'ok' : reply.error.code });
          // After this tick's pushes: a client sees what its command caused before the ack, and
          // when the ack waits for them, in the same write (the socket is held until the acks are out).
          const { sessionId } = socket.data.claims;
          const waits = afterPushes(sessionId, () => {
            ack(reply);
            stopTimer();
          });
          if (waits) writes.hold(socket.conn as unknown as HeldConnection, sessionId);
        },
        (err: unknown) => {
          inFlight--;
          logger.error('command failed', { command: event, session: socket.data.claims.sessionId, err: err instanceof Error ? err.stack : String(err) });
          ack({ ok: false, error: appError('UNAVAILABLE', 'the command could not be completed; nothing was recorded') });
        },
      );
    });
  }

  /** Send what the client missed since its last sequence number, after it joined its channels. */
  async function catchUp(socket: AppSocket): Promise<void> {
    const { claims, lastSeq } = socket.data;
    const facts = await rooms.readFacts(claims.sessionId, lastSeq);
    const seq = facts[facts.length - 1]?.seq ?? lastSeq;
    socket.emit('session:welcome', { sessionId: claims.sessionId, role: claims.role, playerId: claims.playerId, seq });
    socket.emit('room:events', { events: project_(facts, claims), catchUp: true });
  }

  io.on('connection', (socket) => {
    const { claims } = socket.data;
    register(socket);
    writeBurstsTogether(socket.conn as unknown as HeldConnection);
    const s = claims.sessionId;
    if (claims.role === 'facilitator') void socket.join(channels.facilitator(s));
    if (claims.role === 'spectator') void socket.join(channels.others(s));
    if (claims.role === 'player' && claims.playerId !== null) void socket.join([channels.others(s), channels.player(s, claims.playerId)]);
    logger.info('client connected', { session: s, role: claims.role, player: claims.playerId });
    metrics.connections.inc({ role: claims.role });
    socket.on('disconnect', (reason) => {
      fanout?.leave(s);
      metrics.connections.dec({ role: claims.role });
      logger.info('client disconnected', { session: s, role: claims.role, player: claims.playerId, reason });
    });
    // Listening to the session's pushes before reading the catch-up: nothing falls in between.
    (fanout ? fanout.join(s) : Promise.resolve()).then(() => catchUp(socket)).catch((err: unknown) => {
      logger.warn('catch-up failed', { session: s, err: String(err) });
      socket.disconnect(true);
    });
  });

  const writes = createWriteHolds(() => performance.now());
  const coalescer = createCoalescer({ now: () => performance.now(), later: setImmediate, withinMs: FLUSH_WITHIN_MS, send: sendAll, sent: writes.release });
  const { publish } = coalescer;
  const afterPushes = coalescer.afterSend;

  /** Each session's pending facts to its sockets here and elsewhere; kicks once the news is out. */
  function sendAll(sessions: ReadonlyMap<string, PendingPush>): void {
    const published: Promise<unknown>[] = [];
    const kicks: (() => void)[] = [];
    for (const [sessionId, { facts, elsewhere }] of sessions) {
      // A kicked player's sockets close on every instance (through the adapter), after they got the news.
      for (const f of facts) if (f.type === 'playerKicked') kicks.push(() => io.in(channels.player(sessionId, f.playerId)).disconnectSockets(true));
      try {
        const sent = deliver(sessionId, planDeliveries(facts), elsewhere);
        if (sent) published.push(sent);
      } catch (err) {
        logger.error('push failed', { session: sessionId, err: err instanceof Error ? err.stack : String(err) });
      }
    }
    // This instance's sockets have their events; the coalescer sends the acks after them.
    if (kicks.length === 0) return;
    // The other instances get the news before the kick (Redis delivers a message to subscribers
    // before it answers the publisher), but a stalled Redis holds the kick back for KICK_WAIT_MS at most.
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<void>((resolve) => { timer = setTimeout(resolve, KICK_WAIT_MS); });
    void Promise.race([Promise.allSettled(published), stalled]).then(() => {
      clearTimeout(timer);
      for (const kick of kicks) kick();
    });
  }

  /**
   * One view to this instance's sockets in its room, but those in an `except` room (none elsewhere:
   * the fan-out carries it there). What the adapter's local broadcast does, written straight to each
   * socket's Engine.IO connection: the packet's text and its WebSocket frame made once, and none of
   * the broadcast's per-call sets and option objects.
   */
  function deliverLocally(d: WireDelivery): void {
    const { rooms: members } = io.sockets.adapter;
    const inRoom = members.get(d.room);
    if (!inRoom?.size) return;
    const text = eventPacketText('room:events', d.json);
    // One options object for every socket of the view (Engine.IO sets `compress` on it: the same value each time).
    const options = { compress: true, wsPreEncodedFrame: websocketTextFrame(text) };
    // The except rooms' members, looked up once per view rather than once per socket.
    const excluded = d.except.length === 0 ? [] : d.except.map((room) => members.get(room)).filter((m) => m !== undefined);
    for (const id of inRoom) {
      if (excluded.some((m) => m.has(id))) continue;
      io.sockets.sockets.get(id)?.conn.write(text, options);
    }
  }

  /**
   * Send each distinct view to its room on this instance, and, when another instance listens to
   * the session, all of them to the other instances in one fan-out message. Returns the publish
   * under way, if any.
   */
  function deliver(sessionId: string, deliveries: readonly Delivery[], elsewhere: boolean): Promise<void> | undefined {
    // The fan-out, when another instance listens to the session.
    const remote = elsewhere ? fanout : undefined;
    const wire: WireDelivery[] = [];
    for (const d of deliveries) {
      const room = d.to === 'facilitator' ? channels.facilitator(sessionId) : d.to === 'player' ? channels.player(sessionId, d.playerId) : channels.others(sessionId);
      // A room empty here, with no other instance listening, has no listener anywhere: skip encoding it.
      if (remote === undefined && !io.sockets.adapter.rooms.get(room)?.size) continue;
      const except = d.to === 'others' ? d.except.map((p) => channels.player(sessionId, p)) : [];
      const delivery = { room, except, json: pushJson(d.events, jsonText) };
      deliverLocally(delivery);
      wire.push(delivery);
    }
    return remote && wire.length > 0 ? remote.publish(sessionId, wire).catch((err: unknown) => {
      // The facts are stored: clients elsewhere recover them from the next event's gap or on reconnect.
      logger.warn('fan-out publish failed', { session: sessionId, err: String(err) });
    }) : undefined;
  }

  return {
    io, publish,
    /** Commands being handled right now: the drain waits for them. */
    inFlight: () => inFlight,
    close: () => new Promise<void>((resolve) => {
      coalescer.flush();
      fanout?.close();
      void io.close(() => resolve());
    }),
  };
}
