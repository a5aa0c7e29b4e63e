import type SQLite from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { LegsTable, TripsTable } from '../db/schema.js';

type TripRow = Selectable<TripsTable>;
type LegRow = Selectable<LegsTable>;
import { chainKey, monthNo, planCumWrites, type CumBounds } from '../domain/commuter-cum.js';
import { ANY_COMMUTER, CHANGE_LOG_VERSIONS } from './data-versions.js';
import {
  COMMUTER_ROLLUP_SUMS,
  commuterDayKey,
  LEG_ROLLUP_SUMS,
  TRIP_ROLLUP_SUMS,
  commuterMonthDeltas,
  monthDeltasOf,
  dayModesAfterAdding,
  dayPairsOf,
  partnersOf,
  commutersOf,
  type CommuterDayDelta,
  type CommuterMonthDelta,
  type DayModes,
  type RollupDeltas,
} from '../domain/rollup-deltas.js';

/**
 * An upsert that adds to a rollup row: `keys` then `sums` are the bound values in that order,
 * `conflict` the row's primary key. The day and month rollups differ only in table and period
 * column.
 */
function sumUpsert(
  sqlite: SQLite.Database,
  table: string,
  keys: readonly string[],
  conflict: readonly string[],
  sums: readonly string[],
): SQLite.Statement {
  const columns = [...keys, ...sums];
  return sqlite.prepare(
    `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})
     on conflict (${conflict.join(', ')}) do update set ${sums.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
  );
}
const LEG_KEYS = (period: string) => ['partner_id', 'site_id', period, 'mode', 'replaced_mode'];
const LEG_CONFLICT = (period: string) => ['partner_id', period, 'site_id', 'mode', 'replaced_mode'];
const TRIP_KEYS = (period: string) => ['partner_id', 'site_id', period, 'main_mode'];
const TRIP_CONFLICT = (period: string) => ['partner_id', period, 'site_id', 'main_mode'];
const COMMUTER_KEYS = (period: string) => ['commuter_id', period, 'mode', 'partner_id', 'site_id'];

/**
 * The SQLite fast path of the trip write path: the same rows as the Kysely path in
 * trips.ts/rollups.ts, written with statements prepared once. Building and compiling a
 * multi-row insert per chunk costs more than SQLite's own work for these small rows. Runs on
 * the connection Kysely's transaction is open on (better-sqlite3 has one connection), so it is
 * part of that transaction. PostgreSQL keeps the Kysely path.
 */
export class SqliteBulkWriter {
  /**
   * Bulk loads (the demo seeder) may skip the month rollup and rebuild it once at the end of
   * their transaction with rebuildCommuterMonths: one GROUP BY instead of two look-ups per
   * commuter-day. Never left on outside such a transaction.
   */
  monthRollupDeferred = false;

  private readonly insertTrip: SQLite.Statement;
  private readonly insertLeg: SQLite.Statement;
  private readonly upsertLegDay: SQLite.Statement;
  private readonly upsertTripDay: SQLite.Statement;
  private readonly upsertCommuterDay: SQLite.Statement;
  private readonly upsertCellMonth: SQLite.Statement;
  private readonly selectTripHash: SQLite.Statement;
  private readonly bumpVersion: SQLite.Statement;
  private readonly logChange: SQLite.Statement;
  private readonly pruneChanges: SQLite.Statement;
  private readonly selectDayModes: SQLite.Statement;
  private readonly upsertCommuterMonth: SQLite.Statement;
  private readonly upsertLegMonth: SQLite.Statement;
  private readonly upsertTripMonth: SQLite.Statement;
  private readonly selectCumBounds: SQLite.Statement;
  private readonly insertCumZero: SQLite.Statement;
  private readonly insertCumCopy: SQLite.Statement;
  private readonly setCumLast: SQLite.Statement;
  private readonly addToCum: SQLite.Statement;

  constructor(readonly sqlite: SQLite.Database) {
    this.insertTrip = sqlite.prepare(
      `insert into trips (id, commuter_id, partner_id, site_id, started_at, ended_at, local_day, purpose, replaced_mode, main_mode, distance_km, duration_min, leg_count, source, content_hash, created_at, updated_at, status, origin, confirmed_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.selectDayModes = sqlite.prepare(
      `select mode, legs, commute_legs from rollup_commuter_day where commuter_id = ? and local_day = ?`,
    );
    this.upsertCommuterMonth = sumUpsert(
      sqlite,
      'rollup_commuter_month',
      COMMUTER_KEYS('local_month'),
      ['commuter_id', 'local_month', 'mode'],
      [...COMMUTER_ROLLUP_SUMS, 'days'],
    );
    this.bumpVersion = sqlite.prepare(
      `insert into data_versions (partner_id, version) values (?, 1) on conflict (partner_id) do update set version = version + 1 returning version`,
    );
    this.logChange = sqlite.prepare(
      `insert into data_changes (partner_id, version, commuter_id) values (?, ?, ?) on conflict do nothing`,
    );
    this.pruneChanges = sqlite.prepare(
      `delete from data_changes where partner_id = ? and version <= ?`,
    );
    this.selectTripHash = sqlite.prepare(
      `select id, content_hash, commuter_id from trips where id = ?`,
    );
    this.insertLeg = sqlite.prepare(
      `insert into legs (trip_id, seq, mode, distance_km, duration_min, started_at, replaced_mode, geometry) values (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.upsertLegDay = sumUpsert(
      sqlite,
      'rollup_leg_day',
      LEG_KEYS('local_day'),
      LEG_CONFLICT('local_day'),
      LEG_ROLLUP_SUMS,
    );
    this.upsertTripDay = sumUpsert(
      sqlite,
      'rollup_trip_day',
      TRIP_KEYS('local_day'),
      TRIP_CONFLICT('local_day'),
      TRIP_ROLLUP_SUMS,
    );
    this.upsertCommuterDay = sumUpsert(
      sqlite,
      'rollup_commuter_day',
      COMMUTER_KEYS('local_day'),
      ['commuter_id', 'local_day', 'mode'],
      COMMUTER_ROLLUP_SUMS,
    );
    this.upsertLegMonth = sumUpsert(
      sqlite,
      'rollup_leg_month',
      LEG_KEYS('local_month'),
      LEG_CONFLICT('local_month'),
      LEG_ROLLUP_SUMS,
    );
    this.upsertTripMonth = sumUpsert(
      sqlite,
      'rollup_trip_month',
      TRIP_KEYS('local_month'),
      TRIP_CONFLICT('local_month'),
      TRIP_ROLLUP_SUMS,
    );
    const cumColumns = 'main_trips, legs, distance_km, timed_distance_km, duration_min, days';
    this.selectCumBounds = sqlite.prepare(
      `select mode, min(month_no) as first, max(month_no) as last from rollup_commuter_cum where commuter_id = ? group by mode`,
    );
    this.insertCumZero = sqlite.prepare(
      `insert into rollup_commuter_cum (commuter_id, mode, month_no, partner_id, is_last, ${cumColumns}) values (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0)`,
    );
    this.insertCumCopy = sqlite.prepare(
      `insert into rollup_commuter_cum (commuter_id, mode, month_no, partner_id, is_last, ${cumColumns})
       select commuter_id, mode, ?, partner_id, 0, ${cumColumns} from rollup_commuter_cum where commuter_id = ? and mode = ? and month_no = ?`,
    );
    this.setCumLast = sqlite.prepare(
      `update rollup_commuter_cum set is_last = ? where commuter_id = ? and mode = ? and month_no = ?`,
    );
    this.addToCum = sqlite.prepare(
      `update rollup_commuter_cum set main_trips = main_trips + ?, legs = legs + ?, distance_km = distance_km + ?, timed_distance_km = timed_distance_km + ?,
       duration_min = duration_min + ?, days = days + ? where commuter_id = ? and mode = ? and month_no >= ?`,
    );
    this.upsertCellMonth = sqlite.prepare(
      `insert into rollup_cell_month (partner_id, site_id, local_month, cell, commuter_id, trips) values (?, ?, ?, ?, ?, ?)
       on conflict (partner_id, local_month, site_id, cell, commuter_id) do update set trips = trips + excluded.trips`,
    );
  }

  private upsertCommuterDays(rows: readonly CommuterDayDelta[]): void {
    for (const r of rows)
      this.upsertCommuterDay.run(
        r.commuter_id,
        r.local_day,
        r.mode,
        r.partner_id,
        r.site_id,
        r.main_trips,
        r.legs,
        r.commute_legs,
        r.distance_km,
        r.timed_distance_km,
        r.duration_min,
      );
  }

  private readDayModes(pairs: Array<[string, string]>): Map<string, DayModes> {
    const out = new Map<string, DayModes>();
    for (const [commuterId, day] of pairs) {
      const rows = this.selectDayModes.all(commuterId, day) as Array<{
        mode: string;
        legs: number;
        commute_legs: number;
      }>;
      if (rows.length > 0)
        out.set(
          commuterDayKey(commuterId, day),
          new Map(rows.map((r) => [r.mode, { legs: r.legs, commuteLegs: r.commute_legs }])),
        );
    }
    return out;
  }

  /** Stored content hash and commuter of each id that exists, for the idempotency check. */
  findStored(ids: readonly string[]): Map<string, { hash: string; commuterId: string }> {
    const out = new Map<string, { hash: string; commuterId: string }>();
    for (const id of ids) {
      const r = this.selectTripHash.get(id) as
        | { id: string; content_hash: string; commuter_id: string }
        | undefined;
      if (r) out.set(r.id, { hash: r.content_hash, commuterId: r.commuter_id });
    }
    return out;
  }

  /**
   * Rows with the column names of the trips table, as the Kysely path inserts them. Bound by
   * position (named binding looks each name up, a measurable cost at demo-seeding volume).
   */
  insertTripRows(rows: ReadonlyArray<TripRow>): void {
    for (const r of rows) {
      this.insertTrip.run(
        r.id,
        r.commuter_id,
        r.partner_id,
        r.site_id,
        r.started_at,
        r.ended_at,
        r.local_day,
        r.purpose,
        r.replaced_mode,
        r.main_mode,
        r.distance_km,
        r.duration_min,
        r.leg_count,
        r.source,
        r.content_hash,
        r.created_at,
        r.updated_at,
        r.status,
        r.origin,
        r.confirmed_at,
      );
    }
  }

  insertLegRows(rows: ReadonlyArray<LegRow>): void {
    for (const r of rows)
      this.insertLeg.run(
        r.trip_id,
        r.seq,
        r.mode,
        r.distance_km,
        r.duration_min,
        r.started_at,
        r.replaced_mode,
        r.geometry,
      );
  }

  /** The running-total rollup's write (rollups.ts applyCumDeltas), with prepared statements. */
  private applyCumDeltas(months: CommuterMonthDelta[]): void {
    if (months.length === 0) return;
    const bounds = new Map<string, CumBounds>();
    for (const id of new Set(months.map((d) => d.commuter_id)))
      for (const b of this.selectCumBounds.all(id) as Array<{
        mode: string;
        first: number;
        last: number;
      }>)
        bounds.set(chainKey(id, b.mode), { first: b.first, last: b.last });
    const plan = planCumWrites(months, bounds);
    for (const f of plan.fill) {
      if (f.copyOf === null) this.insertCumZero.run(f.commuterId, f.mode, f.monthNo, f.partnerId);
      else this.insertCumCopy.run(f.monthNo, f.commuterId, f.mode, f.copyOf);
    }
    for (const move of plan.lastMoves) {
      if (move.from !== null) this.setCumLast.run(0, move.commuterId, move.mode, move.from);
      this.setCumLast.run(1, move.commuterId, move.mode, move.to);
    }
    for (const d of months)
      this.addToCum.run(
        d.main_trips,
        d.legs,
        d.distance_km,
        d.timed_distance_km,
        d.duration_min,
        d.days,
        d.commuter_id,
        d.mode,
        monthNo(d.local_month),
      );
  }

  /** Additions only: removals go through the Kysely path, which also deletes emptied rows. */
  applyAdditions(d: RollupDeltas): void {
    // As bumpDataVersions does: the version, the commuters it changed, the log pruned.
    const changed = commutersOf(d);
    for (const partnerId of partnersOf(d)) {
      const { version } = this.bumpVersion.get(partnerId) as { version: number };
      const ids = changed.get(partnerId) ?? new Set([ANY_COMMUTER]);
      for (const commuterId of ids) this.logChange.run(partnerId, version, commuterId);
      this.pruneChanges.run(partnerId, version - CHANGE_LOG_VERSIONS);
    }
    for (const r of d.legDay.values())
      this.upsertLegDay.run(
        r.partner_id,
        r.site_id,
        r.local_day,
        r.mode,
        r.replaced_mode,
        r.legs,
        r.distance_km,
        r.timed_distance_km,
        r.duration_min,
      );
    for (const r of d.tripDay.values())
      this.upsertTripDay.run(
        r.partner_id,
        r.site_id,
        r.local_day,
        r.main_mode,
        r.trips,
        r.distance_km,
      );
    const dayRows = [...d.commuterDay.values()];
    if (this.monthRollupDeferred) {
      this.upsertCommuterDays(dayRows);
    } else {
      const { legMonth, tripMonth } = monthDeltasOf(d);
      for (const r of legMonth)
        this.upsertLegMonth.run(
          r.partner_id,
          r.site_id,
          r.local_month,
          r.mode,
          r.replaced_mode,
          r.legs,
          r.distance_km,
          r.timed_distance_km,
          r.duration_min,
        );
      for (const r of tripMonth)
        this.upsertTripMonth.run(
          r.partner_id,
          r.site_id,
          r.local_month,
          r.main_mode,
          r.trips,
          r.distance_km,
        );
      const pairs = dayPairsOf(dayRows);
      const before = this.readDayModes(pairs);
      this.upsertCommuterDays(dayRows);
      const after = dayRows.every((r) => r.legs > 0)
        ? dayModesAfterAdding(before, dayRows)
        : this.readDayModes(pairs);
      const monthRows = [...commuterMonthDeltas(dayRows, before, after).values()];
      for (const r of monthRows) {
        this.upsertCommuterMonth.run(
          r.commuter_id,
          r.local_month,
          r.mode,
          r.partner_id,
          r.site_id,
          r.main_trips,
          r.legs,
          r.commute_legs,
          r.distance_km,
          r.timed_distance_km,
          r.duration_min,
          r.days,
        );
      }
      this.applyCumDeltas(monthRows);
    }
    this.applyCellAdditions(d);
  }

  /**
   * The route-cell rollup's additions alone: a bulk load stores these with its trips (the cells
   * come from geometry, which SQL cannot turn into H3 cells) and rebuilds every summed rollup
   * once at the end (rollups.ts rebuildSumRollups).
   */
  applyCellAdditions(d: Pick<RollupDeltas, 'cellMonth'>): void {
    for (const r of d.cellMonth.values())
      this.upsertCellMonth.run(
        r.partner_id,
        r.site_id,
        r.local_month,
        r.cell,
        r.commuter_id,
        r.trips,
      );
  }
}

/** Tables whose secondary indexes a bulk load may drop and rebuild. */
const BULK_TABLES = [
  'trips',
  'legs',
  'rollup_commuter_day',
  'rollup_cell_month',
  'rollup_commuter_month',
];

/**
 * A bulk load into empty tables is faster without their secondary indexes, which are built
 * once afterwards from sorted data instead of row by row. Drops them (reading their definitions
 * from sqlite_master, so nothing here repeats the migrations) and returns a function that
 * creates them again. Call both inside the load's transaction: SQLite's DDL is transactional.
 */
export function dropSecondaryIndexes(sqlite: SQLite.Database): () => void {
  const placeholders = BULK_TABLES.map(() => '?').join(', ');
  const indexes = sqlite
    .prepare(
      `select name, sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${placeholders})`,
    )
    .all(...BULK_TABLES) as Array<{ name: string; sql: string }>;
  for (const index of indexes) sqlite.exec(`drop index "${index.name.replace(/"/g, '""')}"`);
  return () => {
    for (const index of indexes) sqlite.exec(index.sql);
  };
}

/**
 * Settings for a bulk load that fills a database (the demo command's), and the function that
 * sets the previous ones again. A larger page cache: SQLite's sorter (the GROUP BYs of a rollup
 * rebuild, index builds) spills to temporary files beyond it, and the route-cell upserts land
 * all over their table. No fsync at commits and checkpoints: a crash then may leave the file
 * broken, which for a load that is rebuilt from its seed anyway costs nothing that counts.
 */
export function bulkLoadSettings(sqlite: SQLite.Database, cacheMiB: number): () => void {
  const cacheBefore = sqlite.pragma('cache_size', { simple: true }) as number;
  const syncBefore = sqlite.pragma('synchronous', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`);
  sqlite.pragma('synchronous = OFF');
  return () => {
    sqlite.pragma(`cache_size = ${cacheBefore}`);
    sqlite.pragma(`synchronous = ${syncBefore}`);
  };
}
