import { ConfigError, loadConfig } from './config.js';
import { startApp } from './app.js';
import { ScenarioLoadError } from './scenarios/catalogue.js';
import { RedisStartupError } from './store/redis-wiring.js';

/** The process entry: configuration from the environment, then the composition root. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await startApp(config);
  process.stdout.write(`\nCognitrap is running at ${app.url}  (store: ${app.storeKind === 'redis' ? 'Redis' : 'in-memory'}; Ctrl+C to stop)\n\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info('shutdown requested', { signal });
    app.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ScenarioLoadError || err instanceof RedisStartupError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  }
  process.exit(1);
});
