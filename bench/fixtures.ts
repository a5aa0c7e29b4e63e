import { openSqlite, type Db, type SqliteOptions } from '../server/db/connection.js';
import { migrateToLatest } from '../server/db/migrator.js';
import { insertCommuter } from '../server/repositories/commuters.js';
import { insertPartner } from '../server/repositories/partners.js';

/** A fresh database file with one partner and `commuters` commuters, for the benchmarks. */
export async function benchDatabase(
  path: string,
  commuters: number,
  options: SqliteOptions = {},
): Promise<Db> {
  const db = openSqlite(path, options);
  await migrateToLatest(db.kysely);
  const now = '2026-01-01T00:00:00.000Z';
  await db.kysely.transaction().execute(async (trx) => {
    await insertPartner(
      trx,
      {
        id: 'bench',
        name: 'Bench',
        country: 'AT',
        timezone: 'Europe/Vienna',
        locale: 'de',
        center: [15.62, 47.22],
      },
      now,
    );
    for (let i = 0; i < commuters; i++)
      await insertCommuter(trx, { id: `c${i}`, partnerId: 'bench', joinedOn: '2010-09-01' }, now);
  });
  return db;
}

/** The i-th synthetic trip: a bike commute, every fourth one bike + train. Deterministic. */
export function benchTrip(i: number, commuters: number) {
  const day = new Date(Date.UTC(2010, 8, 1) + Math.floor(i / (commuters * 2)) * 86_400_000);
  const hour = i % 2 === 0 ? 6 : 15;
  const start = new Date(day.getTime() + hour * 3_600_000 + (i % 50) * 60_000);
  const iso = (ms: number) => new Date(ms).toISOString();
  const multi = i % 4 === 0;
  return {
    id: `bench-${i}`,
    commuterId: `c${i % commuters}`,
    startedAt: iso(start.getTime()),
    endedAt: iso(start.getTime() + (multi ? 40 : 20) * 60_000),
    purpose: 'commute',
    replacedMode: 'car_driver',
    legs: multi
      ? [
          {
            mode: 'bike',
            distanceKm: 2 + (i % 7) / 10,
            durationMin: 9,
            startedAt: iso(start.getTime()),
          },
          {
            mode: 'train',
            distanceKm: 15 + (i % 5),
            durationMin: 25,
            startedAt: iso(start.getTime() + 12 * 60_000),
          },
        ]
      : [{ mode: 'bike', distanceKm: 3 + (i % 30) / 10, durationMin: 18 }],
  };
}
