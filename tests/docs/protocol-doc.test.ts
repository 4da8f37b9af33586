import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandNames, errorCatalogue, errorCodes, httpContracts, pushContracts, WireEventSchema } from '../../shared/protocol/index.js';

const doc = readFileSync('docs/protocol.md', 'utf8');

describe('docs/protocol.md is in step with shared/protocol', () => {
  it('documents every command under its own heading', () => {
    expect(commandNames.filter((name) => !doc.includes(`### \`${name}\``))).toEqual([]);
  });
  it('documents every push under its own heading', () => {
    expect(Object.keys(pushContracts).filter((name) => !doc.includes(`### \`${name}\``))).toEqual([]);
  });
  it('documents every room event', () => {
    const types = WireEventSchema.options.map((o) => o.shape.type.value);
    expect(types.filter((t) => !doc.includes(`| \`${t}\` |`))).toEqual([]);
  });
  it('documents every error code with its HTTP status and meaning', () => {
    const missing = errorCodes.filter((code) => !doc.includes(`| \`${code}\` | ${errorCatalogue[code].status} | ${errorCatalogue[code].meaning} |`));
    expect(missing).toEqual([]);
  });
  it('documents no error code that does not exist', () => {
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| \d+ \|/gm)].map((m) => m[1]);
    expect(rows.filter((code) => !(errorCodes as string[]).includes(code ?? ''))).toEqual([]);
  });
  it('documents every HTTP endpoint', () => {
    const endpoints = [...Object.values(httpContracts).map((c) => `${c.method} ${c.path}`), 'GET /healthz', 'GET /readyz'];
    expect(endpoints.filter((e) => !doc.includes(`### \`${e}\``))).toEqual([]);
  });
});
