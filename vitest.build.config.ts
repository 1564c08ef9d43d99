import { defineConfig } from 'vitest/config';

/** npm run test:build: the production build from a clean clone, run with production dependencies only (slow). */
export default defineConfig({
  test: {
    include: ['tests/build/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 1_200_000,
    hookTimeout: 1_200_000,
    pool: 'forks',
    maxWorkers: 1,
    reporters: ['default'],
  },
});
