import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * For a benchmark server started with an IPC channel (npm run bench:profile): profile only the
 * measured window. { profile: 'start', heap?, promoted? }, then { profile: 'stop', file } writes the
 * .cpuprofile (or, with `heap`, the sampled allocations as a .heapprofile) and answers 'profiled'.
 * Both servers answer it, so the baseline can be profiled under the same load.
 */
export function answerProfileRequests(): void {
  if (!process.send) return;
  const inspector = new Session();
  let sampling: 'cpu' | 'heap' = 'cpu';
  let promotedOnly = false;
  process.on('message', (message: { profile?: 'start' | 'stop'; file?: string; heap?: boolean; promoted?: boolean }) => {
    void (async () => {
      if (message.profile === 'start') {
        inspector.connect();
        sampling = message.heap ? 'heap' : 'cpu';
        promotedOnly = message.promoted === true;
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
        // What the young generation holds now was never scavenged, dead or alive: two scavenges free
        // the dead and promote the living, so that `promoted` counts neither the dead as promoted
        // nor more than a moment's live objects (the server runs with --expose-gc).
        if (sampling === 'heap' && promotedOnly) for (let i = 0; i < 2; i++) (globalThis as { gc?: (options: { type: 'minor' }) => void }).gc?.({ type: 'minor' });
        const { profile } = sampling === 'heap' ? await inspector.post('HeapProfiler.stopSampling') : await inspector.post('Profiler.stop');
        writeFileSync(message.file, JSON.stringify(profile));
        inspector.disconnect();
        process.send?.('profiled');
      }
    })();
  });
}
