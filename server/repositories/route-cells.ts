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
  /** Release units (cell x month x partner) with fewer distinct commuters are withheld. */
  k: number;
  /** Most cells returned: the busiest by trips. */
  maxCells: number;
}

export interface RouteDensityAnswer {
  cells: DensityCell[];
  /** Release units withheld because fewer than k distinct commuters crossed them. */
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
 * The release units of a scope (route-density.ts): one row per partner x (site, for a site
 * scope) x month x stored cell, with its trips and distinct commuters, over the months the
 * period touches. Grouped in the database; `released` keeps units of k or more commuters.
 */
function units(db: Kysely<Database>, scope: IndicatorScope, k: number, released: boolean) {
  let rows = db
    .selectFrom('rollup_cell_month')
    .where('local_month', '>=', monthOfDay(scope.from))
    .where('local_month', '<=', monthOfDay(scope.to));
  if (scope.partnerId !== null) rows = rows.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) rows = rows.where('site_id', '=', scope.siteId);
  // A site scope's unit is the site's own (site_id is fixed by the filter, so grouping by it is
  // harmless there); a partner or network scope's unit is the partner's, whatever the site.
  const grouped =
    scope.siteId !== null
      ? rows.groupBy(['partner_id', 'site_id', 'local_month', 'cell'])
      : rows.groupBy(['partner_id', 'local_month', 'cell']);
  return grouped
    .select([
      'cell',
      sql<number>`sum(trips)`.as('trips'),
      sql<number>`count(distinct commuter_id)`.as('commuters'),
    ])
    .having(sql`count(distinct commuter_id)`, released ? '>=' : '<', k);
}

/**
 * Route density of a scope as a sum of released units only (issue 10, route-density.ts): per
 * cell at the asked resolution, the trips of its released units and the largest commuter count
 * of one of them, at most maxCells rows read. Memory stays bounded by maxCells however many
 * months, cells and commuters the scope holds.
 */
export async function readRouteDensity(
  db: Kysely<Database>,
  scope: IndicatorScope,
  q: RouteDensityQuery,
): Promise<RouteDensityAnswer> {
  const key = parentKey(q.resolution);
  const shown = await db
    .selectFrom(units(db, scope, q.k, true).as('u'))
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
  const hidden = await db
    .selectFrom(units(db, scope, q.k, false).as('small'))
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
