import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { bikeTrip } from '../helpers.js';
import { openFileApp, startOtherWriter, tempDir, type FileApp } from './file-app.js';

// Two servers on one SQLite file (a restart overlapping the old process, a CLI next to the
// server): the other one is a connection on another thread, writing to the same file.

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fileApp(env: Record<string, string> = {}): Promise<{ t: FileApp; path: string }> {
  const tmp = tempDir('modeshift-writers-');
  cleanups.push(tmp.remove);
  const path = join(tmp.dir, 'db.sqlite');
  const t = await openFileApp(path, { env });
  cleanups.push(() => t.close());
  return { t, path };
}

async function tripCount(t: FileApp): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('trips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

function batchOf(prefix: string, n: number) {
  return {
    trips: Array.from({ length: n }, (_, i) =>
      bikeTrip({ id: `${prefix}-${i}`, commuterId: 'cmt-a1' }),
    ),
  };
}

describe('writes while another process writes to the same SQLite file', () => {
  it('wait for the other writer instead of failing: every batch, single trip, correction and deletion succeeds', async () => {
    const { t, path } = await fileApp();
    const staff = await t.token('staffA');
    const commuter = await t.token('commuterA');
    // Trips to correct and delete while the other process writes.
    expect((await t.post('/api/v1/trips/batch', staff, batchOf('seed', 10))).status).toBe(200);

    const other = startOtherWriter(path, { holdMs: 8, gapMs: 2, durationMs: 1500 });
    await other.locked;
    const statuses: Array<{ what: string; status: number; body: string }> = [];
    const record = async (what: string, res: Promise<Response>) => {
      const r = await res;
      statuses.push({ what, status: r.status, body: r.status >= 300 ? await r.text() : '' });
    };
    let batches = 0;
    let singles = 0;
    let deleted = 0;
    const started = Date.now();
    for (let round = 0; Date.now() - started < 1200; round++) {
      const work: Array<Promise<void>> = [
        record('batch', t.post('/api/v1/trips/batch', staff, batchOf(`b${round}`, 20))),
        record('batch', t.post('/api/v1/trips/batch', commuter, batchOf(`c${round}`, 5))),
        record('single', t.post('/api/v1/trips', commuter, bikeTrip({ id: `s${round}-1` }))),
        record('single', t.post('/api/v1/trips', commuter, bikeTrip({ id: `s${round}-2` }))),
      ];
      batches += 25;
      singles += 2;
      if (round < 5) {
        // Kysely transactions (read, then write) too: a correction and a deletion.
        work.push(
          record(
            'patch',
            Promise.resolve(
              t.app.request(`/api/v1/trips/seed-${round}`, {
                method: 'PATCH',
                headers: { authorization: `Bearer ${staff}`, 'content-type': 'application/json' },
                body: JSON.stringify({ purpose: 'other' }),
              }),
            ),
          ),
        );
        work.push(
          record(
            'delete',
            Promise.resolve(
              t.app.request(`/api/v1/trips/seed-${round + 5}`, {
                method: 'DELETE',
                headers: { authorization: `Bearer ${staff}` },
              }),
            ),
          ),
        );
        deleted++;
      }
      await Promise.all(work);
    }
    const otherTransactions = await other.done;

    expect(otherTransactions).toBeGreaterThan(20); // the other process really wrote meanwhile
    expect(statuses.filter((s) => s.status >= 300)).toEqual([]);
    expect(await tripCount(t)).toBe(10 - deleted + batches + singles);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it('answer 503 database_busy with Retry-After when the lock outlasts SQLITE_BUSY_TIMEOUT_MS, store nothing, and succeed once it is released', async () => {
    const { t, path } = await fileApp({ SQLITE_BUSY_TIMEOUT_MS: '150' });
    const commuter = await t.token('commuterA');
    expect((await t.post('/api/v1/trips', commuter, bikeTrip({ id: 'before' }))).status).toBe(201);

    const other = startOtherWriter(path, { holdMs: 1200, gapMs: 0, durationMs: 0 });
    await other.locked;
    const waitedFrom = Date.now();
    const [batch, single] = await Promise.all([
      t.post('/api/v1/trips/batch', commuter, batchOf('locked', 30)),
      t.post('/api/v1/trips', commuter, bikeTrip({ id: 'locked-single' })),
    ]);
    const waitedMs = Date.now() - waitedFrom;
    for (const res of [batch, single]) {
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await res.json()).error.code).toBe('database_busy');
    }
    expect(waitedMs).toBeGreaterThanOrEqual(150); // it did wait for the lock first
    expect(
      t.logs.some(
        (l) =>
          l.level === 'error' &&
          /^SQLITE_BUSY/.test(String(l.code)) &&
          typeof l.requestId === 'string',
      ),
    ).toBe(true);
    await other.done;

    expect(await tripCount(t)).toBe(1); // nothing of the refused writes is half there
    const retried = await t.post('/api/v1/trips/batch', commuter, batchOf('locked', 30));
    expect(retried.status).toBe(200);
    expect((await retried.json()).created).toBe(30);
    expect(
      (await t.post('/api/v1/trips', commuter, bikeTrip({ id: 'locked-single' }))).status,
    ).toBe(201);
    expect(await tripCount(t)).toBe(32);
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });
});
