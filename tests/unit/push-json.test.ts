import { describe, expect, it } from 'vitest';
import { createJsonText, type WireEvent } from '../../shared/protocol/index.js';
import { pushJson } from '../../server/transport/batch.js';

describe('a push batch as JSON', () => {
  it('is the text the default encoder makes of { events, catchUp: false }, empty or not', () => {
    const events: WireEvent[] = [
      { type: 'sessionStarted', seq: 2, at: 5 },
      { type: 'decisionSealed', seq: 3, at: 6, turn: 0, playerId: 'p-é🙂' },
    ];
    for (const batch of [[], events.slice(0, 1), events]) {
      expect(pushJson(batch, createJsonText())).toBe(JSON.stringify({ events: batch, catchUp: false }));
    }
  });
});
