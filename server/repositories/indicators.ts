import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AgeBand } from '../domain/age-bands.js';
import { CYCLING_MODES, type Mode, type ReplacedMode } from '../domain/modes.js';
import { monthNo } from '../domain/commuter-cum.js';
import {
  type CumDifference,
  type CumRow,
  cumDifferences,
  type ScopedSummary,
  SummaryAccumulator,
  type SummaryProfile,
} from '../indicators/commuter-summaries.js';
import { splitPeriod } from '../domain/period.js';
import { isCommutePurpose, isCyclingMode } from '../domain/rollup-deltas.js';
import type { CommuteSurvey, LegAggregate, TripAggregate } from '../indicators/types.js';
import { estimateDurationMin } from '../indicators/speeds.js';

/**
 * Reads the rollups into the shapes the pure indicator functions take. All SQL of the
 * indicators lives here; every query is bounded by partner (or the network), optional site and
 * an inclusive range of local days, and runs on an index prefix of its rollup table.
 */
export interface IndicatorScope {
  /** null: the whole network. */
  partnerId: string | null;
  siteId: string | null;
  /** Inclusive local dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

type Rollup = 'rollup_leg_day' | 'rollup_trip_day' | 'rollup_commuter_day';

/** The measures summed from the leg rollup: the live reads and the release snapshots share them. */
export function legMeasureSums() {
  return [
    sql<number>`sum(legs)`.as('legs'),
    sql<number>`sum(distance_km)`.as('distance_km'),
    sql<number>`sum(timed_distance_km)`.as('timed_distance_km'),
    sql<number>`sum(duration_min)`.as('duration_min'),
  ] as const;
}

/** The per-mode measures summed from the commuter rollups (live reads and snapshots). */
export function commuterMeasureSums() {
  return [
    sql<number>`sum(main_trips)`.as('main_trips'),
    sql<number>`sum(distance_km)`.as('distance_km'),
    sql<number>`sum(timed_distance_km)`.as('timed_distance_km'),
    sql<number>`sum(duration_min)`.as('duration_min'),
  ] as const;
}

function scoped<T extends Rollup>(db: Kysely<Database>, table: T, scope: IndicatorScope) {
  let q = db
    .selectFrom(table as Rollup)
    .where('local_day', '>=', scope.from)
    .where('local_day', '<=', scope.to);
  if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
  return q;
}

/**
 * The rows of a day rollup for the days of a period, and of its month rollup (migration 0015)
 * for the whole months in it: a year reads twelve rows per site and mode instead of 365. Both
 * queries are grouped by `keys`; the caller adds the two answers up.
 */
async function dayAndMonthRows<R>(
  scope: IndicatorScope,
  months: (range: [string, string]) => Promise<R[]>,
  days: (range: IndicatorScope) => Promise<R[]>,
): Promise<R[]> {
  const split = splitPeriod(scope.from, scope.to);
  const out: R[] = split.months ? await months(split.months) : [];
  for (const [from, to] of split.dayRanges) out.push(...(await days({ ...scope, from, to })));
  return out;
}

function scopedMonths<T extends 'rollup_leg_month' | 'rollup_trip_month'>(
  db: Kysely<Database>,
  table: T,
  scope: IndicatorScope,
  [first, last]: [string, string],
) {
  let q = db
    .selectFrom(table as 'rollup_leg_month' | 'rollup_trip_month')
    .where('local_month', '>=', first)
    .where('local_month', '<=', last);
  if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
  return q;
}

/** Leg km and minutes by leg mode and effective replaced mode; unmeasured minutes estimated. */
export async function readLegAggregates(
  db: Kysely<Database>,
  scope: IndicatorScope,
  partnerId?: string,
): Promise<Array<LegAggregate & { partnerId: string }>> {
  const s = partnerId ? { ...scope, partnerId } : scope;
  const select = ['partner_id', 'mode', 'replaced_mode', ...legMeasureSums()] as const;
  const group = ['partner_id', 'mode', 'replaced_mode'] as const;
  const rows = await dayAndMonthRows(
    s,
    (months) =>
      scopedMonths(db, 'rollup_leg_month', s, months).select(select).groupBy(group).execute(),
    (days) => scoped(db, 'rollup_leg_day', days).select(select).groupBy(group).execute(),
  );
  const sums = new Map<
    string,
    {
      partnerId: string;
      mode: Mode;
      replaced: string;
      legs: number;
      km: number;
      timedKm: number;
      minutes: number;
    }
  >();
  for (const r of rows) {
    const key = `${r.partner_id}|${r.mode}|${r.replaced_mode}`;
    const a = sums.get(key) ?? {
      partnerId: r.partner_id,
      mode: r.mode as Mode,
      replaced: r.replaced_mode,
      legs: 0,
      km: 0,
      timedKm: 0,
      minutes: 0,
    };
    a.legs += Number(r.legs);
    a.km += Number(r.distance_km);
    a.timedKm += Number(r.timed_distance_km);
    a.minutes += Number(r.duration_min);
    sums.set(key, a);
  }
  return [...sums.values()].map((a) => {
    const untimedKm = Math.max(0, a.km - a.timedKm);
    return {
      partnerId: a.partnerId,
      mode: a.mode,
      replacedMode: a.replaced === '' ? null : (a.replaced as ReplacedMode),
      distanceKm: a.km,
      durationMin: a.minutes + estimateDurationMin(a.mode, untimedKm),
      legs: a.legs,
    };
  });
}

export async function readTripAggregates(
  db: Kysely<Database>,
  scope: IndicatorScope,
): Promise<Array<TripAggregate & { partnerId: string }>> {
  const select = ['partner_id', 'main_mode', sql<number>`sum(trips)`.as('trips')] as const;
  const group = ['partner_id', 'main_mode'] as const;
  const rows = await dayAndMonthRows(
    scope,
    (months) =>
      scopedMonths(db, 'rollup_trip_month', scope, months).select(select).groupBy(group).execute(),
    (days) => scoped(db, 'rollup_trip_day', days).select(select).groupBy(group).execute(),
  );
  const sums = new Map<string, TripAggregate & { partnerId: string }>();
  for (const r of rows) {
    const key = `${r.partner_id}|${r.main_mode}`;
    const a = sums.get(key) ?? { partnerId: r.partner_id, mainMode: r.main_mode as Mode, trips: 0 };
    a.trips += Number(r.trips);
    sums.set(key, a);
  }
  return [...sums.values()];
}

export type { ScopedSummary };

/**
 * One summary per commuter active in the period: trips by main mode, km and minutes by leg
 * mode (measured minutes kept apart for speed-specific MET values), cycling and active days.
 * Whole months come from the running totals (a partner or the network) or rollup_commuter_month
 * (a site), the days around them from rollup_commuter_day; the arithmetic is
 * indicators/commuter-summaries.ts.
 */
export async function readCommuterSummaries(
  db: Kysely<Database>,
  scope: IndicatorScope,
  /** Only these commuters (at most a few hundred): the changed ones of a kept answer. */
  commuterIds?: readonly string[],
): Promise<ScopedSummary[]> {
  if (commuterIds?.length === 0) return [];
  const acc = new SummaryAccumulator();
  const { months, dayRanges } = splitPeriod(scope.from, scope.to);
  if (months && scope.siteId === null) {
    // Whole months of a partner or the network: per commuter and mode, the running total at
    // the last month minus the one before the first (two index look-ups), whatever the length.
    for (const r of await readCumDifferences(db, scope.partnerId, months, commuterIds))
      acc.addDifference(r);
  } else if (months) {
    // A site: its commuters' month rows (a commuter's running totals span every site).
    let q = db
      .selectFrom('rollup_commuter_month')
      .where('local_month', '>=', months[0])
      .where('local_month', '<=', months[1])
      .select(['commuter_id', 'mode', ...commuterMeasureSums(), sql<number>`sum(days)`.as('days')])
      .groupBy(['commuter_id', 'mode']);
    if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
    if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
    if (commuterIds) q = q.where('commuter_id', 'in', commuterIds);
    for (const r of await q.execute()) {
      if (r.mode === '_any') acc.addActiveDays(r.commuter_id, Number(r.days));
      else if (r.mode === '_cycling') acc.addCyclingDays(r.commuter_id, Number(r.days));
      else
        acc.add(r.commuter_id, r.mode as Mode, {
          mainTrips: Number(r.main_trips),
          km: Number(r.distance_km),
          timedKm: Number(r.timed_distance_km),
          minutes: Number(r.duration_min),
        });
    }
  }
  // The commuter-day reads, narrowed to the given commuters where there are any.
  const commuterDays = (range: IndicatorScope) => {
    const q = scoped(db, 'rollup_commuter_day', range);
    return commuterIds ? q.where('commuter_id', 'in', commuterIds) : q;
  };
  for (const [from, to] of dayRanges) {
    const range = { ...scope, from, to };
    const rows = await commuterDays(range)
      .select(['commuter_id', 'mode', ...commuterMeasureSums()])
      .groupBy(['commuter_id', 'mode'])
      .execute();
    for (const r of rows)
      acc.add(r.commuter_id, r.mode as Mode, {
        mainTrips: Number(r.main_trips),
        km: Number(r.distance_km),
        timedKm: Number(r.timed_distance_km),
        minutes: Number(r.duration_min),
      });
    const days = await commuterDays(range)
      .select(['commuter_id', sql<number>`count(distinct local_day)`.as('n')])
      .groupBy('commuter_id')
      .execute();
    for (const d of days) acc.addActiveDays(d.commuter_id, Number(d.n));
    const cycling = await commuterDays(range)
      .where('mode', 'in', CYCLING_MODES)
      .where('commute_legs', '>', 0)
      .select(['commuter_id', sql<number>`count(distinct local_day)`.as('n')])
      .groupBy('commuter_id')
      .execute();
    for (const c of cycling) acc.addCyclingDays(c.commuter_id, Number(c.n));
  }
  // Age band, weight and partner come from the commuter profile.
  const profiles = await readSummaryProfiles(db, acc.commuterIds());
  return acc.build((id) => profiles.get(id));
}

/** The partner, age band and weight of these commuters (in batches of 500). */
export async function readSummaryProfiles(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, SummaryProfile>> {
  const out = new Map<string, SummaryProfile>();
  for (let i = 0; i < ids.length; i += 500) {
    const profiles = await db
      .selectFrom('commuters')
      .select(['id', 'partner_id', 'age_band', 'weight_kg'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    for (const p of profiles)
      out.set(p.id, {
        partnerId: p.partner_id,
        ageBand: p.age_band as AgeBand | null,
        weightKg: p.weight_kg,
      });
  }
  return out;
}

/**
 * Per commuter and mode (and '_any', '_cycling') of a partner or the network with activity in
 * a run of whole months: the month rollup's sums over those months, as the running total at the
 * last month minus the one at the month before the first (domain/commuter-cum.ts). The rows
 * that hold at the last month are those of that month and the last rows of totals that stopped
 * within the period; totals that stopped earlier had no activity in it.
 */
async function readCumDifferences(
  db: Kysely<Database>,
  partnerId: string | null,
  [first, last]: [string, string],
  commuterIds?: readonly string[],
): Promise<CumDifference[]> {
  const end = monthNo(last);
  const before = monthNo(first) - 1;
  // The network partner by partner: each read stays on an index prefix.
  const partners =
    partnerId !== null
      ? [partnerId]
      : (await db.selectFrom('partners').select('id').orderBy('id').execute()).map((p) => p.id);
  const out: CumDifference[] = [];
  const columns = sql.raw(
    'commuter_id, mode, month_no, main_trips, distance_km, timed_distance_km, duration_min, days',
  );
  for (const partner of commuterIds ? [] : partners) {
    // Two range reads of migration 0016's covering indexes, joined here: the rows at the last
    // month and at the month before the first, and the last rows of totals that stopped in
    // between. A join in SQL looked up each commuter-mode's earlier row one by one.
    const { rows } = await sql<CumRow>`
      select ${columns} from rollup_commuter_cum
      where partner_id = ${partner} and month_no in (${before}, ${end})
      union all
      select ${columns} from rollup_commuter_cum
      where partner_id = ${partner} and is_last = 1 and month_no > ${before} and month_no < ${end}`.execute(
      db,
    );
    out.push(...cumDifferences(rows, before));
  }
  // Given commuters: their own rows by the primary key (commuter_id first), the same two sets.
  // The partner is checked here, not in SQL: with it there, SQLite chose the partner index and
  // walked every commuter of the partner (24 ms at scale 22 instead of well under one).
  for (let i = 0; commuterIds && i < commuterIds.length; i += 500) {
    const { rows } = await sql<CumRow & { partner_id: string }>`
      select ${columns}, partner_id from rollup_commuter_cum
      where commuter_id in (${sql.join(commuterIds.slice(i, i + 500))})
      and (month_no in (${before}, ${end}) or (is_last = 1 and month_no > ${before} and month_no < ${end}))`.execute(
      db,
    );
    out.push(
      ...cumDifferences(
        partnerId === null ? rows : rows.filter((r) => r.partner_id === partnerId),
        before,
      ),
    );
  }
  return out;
}

/**
 * Every running-total row of these commuters (all months and modes) with its partner and
 * whether it is the last of its chain: what services/live-inputs.ts keeps per partner.
 */
export async function readCommuterCumRows(
  db: Kysely<Database>,
  partnerId: string,
  commuterIds?: readonly string[],
): Promise<Array<CumRow & { is_last: number }>> {
  const columns = sql.raw(
    'commuter_id, mode, month_no, main_trips, distance_km, timed_distance_km, duration_min, days, is_last',
  );
  if (commuterIds === undefined)
    return (
      await sql<CumRow & { is_last: number }>`
        select ${columns} from rollup_commuter_cum where partner_id = ${partnerId}`.execute(db)
    ).rows;
  const out: Array<CumRow & { is_last: number }> = [];
  for (let i = 0; i < commuterIds.length; i += 500) {
    const { rows } = await sql<CumRow & { is_last: number; partner_id: string }>`
      select ${columns}, partner_id from rollup_commuter_cum
      where commuter_id in (${sql.join(commuterIds.slice(i, i + 500))})`.execute(db);
    for (const r of rows) if (r.partner_id === partnerId) out.push(r);
  }
  return out;
}

function commutersIn(db: Kysely<Database>, scope: Pick<IndicatorScope, 'partnerId' | 'siteId'>) {
  let q = db.selectFrom('commuters');
  if (scope.partnerId !== null) q = q.where('commuters.partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) q = q.where('commuters.site_id', '=', scope.siteId);
  return q;
}

/** Commuters enrolled by the end of the period. */
export async function countRegistered(
  db: Kysely<Database>,
  scope: IndicatorScope,
): Promise<Array<{ partnerId: string; registered: number }>> {
  const rows = await commutersIn(db, scope)
    .where('joined_on', '<=', scope.to)
    .select(['partner_id', sql<number>`count(*)`.as('n')])
    .groupBy('partner_id')
    .execute();
  return rows.map((r) => ({ partnerId: r.partner_id, registered: Number(r.n) }));
}

/**
 * Each commuter's latest survey of a kind taken on or before `onOrBefore`, as the usual
 * one-way legs the indicators take (a single usual mode becomes one leg). The latest is picked
 * in SQL (no later survey of the same kind exists): a commuter may send any number of surveys,
 * and the query reads one row per commuter, not all of them.
 */
export async function readSurveys(
  db: Kysely<Database>,
  scope: Pick<IndicatorScope, 'partnerId' | 'siteId'>,
  kind: 'baseline' | 'followup',
  onOrBefore?: string,
  /** Only these commuters (the changed ones of a kept answer). */
  commuterIds?: readonly string[],
): Promise<Array<CommuteSurvey & { partnerId: string }>> {
  if (commuterIds?.length === 0) return [];
  let q = commutersIn(db, scope)
    .innerJoin('surveys', 'surveys.commuter_id', 'commuters.id')
    .where('surveys.kind', '=', kind)
    .where(({ not, exists, selectFrom }) => {
      let later = selectFrom('surveys as later')
        .select(sql`1`.as('one'))
        .whereRef('later.commuter_id', '=', 'surveys.commuter_id')
        .where('later.kind', '=', kind)
        .where((eb) => {
          // Later in (taken_on, created_at, id) order: the survey that was the last one read before.
          const sameDay = eb('later.taken_on', '=', eb.ref('surveys.taken_on'));
          const sameTime = eb('later.created_at', '=', eb.ref('surveys.created_at'));
          return eb.or([
            eb('later.taken_on', '>', eb.ref('surveys.taken_on')),
            eb.and([sameDay, eb('later.created_at', '>', eb.ref('surveys.created_at'))]),
            eb.and([sameDay, sameTime, eb('later.id', '>', eb.ref('surveys.id'))]),
          ]);
        });
      if (onOrBefore) later = later.where('later.taken_on', '<=', onOrBefore);
      return not(exists(later));
    })
    .select([
      'commuters.partner_id',
      'surveys.commuter_id',
      'surveys.usual_mode',
      'surveys.usual_legs',
    ])
    .select(['surveys.one_way_km', 'surveys.days_per_week'])
    .orderBy('surveys.commuter_id');
  if (onOrBefore) q = q.where('surveys.taken_on', '<=', onOrBefore);
  if (commuterIds) q = q.where('commuters.id', 'in', commuterIds);
  return (await q.execute()).map((r) => {
    const usualLegs = r.usual_legs
      ? (JSON.parse(r.usual_legs) as Array<{ mode: Mode; distanceKm: number }>)
      : [{ mode: r.usual_mode as Mode, distanceKm: r.one_way_km }];
    return {
      commuterId: r.commuter_id,
      partnerId: r.partner_id,
      usualLegs,
      daysPerWeek: r.days_per_week,
    };
  });
}

/** A baseline survey with what orders it among the commuter's others (readSurveys' order). */
export interface DatedSurvey {
  takenOn: string;
  createdAt: string;
  id: string;
  survey: CommuteSurvey & { partnerId: string };
}

/**
 * Every baseline survey of a partner's commuters (or of these commuters of it), each commuter's
 * in (taken_on, created_at, id) order: what services/live-inputs.ts keeps, to pick the survey
 * readSurveys would give for any period's end without asking the database.
 */
export async function readBaselineHistory(
  db: Kysely<Database>,
  partnerId: string,
  commuterIds?: readonly string[],
): Promise<Map<string, DatedSurvey[]>> {
  const out = new Map<string, DatedSurvey[]>();
  const read = (ids?: readonly string[]) => {
    let q = db
      .selectFrom('surveys')
      .innerJoin('commuters', 'commuters.id', 'surveys.commuter_id')
      .where('commuters.partner_id', '=', partnerId)
      .where('surveys.kind', '=', 'baseline')
      .select([
        'commuters.partner_id',
        'surveys.id',
        'surveys.commuter_id',
        'surveys.taken_on',
        'surveys.created_at',
        'surveys.usual_mode',
        'surveys.usual_legs',
        'surveys.one_way_km',
        'surveys.days_per_week',
      ]);
    if (ids) q = q.where('surveys.commuter_id', 'in', ids);
    return q.execute();
  };
  const batches = commuterIds
    ? Array.from({ length: Math.ceil(commuterIds.length / 500) }, (_, i) =>
        commuterIds.slice(i * 500, i * 500 + 500),
      )
    : [undefined];
  for (const ids of batches)
    for (const r of await read(ids)) {
      const list = out.get(r.commuter_id) ?? [];
      list.push({
        takenOn: r.taken_on,
        createdAt: r.created_at,
        id: r.id,
        survey: {
          commuterId: r.commuter_id,
          partnerId: r.partner_id,
          usualLegs: r.usual_legs
            ? (JSON.parse(r.usual_legs) as Array<{ mode: Mode; distanceKm: number }>)
            : [{ mode: r.usual_mode as Mode, distanceKm: r.one_way_km }],
          daysPerWeek: r.days_per_week,
        },
      });
      out.set(r.commuter_id, list);
    }
  const key = (d: DatedSurvey) => [d.takenOn, d.createdAt, d.id] as const;
  for (const list of out.values())
    list.sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
      return 0;
    });
  return out;
}

/**
 * First and last local day with trips in the scope, or null when there are none; with `before`
 * ('YYYY-MM-DD', exclusive), only days before it (the released months of aggregate callers).
 */
export async function readDataRange(
  db: Kysely<Database>,
  scope: Pick<IndicatorScope, 'partnerId' | 'siteId'>,
  before?: string,
): Promise<{ from: string; to: string } | null> {
  // No day is as late as this bound: one query shape with and without `before`.
  const bound = before ?? '9999-12-31';
  if (scope.partnerId === null) {
    // The network: one index seek per partner on (partner_id, local_day) instead of a scan of
    // every rollup row, since live dashboards ask for this with every poll.
    const rows = await db
      .selectFrom('partners as p')
      .select([
        sql<
          string | null
        >`(select min(local_day) from rollup_trip_day r where r.partner_id = p.id and r.local_day < ${bound})`.as(
          'first',
        ),
        sql<
          string | null
        >`(select max(local_day) from rollup_trip_day r where r.partner_id = p.id and r.local_day < ${bound})`.as(
          'last',
        ),
      ])
      .execute();
    // ISO days sort as strings.
    const firsts = rows.flatMap((r) => (r.first ? [r.first] : [])).sort();
    const lasts = rows.flatMap((r) => (r.last ? [r.last] : [])).sort();
    const from = firsts[0];
    const to = lasts.at(-1);
    return from && to ? { from, to } : null;
  }
  let q = db
    .selectFrom('rollup_trip_day')
    .select([sql<string>`min(local_day)`.as('first'), sql<string>`max(local_day)`.as('last')])
    .where('partner_id', '=', scope.partnerId)
    .where('local_day', '<', bound);
  if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
  const row = await q.executeTakeFirst();
  return row?.first ? { from: row.first, to: row.last } : null;
}

export interface MonthRow {
  month: string;
  trips: Partial<Record<Mode, number>>;
  distanceKm: Partial<Record<Mode, number>>;
  activeCommuters: number;
}

/** Trips by main mode, km by leg mode and active commuters per calendar month. */
export async function readMonthly(
  db: Kysely<Database>,
  scope: IndicatorScope,
): Promise<MonthRow[]> {
  const month = sql<string>`substr(local_day, 1, 7)`;
  const trips = await scoped(db, 'rollup_trip_day', scope)
    .select([month.as('month'), 'main_mode', sql<number>`sum(trips)`.as('n')])
    .groupBy([month, 'main_mode'])
    .execute();
  const km = await scoped(db, 'rollup_leg_day', scope)
    .select([month.as('month'), 'mode', sql<number>`sum(distance_km)`.as('km')])
    .groupBy([month, 'mode'])
    .execute();
  // Active commuters: whole months from the month rollup's '_any' rows, edge months from days.
  const { months, dayRanges } = splitPeriod(scope.from, scope.to);
  const active: Array<{ month: string; n: number }> = [];
  if (months) {
    let q = db
      .selectFrom('rollup_commuter_month')
      .where('mode', '=', '_any')
      .where('local_month', '>=', months[0])
      .where('local_month', '<=', months[1])
      .select(['local_month as month', sql<number>`count(*)`.as('n')])
      .groupBy('local_month');
    if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
    if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
    active.push(...(await q.execute()));
  }
  for (const [from, to] of dayRanges) {
    active.push(
      ...(await scoped(db, 'rollup_commuter_day', { ...scope, from, to })
        .select([month.as('month'), sql<number>`count(distinct commuter_id)`.as('n')])
        .groupBy(month)
        .execute()),
    );
  }
  const byMonth = new Map<string, MonthRow>();
  const row = (m: string) => {
    let r = byMonth.get(m);
    if (!r) byMonth.set(m, (r = { month: m, trips: {}, distanceKm: {}, activeCommuters: 0 }));
    return r;
  };
  for (const t of trips) row(t.month).trips[t.main_mode as Mode] = Number(t.n);
  for (const k of km) row(k.month).distanceKm[k.mode as Mode] = Number(k.km);
  for (const a of active) row(a.month).activeCommuters = Number(a.n);
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * The same inputs read straight from raw trips and legs, without rollups: the baseline the
 * benchmark compares the rollups with, and a cross-check in tests.
 */
export async function scanRawInputs(
  db: Kysely<Database>,
  scope: IndicatorScope,
): Promise<{ legs: LegAggregate[]; trips: TripAggregate[]; summaries: ScopedSummary[] }> {
  let legQ = db
    .selectFrom('legs')
    .innerJoin('trips', 'trips.id', 'legs.trip_id')
    // Unconfirmed (inferred) trips are not in the rollups either (migration 0012).
    .where('trips.status', '=', 'confirmed')
    .where('trips.local_day', '>=', scope.from)
    .where('trips.local_day', '<=', scope.to)
    .select([
      'trips.commuter_id as commuter_id',
      'trips.partner_id as partner_id',
      'trips.local_day as local_day',
      'trips.purpose as purpose',
      'trips.main_mode as main_mode',
      'trips.replaced_mode as trip_replaced',
      'legs.trip_id as trip_id',
      'legs.seq as seq',
      'legs.mode as mode',
      'legs.replaced_mode as leg_replaced',
      'legs.distance_km as distance_km',
      'legs.duration_min as duration_min',
    ]);
  if (scope.partnerId !== null) legQ = legQ.where('trips.partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) legQ = legQ.where('trips.site_id', '=', scope.siteId);
  const legAgg = new Map<string, LegAggregate>();
  const tripAgg = new Map<Mode, number>();
  const summaries = new Map<
    string,
    ScopedSummary & {
      days: Set<string>;
      cycling: Set<string>;
      timed: Partial<Record<Mode, { km: number; min: number }>>;
      seen: Set<string>;
    }
  >();
  for (const r of await legQ.execute()) {
    const mode = r.mode as Mode;
    const replaced = (r.leg_replaced ?? r.trip_replaced) as ReplacedMode | null;
    const minutes = r.duration_min ?? estimateDurationMin(mode, r.distance_km);
    const key = `${mode}|${replaced ?? ''}`;
    const la = legAgg.get(key) ?? {
      mode,
      replacedMode: replaced,
      distanceKm: 0,
      durationMin: 0,
      legs: 0,
    };
    la.distanceKm += r.distance_km;
    la.durationMin += minutes;
    la.legs += 1;
    legAgg.set(key, la);
    let s = summaries.get(r.commuter_id);
    if (!s) {
      s = {
        commuterId: r.commuter_id,
        partnerId: r.partner_id,
        ageBand: null,
        weightKg: null,
        tripsByMainMode: {},
        kmByMode: {},
        minutesByMode: {},
        measuredByMode: {},
        cyclingDays: 0,
        activeDays: 0,
        days: new Set(),
        cycling: new Set(),
        timed: {},
        seen: new Set(),
      };
      summaries.set(r.commuter_id, s);
    }
    if (!s.seen.has(r.trip_id)) {
      s.seen.add(r.trip_id);
      const main = r.main_mode as Mode;
      s.tripsByMainMode[main] = (s.tripsByMainMode[main] ?? 0) + 1;
      tripAgg.set(main, (tripAgg.get(main) ?? 0) + 1);
    }
    s.kmByMode[mode] = (s.kmByMode[mode] ?? 0) + r.distance_km;
    s.minutesByMode[mode] = (s.minutesByMode[mode] ?? 0) + minutes;
    if (r.duration_min !== null) {
      const m = (s.measuredByMode![mode] ??= { distanceKm: 0, durationMin: 0 });
      m.distanceKm += r.distance_km;
      m.durationMin += r.duration_min;
    }
    s.days.add(r.local_day);
    if (isCyclingMode(mode) && isCommutePurpose(r.purpose)) s.cycling.add(r.local_day);
  }
  const ids = [...summaries.keys()];
  for (let i = 0; i < ids.length; i += 500) {
    for (const p of await db
      .selectFrom('commuters')
      .select(['id', 'age_band', 'weight_kg'])
      .where('id', 'in', ids.slice(i, i + 500))
      .execute()) {
      const s = summaries.get(p.id)!;
      s.ageBand = p.age_band as AgeBand | null;
      s.weightKg = p.weight_kg;
    }
  }
  return {
    legs: [...legAgg.values()],
    trips: [...tripAgg.entries()].map(([mainMode, trips]) => ({ mainMode, trips })),
    summaries: [...summaries.values()].map(({ days, cycling, timed: _t, seen: _s, ...s }) => ({
      ...s,
      activeDays: days.size,
      cyclingDays: cycling.size,
    })),
  };
}

/**
 * Unconfirmed trips of a scope and period (imports and trackers waiting for the commuter,
 * migration 0012): they are in no indicator, and own staff and admins are told how many there
 * are so that a low figure can be explained (docs/methodology.md#release-units).
 */
export async function countUnconfirmedTrips(
  db: Kysely<Database>,
  scope: IndicatorScope,
): Promise<number> {
  // The literal matches the partial index of migration 0016 (a bound value would not).
  let q = db
    .selectFrom('trips')
    .where('status', '=', sql.lit('unconfirmed'))
    .where('local_day', '>=', scope.from)
    .where('local_day', '<=', scope.to);
  if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
  const row = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirst();
  return Number(row?.n ?? 0);
}
