import { createServer } from 'node:http';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { createWriteHolds, writeBurstsTogether, type HeldConnection } from '../../server/transport/write-holds.js';

/**
 * Against the real Engine.IO and ws underneath Socket.IO (the hold reaches into them): a server
 * socket whose TCP writes are counted where the stream hands them to the kernel.
 */
async function rig(options: { pollingFirst?: boolean } = {}) {
  const http = createServer();
  const server = new Server(http, { serveClient: false });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const client: ClientSocket = connect(url, { transports: options.pollingFirst ? ['polling', 'websocket'] : ['websocket'], forceNew: true });
  const socket = await connected;
  const conn = socket.conn as unknown as HeldConnection & { transport: { socket: { _socket: TcpSocket } } };
  if (options.pollingFirst) {
    // The transport the counting below needs is the websocket the connection upgrades to.
    writeBurstsTogether(conn);
    await new Promise<void>((resolve) => conn.on('upgrade', () => resolve()));
  }
  const tcp = conn.transport.socket._socket as TcpSocket & { _write: TcpSocket['_write']; _writev: NonNullable<TcpSocket['_writev']> };
  const writes: number[] = [];
  const write = tcp._write.bind(tcp);
  const writev = tcp._writev.bind(tcp);
  tcp._write = (chunk, encoding, cb) => { writes.push(1); write(chunk, encoding, cb); };
  tcp._writev = (chunks, cb) => { writes.push(chunks.length); writev(chunks, cb); };
  const received: string[] = [];
  const waiting: { n: number; resolve: () => void }[] = [];
  client.onAny((event: string) => {
    received.push(event);
    for (const w of waiting.filter((x) => received.length >= x.n)) w.resolve();
  });
  const arrived = (n: number) => new Promise<void>((resolve) => (received.length >= n ? resolve() : waiting.push({ n, resolve })));
  return {
    socket, conn, writes, received, arrived,
    close: () => { client.close(); server.close(); },
  };
}

let close: (() => void) | undefined;
afterEach(() => close?.());

describe('write holds: what one flush sends a socket leaves in one write', () => {
  it('sends a held push and the ack after it in one write, in order', async () => {
    const r = await rig();
    close = r.close;
    const holds = createWriteHolds(() => performance.now());
    holds.hold(r.conn);
    r.socket.emit('push', { n: 1 });
    r.socket.emit('ack', { n: 2 });
    expect(r.writes).toEqual([]);
    holds.release();
    expect(r.writes).toHaveLength(1);
    await r.arrived(2);
    expect(r.received).toEqual(['push', 'ack']);
  });

  it('releases only the connections held for the keys given', async () => {
    const r = await rig();
    close = r.close;
    const holds = createWriteHolds(() => performance.now());
    holds.hold(r.conn, 'session-b');
    r.socket.emit('push', { n: 1 });
    holds.release(['session-a']);
    expect(r.writes).toEqual([]);
    r.socket.emit('ack', { n: 2 });
    holds.release(['session-b']);
    expect(r.writes).toHaveLength(1);
    await r.arrived(2);
    expect(r.received).toEqual(['push', 'ack']);
  });

  it('without a hold the same two packets are two writes (what the hold saves)', async () => {
    const r = await rig();
    close = r.close;
    writeBurstsTogether(r.conn);
    r.socket.emit('push', { n: 1 });
    r.socket.emit('ack', { n: 2 });
    await r.arrived(2);
    expect(r.writes).toHaveLength(2);
  });

  it.each([
    { start: 'a websocket', pollingFirst: false },
    { start: 'long-polling, once it upgrades to a websocket', pollingFirst: true },
  ])('sends what queued behind a write in flight in one write when that write completes (starting on $start)', async ({ pollingFirst }) => {
    const r = await rig({ pollingFirst });
    close = r.close;
    // The polling-first rig already applied it, before its upgrade.
    if (!pollingFirst) writeBurstsTogether(r.conn);
    // The first goes out at once; the next three wait for its callback, then leave together.
    for (let n = 0; n < 4; n++) r.socket.emit('burst', { n });
    await r.arrived(4);
    expect(r.writes).toHaveLength(2);
    expect(r.received).toEqual(['burst', 'burst', 'burst', 'burst']);
  });

  it('leaves a connection alone while a write is in flight (the queue behind it goes out when it completes)', async () => {
    const r = await rig();
    close = r.close;
    writeBurstsTogether(r.conn);
    r.socket.emit('first', {});
    const holds = createWriteHolds(() => performance.now());
    holds.hold(r.conn);
    r.socket.emit('second', {});
    holds.release();
    await r.arrived(2);
    expect(r.received).toEqual(['first', 'second']);
    expect(r.writes).toHaveLength(2);
  });
});
