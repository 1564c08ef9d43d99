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
    // Bundled into the tests instead of loaded as is, so tests/integration/credentials.test.ts can give
    // web-did-resolver's HTTPS fetch (cross-fetch) a stand-in that reaches the local test server.
    server: { deps: { inline: ['web-did-resolver'] } },
  },
});
