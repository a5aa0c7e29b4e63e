import { defineConfig } from 'vitest/config';

// npm run test:e2e: the dashboard in headless Chromium against the real server on a fresh demo
// database. One worker: the browser tests share one server and the machine has two cores.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    env: { TZ: 'UTC' },
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/e2e.json' }]]
      : ['default'],
  },
});
