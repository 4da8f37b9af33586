import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from '../../server/tools/client.js';
import { connectFailover } from '../support/failover.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { deleteKeys, REDIS_URL, requireRedis, testPrefix } from '../support/redis.js';

const prefix = testPrefix('fanout');
const started: ServerProcess[] = [];
beforeAll(requireRedis);
afterAll(async () => {
  await Promise.all(started.map((s) => s.terminate()));
  await deleteKeys(prefix);
});

async function pair(adapter: 'classic' | 'sharded'): Promise<[ServerProcess, ServerProcess]> {
  const env = { REDIS_URL, REDIS_KEY_PREFIX: `${prefix}:${adapter}`, REDIS_ADAPTER: adapter };
  const both = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  started.push(...both);
  return both as [ServerProcess, ServerProcess];
}

describe.each(['classic', 'sharded'] as const)('fan-out across instances (%s adapter)', (adapter) => {
  it("delivers a room's events to clients on another instance, each audience its own projection", async () => {
    const [a, b] = await pair(adapter);
    const created = await mustCallHttp(a.url, 'createSession', { scenarioId: 'coffee-shop' });
    const facilitator = await connectClient(a.url, created.facilitatorToken);
    const joined = await mustCallHttp(b.url, 'joinSession', { code: created.joinCode, nickname: 'Ada' });
    const other = await mustCallHttp(a.url, 'joinSession', { code: created.joinCode, nickname: 'Bo' });
    const player = await connectClient(b.url, joined.playerToken);
    const watcher = await connectClient(a.url, other.playerToken);
    await facilitator.send('session:start', {});
    await player.waitFor((e) => e.type === 'turnOpened');
    expect((await player.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 280 } })).ok).toBe(true);
    // The ack follows the pushes on the same socket: the player holds its own decision by now.
    expect(player.events.find((e) => e.type === 'decisionSubmitted')).toMatchObject({ playerId: joined.playerId, decision: { value: 280 } });
    const seen = await facilitator.waitFor((e) => e.type === 'decisionSubmitted');
    expect(seen).toMatchObject({ playerId: joined.playerId, decision: { value: 280 } });
    expect(await watcher.waitFor((e) => e.type === 'decisionSealed')).toMatchObject({ playerId: joined.playerId });
    for (const c of [facilitator, player, watcher]) c.close();
  }, 60_000);

  it("closes a kicked player's sockets on another instance, after the news reached them", async () => {
    const [a, b] = await pair(adapter);
    const created = await mustCallHttp(a.url, 'createSession', { scenarioId: 'coffee-shop' });
    const facilitator = await connectClient(a.url, created.facilitatorToken);
    const joined = await mustCallHttp(b.url, 'joinSession', { code: created.joinCode, nickname: 'Ada' });
    const player = await connectClient(b.url, joined.playerToken, { reconnection: false });
    await facilitator.send('session:start', {});
    await player.waitFor((e) => e.type === 'turnOpened');
    const gone = new Promise<void>((resolve) => player.socket.once('disconnect', () => resolve()));
    expect((await facilitator.send('player:kick', { playerId: joined.playerId })).ok).toBe(true);
    await gone;
    expect(player.events.some((e) => e.type === 'playerKicked' && e.playerId === joined.playerId)).toBe(true);
    facilitator.close();
  }, 60_000);
});

describe('publishing only when another instance listens', () => {
  it('a client that connects to another instance while the room is being written gets every fact, from its catch-up or the fan-out', async () => {
    const [a, b] = await pair('sharded');
    const created = await mustCallHttp(a.url, 'createSession', { scenarioId: 'coffee-shop' });
    // Instance a writes (each join is a fact) while spectators connect to b, one every few writes:
    // each either finds itself listed by an append, or connected after it and reads it back.
    const spectators: Promise<ProtocolClient>[] = [];
    for (let i = 0; i < 30; i++) {
      if (i % 6 === 3) spectators.push(mustCallHttp(b.url, 'spectate', { code: created.joinCode }).then((s) => connectClient(b.url, s.spectatorToken)));
      await mustCallHttp(a.url, 'joinSession', { code: created.joinCode, nickname: `P${i}` });
    }
    // The last fact has no later push to reveal a gap: each spectator must have been sent it.
    const last = 31;
    for (const spectator of await Promise.all(spectators)) {
      await spectator.waitFor((e) => e.seq === last);
      expect(spectator.events.map((e) => e.seq)).toEqual(Array.from({ length: last }, (_, k) => k + 1));
      spectator.close();
    }
  }, 60_000);
});

describe('SIGTERM', () => {
  it('drains: the instance exits cleanly and its clients carry on from another instance', async () => {
    const [a, b] = await pair('classic');
    const created = await mustCallHttp(a.url, 'createSession', { scenarioId: 'coffee-shop' });
    const joined = await mustCallHttp(a.url, 'joinSession', { code: created.joinCode, nickname: 'Ada' });
    let urls = [a.url, b.url];
    const player = await connectFailover(() => urls, joined.playerToken, 0);
    const facilitator = await connectFailover(() => urls, created.facilitatorToken, 1);
    // A client of the instance that stays: the draining notice is not for it.
    const bystander = await connectClient(b.url, created.facilitatorToken);
    let noticed = false;
    bystander.socket.on('server:draining', () => { noticed = true; });
    await facilitator.send('session:start', {});
    await player.waitFor((e) => e.type === 'turnOpened');
    urls = [b.url];
    expect(await a.terminate()).toBe(0);
    started.splice(started.indexOf(a), 1);
    // A reply to a command sent after a's exit follows anything a's notice could have caused on b.
    expect((await bystander.send('session:sync', { after: 0 })).ok).toBe(true);
    expect(noticed).toBe(false);
    bystander.close();
    const ack = await player.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 281 } });
    expect(ack.ok).toBe(true);
    expect(player.moves).toBeGreaterThanOrEqual(1);
    await facilitator.waitFor((e) => e.type === 'decisionSubmitted');
    player.close();
    facilitator.close();
  }, 60_000);
});
