import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // test/postgres needs a PostgreSQL cluster: npm run test:pg (vitest.pg.config.ts) runs it.
    exclude: ['test/e2e/**', 'test/postgres/**', 'node_modules/**'],
    environment: 'node',
    env: { TZ: 'UTC' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: forks in parallel are fine, but cap them so a shared machine stays usable.
    maxWorkers: 2,
    // On CI a JSON report too, from which .ci/run prints one "N passed, N failed" line.
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/unit.json' }]]
      : ['default'],
  },
});
