/**
 * The Cognitrap server as the benchmark runs it: the real composition root (validation, room
 * machine, projections, store, fan-out), plus a GC on SIGUSR2 so idle-connection memory can be
 * measured after a collection. Prints "READY <url>".
 */
import { loadConfig } from '../config.js';
import { startApp } from '../app.js';
import { answerProfileRequests } from './profiling.js';

const app = await startApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`GC ${m.heapUsed + m.external}\n`);
});
answerProfileRequests();
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
process.stdout.write(`READY ${app.url}\n`);
