import { PacketType } from 'socket.io-parser';

/**
 * The wire text of a Socket.IO event packet without an ack, whose one argument is the JSON text
 * `json`: byte for byte what the stock encoder makes of `[event, JSON.parse(json)]` in namespace
 * `nsp`, so clients use the stock parser. A view's JSON is made once per flush; with this its
 * packet is too, and written as it is to every socket that gets it.
 */
export function eventPacketText(event: string, json: string, nsp = '/'): string {
  return `${PacketType.EVENT}${nsp !== '/' ? `${nsp},` : ''}[${JSON.stringify(event)},${json}]`;
}

/**
 * The WebSocket frame Engine.IO would send for that packet (RFC 6455 §5.2: a final, unmasked text
 * frame whose payload is "4", Engine.IO's message type, and the packet's text), made once per view.
 * Engine.IO writes a frame given as the `wsPreEncodedFrame` option as it is to each websocket
 * (without per-message compression, which this server does not enable), where it would otherwise
 * prefix, encode and frame the text once per socket; Socket.IO's adapter does the same for a
 * broadcast. Returned as header and payload, the shape Engine.IO hands to ws's `sendFrame`.
 */
export function websocketTextFrame(packetText: string): [Buffer, Buffer] {
  const payload = Buffer.from(`4${packetText}`);
  const length = payload.length;
  let header: Buffer;
  if (length < 126) {
    header = Buffer.from([0x81, length]);
  } else if (length < 65536) {
    header = Buffer.from([0x81, 126, length >> 8, length & 0xff]);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x81;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return [header, payload];
}
