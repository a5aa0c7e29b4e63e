import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { seedDemo } from '../../server/demo/seed.js';
import { verifyRollups } from '../../server/repositories/rollups.js';

async function seeded(
  seed: number,
  options: { path?: string; plannerThread?: boolean } = {},
): Promise<Db> {
  const db = openSqlite(options.path ?? ':memory:');
  await migrateToLatest(db.kysely);
  const report = await seedDemo(db, {
    seed,
    scale: 0.02,
    passwordHash: { memoryKiB: 1024, iterations: 1 },
    nowMs: Date.parse('2026-01-01T00:00:00Z'),
    plannerThread: options.plannerThread ?? false,
  });
  expect(report.plannerThread).toBe(options.plannerThread ?? false);
  return db;
}

/** A digest of what the demo stored: trips, legs, surveys and every rollup, in a fixed order. */
async function digest(db: Db): Promise<string> {
  const h = createHash('sha256');
  for (const table of [
    'trips',
    'legs',
    'surveys',
    'commuters',
    'rollup_leg_day',
    'rollup_trip_day',
    'rollup_commuter_day',
    'rollup_commuter_month',
    'rollup_cell_month',
  ] as const) {
    const rows = await db.kysely.selectFrom(table).selectAll().execute();
    const sorted = rows.map((r) => JSON.stringify(r)).sort();
    h.update(table + sorted.join('\n'));
  }
  return h.digest('hex');
}

// Each test seeds two or three demos: a minute or more on a loaded 2-core machine is no fault.
describe('seedDemo', { timeout: 120_000 }, () => {
  it('stores the same data for the same seed, other data for another, with exact rollups', async () => {
    const [a, b, c] = [await seeded(2010), await seeded(2010), await seeded(2011)];
    try {
      const count = await a.kysely
        .selectFrom('trips')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBeGreaterThan(1000);
      expect(await digest(a)).toBe(await digest(b));
      expect(await digest(c)).not.toBe(await digest(a));
      expect(await verifyRollups(a.kysely)).toEqual([]);
      // Demo logins exist for every partner's staff, the network analyst and the admin.
      const roles = await a.kysely.selectFrom('accounts').select(['role']).execute();
      expect(roles.filter((r) => r.role === 'staff')).toHaveLength(10);
      expect(roles.some((r) => r.role === 'analyst') && roles.some((r) => r.role === 'admin')).toBe(
        true,
      );
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('stores the same when a second thread plans the trips, as the server and the demo command do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'modeshift-seed-'));
    const [inThread, planned] = [
      await seeded(2010),
      await seeded(2010, { path: join(dir, 'demo.sqlite'), plannerThread: true }),
    ];
    try {
      expect(await digest(planned)).toBe(await digest(inThread));
      expect(await verifyRollups(planned.kysely)).toEqual([]);
    } finally {
      await Promise.all([inThread.close(), planned.close()]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
