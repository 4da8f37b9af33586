/**
 * `npm run bench:profile`: where does the server's time go? Runs the Cognitrap server under
 * `node --cpu-prof` with the closed-loop load (50 rooms × (4 + 1)), then prints the functions
 * with the most self time. The .cpuprofile is kept in bench-results/ for Chrome DevTools.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { closeAll, runLoad, setUp } from './load.js';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
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
const bench = await setUp('cognitrap', [url], 50, 4, 1);
const load = await runLoad('cognitrap', bench, 0, 2000, 8000, () => undefined);
closeAll(bench);
proc.kill('SIGTERM');
await new Promise((r) => proc.once('exit', r));
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(path.join(dir, file ?? ''), 'utf8')) as { nodes: Node[] };
const total = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
const byFunction = new Map<string, number>();
for (const n of profile.nodes) {
  const where = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/main\//, '')}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(where, (byFunction.get(where) ?? 0) + (n.hitCount ?? 0));
}
process.stdout.write(`${(load.decisions / load.seconds).toFixed(0)} decisions/s; profile: ${path.join(dir, file ?? '')}\n`);
for (const [where, hits] of [...byFunction.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  process.stdout.write(`${((hits / total) * 100).toFixed(1).padStart(5)} %  ${where}\n`);
}
