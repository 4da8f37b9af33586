import * as parser from 'socket.io-parser';

/**
 * Socket.IO's own parser, with one shortcut on the way out: an event whose argument is already
 * JSON (`preEncoded`) is written as that text instead of being walked for binary and stringified
 * again. The wire is byte for byte what the default encoder makes of the same value, so clients
 * use the stock parser. The marker is a plain object so it survives the Redis adapter's msgpack
 * hop: another instance's encoder recognizes it the same way.
 */
const RAW = '~json';

export type PreEncoded = { readonly [RAW]: string };

/** An argument whose JSON text is `json` (which the caller made with JSON.stringify). */
export const preEncoded = (json: string): PreEncoded => ({ [RAW]: json });

function isPreEncoded(value: unknown): value is PreEncoded {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[RAW] === 'string';
}

class Encoder extends parser.Encoder {
  override encode(packet: parser.Packet): unknown[] {
    const data: unknown = packet.data;
    if (packet.type === parser.PacketType.EVENT && packet.id == null && Array.isArray(data) && data.length === 2
      && typeof data[0] === 'string' && isPreEncoded(data[1])) {
      const nsp = packet.nsp && packet.nsp !== '/' ? `${packet.nsp},` : '';
      return [`${parser.PacketType.EVENT}${nsp}[${JSON.stringify(data[0])},${data[1][RAW]}]`];
    }
    return super.encode(packet);
  }
}

/** Pass as Socket.IO's `parser` option. */
export const wireParser = { ...parser, Encoder };
