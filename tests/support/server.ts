import { loadConfig } from '../../server/config.js';
import { startApp, type AppOverrides, type RunningApp } from '../../server/app.js';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

/** A real server on 127.0.0.1, port 0, logging nothing. */
export function startTestServer(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<RunningApp> {
  return startApp(loadConfig({
    NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', TOKEN_SECRET: TEST_SECRET,
    SCENARIOS_DIR: 'scenarios', TIMER_POLL_MS: '50', ...env,
  }), overrides);
}
