import { type Kysely, sql } from 'kysely';
import { cellToParent } from 'h3-js';
import type { Database } from '../db/schema.js';
import { monthOfDay } from '../domain/period.js';
import { hexDigitGroups, parentKeyShape, type DensityCell } from '../domain/route-density.js';
import { ROUTE_CELL_RESOLUTION } from '../domain/route-cells.js';
import type { IndicatorScope } from './indicators.js';

export interface RouteDensityQuery {
  /** H3 resolution of the answer, at or coarser than the stored one. */
  resolution: number;
  /** Cells crossed by fewer distinct commuters are withheld. */
  k: number;
  /** Most cells returned: the busiest by trips. */
  maxCells: number;
}

export interface RouteDensityAnswer {
  cells: DensityCell[];
  /** Cells withheld because fewer than k distinct commuters crossed them. */
  suppressedCells: number;
  /** More than maxCells cells were shown-worthy; only the busiest maxCells are in `cells`. */
  truncated: boolean;
}

/**
 * The parent cell at `resolution` as an SQL expression on the stored cell: a prefix of its hex
 * string and, where the parent ends inside a hex digit, that digit's group (route-density.ts).
 * Portable: substr, || and CASE mean the same on SQLite and PostgreSQL.
 */
function parentKey(resolution: number) {
  if (resolution === ROUTE_CELL_RESOLUTION) return sql<string>`cell`;
  const { chars, topBits } = parentKeyShape(resolution);
  const prefix = sql<string>`substr(cell, 1, ${sql.lit(chars)})`;
  if (topBits === 0) return prefix;
  const digit = sql`substr(cell, ${sql.lit(chars + 1)}, 1)`;
  const cases = hexDigitGroups(topBits).map((digits, g) => {
    const inGroup = sql.join(digits.map((d) => sql.lit(d)));
    return sql`when ${digit} in (${inGroup}) then ${sql.lit(String(g))}`;
  });
  return sql<string>`${prefix} || (case ${sql.join(cases, sql` `)} end)`;
}

/**
 * Route density of a scope over the months the period touches (cells are rolled up per month),
 * aggregated in the database: trips and distinct commuters per cell at the asked resolution,
 * the k rule applied in HAVING, at most maxCells rows read. Memory stays bounded by maxCells
 * however many months, cells and commuters the scope holds.
 */
export async function readRouteDensity(
  db: Kysely<Database>,
  scope: IndicatorScope,
  q: RouteDensityQuery,
): Promise<RouteDensityAnswer> {
  const key = parentKey(q.resolution);
  let rows = db
    .selectFrom('rollup_cell_month')
    .where('local_month', '>=', monthOfDay(scope.from))
    .where('local_month', '<=', monthOfDay(scope.to));
  if (scope.partnerId !== null) rows = rows.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) rows = rows.where('site_id', '=', scope.siteId);
  const grouped = rows
    .select([
      key.as('parent'),
      sql<string>`min(cell)`.as('sample'),
      sql<number>`sum(trips)`.as('trips'),
      sql<number>`count(distinct commuter_id)`.as('commuters'),
    ])
    .groupBy(key);

  const shown = await grouped
    .having(sql`count(distinct commuter_id)`, '>=', q.k)
    .orderBy(sql`sum(trips)`, 'desc')
    .orderBy(key)
    .limit(q.maxCells + 1)
    .execute();
  const hidden = await db
    .selectFrom(grouped.having(sql`count(distinct commuter_id)`, '<', q.k).as('small'))
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();

  const cells = shown.slice(0, q.maxCells).map((r) => ({
    h3: q.resolution === ROUTE_CELL_RESOLUTION ? r.sample : cellToParent(r.sample, q.resolution),
    trips: Number(r.trips),
    commuters: Number(r.commuters),
  }));
  cells.sort((a, b) => b.trips - a.trips || a.h3.localeCompare(b.h3));
  return { cells, suppressedCells: Number(hidden.n), truncated: shown.length > q.maxCells };
}
