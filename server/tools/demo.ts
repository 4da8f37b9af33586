/**
 * `npm run demo [scenario-id]`: start a server, then play a whole session with a facilitator,
 * four bot players and a spectator, printing each turn and the debriefs.
 */
import { loadConfig } from '../config.js';
import { startApp } from '../app.js';
import { connectClient, mustCallHttp, newCommandId, type ProtocolClient } from './client.js';
import { decisionFor, type BotPolicy } from './bots.js';
import type { WireEvent, WireEventOf } from '../../shared/protocol/index.js';
import { formatFigure } from '../../shared/scenario/index.js';

const is = <T extends WireEvent['type']>(type: T) => (e: WireEvent): e is WireEventOf<T> => e.type === type;
const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const scenarioId = process.argv[2] ?? 'coffee-shop';
  const app = await startApp(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }));
  try {
    await play(app.url, scenarioId);
  } finally {
    await app.close();
  }
}

async function play(url: string, scenarioId: string): Promise<void> {
  const created = await mustCallHttp(url, 'createSession', { scenarioId });
  say(`Session ${created.sessionId} created from "${scenarioId}". Join code: ${created.joinCode}  (server ${url})`);
  const facilitator = await connectClient(url, created.facilitatorToken);
  const { spectatorToken } = await mustCallHttp(url, 'spectate', { code: created.joinCode });
  const spectator = await connectClient(url, spectatorToken);

  const cast: [string, BotPolicy][] = [['Ada', 'linear'], ['Blaise', 'exponential'], ['Carmen', 'halfway'], ['Dev', 'linear']];
  const players: { name: string; policy: BotPolicy; client: ProtocolClient; playerId: string }[] = [];
  for (const [name, policy] of cast) {
    const joined = await mustCallHttp(url, 'joinSession', { code: created.joinCode, nickname: name });
    players.push({ name, policy, client: await connectClient(url, joined.playerToken), playerId: joined.playerId });
    say(`  ${name} joined in seat ${joined.seat} (plays ${policy})`);
  }

  const started = await facilitator.send('session:start', {});
  if (!started.ok) throw new Error(`start refused: ${started.error.code} ${started.error.message}`);
  const turnCount = (await facilitator.waitFor(is('sessionCreated'))).turnCount;
  for (let turn = 0; turn < turnCount; turn++) await playTurn(turn, facilitator, players);

  const debriefs = await Promise.all(players.map((p) => p.client.waitFor(is('debriefPublished'))));
  say('\n=== Debriefs (each player sees only their own) ===');
  debriefs.forEach((d, i) => {
    const p = players[i];
    const mine = p ? d.players[p.playerId] : undefined;
    if (!p || !mine) return;
    say(`\n${p.name} (${p.policy}): ${mine.headline}`);
    for (const f of mine.findings) say(`  ${f.bias}: score ${f.score ?? '—'}${f.interval ? ` [${f.interval.join(', ')}]` : ''}, n = ${f.n}. ${f.explanation}`);
  });
  const full = await facilitator.waitFor(is('debriefPublished'));
  say('\n=== Class summary (facilitator) ===');
  say(full.classSummary.headline);
  for (const f of full.classSummary.findings) say(`  ${f.bias}: ${f.explanation}`);
  for (const row of full.classSummary.turns) say(`  ${row.label}: true ${formatFigure(row.normative)}, linear ${formatFigure(row.trap)}, class median ${formatFigure(row.median)}`);
  for (const band of full.classSummary.distribution) say(`  ${band.band}: ${band.count}`);

  await facilitator.send('session:end', {});
  await spectator.waitFor(is('sessionEnded'));
  const sealed = spectator.events.filter(is('decisionSealed')).length;
  say(`\nSpectator saw ${spectator.events.length} events; ${sealed} decisions arrived sealed, none in the clear before the reveal.`);
  for (const c of [facilitator, spectator, ...players.map((p) => p.client)]) c.close();
}

async function playTurn(turn: number, facilitator: ProtocolClient, players: { name: string; policy: BotPolicy; client: ProtocolClient }[]): Promise<void> {
  const opened = await facilitator.waitFor((e): e is WireEventOf<'turnOpened'> => e.type === 'turnOpened' && e.turn === turn);
  say(`\n--- Turn ${turn + 1}: ${opened.title} ---\n${opened.prompt}`);
  for (const p of players) {
    const seen = await p.client.waitFor((e): e is WireEventOf<'turnOpened'> => e.type === 'turnOpened' && e.turn === turn);
    const decision = decisionFor(p.policy, seen);
    if (!decision) continue;
    const ack = await p.client.send('decision:submit', { commandId: newCommandId(), turn, decision });
    say(`  ${p.name} answers ${decision.kind === 'numeric' ? formatFigure(decision.value) : decision.optionId} → ${ack.ok ? `recorded as #${ack.data.seq}` : ack.error.code}`);
  }
  const closed = await facilitator.send('turn:close', { turn });
  if (!closed.ok) throw new Error(`close refused: ${closed.error.message}`);
  const revealed = await facilitator.waitFor((e): e is WireEventOf<'turnRevealed'> => e.type === 'turnRevealed' && e.turn === turn);
  say(`Reveal: ${revealed.summary}`);
  await facilitator.send('turn:next', { turn });
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
