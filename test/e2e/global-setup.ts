import type { TestProject } from 'vitest/node';
import { buildWeb, startServer, type RunningServer } from './support.js';

let server: RunningServer | null = null;

/** Builds the web app (when its sources changed) and starts one real server for all browser tests. */
export async function setup(project: TestProject): Promise<void> {
  await buildWeb({ force: process.env.E2E_FORCE_BUILD === '1' });
  server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  // The commuter-app test ages an enrolment code in the server's database (no API makes one
  // that is already expired).
  project.provide('dbFile', server.dbFile);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dbFile: string;
  }
}
