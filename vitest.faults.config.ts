import { defineConfig } from 'vitest/config';

/**
 * npm run test:faults: the fault suite. Real processes (several instances from the real entry point,
 * a real SMTP server, a TCP proxy in front of PostgreSQL), one case after another on one database.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    reporters: ['default'],
  },
});
