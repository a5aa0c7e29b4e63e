import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertAccount, listAccounts } from '../../server/repositories/accounts.js';
import {
  findCommuter,
  insertCommuter,
  updateCommuter,
} from '../../server/repositories/commuters.js';
import {
  findPartner,
  findSite,
  insertPartner,
  insertSite,
  updatePartner,
  updateSite,
} from '../../server/repositories/partners.js';
import { verifyRollups } from '../../server/repositories/rollups.js';
import {
  findTrip,
  insertTrips,
  insertTripsWithBulkWriter,
  type TripWrite,
} from '../../server/repositories/trips.js';
import { createTestContext, type TestContext } from '../helpers.js';

/**
 * Repositories answer what they found (a value, undefined, a conflict) and leave the HTTP
 * answer to the route or service (issue 9): a repository used by the CLI, the demo seeder or a
 * service can then decide for itself, and a refused write has written nothing.
 */

let t: TestContext;
beforeEach(async () => {
  t = await createTestContext();
});
afterEach(() => t.close());

const now = '2026-02-01T00:00:00.000Z';
const townA = {
  id: 'town-a',
  name: 'Another A',
  country: 'AT',
  timezone: 'Europe/Vienna',
  locale: 'de',
  center: [15.6, 47.2] as [number, number],
};

describe('partners and sites', () => {
  it('answer a taken id or a missing record as a value and write nothing', async () => {
    const k = t.db.kysely;
    await expect(insertPartner(k, townA, now)).resolves.toEqual({ conflict: true });
    expect((await findPartner(k, 'town-a'))?.name).toBe('Town A');
    await expect(updatePartner(k, 'nowhere', { name: 'X' }, now)).resolves.toBeUndefined();
    await expect(
      insertSite(k, 'nowhere', { id: 'site-new', name: 'New' }, now),
    ).resolves.toBeUndefined();
    expect(await findSite(k, 'site-new')).toBeNull();
    await expect(insertSite(k, 'town-a', { id: 'site-b', name: 'Taken' }, now)).resolves.toEqual({
      conflict: true,
    });
    // A site of another partner is not found through this one, and stays as it was.
    await expect(
      updateSite(k, 'town-a', 'site-b', { name: 'Renamed' }, now),
    ).resolves.toBeUndefined();
    expect((await findSite(k, 'site-b'))?.name).toBe('Hospital B');
  });
});

describe('accounts', () => {
  it('answer an e-mail that already has an account as a conflict', async () => {
    const k = t.db.kysely;
    const before = (await listAccounts(k, { partnerId: null })).length;
    const result = await insertAccount(
      k,
      {
        id: 'acc-twin',
        email: ' Admin@Test.example',
        passwordHash: 'x',
        role: 'analyst',
        partnerId: null,
        commuterId: null,
      },
      now,
    );
    expect(result).toEqual({ conflict: true });
    expect((await listAccounts(k, { partnerId: null })).length).toBe(before);
  });
});

describe('commuters', () => {
  it('name the reference that does not hold, and write nothing', async () => {
    const k = t.db.kysely;
    await expect(
      insertCommuter(k, { id: 'c-new', partnerId: 'nowhere', joinedOn: '2011-01-01' }, now),
    ).resolves.toEqual({ unknown: 'partnerId' });
    await expect(
      insertCommuter(
        k,
        { id: 'c-new', partnerId: 'town-a', siteId: 'site-b', joinedOn: '2011-01-01' },
        now,
      ),
    ).resolves.toEqual({ unknown: 'siteId' });
    expect(await findCommuter(k, 'c-new')).toBeNull();
    await expect(updateCommuter(k, 'nobody', { weightKg: 70 }, now)).resolves.toBeUndefined();
    await expect(
      updateCommuter(k, 'cmt-a1', { siteId: 'site-b', weightKg: 90 }, now),
    ).resolves.toEqual({ unknown: 'siteId' });
    expect(await findCommuter(k, 'cmt-a1')).toMatchObject({ siteId: 'site-a', weightKg: 72 });
  });
});

describe('trips', () => {
  const write = (id: string, distanceKm: number, hash: string): TripWrite => ({
    trip: {
      id,
      commuterId: 'cmt-a1',
      startedAt: '2011-03-01T06:30:00.000Z',
      endedAt: '2011-03-01T06:52:00.000Z',
      purpose: 'commute',
      replacedMode: 'car_driver',
      mainMode: 'bike',
      distanceKm,
      durationMin: 22,
      legs: [
        {
          seq: 0,
          mode: 'bike',
          distanceKm,
          durationMin: 22,
          startedAt: null,
          replacedMode: null,
          geometry: null,
        },
      ],
    },
    partnerId: 'town-a',
    siteId: 'site-a',
    localDay: '2011-03-01',
    contentHash: hash,
    source: 'api',
  });

  it('answer ids used by different trips with their positions, on both write paths, and store none of the batch', async () => {
    const k = t.db.kysely;
    expect(await insertTrips(k, [write('t-1', 5, 'h1')], now)).toEqual([
      { id: 't-1', status: 'created' },
    ]);
    const batch = [write('t-2', 3, 'h2'), write('t-1', 6, 'other')];
    expect(await k.transaction().execute((trx) => insertTrips(trx, batch, now))).toEqual({
      conflicts: [{ index: 1, id: 't-1' }],
    });
    // The bulk writer is SQLite's fast path; PostgreSQL writes through insertTrips only.
    const bulk = t.db.bulkWriter();
    expect(bulk === null).toBe(t.db.dialect === 'postgres');
    if (bulk)
      expect(
        t.db.sqlite!.transaction(() => insertTripsWithBulkWriter(bulk, batch, now)).immediate(),
      ).toEqual({ conflicts: [{ index: 1, id: 't-1' }] });
    expect(await findTrip(k, 't-2')).toBeNull();
    expect((await findTrip(k, 't-1'))?.distanceKm).toBe(5);
    expect(await verifyRollups(k)).toEqual([]);
  });
});
