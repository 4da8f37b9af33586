import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The long reliability runs: `npm run test:chaos` (vitest.chaos.config.ts).
    exclude: ['tests/chaos/**', 'node_modules/**'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
  },
});

// vitest loads the default export of its config file; the project otherwise uses named exports only.
export default config;
