import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyRollups } from '../../server/repositories/rollups.js';
import { STORAGE_FAILURE_WINDOW_MS } from '../../server/services/storage-health.js';
import { bikeTrip } from '../helpers.js';
import { openFileApp, tempDir, type FileApp } from './file-app.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function fileApp(): Promise<FileApp> {
  const tmp = tempDir('modeshift-storage-');
  cleanups.push(tmp.remove);
  const t = await openFileApp(join(tmp.dir, 'db.sqlite'));
  cleanups.push(() => t.close());
  return t;
}

async function tripCount(t: FileApp): Promise<number> {
  const r = await t.db.kysely
    .selectFrom('trips')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

async function health(t: FileApp): Promise<{ status: number; body: any }> {
  const res = await t.app.request('/api/v1/health');
  return { status: res.status, body: await res.json() };
}

function batchOf(prefix: string, n: number) {
  return {
    trips: Array.from({ length: n }, (_, i) =>
      bikeTrip({
        id: `${prefix}-${i}`,
        legs: [
          {
            mode: 'bike',
            distanceKm: 5.2,
            durationMin: 21,
            geometry: {
              type: 'LineString',
              coordinates: Array.from({ length: 40 }, (_, k) => [
                15.6 + k * 0.001,
                47.2 + i * 0.0001,
              ]),
            },
          },
        ],
      }),
    ),
  };
}

describe('a full disk', () => {
  it('answers 503 storage_unavailable with the real cause in the log, keeps stored trips intact, and /health reports it until a write succeeds', async () => {
    const t = await fileApp();
    const commuter = await t.token('commuterA');
    expect((await t.post('/api/v1/trips/batch', commuter, batchOf('before', 20))).status).toBe(200);
    expect(await health(t)).toMatchObject({
      status: 200,
      body: { status: 'ok', storage: { writable: true, failure: null } },
    });

    // SQLite answers SQLITE_FULL once the file would grow past this many pages: a full disk
    // without filling one.
    const pages = t.db.sqlite!.pragma('page_count', { simple: true }) as number;
    t.db.sqlite!.pragma(`max_page_count = ${pages + 3}`);
    let stored = 20;
    let refused: Response | undefined;
    for (let i = 0; i < 30 && !refused; i++) {
      const res = await t.post('/api/v1/trips/batch', commuter, batchOf(`fill${i}`, 100));
      if (res.status === 200) stored += 100;
      else refused = res;
    }
    expect(refused?.status).toBe(503);
    expect(refused!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await refused!.json()).error.code).toBe('storage_unavailable');
    const requestId = refused!.headers.get('x-request-id');
    const logged = t.logs.find((l) => l.requestId === requestId);
    expect(logged).toMatchObject({
      level: 'error',
      code: 'SQLITE_FULL',
      cause: 'database or disk is full',
    });
    expect(JSON.stringify(t.logs)).not.toMatch(/cannot rollback/);

    // Single trips go through the group commit: the same answer once they no longer fit in
    // the pages' free space.
    let single: Response;
    for (
      let i = 0;
      (single = await t.post(
        '/api/v1/trips',
        commuter,
        bikeTrip({ id: `single-${i}`, legs: batchOf('x', 1).trips[0]!.legs }),
      )).status === 201 && i < 100;
      i++
    )
      stored++;
    expect(single.status).toBe(503);
    expect((await single.json()).error.code).toBe('storage_unavailable');

    // Nothing half-written, everything acknowledged still there.
    expect(await tripCount(t)).toBe(stored);
    expect(t.db.sqlite!.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
    expect(await health(t)).toMatchObject({
      status: 503,
      body: {
        status: 'degraded',
        storage: { writable: false, failure: { kind: 'storage', code: 'SQLITE_FULL' } },
      },
    });

    // Space again: the refused batch goes through and /health is ok at once.
    t.db.sqlite!.pragma('max_page_count = 1073741823');
    const retried = await t.post('/api/v1/trips/batch', commuter, batchOf('retry', 100));
    expect(retried.status).toBe(200);
    expect(await health(t)).toMatchObject({
      status: 200,
      body: { status: 'ok', storage: { writable: true, failure: null } },
    });
    expect(await verifyRollups(t.db.kysely)).toEqual([]);
  });

  it('stops failing /health some time after the last failure when no write came to prove it either way', async () => {
    const t = await fileApp();
    const commuter = await t.token('commuterA');
    t.db.sqlite!.pragma(
      `max_page_count = ${t.db.sqlite!.pragma('page_count', { simple: true }) as number}`,
    );
    let res: Response;
    for (
      let i = 0;
      (res = await t.post('/api/v1/trips/batch', commuter, batchOf(`fill${i}`, 100))).status ===
        200 && i < 30;
      i++
    );
    expect(res.status).toBe(503);
    expect((await health(t)).body.status).toBe('degraded');
    t.advance(STORAGE_FAILURE_WINDOW_MS - 1000);
    expect((await health(t)).body.status).toBe('degraded');
    // A load balancer that stopped sending writes must see the server ok again to let one through.
    t.advance(2000);
    expect((await health(t)).body.status).toBe('ok');
  });
});

describe('a transaction that hits a full disk', () => {
  it('fails with SQLITE_FULL, not with the ROLLBACK that follows after SQLite rolled back by itself', async () => {
    const t = await fileApp();
    const k = t.db.kysely;
    t.db.sqlite!.pragma(
      `max_page_count = ${t.db.sqlite!.pragma('page_count', { simple: true }) as number}`,
    );
    const write = k.transaction().execute(async (trx) => {
      for (let i = 0; i < 1000; i++)
        await trx
          .insertInto('data_versions')
          .values({ partner_id: `p${i}-${'x'.repeat(500)}`, version: 1 })
          .execute();
    });
    await expect(write).rejects.toMatchObject({ code: 'SQLITE_FULL' });
    expect(t.db.sqlite!.inTransaction).toBe(false);
    // The connection is usable afterwards, and nothing of the transaction stayed.
    expect(
      await k
        .selectFrom('data_versions')
        .selectAll()
        .where('partner_id', 'like', 'p%-x%')
        .execute(),
    ).toEqual([]);
  });
});

describe('a read-only database', () => {
  it('answers writes 503 storage_unavailable, logs SQLITE_READONLY, still answers reads, and /health reports it', async () => {
    const t = await fileApp();
    const commuter = await t.token('commuterA');
    expect((await t.post('/api/v1/trips', commuter, bikeTrip({ id: 'stored' }))).status).toBe(201);
    // What a read-only mount or file looks like to SQLite: every write is refused.
    t.db.sqlite!.pragma('query_only = ON');

    const batch = await t.post('/api/v1/trips/batch', commuter, batchOf('ro', 5));
    const single = await t.post('/api/v1/trips', commuter, bikeTrip({ id: 'ro-single' }));
    for (const res of [batch, single]) {
      expect(res.status).toBe(503);
      expect((await res.json()).error.code).toBe('storage_unavailable');
    }
    expect(
      t.logs.some((l) => l.level === 'error' && String(l.code).startsWith('SQLITE_READONLY')),
    ).toBe(true);
    const list = await t.app.request('/api/v1/trips', {
      headers: { authorization: `Bearer ${commuter}` },
    });
    expect(list.status).toBe(200);
    expect((await list.json()).items.map((i: { id: string }) => i.id)).toEqual(['stored']);
    expect(await health(t)).toMatchObject({
      status: 503,
      body: {
        status: 'degraded',
        storage: { failure: { code: expect.stringMatching(/^SQLITE_READONLY/) } },
      },
    });
  });
});
