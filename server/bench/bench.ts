/**
 * `npm run bench [-- --redis [--instances 2] [--adapter sharded|classic] [--redis-core 0|1]] [--runs 3] [--seconds 10] [--scales closed,think,idle,idle10k]`
 * `npm run bench -- --scales load [--rates 500,1000,2000,3000,4000] [--runs 1]`: ack latency against offered load (not run by default)
 *
 * Starts the server in separate processes (pinned to core 0 where taskset is available, this load
 * generator to core 1), drives it with protocol bots, and runs a bare Socket.IO baseline with the
 * same bots in the same run. Prints a table (median [min–max] over the runs, and the ratio to the
 * baseline) and writes JSON to bench-results/.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { eventLoopP99Ms, percentile, processUsage, redisUsage, rssBytes, summarize, type RedisUsage } from './measure.js';
import { closeAll, connect, runLoad, setUp } from './load.js';
import { benchEnv, SERVER_NODE_FLAGS, startBenchServer, type TargetKind } from './servers.js';
import { idleRun } from './idle.js';
import { lineChart } from './chart.js';

const { values: args } = parseArgs({ options: {
  redis: { type: 'boolean', default: false }, adapter: { type: 'string', default: 'sharded' }, instances: { type: 'string', default: '2' }, runs: { type: 'string', default: '3' },
  seconds: { type: 'string', default: '10' }, scales: { type: 'string' },
  // The offered loads (decisions/s) of the `load` scales: 500 rooms × 4 players with the think time that offers each.
  rates: { type: 'string', default: '500,1000,2000,3000,4000' },
  // Where the bench's Redis runs: on the servers' core (0, the default: what the records use), or the load generator's (1).
  'redis-core': { type: 'string', default: '0' },
} });
const runs = Number(args.runs);
const seconds = Number(args.seconds);
const instancesWanted = args.redis ? Number(args.instances) : 1;
const pinned = spawnSync('taskset', ['-V']).status === 0 && Number(execFileSync('nproc').toString().trim()) >= 2;
// -a: every thread of this process (V8's GC helpers too), not only the main thread, stays off the servers' core.
if (pinned) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)]);
const say = (line = '') => process.stdout.write(`${line}\n`);

const startServer = (kind: TargetKind, env: Record<string, string>) => startBenchServer(kind, env, { pin: pinned });

let redisUrl = '';
let redisProc: ChildProcess | null = null;
async function startRedis(): Promise<void> {
  const port = 6500 + Math.floor(Math.random() * 400);
  const dir = mkdtempSync(path.join(tmpdir(), 'cognitrap-bench-redis-'));
  const argv = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec', '--maxmemory-policy', 'noeviction', '--dir', dir];
  redisProc = pinned ? spawn('taskset', ['-c', args['redis-core'] ?? '0', 'redis-server', ...argv], { stdio: 'ignore' }) : spawn('redis-server', argv, { stdio: 'ignore' });
  redisUrl = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100 && spawnSync('redis-cli', ['-p', String(port), 'ping']).stdout?.toString().trim() !== 'PONG'; i++) await new Promise((r) => setTimeout(r, 50));
}

function serverEnv(kind: TargetKind, run: number): Record<string, string> {
  return benchEnv(kind, args.redis ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: `bench${run}${kind}`, REDIS_ADAPTER: args.adapter ?? 'sharded' } : {});
}

type Figures = Record<string, number>;

/** The bench's own Redis's use so far (CPU seconds, commands), on a connection of its own. */
async function benchRedisUsage(): Promise<RedisUsage> {
  const client = new Redis(redisUrl, { lazyConnect: true });
  await client.connect();
  try {
    return await redisUsage(client);
  } finally {
    client.disconnect();
  }
}

/**
 * Every run starts from the same Redis: no data, and an append-only file just rewritten. Without
 * this the later runs' Redis held the earlier runs' logs, and the AOF rewrite that a run's appends
 * start (one per Cognitrap run: past 64 MB, or twice the last rewrite) serialized all of them, on
 * the servers' core: Redis's own CPU per decision rose run by run (13.9 to 20.8 µs in one record).
 */
async function resetBenchRedis(): Promise<void> {
  const client = new Redis(redisUrl, { lazyConnect: true });
  await client.connect();
  try {
    await client.flushall();
    await client.bgrewriteaof();
    for (let i = 0; i < 600; i++) {
      const info = await client.info('persistence');
      if (/^aof_rewrite_in_progress:0/m.test(info) && /^aof_rewrite_scheduled:0/m.test(info)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the bench Redis did not finish rewriting its append-only file within 30 s');
  } finally {
    client.disconnect();
  }
}

async function throughputRun(kind: TargetKind, run: number, rooms: number, players: number, spectators: number, thinkMs: number, spread = false): Promise<Figures> {
  if (args.redis) await resetBenchRedis();
  const servers = await Promise.all(Array.from({ length: instancesWanted }, () => startServer(kind, serverEnv(kind, run))));
  try {
    const bench = await setUp(kind, servers.map((s) => s.url), rooms, players, spectators, spread);
    const cpu = () => servers.map((x) => processUsage(x.pid)).reduce((a, b) => ({
      user: a.user + b.user, system: a.system + b.system, faults: a.faults + b.faults, writes: a.writes + b.writes, reads: a.reads + b.reads,
    }));
    let cpu0 = { user: 0, system: 0, faults: 0, writes: 0, reads: 0 };
    let cpu1 = cpu0;
    let loopP99 = 0;
    // The load generator's own event-loop delay over the window: what of a latency tail is the
    // measuring side's (its collector, a burst of pushes to parse), for both servers alike.
    const loader = monitorEventLoopDelay({ resolution: 1 });
    let loaderCpu0 = process.cpuUsage();
    let loaderCpu = { user: 0, system: 0 };
    let redis0: RedisUsage = { cpu: Number.NaN, commands: Number.NaN, rewrites: Number.NaN };
    let redis1 = redis0;
    const load = await runLoad(kind, bench, thinkMs, 2000, seconds * 1000, async (phase) => {
      if (phase === 'start') {
        if (args.redis) redis0 = await benchRedisUsage();
        cpu0 = cpu();
        await Promise.all(servers.map((s) => eventLoopP99Ms(s.url, kind)));
        loader.enable();
        loaderCpu0 = process.cpuUsage();
      } else {
        loaderCpu = process.cpuUsage(loaderCpu0);
        loader.disable();
        cpu1 = cpu();
        if (args.redis) redis1 = await benchRedisUsage();
        loopP99 = Math.max(...(await Promise.all(servers.map((s) => eventLoopP99Ms(s.url, kind)))));
      }
    });
    const rss = servers.reduce((s, x) => s + rssBytes(x.pid), 0);
    closeAll(bench);
    const perDecision = (count: number) => (load.decisions > 0 ? count / load.decisions : Number.NaN);
    const offered = thinkMs > 0 ? (rooms * players * 1000) / thinkMs : Number.NaN;
    return {
      decisionsPerSec: load.decisions / load.seconds, offeredPerSec: offered, errors: load.errors,
      ackP50: percentile(load.ack, 50), ackP95: percentile(load.ack, 95), ackP99: percentile(load.ack, 99),
      pushPlayerP50: percentile(load.pushPlayer, 50), pushPlayerP99: percentile(load.pushPlayer, 99),
      pushSpectatorP50: percentile(load.pushSpectator, 50), pushSpectatorP99: percentile(load.pushSpectator, 99),
      cpuUsPerDecision: perDecision((cpu1.user + cpu1.system - cpu0.user - cpu0.system) * 1e6),
      systemUsPerDecision: perDecision((cpu1.system - cpu0.system) * 1e6),
      pageFaultsPerDecision: perDecision(cpu1.faults - cpu0.faults),
      writesPerDecision: perDecision(cpu1.writes - cpu0.writes), readsPerDecision: perDecision(cpu1.reads - cpu0.reads),
      rssMb: rss / 2 ** 20, eventLoopP99Ms: loopP99, loaderEventLoopP99Ms: loader.percentile(99) / 1e6,
      // Whether the load generator's core was the limit: its own CPU time per decision (a closed loop
      // at its core's capacity would show ~1e6 / decisions per second here).
      loaderCpuUsPerDecision: perDecision(loaderCpu.user + loaderCpu.system),
      // Redis shares the servers' core: its own work per decision, and the commands it ran for it.
      ...(args.redis ? { redisCpuUsPerDecision: perDecision((redis1.cpu - redis0.cpu) * 1e6), redisCommandsPerDecision: perDecision(redis1.commands - redis0.commands),
        redisAofRewrites: redis1.rewrites - redis0.rewrites } : {}),
    };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

type Scale = { name: string; title: string; run: (kind: TargetKind, run: number) => Promise<Figures>; kinds: TargetKind[]; repeat: number };

const scales: Scale[] = args.redis
  ? [
      { name: 'redis-closed', title: `Redis, ${instancesWanted} instances: 50 rooms × (4 players + 1 spectator), closed loop, each room's clients on the instance the balancer picks`,
        kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => throughputRun(k, r, 50, 4, 1, 0) },
      { name: 'redis-spread', title: `Redis, ${instancesWanted} instances: the same with each room's clients spread over the instances (worst case, no target)`,
        kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => throughputRun(k, r, 50, 4, 1, 0, true) },
    ]
  : [
      { name: 'closed', title: '50 rooms × (4 players + 1 spectator), closed loop', kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => throughputRun(k, r, 50, 4, 1, 0) },
      { name: 'think', title: '500 rooms × (4 players + 1 spectator), 1 s think time', kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => throughputRun(k, r, 500, 4, 1, 1000) },
      { name: 'idle', title: '5,000 idle connections', kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => idleRun(k, 5000, () => startServer(k, serverEnv(k, r)), connect) },
      { name: 'idle10k', title: '10,000 idle players on one instance', kinds: ['cognitrap'], repeat: 1, run: (k, r) => idleRun(k, 10_000, () => startServer(k, serverEnv(k, r)), connect) },
    ];
/** Ack latency against offered load: the think-time scale's rooms, with the think time that offers each rate. Only when asked for (`--scales load`). */
const rates = (args.rates ?? '').split(',').map(Number).filter((r) => r > 0);
const loadScales: Scale[] = rates.map((rate) => {
  const thinkMs = (500 * 4 * 1000) / rate;
  return {
    name: `load-${rate}`, title: `500 rooms × (4 players + 1 spectator), ${rate} decisions/s offered (think time ${(thinkMs / 1000).toFixed(2)} s)`,
    kinds: ['baseline', 'cognitrap'], repeat: runs, run: (k, r) => throughputRun(k, r, 500, 4, 1, thinkMs),
  };
});
const wanted = args.scales?.split(',') ?? null;
const chosen = wanted === null ? scales : [...scales, ...loadScales].filter((s) => wanted.includes(s.name) || (wanted.includes('load') && s.name.startsWith('load-')));

/** The chart of the `load` scales that ran: ack p50 and p99 (medians of the runs) of both servers against the offered rate. */
function loadChart(results: Record<string, Record<string, Figures[]>>): string | null {
  const ran = loadScales.filter((s) => results[s.name]);
  if (ran.length === 0) return null;
  const median = (name: string, kind: TargetKind, key: string) => summarize((results[name]?.[kind] ?? []).map((f) => f[key] ?? Number.NaN)).median;
  const series = (kind: TargetKind, key: 'ackP50' | 'ackP99', color: string, dashed: boolean) => ({
    name: `${kind === 'cognitrap' ? 'Cognitrap' : 'baseline'} ack ${key === 'ackP50' ? 'p50' : 'p99'}`, color, dashed,
    points: ran.map((s) => ({ x: median(s.name, kind, 'offeredPerSec'), y: median(s.name, kind, key) })),
  });
  return lineChart({
    title: `Ack latency against offered load (${args.redis ? `Redis, ${instancesWanted} instances` : 'memory store'}; 500 × (4 + 1))`,
    xLabel: 'offered decisions/s', yLabel: 'ack latency, ms (log scale)',
    series: [series('cognitrap', 'ackP50', '#c0392b', false), series('cognitrap', 'ackP99', '#c0392b', true), series('baseline', 'ackP50', '#2c6fbb', false), series('baseline', 'ackP99', '#2c6fbb', true)],
  });
}

const fmt = (v: number) => (Number.isNaN(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2));

/**
 * How fast the host is right now, for reading the run's absolute figures: `bench:pipeline` (the
 * room pipeline alone, in a process of its own on the servers' core), µs per decision, the median
 * of its rounds after the first. Its own figure varies by a few percent on a steady host; the same
 * code has measured 32 to 64 on this VM within an hour.
 */
function hostCheck(): number {
  const argv = [...SERVER_NODE_FLAGS, '--import', 'tsx', 'server/bench/pipeline.ts', '--rounds', '4', '--decisions', '20000'];
  const out = pinned ? spawnSync('taskset', ['-c', '0', process.execPath, ...argv]) : spawnSync(process.execPath, argv);
  const rounds = [...(out.stdout?.toString() ?? '').matchAll(/^round \d+: µs per decision\s+([\d.]+)/gm)].map((m) => Number(m[1])).slice(1);
  return rounds.length === 0 ? Number.NaN : percentile(rounds, 50);
}

async function main(): Promise<void> {
  say(`Cognitrap benchmark — ${new Date().toISOString()}; node ${process.version}; taskset ${pinned ? 'used: servers on core 0, load generator on core 1' : 'NOT available: processes are not pinned'}`);
  say(`runs per scale: ${runs}; measured window: ${seconds} s after 2 s warm-up; store: ${args.redis ? `Redis (AOF everysec, on core ${pinned ? args['redis-core'] : 'any'}), ${instancesWanted} instances, ${args.adapter} adapter on both servers` : 'memory'}`);
  const host = { before: hostCheck(), after: Number.NaN };
  say(`host check: the room pipeline alone (npm run bench:pipeline) on ${pinned ? 'core 0' : 'any core'}: ${fmt(host.before)} µs per decision`);
  if (args.redis) await startRedis();
  const results: Record<string, Record<string, Figures[]>> = {};
  for (const scale of chosen) {
    results[scale.name] = {};
    for (let r = 0; r < scale.repeat; r++) {
      for (const kind of scale.kinds) {
        const figures = await scale.run(kind, r);
        (results[scale.name]![kind] ??= []).push(figures);
        say(`  ${scale.name} run ${r + 1} ${kind}: ${Object.entries(figures).map(([k, v]) => `${k}=${fmt(v)}`).join(' ')}`);
      }
    }
    say(`\n${scale.title}`);
    const keys = Object.keys(results[scale.name]!.cognitrap?.[0] ?? {});
    say(`| figure | Cognitrap median [range] | baseline median [range] | ratio |\n| --- | --- | --- | --- |`);
    for (const key of keys) {
      const c = summarize(results[scale.name]!.cognitrap!.map((f) => f[key] ?? Number.NaN));
      const b = results[scale.name]!.baseline ? summarize(results[scale.name]!.baseline!.map((f) => f[key] ?? Number.NaN)) : null;
      say(`| ${key} | ${fmt(c.median)} [${fmt(c.min)}–${fmt(c.max)}] | ${b ? `${fmt(b.median)} [${fmt(b.min)}–${fmt(b.max)}]` : '—'} | ${b && b.median ? fmt(c.median / b.median) : '—'} |`);
    }
    say('');
  }
  redisProc?.kill('SIGKILL');
  host.after = hostCheck();
  say(`host check at the end: ${fmt(host.after)} µs per decision (at the start: ${fmt(host.before)})`);
  mkdirSync('bench-results', { recursive: true });
  const file = path.join('bench-results', `bench-${args.redis ? 'redis' : 'memory'}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), node: process.version, pinned, args, hostCheckUsPerDecision: host, results }, null, 2));
  say(`results: ${file}`);
  const chart = loadChart(results);
  if (chart !== null) {
    const svg = file.replace(/\.json$/, '-ack-vs-load.svg');
    writeFileSync(svg, chart);
    say(`chart: ${svg}`);
  }
  const { checkTargets } = await import('./targets.js');
  for (const line of checkTargets(results)) say(line);
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  redisProc?.kill('SIGKILL');
  process.exit(1);
});
