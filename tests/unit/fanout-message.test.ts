import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage } from '../../server/transport/fanout.js';

const delivery = fc.record({
  room: fc.string(),
  except: fc.array(fc.string(), { maxLength: 4 }),
  // Batches are JSON texts, so they may hold escaped newlines, quotes and any unicode, never a raw newline.
  json: fc.jsonValue().map((v) => JSON.stringify({ events: [v], catchUp: false })),
});

describe('fan-out message', () => {
  it('carries every delivery of a flush, in order, whatever the rooms and batches hold', () => {
    fc.assert(fc.property(fc.uuid(), fc.array(delivery, { minLength: 1, maxLength: 6 }), (from, deliveries) => {
      expect(decodeMessage(encodeMessage(from, deliveries))).toEqual({ from, deliveries });
    }), { numRuns: 300 });
  });
  it('refuses a message whose batches do not match its header', () => {
    const text = encodeMessage('me', [{ room: 's:o', except: [], json: '{"events":[]}' }]);
    expect(() => decodeMessage(`${text}\n{"events":[]}`)).toThrow('malformed');
    expect(() => decodeMessage('me\nnot json')).toThrow();
  });
});
