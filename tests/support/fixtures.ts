import { ScenarioSchema, type Scenario } from '../../shared/scenario/index.js';
import type { RoomFact } from '../../shared/protocol/index.js';
import { foldRoom, type RoomState } from '../../server/room/machine/index.js';

/** Freeze a value and everything in it, so a test fails if pure code mutates its input. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A small growth scenario: 3 turns, 1–3 players, a 60 s timer on turn 0, a default move on turn 1. */
export const testScenario: Scenario = ScenarioSchema.parse({
  id: 'test-growth', title: 'Test growth', summary: 'A test.', biases: ['exponential-growth'],
  audience: 'tests', durationMinutes: 5, players: { min: 1, max: 3 }, turnMode: 'simultaneous',
  model: { kind: 'exponential-growth', initial: 100, rate: 0.1, unit: 'customers', period: 'week' },
  turns: [
    { id: 't0', title: 'First', prompt: 'Now {{current}}; in week {{target}}?', decision: { kind: 'numeric', unit: 'customers', min: 0, max: 100000, integer: true },
      timerSeconds: 60, consequence: { kind: 'growth-forecast', at: 0, horizon: 10 } },
    { id: 't1', title: 'Second', prompt: 'Week {{period}}: {{current}}.', decision: { kind: 'numeric', unit: 'customers', min: 0, max: 100000 },
      defaultMove: { kind: 'numeric', value: 0 }, consequence: { kind: 'growth-forecast', at: 10, horizon: 5 } },
    { id: 't2', title: 'Third', prompt: 'Go.', decision: { kind: 'numeric', unit: 'customers', min: 0, max: 1000000 },
      consequence: { kind: 'growth-forecast', at: 15, horizon: 20 } },
  ],
  detectors: ['exponential-growth'],
  debrief: { intro: 'Intro.', takeaway: 'Takeaway.' },
});

export const T0 = 1_700_000_000_000;

export function created(seq = 1): RoomFact {
  return { type: 'sessionCreated', seq, at: T0, sessionId: 'room-1', scenarioId: 'test-growth', title: 'Test growth', turnCount: 3, seed: 42 };
}

export function joined(seq: number, playerId: string, nickname: string, seat: number): RoomFact {
  return { type: 'playerJoined', seq, at: T0 + seq, playerId, nickname, seat, conditions: {}, vars: {}, briefing: null };
}

/** Lobby with players p1 and p2. */
export function lobbyFacts(): RoomFact[] {
  return [created(), joined(2, 'p1', 'Ada', 0), joined(3, 'p2', 'Blaise', 1)];
}

export function fold(facts: readonly RoomFact[]): RoomState {
  const state = foldRoom(facts);
  if (!state) throw new Error('fixture does not start with sessionCreated');
  return deepFreeze(state);
}
