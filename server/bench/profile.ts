/**
 * `npm run bench:profile [-- --scale closed|think] [--heap [--promoted]] [--redis [--redis-url U] [--instances 2] [--spread]] [--baseline] [--pin]`: where
 * does the server's time go (or with --heap, its allocations)? With --baseline, the bare Socket.IO baseline's under the same load; with --pin, the servers on
 * core 0 and this load generator on core 1, as `npm run bench` runs them (the profile's samples are wall
 * time: unpinned, a server descheduled inside a system call is counted busy in it). Drives Cognitrap with the closed-loop load (50 rooms × (4 + 1)) or the
 * think-time load (500 rooms × (4 + 1), 1 s think), profiles the first instance during the measured
 * window only (not start-up or set-up), and prints the functions with the most self time and the
 * most total time. The .cpuprofile is kept in bench-results/ for Chrome DevTools.
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeAll, runLoad, setUp } from './load.js';
import { benchEnv, startBenchServer } from './servers.js';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
const { values: args } = parseArgs({ options: {
  scale: { type: 'string', default: 'closed' }, heap: { type: 'boolean', default: false }, promoted: { type: 'boolean', default: false }, redis: { type: 'boolean', default: false }, 'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' }, instances: { type: 'string', default: '1' }, spread: { type: 'boolean', default: false },
  baseline: { type: 'boolean', default: false }, pin: { type: 'boolean', default: false },
} });
const kind = args.baseline ? 'baseline' : 'cognitrap';
const think = args.scale === 'think';
if (args.pin) execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)]);
const dir = path.resolve('bench-results', `profile-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const redis: Record<string, string> = !args.redis ? {} : { REDIS_URL: args['redis-url'], REDIS_KEY_PREFIX: `profile${Date.now()}`, REDIS_ALLOW_UNSAFE: 'true' };
const start = () => startBenchServer(kind, benchEnv(kind, redis), { pin: args.pin, ipc: true });
const servers = await Promise.all(Array.from({ length: Number(args.instances) }, start));
const profiled = servers[0]?.proc as ChildProcess;
const file = path.join(dir, args.heap ? 'window.heapprofile' : 'window.cpuprofile');
const bench = await setUp(kind, servers.map((s) => s.url), think ? 500 : 50, 4, 1, args.spread);
const load = await runLoad(kind, bench, think ? 1000 : 0, 2000, 8000, async (phase) => {
  if (phase === 'start') profiled.send({ profile: 'start', heap: args.heap, promoted: args.promoted });
  else await new Promise((resolve) => { profiled.once('message', resolve); profiled.send({ profile: 'stop', file }); });
});
closeAll(bench);
await Promise.all(servers.map((s) => s.stop()));
if (args.heap) {
  printAllocations(JSON.parse(readFileSync(file, 'utf8')) as { head: HeapNode }, load.decisions);
  process.exit(0);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] };
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const { self, inclusive, total } = tally(profile.nodes[0] as Node, (n) => (n.children ?? []).map((id) => nodes.get(id) as Node), (n) => n.hitCount ?? 0);
const busy = total - [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
const top = (m: Map<string, number>, n: number) => [...m.entries()].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n);
process.stdout.write(`${kind}, ${args.scale}${!args.redis ? '' : `, Redis, ${args.instances} instance(s)`}: ${(load.decisions / load.seconds).toFixed(0)} decisions/s; `
  + `the profiled instance busy ${((busy / total) * 100).toFixed(0)} % of the window; profile: ${file}\n`);
process.stdout.write('\nself time, % of busy time\n');
for (const [k, hits] of top(self, 30)) process.stdout.write(`${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
process.stdout.write('\ntotal time (self and callees), % of busy time\n');
for (const [k, hits] of top(inclusive, 45)) process.stdout.write(`${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${k}\n`);

type HeapNode = { callFrame: Node['callFrame']; selfSize: number; children: HeapNode[] };

function where(frame: Node['callFrame']): string {
  return `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${frame.lineNumber + 1}`;
}

/**
 * Per function: its own amount (samples or bytes) and its total with its callees. A total counts a
 * function once per stack, however deep it recurses.
 */
function tally<N extends { callFrame: Node['callFrame'] }>(root: N, children: (n: N) => readonly N[], amount: (n: N) => number) {
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const visit = (n: N, onStack: Set<string>): number => {
    const key = where(n.callFrame);
    self.set(key, (self.get(key) ?? 0) + amount(n));
    const outermost = !onStack.has(key);
    if (outermost) onStack.add(key);
    let sum = amount(n);
    for (const child of children(n)) sum += visit(child, onStack);
    if (outermost) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  return { self, inclusive, total: visit(root, new Set()) };
}

/** With --heap: where the window's allocations were made (sampled), in bytes per decision. */
function printAllocations(heap: { head: HeapNode }, decisions: number): void {
  const { self, inclusive, total } = tally(heap.head, (n) => n.children, (n) => n.selfSize);
  const perDecision = (bytes: number) => (bytes / decisions).toFixed(0).padStart(7);
  process.stdout.write(`${args.scale}: ${decisions} decisions in the window, ${perDecision(total).trim()} bytes ${args.promoted ? 'promoted' : 'allocated'} per decision (sampled)\n\nallocated by the function itself, bytes per decision\n`);
  const top = (m: Map<string, number>, n: number) => [...m.entries()].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, n);
  for (const [k, bytes] of top(self, 30)) process.stdout.write(`${perDecision(bytes)}  ${k}\n`);
  process.stdout.write('\nallocated by the function and its callees, bytes per decision\n');
  for (const [k, bytes] of top(inclusive, 40)) process.stdout.write(`${perDecision(bytes)}  ${k}\n`);
}
