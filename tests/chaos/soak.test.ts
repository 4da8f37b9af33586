import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import type { HttpBody, HttpContracts, HttpResponse } from '../../shared/protocol/index.js';
import { createRedisStore } from '../../server/store/redis.js';
import { mustCallHttp, newCommandId } from '../../server/tools/client.js';
import { connectFailover, type FailoverClient } from '../support/failover.js';
import { checkDecisions, type Told } from '../support/log-check.js';
import { startRedisServer, startServerProcess, type RedisProcess, type ServerProcess } from '../support/processes.js';

/**
 * RELIABILITY.md R9, run by `npm run test:chaos` (SOAK_MINUTES, default 30): sessions played
 * back to back on three instances with think-time jitter and connection resets; a tenth of the
 * players go dark for three minutes (a tenth of the run, if shorter). Pass: 0 lost decisions,
 * RSS growth < 50 MB after warm-up, event-loop delay p99 < 50 ms on every instance.
 */
const minutes = Number(process.env.SOAK_MINUTES ?? 30);
const sessionsAtOnce = Number(process.env.SOAK_SESSIONS ?? 10);
const playersPerSession = 10;
const darkMs = Math.min(3 * 60_000, minutes * 6000);
const scenarioDir = mkdtempSync(path.join(tmpdir(), 'cognitrap-soak-'));
writeFileSync(path.join(scenarioDir, 'coffee-shop.yaml'), readFileSync('scenarios/coffee-shop.yaml', 'utf8').replace(/timerSeconds: \d+/g, 'timerSeconds: 6'));

let redis: RedisProcess;
let instances: ServerProcess[] = [];
const urls = () => instances.map((i) => i.url);
beforeAll(async () => {
  redis = await startRedisServer();
  const env = { REDIS_URL: redis.url, SCENARIOS_DIR: scenarioDir, TIMER_POLL_MS: '50' };
  instances = await Promise.all([0, 1, 2].map(() => startServerProcess(env)));
});
afterAll(async () => {
  await Promise.all(instances.map((i) => i.terminate()));
  await redis.stop();
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)] as T;

async function http<K extends keyof HttpContracts>(name: K, body: HttpBody<K>): Promise<HttpResponse<K>> {
  return mustCallHttp(pick(urls()), name, body);
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function loopDelayP99Ms(url: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  return Number(/^nodejs_eventloop_lag_p99_seconds (\S+)/m.exec(text)?.[1] ?? 0) * 1000;
}

type Played = { sessionId: string; told: Told[]; turns: number };

async function playOne(until: number, dark: Set<FailoverClient>): Promise<Played> {
  const created = await http('createSession', { scenarioId: 'coffee-shop' });
  const bots: { playerId: string; client: FailoverClient }[] = [];
  for (let i = 0; i < playersPerSession; i++) {
    const j = await http('joinSession', { code: created.joinCode, nickname: `S${i}` });
    bots.push({ playerId: j.playerId, client: await connectFailover(urls, j.playerToken, i % 3) });
  }
  const facilitator = await connectFailover(urls, created.facilitatorToken, 0);
  await facilitator.send('session:start', {});
  const told: Told[] = [];
  const play = bots.map(async (bot) => {
    for (let turn = 0; turn < 4; turn++) {
      const opened = await bot.client.waitFor((e) => e.type === 'turnOpened' && e.turn === turn, 5 * 60_000);
      if (dark.has(bot.client) || opened.type !== 'turnOpened') continue;
      await delay(Math.random() * 3000);
      const ack = await bot.client.send('decision:submit', { commandId: newCommandId(), turn, decision: { kind: 'numeric', value: 100 + turn } });
      if (ack.ok) told.push({ playerId: bot.playerId, commandId: '', seq: ack.data.seq });
      if (Math.random() < 0.1) await bot.client.reset();
    }
  });
  for (let turn = 0; turn < 4; turn++) {
    await facilitator.waitFor((e) => e.type === 'turnRevealed' && e.turn === turn, 60_000);
    await facilitator.send('turn:next', { turn });
  }
  await facilitator.waitFor((e) => e.type === 'debriefPublished', 60_000);
  await Promise.all(play);
  if (Date.now() < until && dark.size === 0 && Math.random() < 0.5) {
    // A tenth of this session's players go dark, then come back with their last sequence number.
    for (const b of bots.slice(0, playersPerSession / 10)) dark.add(b.client);
  }
  for (const c of [facilitator, ...bots.map((b) => b.client)]) if (!dark.has(c)) c.close();
  return { sessionId: created.sessionId, told, turns: 4 };
}

describe('soak', () => {
  it('loses nothing; memory and event-loop delay stay flat', async () => {
    const until = Date.now() + minutes * 60_000;
    const samples: { at: number; rss: number[]; p99: number[] }[] = [];
    const sampler = setInterval(() => {
      void Promise.all(instances.map((i) => loopDelayP99Ms(i.url))).then((p99) => {
        samples.push({ at: Date.now(), rss: instances.map((i) => rssMb(i.proc.pid ?? 0)), p99 });
      });
    }, Math.max(2000, (minutes * 60_000) / 60));
    const played: Played[] = [];
    const dark = new Set<FailoverClient>();
    const darkness = (async () => {
      await delay(minutes * 60_000 * 0.3);
      await Promise.all([...dark].map((c) => c.goDark(darkMs).then(() => c.close())));
    })();
    await Promise.all(Array.from({ length: sessionsAtOnce }, async () => {
      while (Date.now() < until) played.push(await playOne(until, dark));
    }));
    await darkness;
    clearInterval(sampler);

    const client = new Redis(redis.url);
    const store = createRedisStore(client, { prefix: 'cg', instanceId: 'test-instance', idleTtlSeconds: 3600, replayTtlSeconds: 3600 });
    let lost = 0;
    for (const p of played) {
      const log = await store.readFacts(p.sessionId, 0);
      const bySeq = new Map(log.map((f) => [f.seq, f]));
      for (let turn = 0; turn < p.turns; turn++) {
        const told = p.told.flatMap((t) => {
          const f = bySeq.get(t.seq);
          return f?.type === 'decisionSubmitted' && f.turn === turn ? [{ ...t, commandId: f.commandId }] : [];
        });
        lost += checkDecisions(log, told, turn).lost;
      }
      lost += p.told.filter((t) => bySeq.get(t.seq)?.type !== 'decisionSubmitted').length;
    }
    await store.close();
    const warm = samples.filter((s) => s.at >= samples[0]!.at + (samples.at(-1)!.at - samples[0]!.at) * 0.25);
    const growth = instances.map((_, i) => Math.max(...warm.map((s) => s.rss[i] ?? 0)) - Math.min(...warm.map((s) => s.rss[i] ?? 0)));
    const p99 = Math.max(...samples.flatMap((s) => s.p99));
    process.stdout.write(`soak: ${played.length} sessions, ${played.reduce((n, p) => n + p.told.length, 0)} decisions, lost ${lost}, RSS growth ${growth.map((g) => g.toFixed(1)).join('/')} MB, event-loop p99 ${p99.toFixed(1)} ms\n`);
    expect(lost).toBe(0);
    expect(Math.max(...growth)).toBeLessThan(50);
    expect(p99).toBeLessThan(50);
  });
});
