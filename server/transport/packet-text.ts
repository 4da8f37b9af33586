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
