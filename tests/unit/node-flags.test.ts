import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS } from '../../server/bench/servers.js';

/**
 * The benchmark measures the server as production runs it: the Node flags its servers get are the
 * ones `npm start` and the Dockerfile give Cognitrap, written down in three places (and a fourth: the room-pipeline benchmark runs in-process with them).
 */
describe('Node flags of the server', () => {
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
  const flagsOf = (command: string | undefined) => (command ?? '').split(' ').filter((w) => w.startsWith('--'));
  const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1] ?? '[]') as string[];

  it('are the same in npm start, the Dockerfile and the benchmarks', () => {
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    expect(flagsOf(scripts.start)).toEqual(SERVER_NODE_FLAGS);
    expect(flagsOf(scripts['bench:pipeline']).filter((f) => f !== '--import')).toEqual(SERVER_NODE_FLAGS);
    expect(cmd.filter((w) => w.startsWith('--'))).toEqual(SERVER_NODE_FLAGS);
  });
});
