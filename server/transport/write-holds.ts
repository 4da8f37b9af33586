import { SlotMap } from '../room/slot-map.js';

/**
 * The parts of an Engine.IO connection (engine.io 6) a hold touches: the transport's `writable`
 * flag, its flush, and for the websocket transport the TCP socket under ws. Typed here because
 * Socket.IO types `socket.conn` without them.
 */
type Tcp = { cork?: () => void; uncork?: () => void };
type Transport = {
  name: string;
  writable: boolean;
  socket?: { _socket?: Tcp };
  on(event: 'ready', listener: (this: Transport) => void): unknown;
  prependListener(event: 'ready', listener: (this: Transport) => void): unknown;
};
export type HeldConnection = {
  readyState: string;
  transport: Transport;
  flush(): void;
  on(event: 'upgrade', listener: (transport: Transport) => void): unknown;
};

// Shared by every connection (an emitter calls its listeners on itself): nothing per connection.
// Only the websocket transport has a TCP socket; long-polling answers one poll with everything anyway.
function corkTransport(this: Transport): void {
  this.socket?._socket?.cork?.();
}
function uncorkTransport(this: Transport): void {
  this.socket?._socket?.uncork?.();
}
function corkAround(transport: Transport): void {
  if (transport.name !== 'websocket') return;
  transport.prependListener('ready', corkTransport);
  transport.on('ready', uncorkTransport);
}

/**
 * What a websocket transport buffered while a write was in flight leaves in one write: Engine.IO
 * flushes it on the transport's 'ready' (the previous write's callback), packet by packet; with
 * the TCP socket corked around that flush, the packets go out in one `writev` instead of one each.
 */
export function writeBurstsTogether(conn: HeldConnection): void {
  // A connection that starts on long-polling gets its websocket by upgrade; one that starts on a
  // websocket (most clients, and every bot) needs no listener for that, and keeps its memory.
  if (conn.transport.name === 'websocket') corkAround(conn.transport);
  else conn.on('upgrade', corkAround);
}

/**
 * One write for a command's push and its ack. Engine.IO writes each packet as soon as its
 * transport is writable, and marks the transport unwritable until that write's callback, a tick
 * later: the ack, sent right after the push it must follow, became a second write (a second
 * syscall and a second pass through the stream machinery, per command). A held connection keeps
 * its packets in Engine.IO's own buffer, in order, until `release`, which flushes them with the
 * TCP socket corked: one `writev` for the push and the ack, and for every other packet of the
 * flush to that socket. Only a transport that is writable is held: one with a write in flight
 * already buffers what follows, and sends it when that write completes.
 */
export function createWriteHolds(now: () => number) {
  /** Held connections by the key they wait for (the session whose push they wait for). */
  const held = new SlotMap<string, { conn: HeldConnection; transport: Transport }[]>(now);
  const releaseAll = (list: readonly { conn: HeldConnection; transport: Transport }[]) => {
    for (const { conn, transport } of list) {
      transport.writable = true;
      corkTransport.call(transport);
      conn.flush();
      uncorkTransport.call(transport);
    }
  };
  return {
    hold(conn: HeldConnection, key = ''): void {
      const { transport } = conn;
      if (conn.readyState !== 'open' || !transport.writable) return;
      transport.writable = false;
      const list = held.get(key);
      if (list) list.push({ conn, transport });
      else held.set(key, [{ conn, transport }]);
    },
    /** Write what each connection held for these keys (all, without keys) buffered meanwhile: one write per connection. */
    release(keys?: readonly string[]): void {
      for (const key of keys ?? held.heldKeys()) {
        const list = held.get(key);
        if (!list) continue;
        held.vacate(key);
        releaseAll(list);
      }
    },
  };
}
