import { io, type Socket } from 'socket.io-client';
import type { PushPayload } from '../../shared/protocol/index.js';
import { mustCallHttp as post } from '../tools/client.js';
import type { TargetKind } from './servers.js';

/**
 * The benchmark's bots: protocol clients built on socket.io-client and shared/protocol. The same
 * bots drive Cognitrap and the bare Socket.IO baseline; only the set-up differs (Cognitrap needs
 * a session, joins and tokens; the baseline a room name).
 */
type Player = { id: string; socket: Socket; sends: number[] };
type Room = { players: Player[]; spectators: Socket[] };
export type Bench = { rooms: Room[]; sockets: Socket[] };

export function connect(url: string, auth: Record<string, unknown>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(err));
  });
}

/**
 * Seat `players` per room. With several instances, a room's clients go where the load balancer
 * sends them (server/deploy/haproxy.cfg hashes the session id, so all to one instance), or with
 * `spread` each to a different instance, the worst case: every write races another instance and
 * every push crosses Redis. Both servers get the same placement.
 */
export async function setUp(kind: TargetKind, urls: readonly string[], rooms: number, players: number, spectators: number, spread = false): Promise<Bench> {
  const out: Room[] = [];
  const sockets: Socket[] = [];
  const at = (i: number) => urls[i % urls.length] as string;
  const place = (room: number, client: number) => at(spread ? room + client : room);
  await Promise.all(Array.from({ length: rooms }, async (_, r) => {
    const room: Room = { players: [], spectators: [] };
    if (kind === 'baseline') {
      for (let p = 0; p < players; p++) room.players.push({ id: `p${p}`, socket: await connect(place(r, p), { room: `room-${r}` }), sends: [] });
      for (let s = 0; s < spectators; s++) room.spectators.push(await connect(place(r, players + s), { room: `room-${r}` }));
    } else {
      const created = await post(at(r), 'createSession', { scenarioId: 'bench-loop' });
      for (let p = 0; p < players; p++) {
        const joined = await post(at(r + p), 'joinSession', { code: created.joinCode, nickname: `P${p}` });
        room.players.push({ id: joined.playerId, socket: await connect(place(r, p), { token: joined.playerToken }), sends: [] });
      }
      for (let s = 0; s < spectators; s++) {
        const { spectatorToken } = await post(at(r + s), 'spectate', { code: created.joinCode });
        room.spectators.push(await connect(place(r, players + s), { token: spectatorToken }));
      }
      const facilitator = await connect(at(r), { token: created.facilitatorToken });
      await facilitator.timeout(10_000).emitWithAck('session:start', {});
      facilitator.close();
    }
    out.push(room);
    sockets.push(...room.players.map((p) => p.socket), ...room.spectators);
  }));
  return { rooms: out, sockets };
}

/**
 * The one event each decision reaches the other players and spectators as, whose arrival is the
 * push latency: playerAnswered in self-paced play (the benchmark's scenario), decisionSealed in a
 * group turn.
 */
export const OTHERS_SEE_A_DECISION: ReadonlySet<string> = new Set(['playerAnswered', 'decisionSealed']);

export type LoadResult = { decisions: number; errors: number; seconds: number; ack: number[]; pushPlayer: number[]; pushSpectator: number[] };

/**
 * One think time: uniform over ±50 % of the mean, so the mean (and the offered rate) is the one
 * asked for. A fixed think time synchronises the bots: every player acked late by one pause of the
 * server's sends again a think time later in the same instant as the others it delayed, so each
 * pause leaves a cluster that the next pause makes larger (stretches of 30–67 ms of back-to-back
 * work at 40 % load, in a profile of 1 s fixed think time). People do not decide in lockstep.
 */
export function thinkFor(meanMs: number, random: () => number = Math.random): number {
  return meanMs * (0.5 + random());
}

/**
 * Run the bots for `warmupMs` + `measureMs`: closed loop (submit, await the ack, submit again) or
 * with a think time between decisions. Latencies are counted for decisions sent in the window.
 */
export async function runLoad(kind: TargetKind, bench: Bench, thinkMs: number, warmupMs: number, measureMs: number, onWindow: (phase: 'start' | 'end') => Promise<void> | void): Promise<LoadResult> {
  const now = () => performance.now();
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;
  let stopped = false;
  const result: LoadResult = { decisions: 0, errors: 0, seconds: measureMs / 1000, ack: [], pushPlayer: [], pushSpectator: [] };
  const inWindow = (t: number) => t >= windowStart && t < windowEnd;

  for (const room of bench.rooms) {
    const byId = new Map(room.players.map((p) => [p.id, p]));
    const observe = (socket: Socket, self: string | null, into: number[]) => {
      const seen = new Map<string, number>();
      socket.on('room:events', (batch: PushPayload<'room:events'>) => {
        const t = now();
        for (const e of batch.events as { type: string; playerId?: string; payload?: { sender?: string } }[]) {
          const sender = kind === 'baseline' ? e.payload?.sender : OTHERS_SEE_A_DECISION.has(e.type) ? e.playerId : undefined;
          if (!sender || sender === self) continue;
          const k = seen.get(sender) ?? 0;
          seen.set(sender, k + 1);
          const sent = byId.get(sender)?.sends[k];
          if (sent !== undefined && inWindow(sent)) into.push(t - sent);
        }
      });
    };
    for (const p of room.players) observe(p.socket, p.id, result.pushPlayer);
    for (const s of room.spectators) observe(s, null, result.pushSpectator);
  }

  const decide = (player: Player) => {
    if (stopped) return;
    const sent = now();
    const k = player.sends.length;
    player.sends.push(sent);
    const payload = { commandId: `c-${player.id.slice(0, 24)}-${k}`, turn: 0, decision: { kind: 'numeric', value: 100 + (k % 50) }, ...(kind === 'baseline' ? { sender: player.id } : {}) };
    player.socket.emit('decision:submit', payload, (ack: { ok: boolean }) => {
      const t = now();
      if (inWindow(sent) && t < windowEnd) {
        result.ack.push(t - sent);
        if (ack.ok) result.decisions++;
        else result.errors++;
      }
      if (thinkMs > 0) setTimeout(() => decide(player), thinkFor(thinkMs));
      else decide(player);
    });
  };
  // Think-time bots start spread over one think time, so the offered load is steady.
  for (const room of bench.rooms) for (const p of room.players) setTimeout(() => decide(p), thinkMs > 0 ? Math.random() * thinkMs : 0);
  await new Promise((r) => setTimeout(r, warmupMs));
  await onWindow('start');
  windowStart = now();
  await new Promise((r) => setTimeout(r, measureMs));
  windowEnd = now();
  await onWindow('end');
  stopped = true;
  await new Promise((r) => setTimeout(r, 300));
  return result;
}

export function closeAll(bench: Bench): void {
  for (const s of bench.sockets) s.close();
}
