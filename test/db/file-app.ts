import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createApp } from '../../server/app.js';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { createLogger } from '../../server/logger.js';
import {
  PASSWORD,
  seedFixtures,
  testConfig,
  TEST_NOW,
  USERS,
  type FixtureUser,
} from '../helpers.js';

/** A temporary directory per test file, removed by the returned cleanup. */
export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FileApp {
  db: Db;
  app: ReturnType<typeof createApp>;
  /** JSON log lines the app wrote (level error and above unless told). */
  logs: Array<Record<string, unknown>>;
  /** Milliseconds the app's clock is ahead of TEST_NOW. */
  advance(ms: number): void;
  token(user: FixtureUser): Promise<string>;
  post(path: string, token: string, json: unknown): Promise<Response>;
  close(): Promise<void>;
}

/**
 * The app on a SQLite file, as the server opens it (openSqlite with the configured busy timeout),
 * instead of the in-memory database of createTestContext: locks and disk limits need a file.
 */
export async function openFileApp(
  path: string,
  options: { env?: Record<string, string>; fixtures?: boolean } = {},
): Promise<FileApp> {
  const config = testConfig({ DATABASE_URL: `file:${path}`, ...options.env });
  const db = openSqlite(path, { busyTimeoutMs: config.sqliteBusyTimeoutMs });
  await migrateToLatest(db.kysely);
  if (options.fixtures !== false) await seedFixtures(db, config);
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger('error', (line) =>
    logs.push(JSON.parse(line) as Record<string, unknown>),
  );
  let offsetMs = 0;
  const app = createApp({ db, config, logger, now: () => TEST_NOW + offsetMs });
  const tokens = new Map<string, string>();
  const post = (p: string, token: string, json: unknown) =>
    Promise.resolve(
      app.request(p, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      }),
    );
  return {
    db,
    app,
    logs,
    advance: (ms) => void (offsetMs += ms),
    async token(user) {
      let t = tokens.get(user);
      if (!t) {
        const res = await app.request('/api/v1/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: USERS[user].email, password: PASSWORD }),
        });
        if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
        tokens.set(user, (t = ((await res.json()) as { token: string }).token));
      }
      return t;
    },
    post,
    close: () => db.close(),
  };
}

/**
 * The program of a second writer on the same file, on a thread of its own (another process as
 * far as SQLite is concerned: its own connection). It must not share the test's event loop:
 * a writer waiting for the lock waits synchronously, and would stall a holder on that loop.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 20000');
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
// A real change, so that a reader that started before it has a stale snapshot afterwards.
const bump = db.prepare("insert into data_versions (partner_id, version) values ('other-process', 1) on conflict (partner_id) do update set version = version + 1");
const until = Date.now() + workerData.durationMs;
let transactions = 0;
do {
  db.exec('begin immediate');
  bump.run();
  if (transactions === 0) parentPort.postMessage('locked');
  pause(workerData.holdMs);
  db.exec('commit');
  transactions++;
  pause(workerData.gapMs);
} while (Date.now() < until);
db.close();
parentPort.postMessage({ transactions });
`;

export interface OtherWriter {
  /** Resolves once the other writer holds the write lock for the first time. */
  locked: Promise<void>;
  /** Resolves with the number of transactions it committed, once it has closed its connection. */
  done: Promise<number>;
}

/** Another connection writing to the file: transactions holding the lock holdMs each, gapMs apart, for durationMs. */
export function startOtherWriter(
  path: string,
  options: { holdMs: number; gapMs: number; durationMs: number },
): OtherWriter {
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WRITER_SOURCE, {
    eval: true,
    workerData: { path, driverPath, ...options },
  });
  let onLocked!: () => void;
  const locked = new Promise<void>((resolve) => (onLocked = resolve));
  const done = new Promise<number>((resolve, reject) => {
    worker.on('message', (m: 'locked' | { transactions: number }) =>
      m === 'locked' ? onLocked() : resolve(m.transactions),
    );
    worker.on('error', reject);
    worker.on('exit', (code) =>
      code === 0 ? undefined : reject(new Error(`other writer exited with ${code}`)),
    );
  });
  return { locked, done };
}
