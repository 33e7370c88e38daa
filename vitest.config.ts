import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Files that replace a module with vi.mock: they need modules of their own, so they run isolated. */
export const ISOLATED_TEST_FILES = ['test/report/write-errors.test.ts', 'test/util/output-set.test.ts'];

const common = {
  setupFiles: ['test/setup/loopback-only.ts', 'test/setup/restore-aws-mocks.ts'],
  testTimeout: 30_000,
  hookTimeout: 120_000,
};

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    // vitest's default is one worker less than the cores: one on a 2-core machine. The end-to-end files spend much of
    // their time waiting on the CLI processes they start, so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          ...common,
          name: 'shared',
          include: ['test/**/*.test.ts'],
          // test/scale runs by `npm run test:scale` (vitest.scale.config.ts): minutes per file.
          exclude: [...ISOLATED_TEST_FILES, 'test/scale/**'],
          // Test files share a worker's module cache: the AWS SDK and the engine are imported once per worker, not once per file (half the suite's time).
          pool: 'threads',
          isolate: false,
        },
      },
      { test: { ...common, name: 'isolated', include: ISOLATED_TEST_FILES } },
    ],
  },
});
