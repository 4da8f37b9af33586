import { describe, expect, it } from 'vitest';
import { turnOpenedFor, type RoomFact } from '../../shared/protocol/index.js';
import { ScenarioSchema, checkScenario, type Scenario } from '../../shared/scenario/index.js';
import { decide, evolve, foldRoom, project, type Actor, type DecideResult, type RoomCommand, type RoomState } from '../../server/room/machine/index.js';
import { openTurn } from '../../server/room/machine/turns.js';
import { T0, deepFreeze } from '../support/fixtures.js';

const base = { title: 'T', summary: 'S', audience: 'a', durationMinutes: 5, detectors: ['cascade'], biases: ['cascade'], debrief: { intro: 'i', takeaway: 't' } };

const sequential: Scenario = ScenarioSchema.parse({
  ...base, id: 'seq', players: { min: 1, max: 5 }, turnMode: 'sequential',
  turns: [{ id: 'r1', title: 'R1', prompt: 'Your ball: {{signal}}', decision: { kind: 'choice', options: [{ id: 'A', label: 'A' }, { id: 'B', label: 'B' }] },
    consequence: { kind: 'cascade-guess', urns: ['A', 'B'], accuracy: 0.6667 } }],
});

const ending = { kind: 'outcome-draw', variable: 'cash', start: 10, options: {
  x: { probability: 1, success: 1, failure: 0, successText: 'ok', failureText: 'no' },
  y: { probability: 1, success: 2, failure: 0, successText: 'ok', failureText: 'no' } } };

const paced: Scenario = ScenarioSchema.parse({
  ...base, id: 'paced', players: { min: 1, max: 5 }, turnMode: 'self-paced', detectors: ['sunk-cost'], biases: ['sunk-cost'],
  turns: [
    { id: 'fork', title: 'Fork', prompt: 'Cash {{cash}}', decision: { kind: 'choice', options: [{ id: 'left', label: 'L' }, { id: 'right', label: 'R' }] },
      consequence: { kind: 'outcome-draw', variable: 'cash', start: 10, options: {
        left: { probability: 1, success: 5, failure: 0, successText: 'ok', failureText: 'no' },
        right: { probability: 0, success: 0, failure: -3, successText: 'ok', failureText: 'no' } } },
      next: { branches: [{ when: ['left'], goto: 'left-end' }], otherwise: 'right-end' } },
    { id: 'left-end', title: 'Left', prompt: 'Cash {{cash}}', decision: { kind: 'choice', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
      consequence: ending, next: 'end' },
    { id: 'right-end', title: 'Right', prompt: 'Cash {{cash}}', decision: { kind: 'choice', options: [{ id: 'x', label: 'X' }, { id: 'y', label: 'Y' }] },
      consequence: ending },
  ],
});

const conditioned: Scenario = ScenarioSchema.parse({
  ...base, id: 'cond', players: { min: 1, max: 20 }, turnMode: 'simultaneous', detectors: ['anchoring'], biases: ['anchoring'],
  conditions: [{ id: 'anchors', levels: [{ id: 'low', vars: { anchor: 10 } }, { id: 'high', vars: { anchor: 1000 } }] }],
  turns: [{ id: 'q', title: 'Q', prompt: 'More or less than {{anchor}}?', decision: { kind: 'numeric', unit: 'x', min: 0, max: 5000 },
    consequence: { kind: 'estimate', truth: 300, anchor: 'anchor' } }],
});

const fac: Actor = { role: 'facilitator' };
const player = (playerId: string): Actor => ({ role: 'player', playerId });

/** A tiny in-memory room: decide, then fold the facts in with their sequence numbers. */
function room(scenario: Scenario) {
  let state: RoomState = foldRoom([{ type: 'sessionCreated', seq: 1, at: T0, sessionId: 's', scenarioId: scenario.id, title: 'T', turnCount: scenario.turns.length, seed: 7 }])!;
  const log: RoomFact[] = [];
  let ids = 0;
  return {
    get state() { return state; },
    log,
    run(actor: Actor, command: RoomCommand): DecideResult {
      const result = decide(deepFreeze(state), actor, command, { now: T0 + 1000, freshId: `p${ids++}`, scenario });
      if (result.kind === 'accepted') {
        const { facts } = result;
        // Numbered on from the room's version; the state handed back is exactly their fold.
        expect(facts.map((f) => f.seq)).toEqual(facts.map((_, i) => state.version + 1 + i));
        log.push(...facts);
        state = facts.reduce(evolve, state);
        expect(result.state).toEqual(state);
      }
      return result;
    },
  };
}
const join = (r: ReturnType<typeof room>, nickname: string) => r.run({ role: 'system' }, { type: 'player:join', nickname });
const submitChoice = (turn: number, optionId: string, id = `cmd-${turn}-${optionId}-${Math.random().toString(36).slice(2)}`) =>
  ({ type: 'decision:submit', commandId: id, turn, decision: { kind: 'choice', optionId } }) as const;
const code = (r: DecideResult) => (r.kind === 'rejected' ? r.error.code : r.kind);

describe('sequential turns', () => {
  function started() {
    const r = room(sequential);
    for (const n of ['Ann', 'Bo', 'Cy']) join(r, n);
    r.run(fac, { type: 'session:start' });
    return r;
  }
  it('lets players decide only in seat order', () => {
    const r = started();
    expect(code(r.run(player('p1'), submitChoice(0, 'A')))).toBe('NOT_YOUR_TURN');
    expect(code(r.run(player('p0'), submitChoice(0, 'A')))).toBe('accepted');
    expect(code(r.run(player('p2'), submitChoice(0, 'A')))).toBe('NOT_YOUR_TURN');
  });
  it('makes each decision public at once: the next player sees the history', () => {
    const r = started();
    r.run(player('p0'), submitChoice(0, 'B'));
    const fact = r.log.find((f) => f.type === 'decisionSubmitted')!;
    expect(project(fact, { role: 'player', playerId: 'p1' })).toMatchObject({ type: 'decisionSubmitted', decision: { optionId: 'B' } });
    expect(project(fact, { role: 'spectator' }).type).toBe('decisionSubmitted');
  });
  it('closes and reveals by itself after the last player, with the order recorded', () => {
    const r = started();
    for (const p of ['p0', 'p1', 'p2']) r.run(player(p), submitChoice(0, 'A'));
    expect(r.log.slice(-2).map((f) => f.type)).toEqual(['turnClosed', 'turnRevealed']);
    expect(r.log[r.log.length - 2]).toMatchObject({ reason: 'complete', defaulted: [] });
    expect(r.log[r.log.length - 1]).toMatchObject({ order: ['p0', 'p1', 'p2'] });
  });
  it('gives each player a private signal that only they (and the facilitator) see', () => {
    const r = started();
    const opened = r.log.find((f) => f.type === 'turnOpened')!;
    expect(opened.type === 'turnOpened' && Object.keys(opened.personal).sort()).toEqual(['p0', 'p1', 'p2']);
    const seen = project(opened, { role: 'player', playerId: 'p1' });
    expect(seen.type === 'turnOpened' && Object.keys(seen.personal)).toEqual(['p1']);
    expect(opened.type === 'turnOpened' && Object.keys(opened.personal)).toHaveLength(3);
    const spectator = project(opened, { role: 'spectator' });
    expect(spectator.type === 'turnOpened' && spectator.personal).toEqual({});
    expect(spectator.type === 'turnOpened' && spectator.prompt).toBe('Your ball: …');
  });
});

describe('test scenarios', () => {
  it('pass the full scenario check, not just the schema', () => {
    for (const s of [sequential, paced, conditioned]) expect(checkScenario(`${s.id}.yaml`, s)).toMatchObject({ ok: true });
  });
});

describe('self-paced turns', () => {
  function started() {
    const r = room(paced);
    join(r, 'Ann');
    join(r, 'Bo');
    r.run(fac, { type: 'session:start' });
    return r;
  }
  it('opens the first turn for each player separately', () => {
    const r = started();
    expect(r.log.filter((f) => f.type === 'turnOpened').map((f) => f.type === 'turnOpened' && f.playerId)).toEqual(['p0', 'p1']);
    expect(r.state.phase.status).toBe('selfPaced');
  });
  it('answers a turn in one fact: the decision, its result and the next turn, for that player only', () => {
    const r = started();
    const before = r.log.length;
    r.run(player('p0'), submitChoice(0, 'left'));
    expect(r.log.slice(before).map((f) => f.type)).toEqual(['turnAnswered']);
    const answered = r.log[r.log.length - 1]!;
    expect(answered).toMatchObject({ type: 'turnAnswered', turn: 0, turnId: 'fork', playerId: 'p0', decision: { optionId: 'left' }, figures: { cash: 15 },
      next: { turn: 1, turnId: 'left-end', playerId: 'p0', prompt: 'Cash …', personal: { p0: { prompt: 'Cash 15' } } } });
    // Nothing in it is anyone else's: the player's view is the fact itself (encoded once, when stored).
    expect(project(answered, { role: 'player', playerId: 'p0' })).toBe(answered);
    expect(project(answered, fac)).toEqual(answered);
    for (const audience of [{ role: 'player', playerId: 'p1' }, { role: 'player', playerId: null }, { role: 'spectator' }] as const) {
      const seen = project(answered, audience);
      expect(seen).toEqual({ type: 'playerAnswered', seq: answered.seq, at: answered.at, turn: 0, turnId: 'fork', playerId: 'p0', next: { turn: 1, turnId: 'left-end' } });
      expect(JSON.stringify(seen)).not.toContain('Cash');
    }
    // The next turn is the one now open for the player, and the result is in the revealed turns the debrief reads.
    expect(r.state.phase.status === 'selfPaced' && r.state.phase.players.p0).toMatchObject({ turn: 1, turnId: 'left-end' });
    expect(r.state.revealed).toEqual([{ turn: 0, turnId: 'fork', outcome: expect.any(Object), order: ['p0'],
      results: { p0: { decision: { kind: 'choice', optionId: 'left' }, defaulted: false, figures: expect.objectContaining({ cash: 15 }), feedback: expect.any(String) } } }]);
    expect(turnOpenedFor(project(answered, { role: 'player', playerId: 'p0' }), 'p0')).toMatchObject({ type: 'turnOpened', seq: answered.seq, turnId: 'left-end' });
    expect(turnOpenedFor(project(answered, { role: 'player', playerId: 'p1' }), 'p1')).toBeNull();
  });
  it("opens the next turn as it would open on the state after the answer (the player's history holds it)", () => {
    const r = started();
    for (const [p, turn, option] of [['p0', 0, 'left'], ['p1', 0, 'right']] as const) {
      r.run(player(p), submitChoice(turn, option));
      const answered = r.log[r.log.length - 1]!;
      if (answered.type !== 'turnAnswered' || answered.next === null) throw new Error('expected a next turn');
      expect({ type: 'turnOpened', at: answered.at, ...answered.next }).toEqual(openTurn(r.state, paced, answered.next.turn, answered.at, r.state.players[p]!));
    }
  });
  it('branches on the answer and carries the running total', () => {
    const r = started();
    r.run(player('p0'), submitChoice(0, 'left'));
    r.run(player('p1'), submitChoice(0, 'right'));
    expect(r.log[r.log.length - 1]).toMatchObject({ type: 'turnAnswered', playerId: 'p1', figures: { cash: 7 }, next: { turnId: 'right-end', personal: { p1: { prompt: 'Cash 7' } } } });
    expect(r.state.revealed).toHaveLength(1);
    expect(Object.keys(r.state.revealed[0]!.results).sort()).toEqual(['p0', 'p1']);
    expect(r.state.revealed[0]!.order).toEqual(['p0', 'p1']);
  });
  it('folds a log written before turnAnswered existed (decision, reveal, next turn as three facts) to the same state', () => {
    const r = started();
    r.run(player('p0'), submitChoice(0, 'left', 'c1'));
    const answered = r.log[r.log.length - 1]!;
    if (answered.type !== 'turnAnswered' || answered.next === null) throw new Error('expected a turnAnswered with a next turn');
    const { seq, at, turn, turnId, playerId, commandId, decision, outcome, summary, figures, feedback, next } = answered;
    const legacy: RoomFact[] = [
      ...r.log.slice(0, -1),
      { type: 'decisionSubmitted', seq, at, turn, playerId, commandId, decision, public: false },
      { type: 'turnRevealed', seq: seq + 1, at, turn, turnId, outcome, summary, results: { [playerId]: { decision, defaulted: false, figures, feedback } }, order: [playerId], playerId },
      { type: 'turnOpened', seq: seq + 2, at, ...next },
    ];
    const created = foldRoom([{ type: 'sessionCreated', seq: 1, at: T0, sessionId: 's', scenarioId: paced.id, title: 'T', turnCount: paced.turns.length, seed: 7 }])!;
    const old = legacy.reduce(evolve, created);
    expect({ ...old, version: r.state.version, commands: {} }).toEqual({ ...r.state, commands: {} });
    expect(old.commands.p0?.map((c) => c.commandId)).toEqual(r.state.commands.p0?.map((c) => c.commandId));
  });
  it('refuses a player answering a turn that is not theirs, and publishes the debrief when all finish', () => {
    const r = started();
    r.run(player('p0'), submitChoice(0, 'left'));
    expect(code(r.run(player('p0'), submitChoice(0, 'left')))).toBe('WRONG_TURN');
    r.run(player('p0'), submitChoice(1, 'x'));
    expect(r.log.slice(-2)).toMatchObject([{ type: 'turnAnswered', playerId: 'p0', next: null }, { type: 'playerFinished', playerId: 'p0' }]);
    expect(project(r.log[r.log.length - 2]!, { role: 'spectator' })).toMatchObject({ type: 'playerAnswered', next: null });
    expect(code(r.run(player('p0'), submitChoice(1, 'x')))).toBe('WRONG_PHASE');
    r.run(player('p1'), submitChoice(0, 'right'));
    r.run(player('p1'), submitChoice(2, 'y'));
    expect(r.log.slice(-2).map((f) => f.type)).toEqual(['playerFinished', 'debriefPublished']);
    expect(r.state.phase.status).toBe('debrief');
  });
  it('refuses turn:close and turn:next, which belong to group turns', () => {
    const r = started();
    expect(code(r.run(fac, { type: 'turn:close', turn: 0 }))).toBe('WRONG_PHASE');
    expect(code(r.run(fac, { type: 'turn:next', turn: 0 }))).toBe('WRONG_PHASE');
  });
});

describe('between-player conditions', () => {
  it('assigns levels in balance and hides them from everyone but the facilitator', () => {
    const r = room(conditioned);
    for (let i = 0; i < 10; i++) join(r, `P${i}`);
    const levels = Object.values(r.state.players).map((p) => p.conditions.anchors);
    expect(levels.filter((l) => l === 'low')).toHaveLength(5);
    const joined = r.log.find((f) => f.type === 'playerJoined')!;
    expect(project(joined, { role: 'facilitator' })).toMatchObject({ conditions: { anchors: expect.any(String) } });
    expect(project(joined, { role: 'player', playerId: joined.type === 'playerJoined' ? joined.playerId : '' })).toMatchObject({ conditions: {}, vars: {} });
  });
  it("briefs each player with their own anchor and a late joiner with theirs", () => {
    const r = room(conditioned);
    join(r, 'A');
    join(r, 'B');
    r.run(fac, { type: 'session:start' });
    const opened = r.log.find((f) => f.type === 'turnOpened')!;
    const prompts = opened.type === 'turnOpened' ? Object.values(opened.personal).map((b) => b.prompt).sort() : [];
    expect(prompts).toEqual(['More or less than 10?', 'More or less than 1,000?'].sort());
    join(r, 'Late');
    const late = r.log[r.log.length - 1]!;
    expect(late.type === 'playerJoined' && late.briefing?.prompt).toMatch(/^More or less than (10|1,000)\?$/);
  });
});
