import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Adapter, type BroadcastOptions } from 'socket.io-adapter';
import type { Packet } from 'socket.io-parser';
import type { RunningApp } from '../../server/app.js';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from '../../server/tools/client.js';
import { botDecision } from '../../server/tools/bots.js';
import { loadScenarioCatalogue } from '../../server/scenarios/catalogue.js';
import { startTestServer } from '../support/server.js';
import { isTurn } from '../support/events.js';

/**
 * An adapter like the sharded Redis one whose Redis went quiet after the facts were stored: it
 * delivers to local sockets but its broadcast promise never settles. Acks wait for that promise
 * (so they cannot overtake their events), but only for a bounded time.
 */
class StalledAdapter extends Adapter {
  override broadcast(packet: Packet, opts: BroadcastOptions): void {
    super.broadcast(packet, opts);
    return new Promise<void>(() => undefined) as unknown as void;
  }
}

let app: RunningApp;
beforeAll(async () => { app = await startTestServer({}, { adapter: StalledAdapter }); });
afterAll(async () => { await app.close(); });

describe('acks behind a stalled fan-out', () => {
  it('still answers the command, after its events, once the wait runs out', async () => {
    const created = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    const clients: ProtocolClient[] = [];
    try {
      const facilitator = await connectClient(app.url, created.facilitatorToken);
      clients.push(facilitator);
      const joined = await mustCallHttp(app.url, 'joinSession', { code: created.joinCode, nickname: 'Ada' });
      const player = await connectClient(app.url, joined.playerToken);
      clients.push(player);
      expect(await facilitator.send('session:start', {})).toMatchObject({ ok: true });
      const opened = await player.waitFor(isTurn('turnOpened', 0));
      const coffee = (await loadScenarioCatalogue('scenarios')).get('coffee-shop')!;
      const decision = botDecision('normative', { scenario: coffee, opened, vars: opened.vars, events: player.events, memory: { belief: null }, playerId: joined.playerId })!;
      let seenBeforeAck = false;
      const ack = await player.send('decision:submit', { commandId: newCommandId(), turn: 0, decision }).then((reply) => {
        seenBeforeAck = player.events.some((e) => e.type === 'decisionSubmitted');
        return reply;
      });
      expect(ack).toMatchObject({ ok: true, data: { turn: 0 } });
      expect(seenBeforeAck).toBe(true);
    } finally {
      for (const c of clients) c.close();
    }
  });
});
