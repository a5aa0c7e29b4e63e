import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openSqlite, type Db } from '../../server/db/connection.js';
import { migrateToLatest } from '../../server/db/migrator.js';
import { seedDemo } from '../../server/demo/seed.js';
import { verifyRollups } from '../../server/repositories/rollups.js';

async function seeded(seed: number): Promise<Db> {
  const db = openSqlite(':memory:');
  await migrateToLatest(db.kysely);
  await seedDemo(db, { seed, scale: 0.02, passwordHash: { memoryKiB: 1024, iterations: 1 }, nowMs: Date.parse('2026-01-01T00:00:00Z') });
  return db;
}

/** A digest of what the demo stored: trips, legs and surveys, in id order. */
async function digest(db: Db): Promise<string> {
  const h = createHash('sha256');
  for (const table of ['trips', 'legs', 'surveys', 'commuters'] as const) {
    const rows = await db.kysely.selectFrom(table).selectAll().execute();
    const sorted = rows.map((r) => JSON.stringify(r)).sort();
    h.update(table + sorted.join('\n'));
  }
  return h.digest('hex');
}

describe('seedDemo', () => {
  it('stores the same data for the same seed, other data for another, with exact rollups', async () => {
    const [a, b, c] = [await seeded(2010), await seeded(2010), await seeded(2011)];
    try {
      const count = await a.kysely.selectFrom('trips').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(count.n)).toBeGreaterThan(1000);
      expect(await digest(a)).toBe(await digest(b));
      expect(await digest(c)).not.toBe(await digest(a));
      expect(await verifyRollups(a.kysely)).toEqual([]);
      // Demo logins exist for every partner's staff, the network analyst and the admin.
      const roles = await a.kysely.selectFrom('accounts').select(['role']).execute();
      expect(roles.filter((r) => r.role === 'staff')).toHaveLength(10);
      expect(roles.some((r) => r.role === 'analyst') && roles.some((r) => r.role === 'admin')).toBe(true);
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });
});
