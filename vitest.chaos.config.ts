import { defineConfig } from 'vitest/config';

/** `npm run test:chaos`: long reliability runs, not part of CI. */
export const config = defineConfig({
  test: { include: ['tests/chaos/**/*.test.ts'], testTimeout: 3 * 60 * 60 * 1000, hookTimeout: 120_000, pool: 'forks' },
});

// vitest loads the default export of its config file; the project otherwise uses named exports only.
export default config;
