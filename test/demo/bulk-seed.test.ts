import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { seedDemo } from '../../server/demo/seed.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import {
  bikeTrip,
  createTestContext,
  expectClose,
  openTestDatabase,
  TEST_ENGINE,
} from '../helpers.js';

/**
 * The demo command's bulk load (trips and legs in batched commits, rollups built once in SQL)
 * must store exactly what the per-trip path (the server's start-up seeding, rollups kept trip by
 * trip) stores for the same seed. Runs on SQLite and, in `npm run test:pg`, on PostgreSQL.
 */

const SCALE = 0.03;

async function seed(db: Db, options: { bulk: boolean; plannerThread?: boolean }) {
  return seedDemo(db, {
    seed: 2010,
    scale: SCALE,
    passwordHash: { memoryKiB: 1024, iterations: 1 },
    nowMs: Date.parse('2026-01-01T00:00:00Z'),
    ...options,
  });
}

/** Raw rows: compared exactly. */
const RAW_TABLES = ['trips', 'legs', 'surveys', 'commuters', 'sites', 'partners'] as const;
/** Rollups with their key columns: keys and counts exactly, sums of kilometres to rounding. */
const ROLLUPS = {
  rollup_leg_day: ['partner_id', 'site_id', 'local_day', 'mode', 'replaced_mode'],
  rollup_trip_day: ['partner_id', 'site_id', 'local_day', 'main_mode'],
  rollup_commuter_day: ['commuter_id', 'local_day', 'mode'],
  rollup_commuter_month: ['commuter_id', 'local_month', 'mode'],
  rollup_leg_month: ['partner_id', 'site_id', 'local_month', 'mode', 'replaced_mode'],
  rollup_trip_month: ['partner_id', 'site_id', 'local_month', 'main_mode'],
  rollup_commuter_cum: ['commuter_id', 'mode', 'month_no'],
  rollup_cell_month: ['partner_id', 'local_month', 'site_id', 'cell', 'commuter_id'],
} as const;

async function rows(db: Db, table: string, key?: readonly string[]) {
  const all = (await db.kysely
    .selectFrom(table as 'trips')
    .selectAll()
    .execute()) as unknown as Record<string, unknown>[];
  // PostgreSQL's bigint sums come back as strings: numbers either way, for the comparison.
  const normal = all.map((r) =>
    Object.fromEntries(
      Object.entries(r).map(([k, v]) => [
        k,
        typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) && k !== 'local_day' ? Number(v) : v,
      ]),
    ),
  );
  const keyOf = (r: Record<string, unknown>) =>
    key ? key.map((k) => String(r[k])).join('|') : JSON.stringify(r);
  return normal.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

/** Floating sums may differ in the last bits (another order of addition); nothing else may. */
async function expectSameData(actual: Db, expected: Db) {
  for (const table of RAW_TABLES)
    expect(await rows(actual, table), table).toEqual(await rows(expected, table));
  for (const [table, key] of Object.entries(ROLLUPS)) {
    const [a, e] = [await rows(actual, table, key), await rows(expected, table, key)];
    expect(a.length, table).toBe(e.length);
    expect(a.length, `${table} holds rows`).toBeGreaterThan(0);
    expectClose(a, e, table);
  }
}

describe('the demo bulk load', { timeout: 240_000 }, () => {
  it('stores the same trips, legs and rollups as the per-trip path, and the rollups verify', async () => {
    const perTrip = await openTestDatabase();
    const bulk = await openTestDatabase();
    try {
      const a = await seed(perTrip, { bulk: false });
      const b = await seed(bulk, { bulk: true });
      expect(b.counts).toEqual(a.counts);
      expect(a.counts.trips).toBeGreaterThan(3000);
      await expectSameData(bulk, perTrip);
      expect(await verifyRollups(bulk.kysely)).toEqual([]);
    } finally {
      await Promise.all([perTrip.close(), bulk.close()]);
    }
  });

  // A file and its planner thread are SQLite's (npm run demo --db file:…): not registered on
  // PostgreSQL rather than reported there as skipped.
  if (TEST_ENGINE === 'sqlite')
    it('stores the same with a planner thread into a file, as npm run demo does', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'modeshift-bulk-'));
      const perTrip = await openTestDatabase();
      const file = openSqlite(join(dir, 'demo.sqlite'));
      try {
        await migrateToLatest(file.kysely);
        await seed(perTrip, { bulk: false });
        const report = await seed(file, { bulk: true, plannerThread: true });
        expect(report.plannerThread).toBe(true);
        await expectSameData(file, perTrip);
        // The secondary indexes dropped for the load are all back.
        const indexes = file
          .sqlite!.prepare(
            "select name from sqlite_master where type = 'index' and sql is not null order by name",
          )
          .all();
        expect(indexes).toEqual(
          perTrip
            .sqlite!.prepare(
              "select name from sqlite_master where type = 'index' and sql is not null order by name",
            )
            .all(),
        );
        expect(indexes.length).toBeGreaterThan(10);
      } finally {
        await Promise.all([perTrip.close(), file.close()]);
        rmSync(dir, { recursive: true, force: true });
      }
    });

  it('takes the per-trip path, rollups kept exact, when real trips are already stored', async () => {
    const t = await createTestContext();
    try {
      const token = await t.token('commuterA');
      const res = await t.request('/api/v1/trips', { method: 'POST', token, json: bikeTrip() });
      expect(res.status).toBe(201);
      const report = await seed(t.db, { bulk: true });
      const stored = await t.db.kysely
        .selectFrom('trips')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // A bulk load's plans assume empty tables: here every trip went through the per-trip
      // path, so the real trip's rollups and the demo's add up together.
      expect(Number(stored.n)).toBe(report.counts.trips + 1);
      expect(await verifyRollups(t.db.kysely)).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
