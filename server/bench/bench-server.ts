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
// { profile: 'start', heap?, promoted? }, then { profile: 'stop', file } writes the .cpuprofile (or, with
// `heap`, the sampled allocations as a .heapprofile) and answers 'profiled'.
const inspector = new Session();
let sampling: 'cpu' | 'heap' = 'cpu';
process.on('message', (message: { profile?: 'start' | 'stop'; file?: string; heap?: boolean; promoted?: boolean }) => {
  void (async () => {
    if (message.profile === 'start') {
      inspector.connect();
      sampling = message.heap ? 'heap' : 'cpu';
      if (sampling === 'heap') {
        await inspector.post('HeapProfiler.enable');
        // Every allocation sampled, also those the next scavenge frees (what a decision allocates),
        // or with `promoted` only those no scavenge freed (what the old generation grows by).
        await inspector.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMinorGC: !message.promoted, includeObjectsCollectedByMajorGC: true });
        return;
      }
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', { interval: 200 });
      await inspector.post('Profiler.start');
    } else if (message.profile === 'stop' && message.file) {
      const { profile } = sampling === 'heap' ? await inspector.post('HeapProfiler.stopSampling') : await inspector.post('Profiler.stop');
      writeFileSync(message.file, JSON.stringify(profile));
      inspector.disconnect();
      process.send?.('profiled');
    }
  })();
});
process.on('SIGTERM', () => { void app.close().then(() => process.exit(0)); });
process.stdout.write(`READY ${app.url}\n`);
