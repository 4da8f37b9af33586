/**
 * `npm run bench:profile [-- --scale think]`: where does the server's time go? Runs the Cognitrap
 * server under `node --cpu-prof` with the closed-loop load (50 rooms × (4 + 1)) or the think-time
 * load (500 rooms × (4 + 1), 1 s think), then prints the functions with the most self time and
 * the most total time. The .cpuprofile is kept in bench-results/ for Chrome DevTools.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { closeAll, runLoad, setUp } from './load.js';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
const { values: args } = parseArgs({ options: { scale: { type: 'string', default: 'closed' } } });
const think = args.scale === 'think';
const dir = path.resolve('bench-results', `profile-${Date.now()}`);
mkdirSync(dir, { recursive: true });
const proc = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'server/bench/bench-server.ts'], {
  env: { ...process.env, HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', TOKEN_SECRET: 'bench-secret-0123456789-0123456789-abcdef', SCENARIOS_DIR: 'server/bench/scenarios' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise<string>((resolve) => proc.stdout?.on('data', (d: Buffer) => {
  const m = /READY (\S+)/.exec(d.toString());
  if (m?.[1]) resolve(m[1]);
}));
const bench = await setUp('cognitrap', [url], think ? 500 : 50, 4, 1);
const load = await runLoad('cognitrap', bench, think ? 1000 : 0, 2000, 8000, () => undefined);
closeAll(bench);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
// The main thread's profile is the largest (tsx's loader thread writes a small one too).
const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? '';
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] };
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const where = (n: Node) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
/** Total time counts a function once per stack, however deep it recurses. */
function walk(id: number, onStack: Set<string>): number {
  const n = nodes.get(id) as Node;
  const key = where(n);
  self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
  const outermost = !onStack.has(key);
  if (outermost) onStack.add(key);
  let hits = n.hitCount ?? 0;
  for (const child of n.children ?? []) hits += walk(child, onStack);
  if (outermost) {
    onStack.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + hits);
  }
  return hits;
}
const total = walk(profile.nodes[0]?.id ?? 0, new Set());
const busy = total - [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((s, [, v]) => s + v, 0);
const top = (m: Map<string, number>, n: number) => [...m.entries()].filter(([k]) => !k.startsWith('(root)') && !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n);
process.stdout.write(`${args.scale}: ${(load.decisions / load.seconds).toFixed(0)} decisions/s; busy ${((busy / total) * 100).toFixed(0)} % of the run; profile: ${file}\n`);
process.stdout.write('\nself time, % of busy time\n');
for (const [k, hits] of top(self, 30)) process.stdout.write(`${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
process.stdout.write('\ntotal time (self and callees), % of busy time\n');
for (const [k, hits] of top(inclusive, 40)) process.stdout.write(`${((hits / busy) * 100).toFixed(1).padStart(5)} %  ${k}\n`);
