import { type Kysely, sql, type Transaction } from 'kysely';
import type {
  Database,
  ReleaseCommuterMonthTable,
  ReleaseCommuterProfileTable,
  ReleaseLegMonthTable,
  ReleaseTripMonthTable,
} from '../db/schema.js';
import { CYCLING_MODES } from '../domain/modes.js';
import { lastDayOf } from '../domain/period.js';
import { readSurveys } from './indicators.js';

/**
 * Release snapshots (issue 10, migrations/0008_release_units.sql): the month-grain copies of the
 * rollups, profiles and baseline surveys that aggregate callers are answered from. A month is
 * frozen once, in one transaction whose first statement claims the month's row in
 * release_months, so concurrent first readers freeze it once; later trip writes for the month
 * change the live rollups only.
 */

export interface MonthSnapshot {
  commuterMonths: ReleaseCommuterMonthTable[];
  legs: ReleaseLegMonthTable[];
  trips: ReleaseTripMonthTable[];
  profiles: ReleaseCommuterProfileTable[];
}

type Db = Kysely<Database> | Transaction<Database>;

/** What the indicators read for one month, built from the live rollups, profiles and surveys. */
export async function buildMonthSnapshot(db: Db, month: string): Promise<MonthSnapshot> {
  const from = `${month}-01`;
  const to = lastDayOf(month);
  function dayRows() {
    return db
      .selectFrom('rollup_commuter_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to);
  }
  const perMode = await dayRows()
    .select([
      'commuter_id',
      'partner_id',
      'site_id',
      'mode',
      sql<number>`sum(main_trips)`.as('main_trips'),
      sql<number>`sum(legs)`.as('legs'),
      sql<number>`sum(commute_legs)`.as('commute_legs'),
      sql<number>`sum(distance_km)`.as('distance_km'),
      sql<number>`sum(timed_distance_km)`.as('timed_distance_km'),
      sql<number>`sum(duration_min)`.as('duration_min'),
      sql<number>`count(*)`.as('days'),
    ])
    .groupBy(['commuter_id', 'partner_id', 'site_id', 'mode'])
    .execute();
  const dayCount = (
    rows: Array<{ commuter_id: string; partner_id: string; site_id: string; n: number }>,
    mode: string,
  ) =>
    rows.map((r) => ({
      month,
      partner_id: r.partner_id,
      site_id: r.site_id,
      commuter_id: r.commuter_id,
      mode,
      main_trips: 0,
      legs: 0,
      commute_legs: 0,
      distance_km: 0,
      timed_distance_km: 0,
      duration_min: 0,
      days: Number(r.n),
    }));
  const any = await dayRows()
    .select([
      'commuter_id',
      'partner_id',
      'site_id',
      sql<number>`count(distinct local_day)`.as('n'),
    ])
    .groupBy(['commuter_id', 'partner_id', 'site_id'])
    .execute();
  const cycling = await dayRows()
    .where('mode', 'in', CYCLING_MODES)
    .where('commute_legs', '>', 0)
    .select([
      'commuter_id',
      'partner_id',
      'site_id',
      sql<number>`count(distinct local_day)`.as('n'),
    ])
    .groupBy(['commuter_id', 'partner_id', 'site_id'])
    .execute();
  const commuterMonths: ReleaseCommuterMonthTable[] = [
    ...perMode.map((r) => ({
      month,
      partner_id: r.partner_id,
      site_id: r.site_id,
      commuter_id: r.commuter_id,
      mode: r.mode,
      main_trips: Number(r.main_trips),
      legs: Number(r.legs),
      commute_legs: Number(r.commute_legs),
      distance_km: Number(r.distance_km),
      timed_distance_km: Number(r.timed_distance_km),
      duration_min: Number(r.duration_min),
      days: Number(r.days),
    })),
    ...dayCount(any, '_any'),
    ...dayCount(cycling, '_cycling'),
  ];
  const legs = (
    await db
      .selectFrom('rollup_leg_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to)
      .select([
        'partner_id',
        'site_id',
        'mode',
        'replaced_mode',
        sql<number>`sum(legs)`.as('legs'),
        sql<number>`sum(distance_km)`.as('distance_km'),
        sql<number>`sum(timed_distance_km)`.as('timed_distance_km'),
        sql<number>`sum(duration_min)`.as('duration_min'),
      ])
      .groupBy(['partner_id', 'site_id', 'mode', 'replaced_mode'])
      .execute()
  ).map((r) => ({
    month,
    partner_id: r.partner_id,
    site_id: r.site_id,
    mode: r.mode,
    replaced_mode: r.replaced_mode,
    legs: Number(r.legs),
    distance_km: Number(r.distance_km),
    timed_distance_km: Number(r.timed_distance_km),
    duration_min: Number(r.duration_min),
  }));
  const trips = (
    await db
      .selectFrom('rollup_trip_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to)
      .select([
        'partner_id',
        'site_id',
        'main_mode',
        sql<number>`sum(trips)`.as('trips'),
        sql<number>`sum(distance_km)`.as('distance_km'),
      ])
      .groupBy(['partner_id', 'site_id', 'main_mode'])
      .execute()
  ).map((r) => ({
    month,
    partner_id: r.partner_id,
    site_id: r.site_id,
    main_mode: r.main_mode,
    trips: Number(r.trips),
    distance_km: Number(r.distance_km),
  }));
  const surveys = new Map(
    (
      await readSurveys(db as Kysely<Database>, { partnerId: null, siteId: null }, 'baseline', to)
    ).map((s) => [s.commuterId, s]),
  );
  const profiles = (
    await db
      .selectFrom('commuters')
      .where('joined_on', '<=', to)
      .select(['id', 'partner_id', 'site_id', 'age_band', 'weight_kg'])
      .execute()
  ).map((c) => {
    const s = surveys.get(c.id);
    return {
      month,
      commuter_id: c.id,
      partner_id: c.partner_id,
      site_id: c.site_id ?? '',
      age_band: c.age_band,
      weight_kg: c.weight_kg,
      baseline_legs: s ? JSON.stringify(s.usualLegs) : null,
      baseline_days_per_week: s ? s.daysPerWeek : null,
    };
  });
  return { commuterMonths, legs, trips, profiles };
}

async function insertChunks<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: readonly object[],
): Promise<void> {
  // 200 rows of at most 12 columns stay far below SQLite's and PostgreSQL's parameter limits.
  for (let i = 0; i < rows.length; i += 200) {
    // The four snapshot tables share this insert; their row types are checked where built.
    const chunk = rows.slice(i, i + 200) as Parameters<
      ReturnType<typeof trx.insertInto<T>>['values']
    >[0];
    await trx.insertInto(table).values(chunk).execute();
  }
}

async function writeSnapshot(trx: Transaction<Database>, month: string, snap: MonthSnapshot) {
  for (const table of [
    'release_commuter_month',
    'release_leg_month',
    'release_trip_month',
    'release_commuter_profile',
  ] as const)
    await trx.deleteFrom(table).where('month', '=', month).execute();
  await insertChunks(trx, 'release_commuter_month', snap.commuterMonths);
  await insertChunks(trx, 'release_leg_month', snap.legs);
  await insertChunks(trx, 'release_trip_month', snap.trips);
  await insertChunks(trx, 'release_commuter_profile', snap.profiles);
}

/** Months of the list that are frozen already. */
export async function readFrozenMonths(db: Db, months: readonly string[]): Promise<Set<string>> {
  if (months.length === 0) return new Set();
  const rows = await db
    .selectFrom('release_months')
    .select('month')
    .where('month', 'in', [...months])
    .execute();
  return new Set(rows.map((r) => r.month));
}

/**
 * Freezes a month unless it is frozen already: claims its release_months row first (a
 * concurrent freezer of the same month waits on that row, then finds it taken and stops), then
 * copies the snapshot, all in one transaction. Returns true when this call froze it.
 */
export async function freezeMonth(db: Kysely<Database>, month: string, nowIso: string) {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('release_months')
      .values({ month, released_at: nowIso, rereleased_at: null })
      .onConflict((oc) => oc.column('month').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
    await writeSnapshot(trx, month, await buildMonthSnapshot(trx, month));
    return true;
  });
}

/** The frozen snapshot of a month as stored. */
export async function readStoredSnapshot(db: Db, month: string): Promise<MonthSnapshot> {
  const [commuterMonths, legs, trips, profiles] = await Promise.all([
    db.selectFrom('release_commuter_month').selectAll().where('month', '=', month).execute(),
    db.selectFrom('release_leg_month').selectAll().where('month', '=', month).execute(),
    db.selectFrom('release_trip_month').selectAll().where('month', '=', month).execute(),
    db.selectFrom('release_commuter_profile').selectAll().where('month', '=', month).execute(),
  ]);
  return { commuterMonths, legs, trips, profiles };
}

/**
 * Replaces a frozen month's snapshot with `next` (checked by the caller), or freezes it when it
 * was never released.
 */
export async function replaceSnapshot(
  db: Kysely<Database>,
  month: string,
  next: MonthSnapshot,
  nowIso: string,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const claimed = await trx
      .insertInto('release_months')
      .values({ month, released_at: nowIso, rereleased_at: null })
      .onConflict((oc) => oc.column('month').doUpdateSet({ rereleased_at: nowIso }))
      .executeTakeFirst();
    void claimed;
    await writeSnapshot(trx, month, next);
  });
}

/** Released rows of the given months, for one partner or all (the network). */
export async function readReleased(
  db: Kysely<Database>,
  months: readonly string[],
  partnerId: string | null,
): Promise<MonthSnapshot> {
  if (months.length === 0) return { commuterMonths: [], legs: [], trips: [], profiles: [] };
  const range = (
    t:
      | 'release_commuter_month'
      | 'release_leg_month'
      | 'release_trip_month'
      | 'release_commuter_profile',
  ) => {
    let q = db
      .selectFrom(t)
      .where('month', '>=', months[0]!)
      .where('month', '<=', months[months.length - 1]!);
    if (partnerId !== null) q = q.where('partner_id', '=', partnerId);
    return q;
  };
  const [commuterMonths, legs, trips, profiles] = await Promise.all([
    range('release_commuter_month').selectAll('release_commuter_month').execute(),
    range('release_leg_month').selectAll('release_leg_month').execute(),
    range('release_trip_month').selectAll('release_trip_month').execute(),
    range('release_commuter_profile').selectAll('release_commuter_profile').execute(),
  ]);
  return {
    commuterMonths: commuterMonths as ReleaseCommuterMonthTable[],
    legs: legs as ReleaseLegMonthTable[],
    trips: trips as ReleaseTripMonthTable[],
    profiles: profiles as ReleaseCommuterProfileTable[],
  };
}

/**
 * A stamp that changes whenever one of the months is frozen or re-released (the answer cache
 * keys on it: a re-release from the command line must not be hidden by a cached answer).
 */
export async function readReleaseStamp(db: Db, months: readonly string[]): Promise<string> {
  if (months.length === 0) return '';
  const row = await db
    .selectFrom('release_months')
    .select([
      sql<string>`max(released_at)`.as('released'),
      sql<string | null>`max(rereleased_at)`.as('rereleased'),
      sql<number>`count(*)`.as('n'),
    ])
    .where('month', 'in', [...months])
    .executeTakeFirst();
  return `${row?.n ?? 0}|${row?.released ?? ''}|${row?.rereleased ?? ''}`;
}
