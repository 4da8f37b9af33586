import type { Ack, CommandData, CommandName, CommandPayload, WireEvent } from '../../shared/protocol/index.js';
import { connectClient, type ProtocolClient } from '../../server/tools/client.js';

/**
 * A client as a phone behaves behind a load balancer: when its instance goes away it connects to
 * another with its last sequence number, and retries an unanswered command with the same command
 * id. It keeps every event it applied across connections.
 */
export type FailoverClient = {
  readonly moves: number;
  readonly catchUps: WireEvent[][];
  events(): WireEvent[];
  lastSeq(): number;
  send<K extends CommandName>(name: K, payload: CommandPayload<K>): Promise<Ack<CommandData<K>>>;
  waitFor(match: (e: WireEvent) => boolean, timeoutMs?: number): Promise<WireEvent>;
  /** Reset the connection (as a Wi-Fi drop would) and come back on another instance. */
  reset(): Promise<void>;
  /** Go dark (a phone asleep) for a while, then reconnect with the last sequence number. */
  goDark(ms: number): Promise<void>;
  close(): void;
};

export async function connectFailover(urls: () => string[], token: string, start = 0): Promise<FailoverClient> {
  const past: WireEvent[] = [];
  const catchUps: WireEvent[][] = [];
  let index = start;
  let moves = 0;
  let closed = false;
  let client: ProtocolClient;
  let moving: Promise<void> | null = null;
  const waiters = new Set<() => void>();

  async function open(lastSeq: number): Promise<ProtocolClient> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const list = urls();
      const url = list[index % list.length] as string;
      try {
        const c = await connectClient(url, token, { lastSeq, reconnection: false, timeoutMs: 2000 });
        c.socket.on('disconnect', () => { if (!closed) void move(); });
        c.socket.on('room:events', () => { for (const w of [...waiters]) w(); });
        return c;
      } catch {
        index++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('no instance accepted the connection');
  }

  function move(): Promise<void> {
    moving ??= (async () => {
      const old = client;
      past.push(...old.events);
      catchUps.push(...old.catchUps);
      old.close();
      index++;
      moves++;
      client = await open(old.lastSeq());
      for (const w of [...waiters]) w();
    })().finally(() => { moving = null; });
    return moving;
  }

  client = await open(0);
  const events = () => [...past, ...client.events];

  return {
    get moves() { return moves; },
    get catchUps() { return [...catchUps, ...client.catchUps]; },
    events,
    lastSeq: () => client.lastSeq(),
    async send(name, payload) {
      for (let attempt = 0; attempt < 60; attempt++) {
        if (moving) await moving;
        try {
          const ack = await client.send(name, payload, 2500);
          if (ack.ok || ack.error.code !== 'UNAVAILABLE') return ack;
        } catch {
          // No answer (the instance died, or the connection dropped): move and retry the same command.
          if (!moving) await move();
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`${name} got no definite answer`);
    },
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events().find(match);
          if (found) { waiters.delete(check); clearTimeout(timer); resolve(found); }
        };
        const timer = setTimeout(() => { waiters.delete(check); reject(new Error('timed out waiting for an event')); }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async reset() {
      client.socket.io.engine.close();
      await new Promise((r) => setTimeout(r, 0));
      if (moving) await moving;
    },
    async goDark(ms) {
      if (moving) await moving;
      closed = true;
      past.push(...client.events);
      catchUps.push(...client.catchUps);
      const lastSeq = client.lastSeq();
      client.close();
      await new Promise((r) => setTimeout(r, ms));
      closed = false;
      moves++;
      client = await open(lastSeq);
      for (const w of [...waiters]) w();
    },
    close() { closed = true; client.close(); },
  };
}
