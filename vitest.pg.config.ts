import { defineConfig } from 'vitest/config';

/**
 * The same API, indicator and database tests as `npm test`, on PostgreSQL (`npm run test:pg`):
 * TEST_ENGINE=postgres makes test/engine.ts give every test a fresh copy of a migrated
 * template database at TEST_POSTGRES_URL (start one with `eval "$(.ci/postgres.sh start)"`).
 * Files that test SQLite itself (its file checkpointer, WAL, busy locks, disk-full handling)
 * or never touch a database are not listed.
 */
export default defineConfig({
  test: {
    include: [
      'test/routes/**/*.test.ts',
      'test/indicators/**/*.test.ts',
      'test/services/**/*.test.ts',
      'test/repositories/**/*.test.ts',
      'test/privacy/**/*.test.ts',
      'test/imports/**/*.test.ts',
      'test/tracks/**/*.test.ts',
      'test/postgres/**/*.test.ts',
      'test/multi-server/**/*.test.ts',
      'test/demo/bulk-seed.test.ts',
    ],
    exclude: ['node_modules/**'],
    environment: 'node',
    env: { TZ: 'UTC', TEST_ENGINE: 'postgres' },
    globalSetup: ['test/postgres-teardown.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 2,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/pg.json' }]]
      : ['default'],
  },
});
