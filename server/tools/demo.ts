/**
 * `npm run demo [scenario-id]`: start a server, then play a whole session with a facilitator,
 * four bot players and a spectator, printing each turn and the debriefs.
 */
import { loadConfig } from '../config.js';
import { startApp } from '../app.js';
import { loadScenarioCatalogue } from '../scenarios/catalogue.js';
import { closeAll, playSession, type BotSpec } from './play.js';

const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const scenarioId = process.argv[2] ?? 'coffee-shop';
  const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const catalogue = await loadScenarioCatalogue(config.scenariosDir);
  const scenario = catalogue.get(scenarioId);
  if (!scenario) {
    say(`No scenario "${scenarioId}". Available: ${catalogue.list().map((s) => s.id).join(', ')}`);
    process.exit(2);
  }
  const app = await startApp(config);
  try {
    const bots: BotSpec[] = [
      { nickname: 'Ada', policy: 'biased' }, { nickname: 'Blaise', policy: 'normative' },
      { nickname: 'Carmen', policy: 'halfway' }, { nickname: 'Dev', policy: 'biased' },
    ].slice(0, Math.max(scenario.players.min, Math.min(4, scenario.players.max))) as BotSpec[];
    const report = await playSession(app.url, scenario, bots, say);
    say('\n=== Debriefs (each player sees only their own) ===');
    for (const seat of report.seats) {
      const d = report.debriefs[seat.playerId];
      if (!d) continue;
      say(`\n${seat.nickname} (plays ${seat.policy}): ${d.headline}`);
      for (const f of d.findings) say(`  ${f.bias}: score ${f.score ?? '—'}${f.interval ? ` [${f.interval.join(', ')}]` : ''}, n = ${f.n}. ${f.explanation}`);
    }
    say('\n=== Class summary (facilitator) ===');
    say(report.classSummary.headline);
    for (const f of report.classSummary.findings) {
      say(`  ${f.bias}: ${f.score ?? '—'}${f.interval ? ` [${f.interval.join(', ')}]` : ''}${f.test ? ` (${f.test.name}, p = ${f.test.pValue})` : ''}. ${f.explanation}`);
    }
    await report.facilitator.send('session:end', {});
    // A group turn's decision reaches a spectator sealed; a self-paced answer as playerAnswered (who, never what).
    const sealed = report.spectator.events.filter((e) => e.type === 'decisionSealed' || e.type === 'playerAnswered').length;
    say(`\nSpectator saw ${report.spectator.events.length} events; ${sealed} decisions arrived sealed.`);
    closeAll(report);
  } finally {
    await app.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
