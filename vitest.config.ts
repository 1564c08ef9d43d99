import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The production build test is slow (a clean install and build): npm run test:build.
    // The fault suite runs real processes one case after another: npm run test:faults.
    exclude: [...configDefaults.exclude, 'tests/build/**', 'tests/faults/**'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
