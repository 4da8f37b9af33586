import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as stock from 'socket.io-parser';
import { eventPacketText, websocketTextFrame } from '../../server/transport/packet-text.js';

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

describe('packet text: its WebSocket frame, made once per view', () => {
  /** Read a server-to-client frame as RFC 6455 §5.2 lays it out: FIN and opcode, length, no mask, payload. */
  function readFrame([header, payload]: [Buffer, Buffer]): { fin: boolean; opcode: number; masked: boolean; text: string } {
    const bytes = Buffer.concat([header, payload]);
    const short = (bytes[1] as number) & 0x7f;
    const [length, start] = short === 126 ? [bytes.readUInt16BE(2), 4] : short === 127 ? [Number(bytes.readBigUInt64BE(2)), 10] : [short, 2];
    expect(bytes.length).toBe(start + length);
    return { fin: ((bytes[0] as number) & 0x80) !== 0, opcode: (bytes[0] as number) & 0x0f, masked: ((bytes[1] as number) & 0x80) !== 0, text: bytes.subarray(start).toString('utf8') };
  }

  it('is one final unmasked text frame holding Engine.IO\'s message type and the packet, at every length encoding', () => {
    for (const size of [0, 100, 124, 125, 126, 1000, 65_534, 65_535, 70_000]) {
      const text = eventPacketText('room:events', JSON.stringify({ s: 'é'.repeat(Math.floor(size / 3)) + 'x'.repeat(size % 3) }));
      const frame = readFrame(websocketTextFrame(text));
      expect(frame).toEqual({ fin: true, opcode: 1, masked: false, text: `4${text}` });
    }
  });
});
