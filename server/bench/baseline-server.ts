/**
 * The baseline: a bare Socket.IO server with the same transport options as Cognitrap, that acks
 * each message and broadcasts it to the sender's room. With REDIS_URL it uses
 * @socket.io/redis-adapter, like Cognitrap. Event-loop delay at GET /stats (reset on read).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { Redis } from 'ioredis';
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { answerProfileRequests } from './profiling.js';

const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const http = createServer((req, res) => {
  if (req.url === '/stats') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ eventLoopP99Ms: loop.percentile(99) / 1e6 }));
    loop.reset();
    return;
  }
  res.statusCode = 404;
  res.end();
});
const redisUrl = process.env.REDIS_URL;
const pub = redisUrl ? new Redis(redisUrl, { enableAutoPipelining: true }) : null;
const io = new Server(http, {
  maxHttpBufferSize: 16 * 1024, pingInterval: 10_000, pingTimeout: 5_000, serveClient: false,
  // The same adapter as Cognitrap's REDIS_ADAPTER (sharded by default), with the same options.
  ...(pub ? { adapter: process.env.REDIS_ADAPTER === 'classic' ? createAdapter(pub, pub.duplicate(), { key: 'bench-baseline' })
    : createShardedAdapter(pub, pub.duplicate(), { channelPrefix: 'bench-baseline', subscriptionMode: 'dynamic' }) } : {}),
});
let seq = 0;
io.on('connection', (socket) => {
  const room = String((socket.handshake.auth as { room?: unknown }).room ?? 'lobby');
  void socket.join(room);
  socket.on('decision:submit', (payload: unknown, ack: unknown) => {
    seq++;
    if (typeof ack === 'function') ack({ ok: true, data: { seq, turn: 0 } });
    io.to(room).emit('room:events', { events: [{ type: 'echo', seq, payload }], catchUp: false });
  });
});
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`GC ${m.heapUsed + m.external}\n`);
});
answerProfileRequests();
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`READY http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
