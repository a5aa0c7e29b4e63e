import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { CYCLING_MODES } from '../domain/modes.js';
import { chainKey, monthNo, planCumWrites, type CumBounds } from '../domain/commuter-cum.js';
import {
  addTripToDeltas,
  COMMUTER_ROLLUP_SUMS,
  commuterDayKey,
  commuterMonthDeltas,
  dayPairsOf,
  emptyDeltas,
  monthDeltasOf,
  type CommuterMonthDelta,
  partnersOf,
  commutersOf,
  type DayModes,
  type RollupDeltas,
  type RollupTrip,
  tripForRouteCells,
} from '../domain/rollup-deltas.js';
import type { LineGeometry } from '../domain/trips.js';
import { bumpDataVersions } from './data-versions.js';

/**
 * Rollups are the aggregates dashboards read (migrations/0002_rollups.sql). The trip repository
 * works out each write's deltas with domain/rollup-deltas.ts (sign +1 for the trips it stores,
 * -1 for those it removes) and calls applyRollupDeltas in the same transaction, so the rollups
 * are always exactly the sum of the legs. verifyRollups recomputes them from raw legs and lists
 * any difference. Only SQL lives here.
 */

const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `column = table.column + excluded.column` for each column: a rollup upsert adds its delta to what is stored. */
function addExcluded(table: string, columns: readonly string[]) {
  return Object.fromEntries(
    columns.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + ${sql.ref(`excluded.${c}`)}`]),
  ) as Record<string, RawBuilder<number>>;
}

/**
 * Writes the deltas with one upsert per table and chunk (ON CONFLICT ... DO UPDATE works the
 * same on SQLite and PostgreSQL), then drops the rows whose counts fell to zero so that
 * "distinct commuters" and day counts stay exact.
 */
export async function applyRollupDeltas(db: Kysely<Database>, d: RollupDeltas): Promise<void> {
  await bumpDataVersions(db, partnersOf(d), commutersOf(d));
  const legRows = [...d.legDay.values()].filter((r) => r.legs !== 0 || Math.abs(r.distance_km) > 0);
  for (const part of chunks(legRows)) {
    await db
      .insertInto('rollup_leg_day')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'local_day', 'site_id', 'mode', 'replaced_mode'])
          .doUpdateSet(
            addExcluded('rollup_leg_day', [
              'legs',
              'distance_km',
              'timed_distance_km',
              'duration_min',
            ]),
          ),
      )
      .execute();
  }
  const tripRows = [...d.tripDay.values()].filter((r) => r.trips !== 0);
  for (const part of chunks(tripRows)) {
    await db
      .insertInto('rollup_trip_day')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'local_day', 'site_id', 'main_mode'])
          .doUpdateSet(addExcluded('rollup_trip_day', ['trips', 'distance_km'])),
      )
      .execute();
  }

  const { legMonth, tripMonth } = monthDeltasOf(d);
  for (const part of chunks(legMonth)) {
    await db
      .insertInto('rollup_leg_month')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'local_month', 'site_id', 'mode', 'replaced_mode'])
          .doUpdateSet(
            addExcluded('rollup_leg_month', [
              'legs',
              'distance_km',
              'timed_distance_km',
              'duration_min',
            ]),
          ),
      )
      .execute();
  }
  for (const part of chunks(tripMonth)) {
    await db
      .insertInto('rollup_trip_month')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'local_month', 'site_id', 'main_mode'])
          .doUpdateSet(addExcluded('rollup_trip_month', ['trips', 'distance_km'])),
      )
      .execute();
  }

  const commuterRows = [...d.commuterDay.values()].filter((r) => r.legs !== 0);
  const pairs = dayPairsOf(commuterRows);
  const before = await readDayModes(db, pairs);
  for (const part of chunks(commuterRows)) {
    await db
      .insertInto('rollup_commuter_day')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['commuter_id', 'local_day', 'mode'])
          .doUpdateSet(addExcluded('rollup_commuter_day', COMMUTER_ROLLUP_SUMS)),
      )
      .execute();
  }
  const removedCommuters = [
    ...new Set(commuterRows.filter((r) => r.legs < 0).map((r) => r.commuter_id)),
  ];
  for (const part of chunks(removedCommuters)) {
    await db
      .deleteFrom('rollup_commuter_day')
      .where('commuter_id', 'in', part)
      .where('legs', '<=', 0)
      .execute();
  }
  const after = await readDayModes(db, pairs);
  const monthRows = [...commuterMonthDeltas(commuterRows, before, after).values()];
  for (const part of chunks(monthRows)) {
    await db
      .insertInto('rollup_commuter_month')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['commuter_id', 'local_month', 'mode'])
          .doUpdateSet(addExcluded('rollup_commuter_month', [...COMMUTER_ROLLUP_SUMS, 'days'])),
      )
      .execute();
  }
  for (const part of chunks(removedCommuters)) {
    await db
      .deleteFrom('rollup_commuter_month')
      .where('commuter_id', 'in', part)
      .where('days', '<=', 0)
      .execute();
  }
  await applyCumDeltas(db, monthRows);

  const cellRows = [...d.cellMonth.values()].filter((r) => r.trips !== 0);
  for (const part of chunks(cellRows)) {
    await db
      .insertInto('rollup_cell_month')
      .values(part)
      .onConflict((oc) =>
        oc
          .columns(['partner_id', 'local_month', 'site_id', 'cell', 'commuter_id'])
          .doUpdateSet(addExcluded('rollup_cell_month', ['trips'])),
      )
      .execute();
  }
  const removedCellCommuters = [
    ...new Set(cellRows.filter((r) => r.trips < 0).map((r) => r.commuter_id)),
  ];
  for (const part of chunks(removedCellCommuters)) {
    await db
      .deleteFrom('rollup_cell_month')
      .where('commuter_id', 'in', part)
      .where('trips', '<=', 0)
      .execute();
  }
  const removedDays = [...new Set(legRows.filter((r) => r.legs < 0).map((r) => r.local_day))];
  for (const part of chunks(removedDays)) {
    await db
      .deleteFrom('rollup_leg_day')
      .where('local_day', 'in', part)
      .where('legs', '<=', 0)
      .execute();
    await db
      .deleteFrom('rollup_trip_day')
      .where('local_day', 'in', part)
      .where('trips', '<=', 0)
      .execute();
  }
  const removedMonths = [...new Set(legMonth.filter((r) => r.legs < 0).map((r) => r.local_month))];
  for (const part of chunks(removedMonths)) {
    await db
      .deleteFrom('rollup_leg_month')
      .where('local_month', 'in', part)
      .where('legs', '<=', 0)
      .execute();
    await db
      .deleteFrom('rollup_trip_month')
      .where('local_month', 'in', part)
      .where('trips', '<=', 0)
      .execute();
  }
}

/**
 * Adds each commuter-month delta to the running totals (domain/commuter-cum.ts) of its commuter
 * and mode from its month on, after adding the rows that keep every total dense. Rows are never
 * removed: after a deletion they carry an unchanged total forward, which reads as no activity.
 */
async function applyCumDeltas(db: Kysely<Database>, months: CommuterMonthDelta[]): Promise<void> {
  if (months.length === 0) return;
  const bounds = new Map<string, CumBounds>();
  for (const part of chunks([...new Set(months.map((d) => d.commuter_id))])) {
    const rows = await db
      .selectFrom('rollup_commuter_cum')
      .select([
        'commuter_id',
        'mode',
        sql<number>`min(month_no)`.as('first'),
        sql<number>`max(month_no)`.as('last'),
      ])
      .where('commuter_id', 'in', part)
      .groupBy(['commuter_id', 'mode'])
      .execute();
    for (const r of rows)
      bounds.set(chainKey(r.commuter_id, r.mode), { first: Number(r.first), last: Number(r.last) });
  }
  const plan = planCumWrites(months, bounds);
  const zeroRows = plan.fill
    .filter((f) => f.copyOf === null)
    .map((f) => ({
      commuter_id: f.commuterId,
      mode: f.mode,
      month_no: f.monthNo,
      partner_id: f.partnerId,
      is_last: 0,
      main_trips: 0,
      legs: 0,
      distance_km: 0,
      timed_distance_km: 0,
      duration_min: 0,
      days: 0,
    }));
  for (const part of chunks(zeroRows))
    await db.insertInto('rollup_commuter_cum').values(part).execute();
  for (const f of plan.fill) {
    if (f.copyOf === null) continue;
    await sql`insert into rollup_commuter_cum (commuter_id, mode, month_no, partner_id, is_last, main_trips, legs, distance_km, timed_distance_km, duration_min, days)
      select commuter_id, mode, ${f.monthNo}, partner_id, 0, main_trips, legs, distance_km, timed_distance_km, duration_min, days
      from rollup_commuter_cum where commuter_id = ${f.commuterId} and mode = ${f.mode} and month_no = ${f.copyOf}`.execute(
      db,
    );
  }
  for (const move of plan.lastMoves) {
    if (move.from !== null)
      await db
        .updateTable('rollup_commuter_cum')
        .set({ is_last: 0 })
        .where('commuter_id', '=', move.commuterId)
        .where('mode', '=', move.mode)
        .where('month_no', '=', move.from)
        .execute();
    await db
      .updateTable('rollup_commuter_cum')
      .set({ is_last: 1 })
      .where('commuter_id', '=', move.commuterId)
      .where('mode', '=', move.mode)
      .where('month_no', '=', move.to)
      .execute();
  }
  for (const d of months)
    await db
      .updateTable('rollup_commuter_cum')
      .set((eb) => ({
        main_trips: eb('main_trips', '+', d.main_trips),
        legs: eb('legs', '+', d.legs),
        distance_km: eb('distance_km', '+', d.distance_km),
        timed_distance_km: eb('timed_distance_km', '+', d.timed_distance_km),
        duration_min: eb('duration_min', '+', d.duration_min),
        days: eb('days', '+', d.days),
      }))
      .where('commuter_id', '=', d.commuter_id)
      .where('mode', '=', d.mode)
      .where('month_no', '>=', monthNo(d.local_month))
      .execute();
}

async function readDayModes(
  db: Kysely<Database>,
  pairs: Array<[string, string]>,
): Promise<Map<string, DayModes>> {
  const out = new Map<string, DayModes>();
  const byCommuter = new Map<string, string[]>();
  for (const [c, day] of pairs) byCommuter.set(c, [...(byCommuter.get(c) ?? []), day]);
  for (const [commuterId, days] of byCommuter) {
    for (const part of chunks(days)) {
      const rows = await db
        .selectFrom('rollup_commuter_day')
        .select(['local_day', 'mode', 'legs', 'commute_legs'])
        .where('commuter_id', '=', commuterId)
        .where('local_day', 'in', part)
        .execute();
      for (const r of rows) {
        const key = commuterDayKey(commuterId, r.local_day);
        const modes = out.get(key) ?? new Map();
        modes.set(r.mode, { legs: Number(r.legs), commuteLegs: Number(r.commute_legs) });
        out.set(key, modes);
      }
    }
  }
  return out;
}

// The check against raw legs lives in rollup-verify.ts; callers import it from here.
export { verifyRollups } from './rollup-verify.js';

/** Trips that have at least one leg with geometry, streamed in pages, as rollup input. */
async function* tripsWithGeometry(
  db: Kysely<Database>,
  partnerId: string | undefined,
): AsyncGenerator<RollupTrip> {
  let after = '';
  for (;;) {
    let q = db
      .selectFrom('trips')
      .select([
        'id',
        'commuter_id',
        'partner_id',
        'site_id',
        'local_day',
        'purpose',
        'replaced_mode',
        'main_mode',
        'distance_km',
      ])
      .where('id', '>', after)
      .where('status', '=', 'confirmed')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('legs')
            .select('legs.trip_id')
            .whereRef('legs.trip_id', '=', 'trips.id')
            .where('legs.geometry', 'is not', null),
        ),
      )
      .orderBy('id')
      .limit(2000);
    if (partnerId) q = q.where('partner_id', '=', partnerId);
    const trips = await q.execute();
    if (trips.length === 0) return;
    const legs = await db
      .selectFrom('legs')
      .select(['trip_id', 'geometry'])
      .where(
        'trip_id',
        'in',
        trips.map((t) => t.id),
      )
      .where('geometry', 'is not', null)
      .execute();
    const geometries = new Map<string, LineGeometry[]>();
    for (const l of legs) {
      const list = geometries.get(l.trip_id) ?? [];
      list.push(JSON.parse(l.geometry!) as LineGeometry);
      geometries.set(l.trip_id, list);
    }
    for (const t of trips) {
      // Only the cells matter here: legs carry geometry alone, the other sums are not compared.
      yield tripForRouteCells(t, geometries.get(t.id) ?? []);
    }
    after = trips[trips.length - 1]!.id;
  }
}

/** Rebuilds all rollups from raw legs (after a restore, or to repair a difference). */
export async function rebuildRollups(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('rollup_cell_month').execute();
  const cells = emptyDeltas();
  for await (const trip of tripsWithGeometry(db, undefined)) addTripToDeltas(cells, trip, 1);
  await applyRollupDeltas(db, {
    legDay: new Map(),
    tripDay: new Map(),
    commuterDay: new Map(),
    cellMonth: cells.cellMonth,
  });
  await rebuildSumRollups(db);
  await bumpDataVersions(
    db,
    (await db.selectFrom('partners').select('id').execute()).map((p) => p.id),
  );
}

/**
 * Rebuilds every rollup that SQL can sum from raw trips and legs (all but the route cells, which
 * need geometry turned into H3 cells): the day rollups grouped from the legs, then the month
 * and running-total rollups from those. A bulk load (the demo seeder's) stores only trips, legs
 * and cells and calls this once at the end instead of keeping the sums trip by trip.
 */
export async function rebuildSumRollups(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('rollup_leg_day').execute();
  await db.deleteFrom('rollup_trip_day').execute();
  await db.deleteFrom('rollup_commuter_day').execute();
  await sql`
    insert into rollup_leg_day (partner_id, site_id, local_day, mode, replaced_mode, legs, distance_km, timed_distance_km, duration_min)
    select t.partner_id, coalesce(t.site_id, ''), t.local_day, l.mode, coalesce(l.replaced_mode, t.replaced_mode, ''), count(*), sum(l.distance_km),
           sum(case when l.duration_min is null then 0 else l.distance_km end), coalesce(sum(l.duration_min), 0)
    from legs l join trips t on t.id = l.trip_id where t.status = 'confirmed'
    group by t.partner_id, coalesce(t.site_id, ''), t.local_day, l.mode, coalesce(l.replaced_mode, t.replaced_mode, '')`.execute(
    db,
  );
  await sql`
    insert into rollup_trip_day (partner_id, site_id, local_day, main_mode, trips, distance_km)
    select partner_id, coalesce(site_id, ''), local_day, main_mode, count(*), sum(distance_km)
    from trips where status = 'confirmed' group by partner_id, coalesce(site_id, ''), local_day, main_mode`.execute(
    db,
  );
  await sql`
    insert into rollup_commuter_day (commuter_id, local_day, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min)
    select t.commuter_id, t.local_day, l.mode, min(t.partner_id), min(coalesce(t.site_id, '')),
           sum(case when l.mode = t.main_mode and l.seq = (select min(l2.seq) from legs l2 where l2.trip_id = t.id and l2.mode = t.main_mode) then 1 else 0 end),
           count(*), sum(case when t.purpose is null or t.purpose = 'commute' then 1 else 0 end),
           sum(l.distance_km), sum(case when l.duration_min is null then 0 else l.distance_km end), coalesce(sum(l.duration_min), 0)
    from legs l join trips t on t.id = l.trip_id where t.status = 'confirmed'
    group by t.commuter_id, t.local_day, l.mode`.execute(db);
  await rebuildCommuterMonths(db);
  await rebuildPeriodRollups(db);
}

/** Rebuilds the month rollup from the commuter-day rollup (same SQL as its migration). */
export async function rebuildCommuterMonths(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('rollup_commuter_month').execute();
  await sql`
    insert into rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
    select commuter_id, substr(local_day, 1, 7), mode, min(partner_id), min(site_id), sum(main_trips), sum(legs), sum(commute_legs), sum(distance_km), sum(timed_distance_km), sum(duration_min), count(*)
    from rollup_commuter_day group by commuter_id, substr(local_day, 1, 7), mode`.execute(db);
  await sql`
    insert into rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
    select commuter_id, substr(local_day, 1, 7), '_any', min(partner_id), min(site_id), 0, 0, 0, 0, 0, 0, count(distinct local_day)
    from rollup_commuter_day group by commuter_id, substr(local_day, 1, 7)`.execute(db);
  await sql`
    insert into rollup_commuter_month (commuter_id, local_month, mode, partner_id, site_id, main_trips, legs, commute_legs, distance_km, timed_distance_km, duration_min, days)
    select commuter_id, substr(local_day, 1, 7), '_cycling', min(partner_id), min(site_id), 0, 0, 0, 0, 0, 0, count(distinct local_day)
    from rollup_commuter_day where mode in (${sql.join(CYCLING_MODES)}) and commute_legs > 0
    group by commuter_id, substr(local_day, 1, 7)`.execute(db);
}

/**
 * Rebuilds the partner-month and running-total rollups (migration 0015) from the day and month
 * rollups, with the migration's SQL: after a bulk load that deferred them, or a rebuild.
 */
export async function rebuildPeriodRollups(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('rollup_leg_month').execute();
  await db.deleteFrom('rollup_trip_month').execute();
  await db.deleteFrom('rollup_commuter_cum').execute();
  await sql`
    insert into rollup_leg_month (partner_id, site_id, local_month, mode, replaced_mode, legs, distance_km, timed_distance_km, duration_min)
    select partner_id, site_id, substr(local_day, 1, 7), mode, replaced_mode, sum(legs), sum(distance_km), sum(timed_distance_km), sum(duration_min)
    from rollup_leg_day group by partner_id, site_id, substr(local_day, 1, 7), mode, replaced_mode`.execute(
    db,
  );
  await sql`
    insert into rollup_trip_month (partner_id, site_id, local_month, main_mode, trips, distance_km)
    select partner_id, site_id, substr(local_day, 1, 7), main_mode, sum(trips), sum(distance_km)
    from rollup_trip_day group by partner_id, site_id, substr(local_day, 1, 7), main_mode`.execute(
    db,
  );
  await sql`
    with recursive m as (
      select commuter_id, mode, cast(substr(local_month, 1, 4) as integer) * 12 + cast(substr(local_month, 6, 2) as integer) - 1 as month_no,
        partner_id, main_trips, legs, distance_km, timed_distance_km, duration_min, days
      from rollup_commuter_month
    ), bounds as (
      select commuter_id, mode, min(partner_id) as partner_id, min(month_no) as first_no, max(month_no) as last_no from m group by commuter_id, mode
    ), series (commuter_id, mode, partner_id, month_no, last_no) as (
      select commuter_id, mode, partner_id, first_no, last_no from bounds
      union all
      select commuter_id, mode, partner_id, month_no + 1, last_no from series where month_no < last_no
    )
    insert into rollup_commuter_cum (commuter_id, mode, month_no, partner_id, is_last, main_trips, legs, distance_km, timed_distance_km, duration_min, days)
    select s.commuter_id, s.mode, s.month_no, s.partner_id, case when s.month_no = s.last_no then 1 else 0 end,
      sum(coalesce(m.main_trips, 0)) over w, sum(coalesce(m.legs, 0)) over w, sum(coalesce(m.distance_km, 0)) over w,
      sum(coalesce(m.timed_distance_km, 0)) over w, sum(coalesce(m.duration_min, 0)) over w, sum(coalesce(m.days, 0)) over w
    from series s left join m on m.commuter_id = s.commuter_id and m.mode = s.mode and m.month_no = s.month_no
    window w as (partition by s.commuter_id, s.mode order by s.month_no rows between unbounded preceding and current row)`.execute(
    db,
  );
}
