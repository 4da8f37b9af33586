import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as stock from 'socket.io-parser';
import { preEncoded, wireParser } from '../../server/transport/parser.js';

const ours = new wireParser.Encoder();
const theirs = new stock.Encoder();
const event = (data: unknown[], nsp = '/', id?: number): stock.Packet => ({ type: stock.PacketType.EVENT, nsp, data, ...(id === undefined ? {} : { id }) });

/** What the stock client decoder makes of encoded packets. */
function decode(encoded: unknown[]): stock.Packet {
  const decoder = new stock.Decoder();
  let out: stock.Packet | undefined;
  decoder.on('decoded', (p: stock.Packet) => { out = p; });
  for (const chunk of encoded) decoder.add(chunk as string);
  if (!out) throw new Error('nothing decoded');
  return out;
}

describe('wire parser: pre-encoded pushes', () => {
  it('writes a pre-encoded argument byte for byte as the stock encoder writes the value, in any namespace', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom('/', '/admin'), (value, nsp) => {
      const expected = theirs.encode(event(['room:events', value], nsp));
      expect(ours.encode(event(['room:events', preEncoded(JSON.stringify(value))], nsp))).toEqual(expected);
    }), { numRuns: 300 });
  });
  it('is read back by the stock decoder as the original value', () => {
    const value = { events: [{ type: 'decisionSealed', seq: 3, playerId: 'p"1\\u2028' }], catchUp: false };
    const packet = decode(ours.encode(event(['room:events', preEncoded(JSON.stringify(value))])));
    expect(packet.data).toEqual(['room:events', value]);
  });
  it('survives a structural copy (the Redis adapter hop) and is still recognized', () => {
    const hopped = JSON.parse(JSON.stringify(event(['room:events', preEncoded('{"a":1}')]))) as stock.Packet;
    expect(ours.encode(hopped)).toEqual(['2["room:events",{"a":1}]']);
  });
  it('leaves everything else to the stock encoder: plain values, acks, binary', () => {
    const plain = event(['room:events', { a: 1 }]);
    expect(ours.encode(plain)).toEqual(theirs.encode(plain));
    const ack: stock.Packet = { type: stock.PacketType.ACK, nsp: '/', id: 7, data: [{ ok: true, data: { seq: 1 } }] };
    expect(ours.encode(ack)).toEqual(theirs.encode(ack));
    // An ack carrying a pre-encoded-looking value is not rewritten: only id-less events are.
    const withId = event(['x', preEncoded('{}')], '/', 4);
    expect(ours.encode(withId)).toEqual(theirs.encode(withId));
    const binary = event(['blob', Buffer.from([1, 2, 3])]);
    expect(ours.encode(binary)).toEqual(theirs.encode(binary));
  });
});
