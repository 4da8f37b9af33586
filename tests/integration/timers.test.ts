import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app.js';
import { connectClient, mustCallHttp, newCommandId } from '../../server/tools/client.js';
import { startTestServer } from '../support/server.js';
import { isTurn } from '../support/events.js';

/** The server's clock is an input: the test moves it past the deadline instead of sleeping. */
let now = 1_800_000_000_000;
let app: RunningApp;
beforeAll(async () => { app = await startTestServer({}, { clock: () => now }); });
afterAll(async () => { await app.close(); });

describe('turn deadlines', () => {
  it('close the turn once at the deadline, record no answer for the silent and refuse late decisions', async () => {
    const { joinCode, facilitatorToken } = await mustCallHttp(app.url, 'createSession', { scenarioId: 'coffee-shop' });
    const a = await mustCallHttp(app.url, 'joinSession', { code: joinCode, nickname: 'Early' });
    const b = await mustCallHttp(app.url, 'joinSession', { code: joinCode, nickname: 'Late' });
    const facilitator = await connectClient(app.url, facilitatorToken);
    const early = await connectClient(app.url, a.playerToken);
    const late = await connectClient(app.url, b.playerToken);
    await facilitator.send('session:start', {});
    const opened = await early.waitFor(isTurn('turnOpened', 0));
    expect(opened.deadline).toBe(now + 120_000);
    expect(await early.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 280 } })).toMatchObject({ ok: true });

    now = opened.deadline! + 1;
    const lateAck = await late.send('decision:submit', { commandId: newCommandId(), turn: 0, decision: { kind: 'numeric', value: 300 } });
    // Either the decide-time deadline check or the already-closed turn refuses it; never an ok.
    expect(lateAck.ok).toBe(false);
    if (!lateAck.ok) expect(['DEADLINE_PASSED', 'WRONG_PHASE']).toContain(lateAck.error.code);
    const closed = await facilitator.waitFor(isTurn('turnClosed', 0));
    expect(closed).toMatchObject({ reason: 'deadline', defaulted: [b.playerId] });
    const revealed = await facilitator.waitFor(isTurn('turnRevealed', 0));
    expect(revealed.results[b.playerId]).toMatchObject({ decision: null, defaulted: true });
    expect(await facilitator.send('turn:close', { turn: 0 })).toMatchObject({ ok: false, error: { code: 'WRONG_PHASE' } });
    expect(facilitator.events.filter((e) => e.type === 'turnClosed')).toHaveLength(1);
    for (const c of [facilitator, early, late]) c.close();
  });
});
