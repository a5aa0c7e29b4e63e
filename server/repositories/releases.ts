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
import { commuterMeasureSums, legMeasureSums, readSurveys } from './indicators.js';

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

/** The snapshot tables built from the rollups by one INSERT … SELECT each. */
type RollupSnapshotTable = 'release_commuter_month' | 'release_leg_month' | 'release_trip_month';

/** Columns of each, in the order its SELECT (snapshotSelects) lists them. */
const SNAPSHOT_COLUMNS = {
  release_commuter_month: [
    'month',
    'partner_id',
    'site_id',
    'commuter_id',
    'mode',
    'main_trips',
    'distance_km',
    'timed_distance_km',
    'duration_min',
    'legs',
    'commute_legs',
    'days',
  ],
  release_leg_month: [
    'month',
    'partner_id',
    'site_id',
    'mode',
    'replaced_mode',
    'legs',
    'distance_km',
    'timed_distance_km',
    'duration_min',
  ],
  release_trip_month: ['month', 'partner_id', 'site_id', 'main_mode', 'trips', 'distance_km'],
} as const;

/**
 * One SELECT per rollup snapshot table for one month, with the same measures the live reads sum
 * (repositories/indicators.ts): the freeze inserts them in SQL (INSERT … SELECT), a re-release
 * reads them to compare before it replaces.
 */
function snapshotSelects(db: Db, month: string) {
  const from = `${month}-01`;
  const to = lastDayOf(month);
  const days = () =>
    db
      .selectFrom('rollup_commuter_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to);
  // A parameter typed in SQL, so PostgreSQL knows it inside INSERT … SELECT and UNION ALL.
  const monthCol = sql<string>`cast(${month} as text)`.as('month');
  // Days with a trip ('_any') and with a bike or e-bike commute leg ('_cycling'), per commuter.
  const dayCount = (mode: '_any' | '_cycling') => {
    let q = days();
    if (mode === '_cycling') q = q.where('mode', 'in', CYCLING_MODES).where('commute_legs', '>', 0);
    const zero = sql<number>`0`;
    return q
      .select([
        monthCol,
        'partner_id',
        'site_id',
        'commuter_id',
        sql<string>`${sql.lit(mode)}`.as('mode'),
        zero.as('main_trips'),
        zero.as('distance_km'),
        zero.as('timed_distance_km'),
        zero.as('duration_min'),
        zero.as('legs'),
        zero.as('commute_legs'),
        sql<number>`count(distinct local_day)`.as('days'),
      ])
      .groupBy(['commuter_id', 'partner_id', 'site_id']);
  };
  return {
    release_commuter_month: days()
      .select([
        monthCol,
        'partner_id',
        'site_id',
        'commuter_id',
        'mode',
        ...commuterMeasureSums(),
        sql<number>`sum(legs)`.as('legs'),
        sql<number>`sum(commute_legs)`.as('commute_legs'),
        sql<number>`count(*)`.as('days'),
      ])
      .groupBy(['commuter_id', 'partner_id', 'site_id', 'mode'])
      .unionAll(dayCount('_any'))
      .unionAll(dayCount('_cycling')),
    release_leg_month: db
      .selectFrom('rollup_leg_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to)
      .select([monthCol, 'partner_id', 'site_id', 'mode', 'replaced_mode', ...legMeasureSums()])
      .groupBy(['partner_id', 'site_id', 'mode', 'replaced_mode']),
    release_trip_month: db
      .selectFrom('rollup_trip_day')
      .where('local_day', '>=', from)
      .where('local_day', '<=', to)
      .select([
        monthCol,
        'partner_id',
        'site_id',
        'main_mode',
        sql<number>`sum(trips)`.as('trips'),
        sql<number>`sum(distance_km)`.as('distance_km'),
      ])
      .groupBy(['partner_id', 'site_id', 'main_mode']),
  };
}

/** Every commuter enrolled by the month's end with profile and latest baseline as of then. */
async function buildProfiles(db: Db, month: string): Promise<ReleaseCommuterProfileTable[]> {
  const to = lastDayOf(month);
  // The latest baseline and its legs (a single usual mode becomes one leg) come from the same
  // read as the live indicators', so the profile is built here rather than in SQL.
  const surveys = new Map(
    (
      await readSurveys(db as Kysely<Database>, { partnerId: null, siteId: null }, 'baseline', to)
    ).map((s) => [s.commuterId, s]),
  );
  return (
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
}

/** What the indicators read for one month, built from the live rollups, profiles and surveys. */
export async function buildMonthSnapshot(db: Db, month: string): Promise<MonthSnapshot> {
  const q = snapshotSelects(db, month);
  // PostgreSQL answers sums of integers as strings: the measures (every column after the keys)
  // become numbers.
  const numbers =
    (keys: number) =>
    <T extends Record<string, unknown>>(row: T): T =>
      Object.fromEntries(
        Object.entries(row).map(([k, v], n) => [k, n < keys ? v : Number(v)]),
      ) as T;
  const [commuterMonths, legs, trips] = await Promise.all([
    q.release_commuter_month.execute(),
    q.release_leg_month.execute(),
    q.release_trip_month.execute(),
  ]);
  return {
    commuterMonths: commuterMonths.map(numbers(5)) as ReleaseCommuterMonthTable[],
    legs: legs.map(numbers(5)) as ReleaseLegMonthTable[],
    trips: trips.map(numbers(4)) as ReleaseTripMonthTable[],
    profiles: await buildProfiles(db, month),
  };
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

const SNAPSHOT_TABLES = [
  'release_commuter_month',
  'release_leg_month',
  'release_trip_month',
  'release_commuter_profile',
] as const;

/**
 * Writes a month's snapshot: `next` as checked by a re-release, or, on a first freeze (null),
 * straight from the rollups with one INSERT … SELECT per table (no rows through the process).
 */
async function writeSnapshot(
  trx: Transaction<Database>,
  month: string,
  next: MonthSnapshot | null,
) {
  for (const table of SNAPSHOT_TABLES)
    await trx.deleteFrom(table).where('month', '=', month).execute();
  if (next === null) {
    const q = snapshotSelects(trx, month);
    for (const table of Object.keys(SNAPSHOT_COLUMNS) as RollupSnapshotTable[])
      await trx
        .insertInto(table)
        // The three tables' column lists and SELECTs line up by construction (snapshotSelects).
        .columns([...SNAPSHOT_COLUMNS[table]] as never)
        .expression(q[table] as never)
        .execute();
    await insertChunks(trx, 'release_commuter_profile', await buildProfiles(trx, month));
    return;
  }
  await insertChunks(trx, 'release_commuter_month', next.commuterMonths);
  await insertChunks(trx, 'release_leg_month', next.legs);
  await insertChunks(trx, 'release_trip_month', next.trips);
  await insertChunks(trx, 'release_commuter_profile', next.profiles);
}

/**
 * Each frozen month's stamp (when it was frozen and last re-released): a month's released
 * tables, and what is derived from them, change exactly when this does.
 */
export async function readMonthStamps(
  db: Db,
  months: readonly string[],
): Promise<Map<string, string>> {
  if (months.length === 0) return new Map();
  const rows = await db
    .selectFrom('release_months')
    .select(['month', 'released_at', 'rereleased_at'])
    .where('month', 'in', [...months])
    .execute();
  return new Map(rows.map((r) => [r.month, `${r.released_at}|${r.rereleased_at ?? ''}`]));
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
    await writeSnapshot(trx, month, null);
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
/** When a month was last frozen or re-released, by any process; null before the first. */
export async function readLastReleaseAt(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('release_months')
    .select([
      sql<string | null>`max(released_at)`.as('released'),
      sql<string | null>`max(rereleased_at)`.as('rereleased'),
    ])
    .executeTakeFirst();
  const times = [row?.released, row?.rereleased].filter((t): t is string => !!t);
  return times.length === 0 ? null : times.sort().at(-1)!;
}

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
