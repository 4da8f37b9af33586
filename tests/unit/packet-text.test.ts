import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as stock from 'socket.io-parser';
import { eventPacketText } from '../../server/transport/packet-text.js';

const theirs = new stock.Encoder();
const event = (data: unknown[], nsp = '/'): stock.Packet => ({ type: stock.PacketType.EVENT, nsp, data });

/** What the stock client decoder makes of an encoded packet. */
function decode(encoded: string): stock.Packet {
  const decoder = new stock.Decoder();
  let out: stock.Packet | undefined;
  decoder.on('decoded', (p: stock.Packet) => { out = p; });
  decoder.add(encoded);
  if (!out) throw new Error('nothing decoded');
  return out;
}

describe('packet text: a push written as its JSON text', () => {
  it('is byte for byte what the stock encoder writes for the value, in any namespace', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.constantFrom('/', '/admin'), fc.constantFrom('room:events', 'ev"\u2028'), (value, nsp, name) => {
      expect([eventPacketText(name, JSON.stringify(value), nsp)]).toEqual(theirs.encode(event([name, value], nsp)));
    }), { numRuns: 300 });
  });
  it('is read back by the stock decoder as the original value', () => {
    const value = { events: [{ type: 'decisionSealed', seq: 3, playerId: 'p"1\\u2028' }], catchUp: false };
    expect(decode(eventPacketText('room:events', JSON.stringify(value))).data).toEqual(['room:events', value]);
  });
});
