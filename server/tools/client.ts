import { decodeJwt } from 'jose';
import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import {
  ackSchema, commandContracts, createSequencer, httpContracts, pushContracts,
  type Ack, type ClientToServerEvents, type CommandData, type CommandName, type CommandPayload,
  type HttpBody, type HttpContracts, type HttpResponse, type PushPayload, type ServerToClientEvents, type WireEvent,
} from '../../shared/protocol/index.js';

/**
 * A protocol client for bots, tests, the demo and the benchmark. It parses every push and ack
 * with shared/protocol, applies events in sequence order, and resyncs gaps with session:sync.
 */
export type ProtocolClient = {
  socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  /** Applied events, gap-free, in sequence order. */
  readonly events: WireEvent[];
  /** Every catch-up batch received, as sent. */
  readonly catchUps: WireEvent[][];
  readonly welcome: PushPayload<'session:welcome'> | null;
  lastSeq(): number;
  send<K extends CommandName>(name: K, payload: CommandPayload<K>, timeoutMs?: number): Promise<Ack<CommandData<K>>>;
  waitFor<T extends WireEvent>(match: (e: WireEvent) => e is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (e: WireEvent) => boolean, timeoutMs?: number): Promise<WireEvent>;
  close(): void;
};

export type ConnectOptions = { lastSeq?: number; timeoutMs?: number; reconnection?: boolean; origin?: string };

export function newCommandId(): string {
  return randomUUID();
}

/** `?session=<id>` from the token's (public) payload, for load balancers that route by session. */
export function routingQuery(token: string): Record<string, string> {
  try {
    const { sid } = decodeJwt(token);
    return typeof sid === 'string' ? { session: sid } : {};
  } catch {
    return {};
  }
}

export async function connectClient(url: string, token: string, options: ConnectOptions = {}): Promise<ProtocolClient> {
  const sequencer = createSequencer(options.lastSeq ?? 0);
  const events: WireEvent[] = [];
  const catchUps: WireEvent[][] = [];
  const waiters = new Set<(e: WireEvent) => void>();
  let welcome: PushPayload<'session:welcome'> | null = null;
  let syncing = false;

  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    transports: ['websocket'],
    // A routing hint: the load balancer hashes it so a room's clients share an instance.
    query: routingQuery(token),
    reconnection: options.reconnection ?? true,
    auth: (cb) => cb({ token, lastSeq: sequencer.lastSeq }),
    extraHeaders: options.origin ? { origin: options.origin } : {},
    forceNew: true,
  });

  function apply(batch: readonly WireEvent[]): void {
    const { applied, gap } = sequencer.accept(batch);
    for (const e of applied) {
      events.push(e);
      for (const w of [...waiters]) w(e);
    }
    if (gap && !syncing) void resync();
  }

  /** Fill a gap. If the connection drops meanwhile, the next connection's catch-up fills it instead. */
  async function resync(): Promise<void> {
    syncing = true;
    try {
      const reply = await send('session:sync', { after: sequencer.lastSeq });
      if (reply.ok) apply(reply.data.events);
    } catch {
      // No answer: the connection is gone; reconnecting with lastSeq recovers the same events.
    } finally {
      syncing = false;
    }
  }

  socket.on('room:events', (raw) => {
    const batch = pushContracts['room:events'].parse(raw);
    if (batch.catchUp) catchUps.push(batch.events);
    apply(batch.events);
  });
  socket.on('session:welcome', (raw) => { welcome = pushContracts['session:welcome'].parse(raw); });

  async function send<K extends CommandName>(name: K, payload: CommandPayload<K>, timeoutMs = 5000): Promise<Ack<CommandData<K>>> {
    const emit = socket.timeout(timeoutMs).emitWithAck as (ev: string, p: unknown) => Promise<unknown>;
    const raw = await emit.call(socket.timeout(timeoutMs), name, payload);
    return ackSchema(commandContracts[name].data).parse(raw) as Ack<CommandData<K>>;
  }

  function waitFor(match: (e: WireEvent) => boolean, timeoutMs = 5000): Promise<WireEvent> {
    const found = events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`timed out after ${timeoutMs} ms waiting for an event`)); }, timeoutMs);
      const check = (e: WireEvent) => {
        if (!match(e)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(e);
      };
      waiters.add(check);
    });
  }

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('connect timed out')), options.timeoutMs ?? 5000);
    socket.once('connect', () => { clearTimeout(timer); resolve(); });
    socket.once('connect_error', (err) => { clearTimeout(timer); socket.close(); reject(err); });
  });

  return {
    socket, events, catchUps,
    get welcome() { return welcome; },
    lastSeq: () => sequencer.lastSeq,
    send,
    waitFor: waitFor as ProtocolClient['waitFor'],
    close: () => { socket.close(); },
  };
}

/** A typed HTTP call against one of shared/protocol's HTTP contracts. */
export async function callHttp<K extends keyof HttpContracts>(
  baseUrl: string, name: K, body?: HttpBody<K>,
): Promise<{ status: number; body: HttpResponse<K> | { error: { code: string; message: string } } }> {
  const contract = httpContracts[name];
  const res = await fetch(new URL(contract.path, baseUrl), {
    method: contract.method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as HttpResponse<K> };
}

/** Like callHttp, but throws on anything but a 200: for tools that expect success. */
export async function mustCallHttp<K extends keyof HttpContracts>(baseUrl: string, name: K, body?: HttpBody<K>): Promise<HttpResponse<K>> {
  const res = await callHttp(baseUrl, name, body);
  if (res.status !== 200) throw new Error(`${String(name)} failed with ${res.status}: ${JSON.stringify(res.body)}`);
  return httpContracts[name].response.parse(res.body) as HttpResponse<K>;
}
