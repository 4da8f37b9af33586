import type { Redis } from 'ioredis';
import type { Logger } from 'winston';

/** One view of a flush: the Socket.IO room it goes to, the rooms left out, the batch's JSON text. */
export type WireDelivery = { room: string; except: readonly string[]; json: string };

/**
 * Pushes across instances: one message per flush per session, on that session's own channel,
 * which an instance listens to while it holds a client of the session. The writing instance
 * delivers to its own sockets at once and ignores its own messages; the others fan each message
 * out to their local sockets, view by view. Compared with a broadcast per view through the
 * Socket.IO adapter, that is one publish (not one per view) and no msgpack of the batches.
 * A flush is published only when the append said another instance listens (see `RoomListeners`):
 * with the load balancer keeping a session's clients on one instance, that is almost never.
 */
export type Fanout = {
  /** Listen to a session (counted per local socket); resolves once the subscription holds. */
  join(sessionId: string): Promise<void>;
  leave(sessionId: string): void;
  /** Send a flush's deliveries to the other instances; resolves once Redis took the message. */
  publish(sessionId: string, deliveries: readonly WireDelivery[]): Promise<void>;
  close(): void;
};

/** Given what to do with another instance's deliveries, a fan-out. */
export type FanoutFactory = (receive: (sessionId: string, deliveries: WireDelivery[]) => void) => Fanout;

/**
 * Message text: the sender's id, a header of [room, except[]] pairs, then each batch's JSON on its
 * own line (JSON.stringify never writes a raw newline, so a newline cannot occur inside one).
 */
export function encodeMessage(from: string, deliveries: readonly WireDelivery[]): string {
  return `${from}\n${JSON.stringify(deliveries.map((d) => [d.room, d.except]))}\n${deliveries.map((d) => d.json).join('\n')}`;
}

export function decodeMessage(text: string): { from: string; deliveries: WireDelivery[] } {
  const lines = text.split('\n');
  const header = JSON.parse(lines[1] ?? '[]') as [string, string[]][];
  if (!Array.isArray(header) || lines.length !== header.length + 2) throw new Error('malformed fan-out message');
  return { from: lines[0] ?? '', deliveries: header.map(([room, except], i) => ({ room, except, json: lines[i + 2] as string })) };
}

/**
 * Which instances listen to a session: its key holds a set of instance ids, read by the store's
 * append in the same atomic step as the write. An instance joins the set only once its subscription
 * holds, and before it reads its catch-up: an append that finds it there is published to it, and
 * one that does not was stored before the catch-up read and is in it. An instance that dies
 * without leaving stays listed until the session's keys expire: its sessions are published for
 * nothing meanwhile, as every session was before the set existed.
 */
export type RoomListeners = { instanceId: string; key: (sessionId: string) => string; ttlSeconds: number };

/**
 * Over Redis pub/sub: sharded (SSUBSCRIBE/SPUBLISH, Redis 7, so a cluster keeps a session's
 * messages on one shard) or classic. `sub` is a connection of its own (subscriber mode); the
 * listener sets are written on `pub`, so this instance's joins and leaves reach Redis in order.
 */
export function redisFanout(pub: Redis, sub: Redis, options: { prefix: string; sharded: boolean; logger: Logger; listeners: RoomListeners }): FanoutFactory {
  const { instanceId: self, key: listenersKey, ttlSeconds } = options.listeners;
  return (receive) => {
    const own = `${self}\n`;
    const channelPrefix = `${options.prefix}:push:{`;
    const channel = (sessionId: string) => `${channelPrefix}${sessionId}}`;
    /** Per session: local sockets listening, and the subscription (null until made, or after it failed). */
    const listening = new Map<string, { sockets: number; ready: Promise<void> | null }>();
    const onMessage = (name: string, text: string) => {
      if (!name.startsWith(channelPrefix) || text.startsWith(own)) return;
      try {
        receive(name.slice(channelPrefix.length, -1), decodeMessage(text).deliveries);
      } catch (err) {
        options.logger.error('fan-out message dropped', { channel: name, err: err instanceof Error ? err.message : String(err) });
      }
    };
    sub.on(options.sharded ? 'smessage' : 'message', onMessage);
    const subscribe = (c: string) => (options.sharded ? sub.ssubscribe(c) : sub.subscribe(c));
    const unsubscribe = (c: string) => (options.sharded ? sub.sunsubscribe(c) : sub.unsubscribe(c));
    return {
      join(sessionId) {
        let entry = listening.get(sessionId);
        if (!entry) listening.set(sessionId, (entry = { sockets: 0, ready: null }));
        entry.sockets++;
        if (entry.ready) return entry.ready;
        const e = entry;
        // Listed only once subscribed (see RoomListeners). A failure is tried again by the session's next socket.
        const ready = subscribe(channel(sessionId)).then(async () => {
          const key = listenersKey(sessionId);
          await Promise.all([pub.sadd(key, self), pub.expire(key, ttlSeconds)]);
        }).then(() => undefined, (err: unknown) => {
          e.ready = null;
          throw err;
        });
        e.ready = ready;
        return ready;
      },
      leave(sessionId) {
        const entry = listening.get(sessionId);
        if (!entry || --entry.sockets > 0) return;
        listening.delete(sessionId);
        pub.srem(listenersKey(sessionId), self).catch((err: unknown) => options.logger.warn('fan-out leave failed', { session: sessionId, err: String(err) }));
        unsubscribe(channel(sessionId)).catch((err: unknown) => options.logger.warn('fan-out unsubscribe failed', { session: sessionId, err: String(err) }));
      },
      async publish(sessionId, deliveries) {
        const text = encodeMessage(self, deliveries);
        await (options.sharded ? pub.spublish(channel(sessionId), text) : pub.publish(channel(sessionId), text));
      },
      close() {
        sub.off(options.sharded ? 'smessage' : 'message', onMessage);
        // Off every list, so writers stop publishing to this instance (best effort: Redis may be gone).
        for (const sessionId of listening.keys()) pub.srem(listenersKey(sessionId), self).catch(() => undefined);
        listening.clear();
      },
    };
  };
}
