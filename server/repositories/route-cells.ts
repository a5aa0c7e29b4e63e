import { type Kysely, sql } from 'kysely';
import { cellToParent } from 'h3-js';
import type { Database } from '../db/schema.js';
import { shiftMonth } from '../domain/period.js';
import { parentCellShape, type TimeUnit } from '../domain/release-units.js';
import { hexDigitGroups, parentKeyShape, type DensityCell } from '../domain/route-density.js';
import { ROUTE_CELL_RESOLUTION } from '../domain/route-cells.js';

/** Whose release units an answer sums: one partner, one site of it, or every partner. */
export interface ReleaseScope {
  /** null: the network (every partner's own units). */
  partnerId: string | null;
  /** A site's own units (a site map); null: the partner's. */
  siteId: string | null;
}

/** The two nested layers of units (MAP_UNIT_LAYERS) and the k rule. */
export interface UnitLayers {
  coarse: number;
  fine: number;
  /** Units of fewer distinct commuters are withheld. */
  k: number;
}

export interface RouteDensityQuery {
  /** H3 resolution of the answer, at or coarser than the fine layer's. */
  resolution: number;
  /** Most cells returned: the busiest by trips. */
  maxCells: number;
}

export interface RouteDensityAnswer {
  cells: DensityCell[];
  /** Release units of the answered quarters withheld: fewer than k commuters crossed them. */
  suppressedCells: number;
  /** More than maxCells cells were released; only the busiest maxCells are in `cells`. */
  truncated: boolean;
}

/**
 * The parent cell at `resolution` as a grouping key on a stored cell of resolution
 * `stored`: a prefix of its hex string and, where the parent ends inside a hex digit, that
 * digit's group (route-density.ts). Every cell of a column has the same resolution, so the
 * resolution digit inside the prefix does no harm. Portable: substr, || and CASE mean the same
 * on SQLite and PostgreSQL.
 */
function parentKey(resolution: number, stored: number, column = 'cell') {
  const cell = sql.ref(column);
  if (resolution === stored) return sql<string>`${cell}`;
  const { chars, topBits } = parentKeyShape(resolution);
  const prefix = sql<string>`substr(${cell}, 1, ${sql.lit(chars)})`;
  if (topBits === 0) return prefix;
  const digit = sql`substr(${cell}, ${sql.lit(chars + 1)}, 1)`;
  const cases = hexDigitGroups(topBits).map((digits, g) => {
    const inGroup = sql.join(digits.map((d) => sql.lit(d)));
    return sql`when ${digit} in (${inGroup}) then ${sql.lit(String(g))}`;
  });
  return sql<string>`${prefix} || (case ${sql.join(cases, sql` `)} end)`;
}

/**
 * The H3 index of a stored (resolution-9) cell's parent, written in SQL from the hex string
 * (parentCellShape, tested against h3-js), so units are named without loading their rows.
 */
function parentCell(resolution: number, column = 'cell') {
  const cell = sql.ref(column);
  if (resolution === ROUTE_CELL_RESOLUTION) return sql<string>`${cell}`;
  const s = parentCellShape(resolution);
  const parts = [
    sql`substr(${cell}, 1, 1)`,
    sql.lit(s.resolutionDigit),
    sql`substr(${cell}, 3, ${sql.lit(s.chars - 2)})`,
  ];
  if (s.orMask !== 0) {
    const digit = sql`substr(${cell}, ${sql.lit(s.chars + 1)}, 1)`;
    const cases = Array.from({ length: 16 }, (_, v) => {
      const from = v.toString(16);
      const to = (v | s.orMask).toString(16);
      return sql`when ${sql.lit(from)} then ${sql.lit(to)}`;
    });
    parts.push(sql`(case ${digit} ${sql.join(cases, sql` `)} end)`);
  }
  if (s.fill > 0) parts.push(sql.lit('f'.repeat(s.fill)));
  return sql<string>`(${sql.join(parts, sql` || `)})`;
}

/** The calendar quarter `YYYY-Qn` of a stored month, in portable SQL. */
function quarterOf(column = 'local_month') {
  const m = sql`substr(${sql.ref(column)}, 6, 2)`;
  return sql<string>`(substr(${sql.ref(column)}, 1, 5) || (case
    when ${m} in ('01', '02', '03') then 'Q1'
    when ${m} in ('04', '05', '06') then 'Q2'
    when ${m} in ('07', '08', '09') then 'Q3'
    else 'Q4' end))`;
}

const monthsOf = (units: readonly TimeUnit[]): string[] =>
  units.flatMap((u) => [u.firstMonth, shiftMonth(u.firstMonth, 1), u.lastMonth]);

/**
 * Releases (freezes) the units of closed quarters that no answer has released yet, for the
 * given partners (and site), and leaves released ones as they are: what a map shows of a
 * quarter is fixed the first time it is shown, so a late or deleted trip cannot make two answers
 * differ by one commuter. The rule is `releaseUnitLayers` (route-density.ts): units of k or
 * more commuters in a coarse and a fine layer, and complementary suppression of fine units
 * inside a coarse unit. One transaction; a (partner, site, quarter) is claimed by inserting its
 * period rows first (ON CONFLICT DO NOTHING ... RETURNING), so two requests racing to release
 * the same quarter store it once. The work is grouped statements in the database per newly
 * released partner, plus one small look-up per coarse unit that needs a complementary cell;
 * no stored row is loaded.
 */
export async function releaseUnits(
  db: Kysely<Database>,
  partnerIds: readonly string[],
  siteId: string | null,
  units: readonly TimeUnit[],
  layers: UnitLayers,
  nowIso: string,
): Promise<number> {
  if (partnerIds.length === 0 || units.length === 0) return 0;
  const site = siteId ?? '';
  const done = await db
    .selectFrom('map_release_periods')
    .select(['partner_id', 'time_unit'])
    .where('partner_id', 'in', partnerIds)
    .where('site_id', '=', site)
    .where('resolution', '=', layers.coarse)
    .where(
      'time_unit',
      'in',
      units.map((u) => u.id),
    )
    .execute();
  const have = new Set(done.map((r) => `${r.partner_id}|${r.time_unit}`));
  const missing = new Map<string, TimeUnit[]>();
  for (const p of partnerIds)
    for (const u of units)
      if (!have.has(`${p}|${u.id}`)) missing.set(p, [...(missing.get(p) ?? []), u]);
  if (missing.size === 0) return 0;

  let released = 0;
  await db.transaction().execute(async (trx) => {
    for (const [partnerId, todo] of missing) {
      const claimed = await trx
        .insertInto('map_release_periods')
        .values(
          todo.flatMap((u) =>
            [layers.coarse, layers.fine].map((resolution) => ({
              partner_id: partnerId,
              site_id: site,
              time_unit: u.id,
              resolution,
              released_units: 0,
              withheld_units: 0,
              released_at: nowIso,
            })),
          ),
        )
        .onConflict((oc) => oc.doNothing())
        .returning(['time_unit', 'resolution'])
        .execute();
      const ids = [
        ...new Set(claimed.filter((c) => c.resolution === layers.coarse).map((c) => c.time_unit)),
      ];
      if (ids.length === 0) continue;
      released += ids.length;
      const months = monthsOf(todo.filter((u) => ids.includes(u.id)));
      const rows = () => {
        let q = trx
          .selectFrom('rollup_cell_month')
          .where('partner_id', '=', partnerId)
          .where('local_month', 'in', months);
        if (siteId !== null) q = q.where('site_id', '=', siteId);
        return q;
      };
      const grouped = (resolution: number) =>
        rows()
          .select([
            quarterOf().as('time_unit'),
            parentCell(resolution).as('unit_cell'),
            sql<number>`sum(trips)`.as('trips'),
            sql<number>`count(distinct commuter_id)`.as('commuters'),
          ])
          .groupBy([quarterOf(), parentCell(resolution)]);
      for (const resolution of [layers.coarse, layers.fine]) {
        await trx
          .insertInto('map_release_units')
          .columns([
            'partner_id',
            'site_id',
            'time_unit',
            'resolution',
            'cell',
            'trips',
            'commuters',
          ])
          .expression(
            trx
              .selectFrom(grouped(resolution).as('u'))
              .select([
                sql.lit(partnerId).as('partner_id'),
                sql.lit(site).as('site_id'),
                'u.time_unit',
                sql.lit(resolution).as('resolution'),
                'u.unit_cell',
                'u.trips',
                'u.commuters',
              ])
              .where('u.commuters', '>=', layers.k),
          )
          .onConflict((oc) => oc.doNothing())
          .execute();
      }
      // Coarse units whose withheld fine units hold 1 to k-1 commuters: their total minus the
      // fine units shown would describe those few. Hide the smallest fine unit shown there too.
      const few = await rows()
        .select([
          quarterOf().as('time_unit'),
          parentCell(layers.coarse).as('parent'),
          sql<number>`count(distinct commuter_id)`.as('n'),
        ])
        .where(({ not, exists }) =>
          not(
            exists(
              trx
                .selectFrom('map_release_units as u')
                .select(sql.lit(1).as('one'))
                .where('u.partner_id', '=', partnerId)
                .where('u.site_id', '=', site)
                .where('u.resolution', '=', layers.fine)
                .whereRef('u.time_unit', '=', quarterOf('rollup_cell_month.local_month'))
                .whereRef('u.cell', '=', parentCell(layers.fine, 'rollup_cell_month.cell')),
            ),
          ),
        )
        .groupBy([quarterOf(), parentCell(layers.coarse)])
        .having(sql`count(distinct commuter_id)`, '<', layers.k)
        .execute();
      for (const f of few) {
        const smallest = await trx
          .selectFrom('map_release_units')
          .select('cell')
          .where('partner_id', '=', partnerId)
          .where('site_id', '=', site)
          .where('resolution', '=', layers.fine)
          .where('time_unit', '=', f.time_unit)
          .where(parentCell(layers.coarse), '=', f.parent)
          .orderBy('trips')
          .orderBy('cell')
          .limit(1)
          .executeTakeFirst();
        if (!smallest) continue;
        await trx
          .deleteFrom('map_release_units')
          .where('partner_id', '=', partnerId)
          .where('site_id', '=', site)
          .where('resolution', '=', layers.fine)
          .where('time_unit', '=', f.time_unit)
          .where('cell', '=', smallest.cell)
          .execute();
      }
      // What each claimed quarter released and withheld, per layer (for suppressedCells).
      for (const resolution of [layers.coarse, layers.fine]) {
        const totals = await trx
          .selectFrom(grouped(resolution).as('u'))
          .select(['u.time_unit', sql<number>`count(*)`.as('n')])
          .groupBy('u.time_unit')
          .execute();
        const shown = await trx
          .selectFrom('map_release_units')
          .select(['time_unit', sql<number>`count(*)`.as('n')])
          .where('partner_id', '=', partnerId)
          .where('site_id', '=', site)
          .where('resolution', '=', resolution)
          .where('time_unit', 'in', ids)
          .groupBy('time_unit')
          .execute();
        const shownBy = new Map(shown.map((r) => [r.time_unit, Number(r.n)]));
        for (const t of totals) {
          const n = shownBy.get(t.time_unit) ?? 0;
          await trx
            .updateTable('map_release_periods')
            .set({ released_units: n, withheld_units: Number(t.n) - n })
            .where('partner_id', '=', partnerId)
            .where('site_id', '=', site)
            .where('resolution', '=', resolution)
            .where('time_unit', '=', t.time_unit)
            .execute();
        }
      }
    }
  });
  return released;
}

/**
 * Route density as a sum of released units of one layer: the fine layer for an answer at its
 * resolution, the coarse layer for the coarse resolution and anything coarser. Per cell at the
 * asked resolution, the trips of the released units inside it (all quarters and partners of the
 * scope) and the most commuters of one of them. Grouped in the database, at most maxCells + 1
 * rows read; the withheld count comes from the period rows.
 */
export async function readReleasedDensity(
  db: Kysely<Database>,
  scope: ReleaseScope,
  units: readonly TimeUnit[],
  layers: UnitLayers,
  q: RouteDensityQuery,
): Promise<RouteDensityAnswer> {
  if (units.length === 0) return { cells: [], suppressedCells: 0, truncated: false };
  const layer = q.resolution >= layers.fine ? layers.fine : layers.coarse;
  const unitIds = units.map((u) => u.id);
  const site = scope.siteId ?? '';
  let rows = db
    .selectFrom('map_release_units')
    .where('resolution', '=', layer)
    .where('site_id', '=', site)
    .where('time_unit', 'in', unitIds);
  if (scope.partnerId !== null) rows = rows.where('partner_id', '=', scope.partnerId);
  const key = parentKey(q.resolution, layer);
  const shown = await rows
    .select([
      key.as('parent'),
      sql<string>`min(cell)`.as('sample'),
      sql<number>`sum(trips)`.as('trips'),
      sql<number>`max(commuters)`.as('commuters'),
    ])
    .groupBy(key)
    .orderBy(sql`sum(trips)`, 'desc')
    .orderBy(key)
    .limit(q.maxCells + 1)
    .execute();
  let periods = db
    .selectFrom('map_release_periods')
    .where('resolution', '=', layer)
    .where('site_id', '=', site)
    .where('time_unit', 'in', unitIds);
  if (scope.partnerId !== null) periods = periods.where('partner_id', '=', scope.partnerId);
  const hidden = await periods
    .select(sql<number>`coalesce(sum(withheld_units), 0)`.as('n'))
    .executeTakeFirstOrThrow();

  const cells = shown.slice(0, q.maxCells).map((r) => ({
    h3: q.resolution === layer ? r.sample : cellToParent(r.sample, q.resolution),
    trips: Number(r.trips),
    commuters: Number(r.commuters),
  }));
  cells.sort((a, b) => b.trips - a.trips || a.h3.localeCompare(b.h3));
  return { cells, suppressedCells: Number(hidden.n), truncated: shown.length > q.maxCells };
}

export { parentKey as parentKeyForReport, parentCell as parentCellForReport };
