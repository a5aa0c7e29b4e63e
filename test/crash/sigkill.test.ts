import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../../server/db/connection.js';
import { verifyRollups } from '../../server/repositories/rollups.js';

// The real server as a child process on a SQLite file, killed with SIGKILL while batch and
// single-trip writes are in flight, with a second server on the same file overlapping it (a
// restart that starts the new process before the old one is gone). What a client was told is
// stored must be there, once, whole, with exact rollups, after a restart on the same file.

const ROOT = resolve(import.meta.dirname, '../..');
const ADMIN = { email: 'crash-admin@test.example', password: 'Crash-test admin 7 horses' };
const dir = mkdtempSync(join(tmpdir(), 'modeshift-crash-'));
const dbPath = join(dir, 'crash.sqlite');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Server {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** Starts `node --import tsx server/main.ts` on the test's file and resolves once it listens. */
function startServer(name: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: `file:${dbPath}`,
      DEMO: 'false',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_ITERATIONS: '1',
      WEB_DIST_DIR: join(dir, 'no-web-app'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const output: string[] = [];
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not start in 30 s:\n${output.join('')}`)),
      30_000,
    );
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (!line.includes('modeshift listening')) continue;
        clearTimeout(timer);
        resolvePromise({ child, url: (JSON.parse(line) as { url: string }).url, output });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before listening:\n${output.join('')}`));
    });
  });
}

function killed(server: Server): Promise<void> {
  return new Promise((done) => {
    if (server.child.exitCode !== null || server.child.signalCode !== null) return done();
    server.child.once('exit', () => done());
    server.child.kill('SIGKILL');
  });
}

async function call(
  url: string,
  path: string,
  token: string | null,
  json?: unknown,
): Promise<Response> {
  return fetch(`${url}/api/v1${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  });
}

const COMMUTERS = ['crash-c1', 'crash-c2', 'crash-c3', 'crash-c4'];

/** A plausible trip of one to three legs (a trip with fewer legs than leg_count would show). */
function trip(id: string, n: number) {
  const legs = [{ mode: 'bike', distanceKm: 2 + (n % 5), durationMin: 10 + (n % 7) }];
  if (n % 3 > 0) legs.push({ mode: 'train', distanceKm: 12, durationMin: 15 });
  if (n % 3 > 1) legs.push({ mode: 'walk', distanceKm: 0.6, durationMin: 8 });
  const day = String(1 + (n % 28)).padStart(2, '0');
  return {
    id,
    commuterId: COMMUTERS[n % COMMUTERS.length],
    startedAt: `2011-03-${day}T07:00:00+01:00`,
    endedAt: `2011-03-${day}T08:00:00+01:00`,
    purpose: 'commute',
    replacedMode: 'car_driver',
    legs,
  };
}

interface Load {
  acknowledged: Set<string>;
  /** Answers other than 2xx (a killed server answers nothing: those count as no answer). */
  refused: Array<{ status: number; body: string }>;
  stop(): Promise<void>;
}

/**
 * Writers in parallel, each sending to the servers still alive in turn: batches of 20-50 trips
 * and single trips with client ids. A trip counts as acknowledged when its request got a 2xx.
 */
function startLoad(targets: () => string[], token: string): Load {
  const acknowledged = new Set<string>();
  const refused: Load['refused'] = [];
  let running = true;
  let seq = 0;
  const writer = async (w: number, batch: boolean) => {
    for (let i = 0; running; i++) {
      const live = targets();
      if (live.length === 0) return;
      const url = live[i % live.length]!;
      const ids = Array.from(
        { length: batch ? 20 + ((w * 7 + i) % 31) : 1 },
        () => `crash-${w}-${seq++}`,
      );
      try {
        const res = batch
          ? await call(url, '/trips/batch', token, { trips: ids.map((id, k) => trip(id, seq + k)) })
          : await call(url, '/trips', token, trip(ids[0]!, seq));
        if (res.status >= 200 && res.status < 300) for (const id of ids) acknowledged.add(id);
        else refused.push({ status: res.status, body: await res.text() });
      } catch {
        // No answer (the server was killed mid-request): the trip may or may not be stored.
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const writers = [
    ...[0, 1, 2].map((w) => writer(w, true)),
    ...[3, 4, 5, 6, 7].map((w) => writer(w, false)),
  ];
  return {
    acknowledged,
    refused,
    async stop() {
      running = false;
      await Promise.all(writers);
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SIGKILL during concurrent writes, with a second server on the same file', () => {
  it('keeps every acknowledged trip exactly once and whole, with exact rollups, after a restart', async () => {
    const first = await startServer('first server');
    const login = await call(first.url, '/auth/login', null, ADMIN);
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { token: string }).token;
    expect(
      (
        await call(first.url, '/partners', token, {
          id: 'crash-town',
          name: 'Crash Town',
          country: 'AT',
          timezone: 'Europe/Vienna',
          locale: 'de',
          center: [15.624, 47.219],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(first.url, '/partners/crash-town/sites', token, {
          id: 'crash-site',
          name: 'Town hall',
        })
      ).status,
    ).toBe(201);
    for (const id of COMMUTERS) {
      expect(
        (
          await call(first.url, '/commuters', token, {
            id,
            partnerId: 'crash-town',
            siteId: id === 'crash-c4' ? null : 'crash-site',
            joinedOn: '2010-09-01',
          })
        ).status,
      ).toBe(201);
    }

    const alive = new Set<string>([first.url]);
    const load = startLoad(() => [...alive], token);
    // The overlapping restart: a second server migrates and serves the same file under load.
    const second = await startServer('second server');
    alive.add(second.url);
    await sleep(1000);
    alive.delete(first.url);
    await killed(first); // mid-flight: requests to it are still open
    await sleep(400);
    alive.delete(second.url);
    await killed(second);
    await load.stop();

    expect(load.acknowledged.size).toBeGreaterThan(100); // the load really ran
    // Every answer was a success: no "database is locked" 500 and no 503 while two servers wrote.
    expect(load.refused).toEqual([]);

    // A restart on the same file starts (recovering the WAL) and serves what was acknowledged.
    const third = await startServer('restarted server');
    const relogin = await call(third.url, '/auth/login', null, ADMIN);
    expect(relogin.status).toBe(200);
    const sample = [...load.acknowledged].slice(-1)[0]!;
    expect(
      (
        await call(
          third.url,
          `/trips/${sample}`,
          ((await relogin.json()) as { token: string }).token,
        )
      ).status,
    ).toBe(200);
    third.child.kill('SIGTERM');
    await new Promise((r) => third.child.once('exit', r));

    const db = openSqlite(dbPath);
    try {
      const sqlite = db.sqlite!;
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = new Set(
        (
          sqlite.prepare(`select id from trips where partner_id = 'crash-town'`).all() as Array<{
            id: string;
          }>
        ).map((r) => r.id),
      );
      const missing = [...load.acknowledged].filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      // Exactly once: one row per id, and each trip has exactly its leg_count legs, numbered once.
      expect(
        sqlite.prepare(`select id, count(*) as n from trips group by id having n > 1`).all(),
      ).toEqual([]);
      const partial = sqlite
        .prepare(
          `select t.id, t.leg_count, count(l.trip_id) as legs, count(distinct l.seq) as seqs from trips t left join legs l on l.trip_id = t.id group by t.id having legs <> t.leg_count or seqs <> t.leg_count`,
        )
        .all();
      expect(partial).toEqual([]);
      expect(
        sqlite
          .prepare(`select count(*) as n from legs where trip_id not in (select id from trips)`)
          .get(),
      ).toEqual({ n: 0 });
      expect(await verifyRollups(db.kysely)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
