/**
 * `npm run rollups -- --verify` (and the checks after a demo removal, a restore and a move to
 * PostgreSQL): every rollup recomputed from the raw trips and legs and compared with what is
 * stored. The sum rollups are recomputed AND compared inside the database: one grouped query
 * per family of tables puts the stored rows and the recomputed rows side by side (UNION ALL,
 * then GROUP BY the key) and returns only the keys that differ, so the work stays in the
 * engine's hash aggregation and the process holds differences, not millions of rows (the old
 * row-by-row comparison in JavaScript, with a correlated sub-query per leg, took over 4 minutes
 * of PostgreSQL CPU at scale 4). The route cells need geometry turned into H3 cells, which SQL
 * cannot do: they are recomputed here, a batch of commuters at a time, with the same function
 * ingestion uses. Only SQL lives here; the comparison rules are in domain/rollup-verify.ts.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { CUM_SUMS, chainKey, monthOfNo } from '../domain/commuter-cum.js';
import { CYCLING_MODES } from '../domain/modes.js';
import {
  addTripToDeltas,
  COMMUTER_ROLLUP_SUMS,
  emptyDeltas,
  LEG_ROLLUP_SUMS,
  TRIP_ROLLUP_SUMS,
  tripForRouteCells,
} from '../domain/rollup-deltas.js';
import {
  compareRollupRows,
  ROLLUP_TOLERANCE,
  type RollupDifference,
} from '../domain/rollup-verify.js';
import type { LineGeometry } from '../domain/trips.js';

/** Key columns of the widest rollup key (leg-day: partner, site, day, mode, replaced mode). */
const KEY_SLOTS = 5;
/** Summed columns of the widest rollup (commuter-month: six sums and the day count). */
const SUM_SLOTS = 7;
/** Commuters whose route cells are recomputed and compared at a time (bounds memory). */
const CELL_COMMUTER_BATCH = 500;

/** One rollup table: its stored rows and their recomputation, each a SELECT of keys and sums. */
interface Part {
  table: RollupDifference['table'];
  /** Key columns, in the order of the difference's key. */
  keys: string[];
  sums: readonly string[];
  stored: RawBuilder<unknown>;
  recomputed: RawBuilder<unknown>;
  /** The difference's key from the key columns' values (default: joined with '|'). */
  keyOf?: (values: string[]) => string;
}

/** `name` as a key slot: text, so that every table's keys share the slots' types. */
const keySlot = (name: string | undefined, i: number) =>
  name === undefined
    ? sql`cast('' as text) as ${sql.ref(`k${i}`)}`
    : sql`cast(${sql.ref(name)} as text) as ${sql.ref(`k${i}`)}`;

/** One side of a part, padded to the shared slots: `s_i` for stored, `r_i` for recomputed sums. */
function branch(part: Part, side: 'stored' | 'recomputed'): RawBuilder<unknown> {
  const keys = Array.from({ length: KEY_SLOTS }, (_, i) => keySlot(part.keys[i], i));
  const sums = Array.from({ length: SUM_SLOTS }, (_, i) => {
    const value = part.sums[i] === undefined ? sql`0` : sql`${sql.ref(`x.${part.sums[i]}`)}`;
    // UNION ALL matches columns by position: s_i then r_i on both sides.
    const [stored, recomputed] = side === 'stored' ? [value, sql`0`] : [sql`0`, value];
    return sql`cast(${stored} as double precision) as ${sql.ref(`s${i}`)}, cast(${recomputed} as double precision) as ${sql.ref(`r${i}`)}`;
  });
  const counts = side === 'stored' ? sql`1 as s_n, 0 as r_n` : sql`0 as s_n, 1 as r_n`;
  return sql`select cast(${part.table} as text) as tbl, ${sql.join(keys)}, ${counts}, ${sql.join(sums)}
    from (${side === 'stored' ? part.stored : part.recomputed}) x`;
}

interface DiffRow {
  tbl: string;
  s_n: number | string;
  r_n: number | string;
  [slot: string]: unknown;
}

/**
 * Runs one grouped comparison over these parts (with shared CTEs) and turns the keys that differ
 * into differences: a key on one side only, or a sum that differs beyond float noise.
 */
async function compareInSql(
  db: Kysely<Database>,
  ctes: RawBuilder<unknown>,
  parts: Part[],
): Promise<RollupDifference[]> {
  const keyCols = sql.join(Array.from({ length: KEY_SLOTS }, (_, i) => sql.ref(`k${i}`)));
  const sums = Array.from({ length: SUM_SLOTS }, (_, i) => i);
  const { rows } = await sql<DiffRow>`${ctes}
    select tbl, ${keyCols}, sum(s_n) as s_n, sum(r_n) as r_n,
      ${sql.join(sums.map((i) => sql`sum(${sql.ref(`s${i}`)}) as ${sql.ref(`s${i}`)}, sum(${sql.ref(`r${i}`)}) as ${sql.ref(`r${i}`)}`))}
    from (${sql.join(
      parts.flatMap((p) => [branch(p, 'stored'), branch(p, 'recomputed')]),
      sql` union all `,
    )}) u
    group by tbl, ${keyCols}
    having sum(s_n) <> 1 or sum(r_n) <> 1 or ${sql.join(
      sums.map(
        (i) =>
          sql`abs(sum(${sql.ref(`s${i}`)}) - sum(${sql.ref(`r${i}`)})) > ${sql.lit(ROLLUP_TOLERANCE)}`,
      ),
      sql` or `,
    )}`.execute(db);
  const order = new Map(parts.map((p, i) => [p.table as string, i]));
  const diffs = rows.map((r) => {
    const part = parts[order.get(r.tbl)!]!;
    const values = part.keys.map((_, i) => String(r[`k${i}`]));
    const side = (prefix: 's' | 'r', present: boolean) =>
      present ? Object.fromEntries(part.sums.map((f, i) => [f, Number(r[`${prefix}${i}`])])) : null;
    return {
      order: order.get(r.tbl)!,
      diff: {
        table: part.table,
        key: part.keyOf ? part.keyOf(values) : values.join('|'),
        stored: side('s', Number(r.s_n) > 0),
        recomputed: side('r', Number(r.r_n) > 0),
      } satisfies RollupDifference,
    };
  });
  diffs.sort((a, b) => a.order - b.order || (a.diff.key < b.diff.key ? -1 : 1));
  return diffs.map((d) => d.diff);
}

/** `YYYY-MM` as the running totals' month number (year * 12 + month - 1), portably. */
const monthNoOf = (month: string) =>
  sql`cast(substr(${sql.ref(month)}, 1, 4) as integer) * 12 + cast(substr(${sql.ref(month)}, 6, 2) as integer) - 1`;

/**
 * Recomputes every rollup from the raw trips and legs and lists each difference from what is
 * stored (none when all is well). `partnerId` limits the check to one partner's rows.
 */
export async function verifyRollups(
  db: Kysely<Database>,
  options: { partnerId?: string } = {},
): Promise<RollupDifference[]> {
  const p = options.partnerId;
  const tripsOf = p === undefined ? sql`` : sql` and t.partner_id = ${p}`;
  const storedOf = (table: string) =>
    p === undefined
      ? sql`select * from ${sql.table(table)}`
      : sql`select * from ${sql.table(table)} where partner_id = ${p}`;

  // The partner figures: day rows grouped from the legs and trips, month rows grouped from those.
  const partnerCtes = sql`with ld as materialized (
      select t.partner_id, coalesce(t.site_id, '') as site_id, t.local_day, l.mode,
        coalesce(l.replaced_mode, t.replaced_mode, '') as replaced_mode, count(*) as legs,
        sum(l.distance_km) as distance_km,
        sum(case when l.duration_min is null then 0 else l.distance_km end) as timed_distance_km,
        coalesce(sum(l.duration_min), 0) as duration_min
      from legs l join trips t on t.id = l.trip_id
      where t.status = 'confirmed'${tripsOf}
      group by t.partner_id, coalesce(t.site_id, ''), t.local_day, l.mode, coalesce(l.replaced_mode, t.replaced_mode, '')
    ), td as materialized (
      select t.partner_id, coalesce(t.site_id, '') as site_id, t.local_day, t.main_mode,
        count(*) as trips, sum(t.distance_km) as distance_km
      from trips t where t.status = 'confirmed'${tripsOf}
      group by t.partner_id, coalesce(t.site_id, ''), t.local_day, t.main_mode
    )`;
  const partnerParts: Part[] = [
    {
      table: 'rollup_leg_day',
      keys: ['partner_id', 'site_id', 'local_day', 'mode', 'replaced_mode'],
      sums: LEG_ROLLUP_SUMS,
      stored: storedOf('rollup_leg_day'),
      recomputed: sql`select * from ld`,
    },
    {
      table: 'rollup_trip_day',
      keys: ['partner_id', 'site_id', 'local_day', 'main_mode'],
      sums: TRIP_ROLLUP_SUMS,
      stored: storedOf('rollup_trip_day'),
      recomputed: sql`select * from td`,
    },
    {
      table: 'rollup_leg_month',
      keys: ['partner_id', 'site_id', 'local_month', 'mode', 'replaced_mode'],
      sums: LEG_ROLLUP_SUMS,
      stored: storedOf('rollup_leg_month'),
      recomputed: sql`select partner_id, site_id, substr(local_day, 1, 7) as local_month, mode, replaced_mode,
          sum(legs) as legs, sum(distance_km) as distance_km, sum(timed_distance_km) as timed_distance_km,
          sum(duration_min) as duration_min
        from ld group by partner_id, site_id, substr(local_day, 1, 7), mode, replaced_mode`,
    },
    {
      table: 'rollup_trip_month',
      keys: ['partner_id', 'site_id', 'local_month', 'main_mode'],
      sums: TRIP_ROLLUP_SUMS,
      stored: storedOf('rollup_trip_month'),
      recomputed: sql`select partner_id, site_id, substr(local_day, 1, 7) as local_month, main_mode,
          sum(trips) as trips, sum(distance_km) as distance_km
        from td group by partner_id, site_id, substr(local_day, 1, 7), main_mode`,
    },
  ];

  // The per-commuter figures. The first leg of the main mode carries the trip's main_trips
  // count (see addTripToDeltas): a window over each trip's legs finds it in the same pass.
  // The month rows (with '_any' days and '_cycling' commute days) are grouped from the
  // recomputed day rows; the running totals are taken apart month by month (each row minus
  // the one before, months without activity left out) and compared with those month rows.
  const cycling = sql.join(CYCLING_MODES.map((m) => sql.lit(m)));
  const commuterCtes = sql`with cd as materialized (
      select commuter_id, local_day, mode,
        sum(case when mode = main_mode and seq = first_main_seq then 1 else 0 end) as main_trips,
        count(*) as legs,
        sum(case when purpose is null or purpose = 'commute' then 1 else 0 end) as commute_legs,
        sum(distance_km) as distance_km,
        sum(case when duration_min is null then 0 else distance_km end) as timed_distance_km,
        coalesce(sum(duration_min), 0) as duration_min
      from (
        select t.commuter_id, t.local_day, t.main_mode, t.purpose, l.mode, l.seq, l.distance_km, l.duration_min,
          min(case when l.mode = t.main_mode then l.seq end) over (partition by l.trip_id) as first_main_seq
        from legs l join trips t on t.id = l.trip_id
        where t.status = 'confirmed'${tripsOf}
      ) x
      group by commuter_id, local_day, mode
    ), cm as materialized (
      select commuter_id, substr(local_day, 1, 7) as local_month, mode, sum(main_trips) as main_trips,
        sum(legs) as legs, sum(commute_legs) as commute_legs, sum(distance_km) as distance_km,
        sum(timed_distance_km) as timed_distance_km, sum(duration_min) as duration_min, count(*) as days
      from cd group by commuter_id, substr(local_day, 1, 7), mode
      union all
      select commuter_id, substr(local_day, 1, 7), '_any', 0, 0, 0, 0, 0, 0, count(distinct local_day)
      from cd group by commuter_id, substr(local_day, 1, 7)
      union all
      select commuter_id, substr(local_day, 1, 7), '_cycling', 0, 0, 0, 0, 0, 0, count(distinct local_day)
      from cd where mode in (${cycling}) and commute_legs > 0 group by commuter_id, substr(local_day, 1, 7)
    ), ci as (
      select commuter_id, mode, month_no,
        ${sql.join(
          CUM_SUMS.map(
            (c) => sql`${sql.ref(c)} - coalesce(lag(${sql.ref(c)}) over w, 0) as ${sql.ref(c)}`,
          ),
        )}
      from (${storedOf('rollup_commuter_cum')}) c
      window w as (partition by commuter_id, mode order by month_no)
    )`;
  const monthKey = ([commuterId, monthNo, mode]: string[]) =>
    `${commuterId}|${monthOfNo(Number(monthNo))}|${mode}`;
  const commuterParts: Part[] = [
    {
      table: 'rollup_commuter_day',
      keys: ['commuter_id', 'local_day', 'mode'],
      sums: COMMUTER_ROLLUP_SUMS,
      stored: storedOf('rollup_commuter_day'),
      recomputed: sql`select * from cd`,
    },
    {
      table: 'rollup_commuter_month',
      keys: ['commuter_id', 'local_month', 'mode'],
      sums: [...COMMUTER_ROLLUP_SUMS, 'days'],
      stored: storedOf('rollup_commuter_month'),
      recomputed: sql`select * from cm`,
    },
    {
      table: 'rollup_commuter_cum',
      keys: ['commuter_id', 'month_no', 'mode'],
      sums: CUM_SUMS,
      stored: sql`select * from ci where ${sql.join(
        CUM_SUMS.map((c) => sql`abs(${sql.ref(c)}) > ${sql.lit(ROLLUP_TOLERANCE)}`),
        sql` or `,
      )}`,
      recomputed: sql`select commuter_id, ${monthNoOf('local_month')} as month_no, mode, ${sql.join(
        CUM_SUMS.map((c) => sql.ref(c)),
      )} from cm`,
      keyOf: monthKey,
    },
  ];

  const diffs = [
    ...(await compareInSql(db, partnerCtes, partnerParts)),
    ...(await compareInSql(db, commuterCtes, commuterParts)),
  ];

  // Each running total's rows must be dense (a row for every month from its first to its last)
  // with only the last one marked is_last: the reads rely on both.
  const { rows: gaps } = await sql<{
    commuter_id: string;
    mode: string;
    month_no: number | string;
    is_last: number | string;
    gap: number | string | null;
    next_no: number | string | null;
  }>`select * from (
      select commuter_id, mode, month_no, is_last,
        month_no - lag(month_no) over w as gap, lead(month_no) over w as next_no
      from (${storedOf('rollup_commuter_cum')}) c
      window w as (partition by commuter_id, mode order by month_no)
    ) x
    where (gap is not null and gap <> 1) or is_last <> case when next_no is null then 1 else 0 end
    order by commuter_id, mode, month_no`.execute(db);
  for (const g of gaps) {
    const key = chainKey(g.commuter_id, g.mode);
    const no = Number(g.month_no);
    if (g.gap !== null && Number(g.gap) !== 1)
      diffs.push({
        table: 'rollup_commuter_cum',
        key: `${key}: no row for ${monthOfNo(no - 1)}`,
        stored: null,
        recomputed: null,
      });
    if (Number(g.is_last) !== (g.next_no === null ? 1 : 0))
      diffs.push({
        table: 'rollup_commuter_cum',
        key: `${key}: is_last wrong at ${monthOfNo(no)}`,
        stored: null,
        recomputed: null,
      });
  }

  diffs.push(...(await verifyCells(db, p)));
  return diffs;
}

/**
 * Route cells: recomputed from the legs' geometry with the function ingestion uses, a batch of
 * commuters at a time (the cell key holds the commuter), and compared with the stored rows of
 * the same commuters. Commuters are taken from both sides, so a stored row of a commuter
 * without trips is found too.
 */
async function verifyCells(
  db: Kysely<Database>,
  partnerId: string | undefined,
): Promise<RollupDifference[]> {
  const diffs: RollupDifference[] = [];
  const { rows: commuters } = await (partnerId === undefined
    ? sql<{
        commuter_id: string;
      }>`select id as commuter_id from commuters union select commuter_id from rollup_cell_month order by commuter_id`
    : sql<{ commuter_id: string }>`select commuter_id from trips where partner_id = ${partnerId}
        union select commuter_id from rollup_cell_month where partner_id = ${partnerId} order by commuter_id`
  ).execute(db);
  for (let i = 0; i < commuters.length; i += CELL_COMMUTER_BATCH) {
    const batch = commuters.slice(i, i + CELL_COMMUTER_BATCH).map((c) => c.commuter_id);
    let legsQ = db
      .selectFrom('legs')
      .innerJoin('trips', 'trips.id', 'legs.trip_id')
      .select([
        'trips.id as id',
        'trips.commuter_id as commuter_id',
        'trips.partner_id as partner_id',
        'trips.site_id as site_id',
        'trips.local_day as local_day',
        'trips.purpose as purpose',
        'trips.replaced_mode as replaced_mode',
        'trips.main_mode as main_mode',
        'trips.distance_km as distance_km',
        'legs.geometry as geometry',
      ])
      .where('trips.commuter_id', 'in', batch)
      .where('trips.status', '=', 'confirmed')
      .where('legs.geometry', 'is not', null)
      .orderBy('trips.id')
      .orderBy('legs.seq');
    if (partnerId !== undefined) legsQ = legsQ.where('trips.partner_id', '=', partnerId);
    const rows = await legsQ.execute();
    const recomputed = emptyDeltas();
    for (let j = 0; j < rows.length; ) {
      const t = rows[j]!;
      const geometries: LineGeometry[] = [];
      for (; j < rows.length && rows[j]!.id === t.id; j++)
        geometries.push(JSON.parse(rows[j]!.geometry!) as LineGeometry);
      // Only the cells are compared here: the legs carry geometry alone.
      addTripToDeltas(recomputed, tripForRouteCells(t, geometries), 1);
    }
    let storedQ = db.selectFrom('rollup_cell_month').selectAll().where('commuter_id', 'in', batch);
    if (partnerId !== undefined) storedQ = storedQ.where('partner_id', '=', partnerId);
    compareRollupRows(
      diffs,
      'rollup_cell_month',
      [...recomputed.cellMonth.values()] as unknown as Record<string, unknown>[],
      (await storedQ.execute()) as unknown as Record<string, unknown>[],
      (r) => `${r.partner_id}|${r.local_month}|${r.site_id}|${r.cell}|${r.commuter_id}`,
      ['trips'],
    );
  }
  return diffs;
}
