import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ScenarioLoadError } from '../../server/scenarios/catalogue.js';
import { startTestServer } from '../support/server.js';

describe('server start-up', () => {
  it('refuses to start with a broken scenario, naming the file and the path', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cognitrap-scenarios-'));
    const broken = readFileSync('scenarios/coffee-shop.yaml', 'utf8').replace('horizon: 8 }', 'horizon: "eight" }');
    writeFileSync(path.join(dir, 'coffee-shop.yaml'), broken);
    const started = startTestServer({ SCENARIOS_DIR: dir });
    await expect(started).rejects.toBeInstanceOf(ScenarioLoadError);
    await expect(started).rejects.toThrow(/coffee-shop\.yaml: turns\[1\]\.consequence\.horizon: /);
  });
});
