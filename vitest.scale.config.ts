import { defineConfig } from 'vitest/config';

/**
 * `npm run test:scale`: the 1,000,000-resource tests (test/scale). They take
 * minutes and gigabytes of disk, so `npm test` leaves them out and .ci/run
 * runs them after it, one file at a time.
 */
export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup/loopback-only.ts'],
    include: ['test/scale/**/*.scale.test.ts'],
    maxWorkers: 1,
    testTimeout: 60 * 60_000,
    hookTimeout: 30 * 60_000,
  },
});
