import { describe, expect, it } from 'vitest';
import type { RoomFact } from '../../shared/protocol/index.js';
import { decide, evolve, planDeliveries, project, RECENT_COMMANDS, type DecideResult, type RoomState } from '../../server/room/machine/index.js';
import { T0, deepFreeze, fold, lobbyFacts, testScenario } from '../support/fixtures.js';

const ctx = (now = T0 + 1000, freshId = 'new-player') => ({ now, freshId, scenario: testScenario });
const fac = { role: 'facilitator' } as const;
const p1 = { role: 'player', playerId: 'p1' } as const;
const p2 = { role: 'player', playerId: 'p2' } as const;

function accepted(result: DecideResult): RoomFact[] {
  if (result.kind !== 'accepted') throw new Error(`expected accepted, got ${JSON.stringify(result)}`);
  return result.facts;
}
function code(result: DecideResult): string {
  return result.kind === 'rejected' ? result.error.code : result.kind;
}
/**
 * Decide and keep what the decider hands back. Its facts must come numbered on from the state's
 * version, and its state must be exactly the fold of those facts (what a replay of the log reaches).
 */
function run(state: RoomState, actor: Parameters<typeof decide>[1], command: Parameters<typeof decide>[2], now = T0 + 1000) {
  const result = decide(state, actor, command, ctx(now));
  const facts = accepted(result);
  expect(facts.map((f) => f.seq)).toEqual(facts.map((_, i) => state.version + 1 + i));
  const folded = deepFreeze(facts.reduce(evolve, state));
  if (result.kind === 'accepted') expect(result.state).toEqual(folded);
  return { state: folded, facts };
}
const submit = (turn: number, value: number, commandId = `cmd-${value}-xyz`) =>
  ({ type: 'decision:submit', commandId, turn, decision: { kind: 'numeric', value } }) as const;

const lobby = () => fold(lobbyFacts());
const turnOpen = () => run(lobby(), fac, { type: 'session:start' }).state;

describe('lobby', () => {
  it('admits a player with a normalized nickname in the next seat', () => {
    const [fact] = accepted(decide(lobby(), { role: 'system' }, { type: 'player:join', nickname: '  Car\u202Emen\u200B ' }, ctx()));
    expect(fact).toMatchObject({ type: 'playerJoined', playerId: 'new-player', nickname: 'Carmen', seat: 2 });
  });
  it('refuses a nickname already used, case-insensitively', () => {
    expect(code(decide(lobby(), { role: 'system' }, { type: 'player:join', nickname: 'ada' }, ctx()))).toBe('NICKNAME_TAKEN');
  });
  it('refuses a player beyond the scenario maximum', () => {
    const full = run(lobby(), { role: 'system' }, { type: 'player:join', nickname: 'Carmen' }).state;
    expect(code(decide(full, { role: 'system' }, { type: 'player:join', nickname: 'Dev' }, ctx()))).toBe('SESSION_FULL');
  });
  it('refuses joins that do not come from the server itself', () => {
    expect(code(decide(lobby(), fac, { type: 'player:join', nickname: 'Eve' }, ctx()))).toBe('FORBIDDEN');
  });
  it('starts on the facilitator command and opens turn 0 with its deadline and rendered prompt', () => {
    const events = accepted(decide(lobby(), fac, { type: 'session:start' }, ctx()));
    expect(events.map((e) => e.type)).toEqual(['sessionStarted', 'turnOpened']);
    expect(events[1]).toMatchObject({ turn: 0, turnId: 't0', prompt: 'Now 100; in week 10?', deadline: T0 + 1000 + 60_000 });
  });
  it('lets only the facilitator start, and refuses decisions before a turn opens', () => {
    expect(code(decide(lobby(), p1, { type: 'session:start' }, ctx()))).toBe('FORBIDDEN');
    expect(code(decide(lobby(), p1, submit(0, 5), ctx()))).toBe('WRONG_PHASE');
  });
});

describe('turn open', () => {
  it('records a decision from a seated player', () => {
    const { state } = run(turnOpen(), p1, submit(0, 200));
    expect(state.phase.status === 'turnOpen' && state.phase.decisions.p1?.decision).toEqual({ kind: 'numeric', value: 200 });
  });
  it('answers a repeated command id with the original ack and records nothing', () => {
    const { state, facts } = run(turnOpen(), p1, submit(0, 200, 'same-id-123'));
    const again = decide(state, p1, submit(0, 250, 'same-id-123'), ctx());
    expect(again).toEqual({ kind: 'repeated', reply: { seq: facts[0]!.seq, turn: 0 } });
  });
  it('remembers each player\'s latest RECENT_COMMANDS decisions for retries, and no more', () => {
    let state = turnOpen();
    const recorded: RoomFact[] = [];
    for (let i = 0; i < RECENT_COMMANDS + 3; i++) {
      const fact = { type: 'decisionSubmitted', seq: state.version + 1, at: T0, turn: 0, playerId: 'p1', commandId: `cmd-${i}-xyz`, decision: { kind: 'numeric', value: i }, public: false } as RoomFact;
      recorded.push(fact);
      state = evolve(state, fact);
    }
    expect(state.commands.p1?.map((c) => c.commandId)).toEqual(recorded.slice(-RECENT_COMMANDS).map((f) => (f.type === 'decisionSubmitted' ? f.commandId : '')));
    const newest = recorded[recorded.length - 1]!;
    expect(decide(state, p1, submit(0, 1, `cmd-${RECENT_COMMANDS + 2}-xyz`), ctx())).toEqual({ kind: 'repeated', reply: { seq: newest.seq, turn: 0 } });
    expect(state.commands.p2).toBeUndefined();
  });
  it('refuses a second decision under a new id, a wrong turn, bad bounds and non-integers', () => {
    const { state } = run(turnOpen(), p1, submit(0, 200));
    expect(code(decide(state, p1, submit(0, 300), ctx()))).toBe('ALREADY_DECIDED');
    expect(code(decide(state, p2, submit(1, 300), ctx()))).toBe('WRONG_TURN');
    expect(code(decide(state, p2, submit(0, -1), ctx()))).toBe('INVALID_DECISION');
    expect(code(decide(state, p2, submit(0, 1.5), ctx()))).toBe('INVALID_DECISION');
    expect(code(decide(state, p2, { ...submit(0, 1), decision: { kind: 'choice', optionId: 'a' } }, ctx()))).toBe('INVALID_DECISION');
  });
  it('refuses decisions after the deadline, and players who are not seated', () => {
    expect(code(decide(turnOpen(), p1, submit(0, 5), ctx(T0 + 1000 + 60_001)))).toBe('DEADLINE_PASSED');
    expect(code(decide(turnOpen(), { role: 'player', playerId: 'ghost' }, submit(0, 5), ctx()))).toBe('FORBIDDEN');
  });
  it('closes on the facilitator command, naming the turn, and reveals results for every player', () => {
    const { state } = run(turnOpen(), p1, submit(0, 200));
    expect(code(decide(state, fac, { type: 'turn:close', turn: 1 }, ctx()))).toBe('WRONG_TURN');
    const events = accepted(decide(state, fac, { type: 'turn:close', turn: 0 }, ctx()));
    expect(events.map((e) => e.type)).toEqual(['turnClosed', 'turnRevealed']);
    expect(events[0]).toMatchObject({ reason: 'facilitator', defaulted: ['p2'] });
    const revealed = events[1];
    if (revealed?.type !== 'turnRevealed') throw new Error('no reveal');
    expect(revealed.results.p1?.figures.estimate).toBe(200);
    expect(revealed.results.p2).toMatchObject({ decision: null, defaulted: true });
    expect(revealed.outcome.trueValue).toBeCloseTo(100 * 1.1 ** 10, 6);
  });
  it('lets the timer close only at or after the deadline', () => {
    expect(code(decide(turnOpen(), { role: 'system' }, { type: 'turn:close', turn: 0 }, ctx(T0 + 1000 + 59_999)))).toBe('WRONG_PHASE');
    const events = accepted(decide(turnOpen(), { role: 'system' }, { type: 'turn:close', turn: 0 }, ctx(T0 + 1000 + 60_000)));
    expect(events[0]).toMatchObject({ type: 'turnClosed', reason: 'deadline' });
  });
});

describe('revealed', () => {
  const revealed = () => run(run(turnOpen(), p1, submit(0, 200)).state, fac, { type: 'turn:close', turn: 0 }).state;
  it('keeps the closed turn in history and accepts no more decisions for it', () => {
    const state = revealed();
    expect(state.revealed).toHaveLength(1);
    expect(code(decide(state, p2, submit(0, 250), ctx()))).toBe('WRONG_PHASE');
  });
  it('opens the next turn, whose default move applies to players who stay silent', () => {
    const next = run(revealed(), fac, { type: 'turn:next', turn: 0 }).state;
    expect(next.phase.status === 'turnOpen' && next.phase.turn.turn).toBe(1);
    const events = accepted(decide(next, fac, { type: 'turn:close', turn: 1 }, ctx()));
    const reveal = events.find((e) => e.type === 'turnRevealed');
    expect(reveal?.type === 'turnRevealed' && reveal.results.p1).toMatchObject({ decision: { kind: 'numeric', value: 0 }, defaulted: true });
  });
  it('refuses turn:next naming another turn', () => {
    expect(code(decide(revealed(), fac, { type: 'turn:next', turn: 3 }, ctx()))).toBe('WRONG_TURN');
  });
});

describe('debrief and end', () => {
  function playedThrough(): RoomState {
    let state = turnOpen();
    for (let turn = 0; turn < 3; turn++) {
      state = run(state, p1, submit(turn, 1000 + turn)).state;
      state = run(state, fac, { type: 'turn:close', turn }).state;
      state = run(state, fac, { type: 'turn:next', turn }).state;
    }
    return state;
  }
  it('publishes debriefs for every player after the last turn', () => {
    const state = playedThrough();
    expect(state.phase.status).toBe('debrief');
    expect(state.revealed).toHaveLength(3);
  });
  it('ends from the debrief and refuses everything afterwards', () => {
    const ended = run(playedThrough(), fac, { type: 'session:end' }).state;
    expect(ended.phase.status).toBe('ended');
    expect(code(decide(ended, fac, { type: 'session:end' }, ctx()))).toBe('WRONG_PHASE');
    expect(code(decide(ended, { role: 'system' }, { type: 'player:join', nickname: 'Late' }, ctx()))).toBe('WRONG_PHASE');
  });
  it('ending mid-turn closes, reveals and debriefs that turn first', () => {
    const events = accepted(decide(run(turnOpen(), p1, submit(0, 150)).state, fac, { type: 'session:end' }, ctx()));
    expect(events.map((e) => e.type)).toEqual(['turnClosed', 'turnRevealed', 'debriefPublished', 'sessionEnded']);
    const debrief = events[2];
    expect(debrief?.type === 'debriefPublished' && debrief.players.p1?.items[0]?.yours).toBe(150);
  });
});

describe('project', () => {
  const decided = () => run(turnOpen(), p1, submit(0, 200)).facts[0]!;
  it('shows a decision to its owner and the facilitator, sealed to everyone else', () => {
    const fact = decided();
    expect(project(fact, fac)).toEqual(fact);
    expect(project(fact, { role: 'player', playerId: 'p1' })).toEqual(fact);
    for (const audience of [{ role: 'player', playerId: 'p2' }, { role: 'spectator' }] as const) {
      const seen = project(fact, audience);
      expect(seen).toEqual({ type: 'decisionSealed', seq: fact.seq, at: fact.at, turn: 0, playerId: 'p1' });
      expect(JSON.stringify(seen)).not.toContain('200');
    }
  });
  it('gives each player only their own debrief and spectators none', () => {
    const state = run(turnOpen(), p1, submit(0, 200)).state;
    const facts = run(state, fac, { type: 'session:end' }).facts;
    const debrief = facts.find((f) => f.type === 'debriefPublished')!;
    const forP2 = project(debrief, { role: 'player', playerId: 'p2' });
    expect(forP2.type === 'debriefPublished' && Object.keys(forP2.players)).toEqual(['p2']);
    const forSpectator = project(debrief, { role: 'spectator' });
    expect(forSpectator.type === 'debriefPublished' && Object.keys(forSpectator.players)).toEqual([]);
  });
  it('plans one projection per distinct view of a fact', () => {
    const plan = planDeliveries([decided()]);
    expect(plan.map((d) => d.to)).toEqual(['facilitator', 'others', 'player']);
    expect(plan[1]).toMatchObject({ to: 'others', except: ['p1'], events: [{ type: 'decisionSealed' }] });
    expect(plan[2]).toMatchObject({ to: 'player', playerId: 'p1', events: [{ type: 'decisionSubmitted' }] });
  });
  it('shows spectators exactly what a player sees of facts that are not theirs, for every kind of fact', () => {
    const steps: RoomFact[] = [...lobbyFacts()];
    let state = lobby();
    const step = (actor: Parameters<typeof decide>[1], command: Parameters<typeof decide>[2]) => {
      const r = run(state, actor, command);
      state = r.state;
      steps.push(...r.facts);
    };
    step({ role: 'system' }, { type: 'player:join', nickname: 'Carmen' });
    step(fac, { type: 'session:start' });
    step(p1, submit(0, 200));
    step(fac, { type: 'turn:close', turn: 0 });
    step(fac, { type: 'turn:next', turn: 0 });
    step(fac, { type: 'player:kick', playerId: 'p2' });
    step(fac, { type: 'session:end' });
    expect(new Set(steps.map((f) => f.type)).size).toBeGreaterThanOrEqual(10);
    for (const fact of steps) expect(project(fact, { role: 'spectator' })).toEqual(project(fact, { role: 'player', playerId: null }));
  });
  it('plans one batch per view for a whole command, personal to anyone any of its facts is personal to', () => {
    const state = run(turnOpen(), p1, submit(0, 200)).state;
    const facts = run(state, fac, { type: 'session:end' }).facts;
    const plan = planDeliveries(facts);
    const personal = plan.flatMap((d) => (d.to === 'player' ? [d.playerId] : [])).sort();
    expect(personal).toEqual(['p1', 'p2']);
    expect(plan.find((d) => d.to === 'others')).toMatchObject({ except: expect.arrayContaining(['p1', 'p2']) });
    for (const d of plan) {
      expect(d.events.map((e) => e.seq)).toEqual(facts.map((f) => f.seq));
      const audiences = d.to === 'player' ? [{ role: 'player' as const, playerId: d.playerId }] : d.to === 'others'
        ? [{ role: 'player' as const, playerId: null }, { role: 'spectator' as const }, { role: 'player' as const, playerId: 'p3' }] : [{ role: 'facilitator' as const }];
      // One batch serves every audience it goes to: spectators see what other players see.
      for (const audience of audiences) expect(d.events).toEqual(facts.map((f) => project(f, audience)));
    }
  });
});
