import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { callHttp, connectClient, mustCallHttp } from '../../server/tools/client.js';
import { startTestServer } from '../support/server.js';
import { is } from '../support/events.js';

let app: RunningApp;
beforeAll(async () => { app = await startTestServer({ ALLOWED_ORIGINS: 'https://class.example' }); });
afterAll(async () => { await app.close(); });

const post = (path: string, body: string) => fetch(new URL(path, app.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('HTTP endpoints', () => {
  it('reports health and readiness', async () => {
    expect((await fetch(new URL('/healthz', app.url))).status).toBe(200);
    expect(await (await fetch(new URL('/readyz', app.url))).json()).toEqual({ ok: true });
  });

  it('lists the scenarios with their shape', async () => {
    const res = await mustCallHttp(app.url, 'listScenarios');
    const coffee = res.scenarios.find((s) => s.id === 'coffee-shop');
    expect(coffee).toMatchObject({ biases: ['exponential-growth'], players: { min: 1, max: 60 } });
    expect(coffee?.turnCount).toBeGreaterThanOrEqual(4);
  });

  it('creates a session with a short readable join code and a facilitator token', async () => {
    const created = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    expect(created.joinCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    const facilitator = await connectClient(app.url, created.facilitatorToken);
    expect((await facilitator.waitFor(is('sessionCreated'))).sessionId).toBe(created.sessionId);
    facilitator.close();
  });

  it('joins by code case-insensitively, gives seats in order and refuses a taken nickname', async () => {
    const { joinCode, sessionId } = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    const a = await mustCallHttp(app.url, 'joinSession', { code: joinCode.toLowerCase(), nickname: 'Ada' });
    const b = await mustCallHttp(app.url, 'joinSession', { code: joinCode, nickname: 'Blaise' });
    expect([a.sessionId, a.seat, b.seat]).toEqual([sessionId, 0, 1]);
    const taken = await callHttp(app.url, 'joinSession', { code: joinCode, nickname: ' ADA ' });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'NICKNAME_TAKEN' } } });
  });

  it('answers coded errors for unknown codes, unknown scenarios and bad bodies', async () => {
    expect(await callHttp(app.url, 'joinSession', { code: 'ZZZZZZ', nickname: 'x' })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await callHttp(app.url, 'spectate', { code: 'ZZZZZZ' })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    expect(await callHttp(app.url, 'createSession', { scenarioId: 'nope' })).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND' } } });
    for (const body of ['{', '[]', '{"code":"ABC"}', '{"code":"ABCDEF","nickname":""}', `{"code":"ABCDEF","nickname":"${'x'.repeat(20_000)}"}`]) {
      const res = await post('/api/join', body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BAD_PAYLOAD' } });
    }
    const missing = await fetch(new URL('/api/nothing', app.url));
    expect(missing.status).toBe(404);
  });

  it('refuses WebSocket handshakes from a foreign Origin and accepts listed ones', async () => {
    const { joinCode } = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    const { spectatorToken } = await mustCallHttp(app.url, 'spectate', { code: joinCode });
    for (const origin of ['https://evil.example', 'null', 'https://class.example.evil.com']) {
      await expect(connectClient(app.url, spectatorToken, { origin, reconnection: false })).rejects.toThrow();
    }
    const ok = await connectClient(app.url, spectatorToken, { origin: 'https://class.example' });
    ok.close();
  });
});

describe('metrics', () => {
  it('exposes command outcomes, ack latency, connections and event-loop delay in Prometheus format', async () => {
    const { joinCode } = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    const { spectatorToken } = await mustCallHttp(app.url, 'spectate', { code: joinCode });
    const spectator = await connectClient(app.url, spectatorToken);
    await spectator.send('decision:submit', { commandId: 'abcdefgh1', turn: 0, decision: { kind: 'numeric', value: 1 } });
    const text = await (await fetch(new URL('/metrics', app.url))).text();
    expect(text).toMatch(/cognitrap_commands_total\{command="decision:submit",outcome="FORBIDDEN"\} [1-9]/);
    expect(text).toMatch(/cognitrap_ack_latency_seconds_count\{command="decision:submit"\} [1-9]/);
    expect(text).toMatch(/cognitrap_connections\{role="spectator"\} [1-9]/);
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    spectator.close();
  });
});
