import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from '../../server/tools/client.js';
import { botDecision, type BotPolicy } from '../../server/tools/bots.js';
import { loadScenarioCatalogue } from '../../server/scenarios/catalogue.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { startTestServer } from '../support/server.js';
import { is, isTurn } from '../support/events.js';

let app: RunningApp;
let coffee: Scenario;
const open: ProtocolClient[] = [];
const track = (c: ProtocolClient) => { open.push(c); return c; };

beforeAll(async () => {
  app = await startTestServer();
  coffee = (await loadScenarioCatalogue('scenarios')).get('coffee-shop')!;
});
afterAll(async () => { await app.close(); });
afterEach(() => { while (open.length) open.pop()?.close(); });

type Seat = { client: ProtocolClient; playerId: string; token: string; seat: number; policy: BotPolicy };

async function setUp(policies: BotPolicy[] = ['biased', 'normative', 'halfway']) {
  const created = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
  const facilitator = track(await connectClient(app.url, created.facilitatorToken));
  const players: Seat[] = [];
  for (const [i, policy] of policies.entries()) {
    const j = await mustCallHttp(app.url, 'joinSession', { code: created.joinCode, nickname: `Player ${i}` });
    players.push({ client: track(await connectClient(app.url, j.playerToken)), playerId: j.playerId, token: j.playerToken, seat: j.seat, policy });
  }
  const { spectatorToken } = await mustCallHttp(app.url, 'spectate', { code: created.joinCode });
  const spectator = track(await connectClient(app.url, spectatorToken));
  return { created, facilitator, players, spectator };
}

async function submitFor(p: Seat, turn: number) {
  const opened = await p.client.waitFor(isTurn('turnOpened', turn));
  const decision = botDecision(p.policy, { scenario: coffee, opened, vars: opened.vars, events: p.client.events, memory: { belief: null }, playerId: p.playerId });
  return p.client.send('decision:submit', { commandId: newCommandId(), turn, decision: decision! });
}

/** Every player has decided when the facilitator has seen one decision per player for the turn. */
async function allDecided(facilitator: ProtocolClient, turn: number, count: number) {
  await facilitator.waitFor(() => facilitator.events.filter((e) => e.type === 'decisionSubmitted' && e.turn === turn).length >= count);
}

describe('a live coffee-shop session', () => {
  it('plays the whole scenario and gives every player their own debrief', async () => {
    const { facilitator, players, spectator } = await setUp();
    expect((await facilitator.send('session:start', {})).ok).toBe(true);
    const turnCount = (await facilitator.waitFor(is('sessionCreated'))).turnCount;
    for (let turn = 0; turn < turnCount; turn++) {
      const acks = await Promise.all(players.map((p) => submitFor(p, turn)));
      expect(acks.every((a) => a.ok)).toBe(true);
      await allDecided(facilitator, turn, players.length);
      expect(await facilitator.send('turn:close', { turn })).toMatchObject({ ok: true });
      await spectator.waitFor(isTurn('turnRevealed', turn));
      expect(await facilitator.send('turn:next', { turn })).toMatchObject({ ok: true });
    }
    for (const p of players) {
      const debrief = await p.client.waitFor(is('debriefPublished'));
      expect(Object.keys(debrief.players)).toEqual([p.playerId]);
      const finding = debrief.players[p.playerId]!.findings[0]!;
      const expected = { biased: 1, normative: 0, halfway: 0.5, silent: NaN }[p.policy];
      expect(finding.score).toBeCloseTo(expected, 2);
    }
    const classView = await facilitator.waitFor(is('debriefPublished'));
    expect(Object.keys(classView.players).sort()).toEqual(players.map((p) => p.playerId).sort());
    expect(classView.classSummary.turns).toHaveLength(turnCount);
    expect((await spectator.waitFor(is('debriefPublished'))).players).toEqual({});
    expect(await facilitator.send('session:end', {})).toMatchObject({ ok: true });
    await spectator.waitFor(is('sessionEnded'));
    // Every audience saw every sequence number, gap-free.
    for (const c of [facilitator, spectator, ...players.map((p) => p.client)]) {
      expect(c.events.map((e) => e.seq)).toEqual(Array.from({ length: c.lastSeq() }, (_, i) => i + 1));
    }
  });

  it('never shows a decision to a spectator or another player before the reveal', async () => {
    const { facilitator, players, spectator } = await setUp();
    await facilitator.send('session:start', {});
    const [a, b] = players as [Seat, Seat];
    await a.client.waitFor(isTurn('turnOpened', 0));
    const marker = 987_654;
    expect(await a.client.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: marker } })).toMatchObject({ ok: true });
    await Promise.all([b.client, spectator].map((c) => c.waitFor(is('decisionSealed'))));
    await facilitator.send('turn:close', { turn: 0 });
    const reveals = await Promise.all([b.client, spectator].map((c) => c.waitFor(isTurn('turnRevealed', 0))));
    for (const [i, c] of [b.client, spectator].entries()) {
      const before = c.events.filter((e) => e.seq < reveals[i]!.seq);
      expect(before.some((e) => e.type === 'decisionSubmitted')).toBe(false);
      expect(JSON.stringify(before)).not.toContain(String(marker));
    }
    expect(reveals[0]!.results[a.playerId]?.decision).toEqual({ kind: 'numeric', value: marker });
    const own = await a.client.waitFor(is('decisionSubmitted'));
    expect(own.decision).toEqual({ kind: 'numeric', value: marker });
  });

  it('acks a duplicate submit with the original answer and counts it once', async () => {
    const { facilitator, players } = await setUp();
    await facilitator.send('session:start', {});
    const [a] = players as [Seat];
    await a.client.waitFor(isTurn('turnOpened', 0));
    const payload = { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric' as const, value: 300 } };
    const first = await a.client.send('decision:submit', payload);
    const second = await a.client.send('decision:submit', { ...payload, decision: { kind: 'numeric', value: 999 } });
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    await facilitator.send('turn:close', { turn: 0 });
    const revealed = await facilitator.waitFor(isTurn('turnRevealed', 0));
    expect(facilitator.events.filter((e) => e.type === 'decisionSubmitted' && e.playerId === a.playerId)).toHaveLength(1);
    expect(revealed.results[a.playerId]?.decision).toEqual({ kind: 'numeric', value: 300 });
  });

  it('brings a reconnecting player exactly the missed events, in the same seat', async () => {
    const { facilitator, players } = await setUp();
    await facilitator.send('session:start', {});
    const [a, b, c] = players as [Seat, Seat, Seat];
    await a.client.waitFor(isTurn('turnOpened', 0));
    const lastSeq = a.client.lastSeq();
    a.client.close();
    await submitFor(b, 0);
    await submitFor(c, 0);
    await allDecided(facilitator, 0, 2);
    const current = facilitator.lastSeq();
    expect(current).toBeGreaterThan(lastSeq);

    const back = track(await connectClient(app.url, a.token, { lastSeq }));
    await back.waitFor(() => back.catchUps.length > 0);
    expect(back.catchUps[0]!.map((e) => e.seq)).toEqual(Array.from({ length: current - lastSeq }, (_, i) => lastSeq + 1 + i));
    expect(back.catchUps[0]!.every((e) => e.type === 'decisionSealed')).toBe(true);
    expect(back.welcome).toMatchObject({ playerId: a.playerId, role: 'player' });
    const ack = await back.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 290 } });
    expect(ack.ok).toBe(true);
    await facilitator.send('turn:close', { turn: 0 });
    const revealed = await back.waitFor(isTurn('turnRevealed', 0));
    expect(revealed.results[a.playerId]).toMatchObject({ defaulted: false, decision: { kind: 'numeric', value: 290 } });
  });

  it('answers FORBIDDEN to a spectator submit and to a player driving the session', async () => {
    const { facilitator, players, spectator } = await setUp();
    await facilitator.send('session:start', {});
    const forbidden = await spectator.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 1 } });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await players[0]!.client.send('turn:close', { turn: 0 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('answers BAD_PAYLOAD to malformed payloads and changes nothing', async () => {
    const { facilitator, players } = await setUp();
    await facilitator.send('session:start', {});
    const a = players[0]!;
    await a.client.waitFor(isTurn('turnOpened', 0));
    const before = await facilitator.send('session:sync', { after: 0 });
    const raw = a.client.socket.timeout(3000);
    const malformed: unknown[] = [
      null, 42, 'x', {}, { commandId: 'short', turn: 0, decision: { kind: 'numeric', value: 1 } },
      { commandId: newCommandId(), turn: -1, decision: { kind: 'numeric', value: 1 } },
      { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: '1' } },
      { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 1 }, extra: true },
      JSON.parse(`{"commandId":"${newCommandId()}","turn":0,"decision":{"kind":"numeric","value":1,"__proto__":{"polluted":1}}}`),
      { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: Number.POSITIVE_INFINITY } },
    ];
    for (const payload of malformed) {
      const reply = await (raw.emitWithAck as (e: string, p: unknown) => Promise<unknown>)('decision:submit', payload);
      expect(reply).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    }
    expect(await (raw.emitWithAck as (e: string, p: unknown) => Promise<unknown>)('no:such-command', {})).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    const after = await facilitator.send('session:sync', { after: 0 });
    expect(after).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a handshake without a valid token', async () => {
    for (const token of ['', 'garbage', 'a.b.c']) {
      await expect(connectClient(app.url, token, { reconnection: false })).rejects.toThrow('UNAUTHORIZED');
    }
  });
});

describe('kicking a player', () => {
  it('closes their sockets, refuses their token and their decisions, and leaves them out of the reveal', async () => {
    const { facilitator, players } = await setUp();
    await facilitator.send('session:start', {});
    const [a, b] = players as [Seat, Seat];
    const secondTab = track(await connectClient(app.url, a.token, { reconnection: false }));
    const gone = Promise.all([a.client, secondTab].map((c) => new Promise<void>((resolve) => c.socket.once('disconnect', () => resolve()))));
    expect(await facilitator.send('player:kick', { playerId: a.playerId })).toMatchObject({ ok: true });
    await gone;
    await expect(connectClient(app.url, a.token, { reconnection: false })).rejects.toThrow('UNAUTHORIZED');
    expect(await facilitator.send('player:kick', { playerId: a.playerId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await b.client.send('player:kick', { playerId: a.playerId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await facilitator.send('turn:close', { turn: 0 });
    const revealed = await facilitator.waitFor(isTurn('turnRevealed', 0));
    expect(Object.keys(revealed.results)).not.toContain(a.playerId);
    expect(Object.keys(revealed.results)).toContain(b.playerId);
  });
  it('closes the kicked player\'s sockets even when the facilitator is gone by the time the news goes out', async () => {
    const { facilitator, players } = await setUp();
    await facilitator.send('session:start', {});
    const [a] = players as [Seat];
    const gone = new Promise<void>((resolve) => a.client.socket.once('disconnect', () => resolve()));
    // Send the kick and hang up at once: the facilitator's channel is likely empty when the room pushes.
    facilitator.socket.emit('player:kick', { playerId: a.playerId }, () => undefined);
    facilitator.close();
    await gone;
    await expect(connectClient(app.url, a.token, { reconnection: false })).rejects.toThrow('UNAUTHORIZED');
  });
});
