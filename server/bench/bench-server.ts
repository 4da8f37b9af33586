/**
 * The Cognitrap server as the benchmark runs it: the real composition root (validation, room
 * machine, projections, store, fan-out), plus a GC on SIGUSR2 so idle-connection memory can be
 * measured after a collection. Prints "READY <url>".
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../config.js';
import { startApp } from '../app.js';

const app = await startApp(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  process.stdout.write(`GC ${m.heapUsed + m.external}\n`);
});
// Started with an IPC channel (npm run bench:profile), it profiles only the measured window:
// { profile: 'start' }, then { profile: 'stop', file } writes the .cpuprofile and answers 'profiled'.
const inspector = new Session();
process.on('message', (message: { profile?: 'start' | 'stop'; file?: string }) => {
  void (async () => {
    if (message.profile === 'start') {
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
    } else if (message.profile === 'stop' && message.file) {
      const { profile } = await inspector.post('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
      inspector.disconnect();
      process.send?.('profiled');
    }
  })();
});
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
process.stdout.write(`READY ${app.url}\n`);
