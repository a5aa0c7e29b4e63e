import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IndicatorScope } from './indicators.js';

export interface CellCommuterTrips {
  cell: string;
  commuterId: string;
  trips: number;
}

/**
 * Route cells of a scope over the months that the period touches (the map works in whole
 * months: cells are rolled up per month to keep the table small).
 */
export async function readRouteCells(db: Kysely<Database>, scope: IndicatorScope): Promise<CellCommuterTrips[]> {
  let q = db
    .selectFrom('rollup_cell_month')
    .select(['cell', 'commuter_id', (eb) => eb.fn.sum<number>('trips').as('trips')])
    .where('local_month', '>=', scope.from.slice(0, 7))
    .where('local_month', '<=', scope.to.slice(0, 7))
    .groupBy(['cell', 'commuter_id']);
  if (scope.partnerId !== null) q = q.where('partner_id', '=', scope.partnerId);
  if (scope.siteId !== null) q = q.where('site_id', '=', scope.siteId);
  return (await q.execute()).map((r) => ({ cell: r.cell, commuterId: r.commuter_id, trips: Number(r.trips) }));
}
