import { dropTestDatabases } from './engine.js';

/** vitest.pg.config.ts's global setup: after the run, drop the databases the test files made. */
export default function setup() {
  return async () => {
    await dropTestDatabases();
  };
}
