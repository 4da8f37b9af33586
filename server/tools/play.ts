import { turnOpenedFor, type ClassSummary, type Decision, type PlayerDebrief, type WireEvent, type WireEventOf } from '../../shared/protocol/index.js';
import type { Scenario } from '../../shared/scenario/index.js';
import { formatFigure } from '../../shared/scenario/index.js';
import { botDecision, type BotMemory, type BotPolicy } from './bots.js';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from './client.js';

export type BotSpec = { nickname: string; policy: BotPolicy };
export type Seat = BotSpec & { playerId: string; client: ProtocolClient; memory: BotMemory };
export type PlayReport = {
  sessionId: string; joinCode: string; facilitator: ProtocolClient; spectator: ProtocolClient; seats: Seat[];
  debriefs: Record<string, PlayerDebrief>; classSummary: ClassSummary;
};

const is = <T extends WireEvent['type']>(type: T) => (e: WireEvent): e is WireEventOf<T> => e.type === type;
const opened = (turn: number, playerId: string | null = null) => (e: WireEvent): e is WireEventOf<'turnOpened'> =>
  e.type === 'turnOpened' && e.turn === turn && (playerId === null || e.playerId === playerId);

export function describeDecision(d: Decision): string {
  switch (d.kind) {
    case 'numeric': return formatFigure(d.value);
    case 'choice': return d.optionId;
    case 'multi-choice': return d.optionIds.join('+');
    case 'interval': return `${formatFigure(d.low)}–${formatFigure(d.high)}`;
    case 'allocation': return Object.entries(d.amounts).map(([k, v]) => `${k}:${formatFigure(v)}`).join(' ');
    case 'evidence': return `cards ${d.cardIds.join(',') || 'none'}`;
    case 'confidence': return `${d.percent} %`;
    case 'price-list': return d.switchRow === null ? 'never' : `row ${d.switchRow + 1}`;
  }
}

async function answer(seat: Seat, scenario: Scenario, turn: WireEventOf<'turnOpened'>, say: (s: string) => void): Promise<boolean> {
  const vars = turn.personal[seat.playerId]?.vars ?? turn.vars;
  const decision = botDecision(seat.policy, { scenario, opened: turn, vars, events: seat.client.events, memory: seat.memory, playerId: seat.playerId });
  if (!decision) return false;
  const ack = await seat.client.send('decision:submit', { commandId: newCommandId(), turn: turn.turn, decision });
  say(`  ${seat.nickname} → ${describeDecision(decision)}${ack.ok ? '' : ` (refused: ${ack.error.code})`}`);
  if (!ack.ok) throw new Error(`${seat.nickname}'s decision was refused: ${ack.error.code} ${ack.error.message}`);
  return true;
}

/** Simultaneous turns: everyone answers, the facilitator closes and moves on. */
async function playTogether(scenario: Scenario, facilitator: ProtocolClient, seats: Seat[], say: (s: string) => void): Promise<void> {
  for (let turn = 0; turn < scenario.turns.length; turn++) {
    const shown = await facilitator.waitFor(opened(turn));
    say(`\n--- ${shown.title} ---\n${shown.prompt}`);
    if (scenario.turnMode === 'sequential') {
      for (const playerId of shown.order ?? []) {
        const seat = seats.find((s) => s.playerId === playerId);
        if (seat) await answer(seat, scenario, await seat.client.waitFor(opened(turn)), say);
      }
    } else {
      await Promise.all(seats.map(async (seat) => answer(seat, scenario, await seat.client.waitFor(opened(turn)), say)));
    }
    const revealed = facilitator.events.some((e) => e.type === 'turnRevealed' && e.turn === turn);
    if (!revealed) {
      const closed = await facilitator.send('turn:close', { turn });
      if (!closed.ok) throw new Error(`close refused: ${closed.error.code}`);
    }
    const reveal = await facilitator.waitFor((e): e is WireEventOf<'turnRevealed'> => e.type === 'turnRevealed' && e.turn === turn);
    say(`Reveal: ${reveal.summary}`);
    const next = await facilitator.send('turn:next', { turn });
    if (!next.ok) throw new Error(`next refused: ${next.error.code}`);
  }
}

/** Self-paced: each bot walks its own path through the turns until it finishes. */
async function playAlone(scenario: Scenario, seats: Seat[], say: (s: string) => void): Promise<void> {
  await Promise.all(seats.map(async (seat) => {
    let after = 0;
    for (;;) {
      // Their first turn opens with turnOpened, each later one with the turnAnswered of the one before.
      const event = await seat.client.waitFor((e) => e.seq > after && (turnOpenedFor(e, seat.playerId) !== null || (e.type === 'playerFinished' && e.playerId === seat.playerId)));
      const next = turnOpenedFor(event, seat.playerId);
      if (next === null) return;
      after = next.seq;
      say(`  ${seat.nickname} at "${next.title}"`);
      if (!(await answer(seat, scenario, next, say))) return;
    }
  }));
}

/** Create a session, seat the bots and a spectator, and play the scenario to the debrief. */
export async function playSession(url: string, scenario: Scenario, bots: readonly BotSpec[], say: (s: string) => void = () => undefined): Promise<PlayReport> {
  const created = await mustCallHttp(url, 'createSession', { scenarioId: scenario.id });
  const facilitator = await connectClient(url, created.facilitatorToken);
  const { spectatorToken } = await mustCallHttp(url, 'spectate', { code: created.joinCode });
  const spectator = await connectClient(url, spectatorToken);
  const seats: Seat[] = [];
  for (const bot of bots) {
    const joined = await mustCallHttp(url, 'joinSession', { code: created.joinCode, nickname: bot.nickname });
    seats.push({ ...bot, playerId: joined.playerId, client: await connectClient(url, joined.playerToken), memory: { belief: null } });
  }
  say(`Session ${created.sessionId} (${scenario.id}, ${scenario.turnMode}); join code ${created.joinCode}; ${seats.length} bots`);
  const started = await facilitator.send('session:start', {});
  if (!started.ok) throw new Error(`start refused: ${started.error.code} ${started.error.message}`);
  if (scenario.turnMode === 'self-paced') await playAlone(scenario, seats, say);
  else await playTogether(scenario, facilitator, seats, say);
  const classView = await facilitator.waitFor(is('debriefPublished'), 10_000);
  const debriefs: Record<string, PlayerDebrief> = {};
  for (const seat of seats) {
    const own = await seat.client.waitFor(is('debriefPublished'));
    const mine = own.players[seat.playerId];
    if (mine) debriefs[seat.playerId] = mine;
  }
  return { sessionId: created.sessionId, joinCode: created.joinCode, facilitator, spectator, seats, debriefs, classSummary: classView.classSummary };
}

export function closeAll(report: PlayReport): void {
  for (const c of [report.facilitator, report.spectator, ...report.seats.map((s) => s.client)]) c.close();
}
