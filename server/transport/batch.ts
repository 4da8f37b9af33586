import type { JsonText, WireEvent } from '../../shared/protocol/index.js';

/**
 * The JSON of one `room:events` push: the same text the default encoder would make of
 * { events, catchUp: false }. Each event's text comes from `jsonText`, so a view that is a stored
 * fact is not encoded again, and a view shared by several batches is encoded once. Concatenated,
 * not joined: the text is copied once, when its frame is made.
 */
export function pushJson(events: readonly WireEvent[], jsonText: JsonText): string {
  let text = '';
  for (const e of events) text += text === '' ? jsonText(e) : `,${jsonText(e)}`;
  return `{"events":[${text}],"catchUp":false}`;
}
