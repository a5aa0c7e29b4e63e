import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';
import { ROUTE_CELL_RESOLUTION } from '../domain/route-cells.js';
import { parentKeyForReport } from './route-cells.js';

/** How many of a kind an aggregate caller sees, before and after issue 10's release units. */
export interface ReleaseShare {
  /** e.g. a month `2011-06`, or `all` for the whole data range. */
  label: string;
  total: number;
  /** Under the old rule: k applied to each answer on its own. */
  before: number;
  /** Under release units: only units of k or more commuters. */
  after: number;
}

/**
 * Map cells (resolution 9) of the network, per month and over the whole data range. Total: cells
 * any route crossed. Before: cells the old network map showed (k distinct commuters over the
 * answer's period, all partners together). After: cells holding at least one released unit
 * (cell x month x partner with k or more commuters), which is what the map now shows.
 */
export async function readMapCellShares(db: Kysely<Database>, k: number): Promise<ReleaseShare[]> {
  const perMonth = await sql<{ month: string; total: number; before: number; after: number }>`
    select c.local_month as month, count(*) as total,
      sum(case when c.commuters >= ${k} then 1 else 0 end) as before,
      sum(case when r.cell is not null then 1 else 0 end) as after
    from (select local_month, cell, count(distinct commuter_id) as commuters
          from rollup_cell_month group by local_month, cell) c
    left join (select distinct local_month, cell from rollup_cell_month
               group by partner_id, local_month, cell
               having count(distinct commuter_id) >= ${k}) r
      on r.local_month = c.local_month and r.cell = c.cell
    group by c.local_month order by c.local_month`.execute(db);
  const whole = await sql<{ total: number; before: number; after: number }>`
    select count(*) as total,
      sum(case when c.commuters >= ${k} then 1 else 0 end) as before,
      sum(case when r.cell is not null then 1 else 0 end) as after
    from (select cell, count(distinct commuter_id) as commuters
          from rollup_cell_month group by cell) c
    left join (select distinct cell from rollup_cell_month
               group by partner_id, local_month, cell
               having count(distinct commuter_id) >= ${k}) r
      on r.cell = c.cell`.execute(db);
  const shares = perMonth.rows.map((r) => toShare(r.month, r));
  const w = whole.rows[0];
  if (w && Number(w.total) > 0) shares.push(toShare('all', w));
  return shares;
}

/**
 * Site-months with at least one active commuter (a trip that month; the commuter's site as
 * stored on the commuter). After: released iff k or more active commuters that month. Before: the
 * old rule showed a site whenever the asked period had k active commuters, so with nested periods
 * every month of a site that passed k over the whole data range could be read by subtraction.
 */
export async function readSiteMonthShares(
  db: Kysely<Database>,
  k: number,
): Promise<ReleaseShare[]> {
  const res = await sql<{ total: number; before: number; after: number }>`
    select count(*) as total,
      sum(case when s.commuters >= ${k} then 1 else 0 end) as before,
      sum(case when m.active >= ${k} then 1 else 0 end) as after
    from (select c.site_id, r.local_month, count(distinct r.commuter_id) as active
          from rollup_commuter_month r join commuters c on c.id = r.commuter_id
          where r.mode = '_any' and c.site_id is not null
          group by c.site_id, r.local_month) m
    join (select c.site_id, count(distinct r.commuter_id) as commuters
          from rollup_commuter_month r join commuters c on c.id = r.commuter_id
          where r.mode = '_any' and c.site_id is not null
          group by c.site_id) s on s.site_id = m.site_id`.execute(db);
  const r = res.rows[0];
  return r && Number(r.total) > 0 ? [toShare('all', r)] : [];
}

function toShare(
  label: string,
  r: { total: number | string; before: number | string | null; after: number | string | null },
): ReleaseShare {
  return {
    label,
    total: Number(r.total),
    before: Number(r.before ?? 0),
    after: Number(r.after ?? 0),
  };
}

/** A candidate grain of the map's release units: H3 resolution and time unit. */
export interface MapGrain {
  resolution: number;
  time: 'month' | 'quarter' | 'year';
}

export interface MapGrainShare {
  grain: MapGrain;
  units: number;
  releasedUnits: number;
  /** Distinct resolution-9 route cells (network, whole range) and those inside a released unit. */
  routeCells: number;
  routeCellsCovered: number;
  /** Trip crossings of resolution-9 cells, and those inside released units. */
  crossings: number;
  crossingsCovered: number;
}

const timeKey = (time: MapGrain['time']) =>
  time === 'month'
    ? sql<string>`local_month`
    : time === 'year'
      ? sql<string>`substr(local_month, 1, 4)`
      : sql<string>`(substr(local_month, 1, 5) || (case
          when substr(local_month, 6, 2) in ('01', '02', '03') then 'Q1'
          when substr(local_month, 6, 2) in ('04', '05', '06') then 'Q2'
          when substr(local_month, 6, 2) in ('07', '08', '09') then 'Q3' else 'Q4' end))`;

/**
 * What release units of a grain (partner x cell at `resolution` x time unit, released at k or
 * more distinct commuters) leave on the map: units released, resolution-9 route cells inside a
 * released unit (the streets still drawn), and the share of trip crossings they hold. Grouped in
 * the database (one pass per grain).
 */
export async function readMapGrainShare(
  db: Kysely<Database>,
  k: number,
  grain: MapGrain,
): Promise<MapGrainShare> {
  const t = timeKey(grain.time);
  const c = parentKeyForReport(grain.resolution, ROUTE_CELL_RESOLUTION);
  const res = await sql<{
    units: number;
    released: number;
    crossings: number;
    covered: number;
  }>`select count(*) as units, sum(case when n >= ${k} then 1 else 0 end) as released,
      sum(trips) as crossings, sum(case when n >= ${k} then trips else 0 end) as covered
    from (select count(distinct commuter_id) as n, sum(trips) as trips from rollup_cell_month
          group by partner_id, ${t}, ${c}) u`.execute(db);
  const cells = await sql<{ total: number; covered: number }>`
    select count(*) as total, sum(case when released > 0 then 1 else 0 end) as covered
    from (select r.cell, max(case when u.n >= ${k} then 1 else 0 end) as released
          from (select partner_id, ${t} as t, ${c} as c, cell from rollup_cell_month
                group by partner_id, ${t}, ${c}, cell) r
          join (select partner_id, ${t} as t, ${c} as c, count(distinct commuter_id) as n
                from rollup_cell_month group by partner_id, ${t}, ${c}) u
            on u.partner_id = r.partner_id and u.t = r.t and u.c = r.c
          group by r.cell) x`.execute(db);
  const r = res.rows[0];
  const x = cells.rows[0];
  return {
    grain,
    units: Number(r?.units ?? 0),
    releasedUnits: Number(r?.released ?? 0),
    routeCells: Number(x?.total ?? 0),
    routeCellsCovered: Number(x?.covered ?? 0),
    crossings: Number(r?.crossings ?? 0),
    crossingsCovered: Number(r?.covered ?? 0),
  };
}

/**
 * Every (partner, site, month, commuter) with a trip, from the day rollup: the members of the
 * release units selectReleasedUnits judges (site '' = no site).
 */
export async function readUnitMembers(
  db: Kysely<Database>,
): Promise<Array<{ partnerId: string; siteId: string; month: string; commuterId: string }>> {
  const rows = await db
    .selectFrom('rollup_commuter_day')
    .select([
      'partner_id',
      'site_id',
      'commuter_id',
      sql<string>`substr(local_day, 1, 7)`.as('month'),
    ])
    .groupBy(['partner_id', 'site_id', 'commuter_id', sql`substr(local_day, 1, 7)`])
    .execute();
  return rows.map((r) => ({
    partnerId: r.partner_id,
    siteId: r.site_id,
    month: r.month,
    commuterId: r.commuter_id,
  }));
}
