import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.js';

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
