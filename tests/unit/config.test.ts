import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.js';

describe('config', () => {
  it('has working defaults for a newcomer', () => {
    expect(loadConfig({})).toMatchObject({ env: 'development', host: '127.0.0.1', port: 3000, tokenSecret: null, scenariosDir: 'scenarios' });
  });
  it('parses every variable', () => {
    const c = loadConfig({ PORT: '8080', HOST: '0.0.0.0', ALLOWED_ORIGINS: 'https://a.example, https://b.example', TOKEN_TTL_MINUTES: '30', TIMER_POLL_MS: '100' });
    expect(c).toMatchObject({ port: 8080, host: '0.0.0.0', allowedOrigins: ['https://a.example', 'https://b.example'], tokenTtlSeconds: 1800, timerPollMs: 100 });
    // Retention applies to either store, Redis or not.
    expect(loadConfig({ SESSION_IDLE_TTL_HOURS: '2', REPLAY_TTL_DAYS: '1' }).retention).toEqual({ idleTtlSeconds: 7200, replayTtlSeconds: 86_400 });
  });
  it('names each bad variable in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', TOKEN_SECRET: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'LOG_LEVEL', 'TOKEN_SECRET']) expect(problems).toContain(name);
    }
  });
  it('requires a token secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/TOKEN_SECRET/);
  });
});
