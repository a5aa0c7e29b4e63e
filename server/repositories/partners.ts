import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, PartnersTable, SitesTable } from '../db/schema.js';
import type { PartnerHeatData } from '../indicators/heat.js';
import { bumpDataVersions } from './data-versions.js';
import { bumpSharedCounter } from './shared-counters.js';
import { CONFLICT, type Conflict } from './results.js';

export interface Partner {
  id: string;
  name: string;
  country: string;
  timezone: string;
  locale: string;
  center: [number, number];
  factorSetId: string;
  /** The partner's own HEAT mortality rate and VSL; null parts use the country default. */
  heat: PartnerHeatData;
  createdAt: string;
  updatedAt: string;
}

export interface Site {
  id: string;
  partnerId: string;
  name: string;
  kind: 'workplace' | 'school' | 'other';
  location: [number, number] | null;
  createdAt: string;
  updatedAt: string;
}

export interface PartnerWrite {
  id: string;
  name: string;
  country: string;
  timezone: string;
  locale: string;
  center: [number, number];
  factorSetId?: string;
}

/** A change to a partner's HEAT data: a part given replaces it whole, null clears it. */
export interface PartnerHeatPatch {
  mortality?: PartnerHeatData['mortality'];
  vsl?: PartnerHeatData['vsl'];
}

export interface SiteWrite {
  id: string;
  name: string;
  kind?: Site['kind'];
  location?: [number, number] | null;
}

function toPartner(row: Selectable<PartnersTable>): Partner {
  return {
    id: row.id,
    name: row.name,
    country: row.country,
    timezone: row.timezone,
    locale: row.locale,
    center: [row.center_lon, row.center_lat],
    factorSetId: row.factor_set_id,
    heat: {
      mortality:
        row.heat_mortality_per_100k !== null
          ? {
              per100k: row.heat_mortality_per_100k,
              ageFrom: row.heat_mortality_age_from!,
              ageTo: row.heat_mortality_age_to!,
              source: row.heat_mortality_source!,
              year: row.heat_mortality_year!,
            }
          : null,
      vsl:
        row.heat_vsl !== null
          ? {
              amount: row.heat_vsl,
              currency: row.heat_vsl_currency!,
              year: row.heat_vsl_year!,
              source: row.heat_vsl_source!,
            }
          : null,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toSite(row: Selectable<SitesTable>): Site {
  return {
    id: row.id,
    partnerId: row.partner_id,
    name: row.name,
    kind: row.kind as Site['kind'],
    location: row.lon !== null && row.lat !== null ? [row.lon, row.lat] : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listPartners(
  db: Kysely<Database>,
  onlyId: string | null = null,
): Promise<Partner[]> {
  let q = db.selectFrom('partners').selectAll().orderBy('name');
  if (onlyId !== null) q = q.where('id', '=', onlyId);
  return (await q.execute()).map(toPartner);
}

export async function findPartner(db: Kysely<Database>, id: string): Promise<Partner | null> {
  const row = await db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toPartner(row) : null;
}

/** Stores a partner, or answers a conflict (nothing written) when its id is taken. */
export async function insertPartner(
  db: Kysely<Database>,
  p: PartnerWrite,
  now: string,
): Promise<Partner | Conflict> {
  const exists = await db
    .selectFrom('partners')
    .select('id')
    .where('id', '=', p.id)
    .executeTakeFirst();
  if (exists) return CONFLICT;
  await db
    .insertInto('partners')
    .values({
      id: p.id,
      name: p.name,
      country: p.country,
      timezone: p.timezone,
      locale: p.locale,
      center_lon: p.center[0],
      center_lat: p.center[1],
      factor_set_id: p.factorSetId ?? 'desnz-2025-direct',
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findPartner(db, p.id))!;
}

/** The partner as edited, or undefined (nothing written) when there is no such partner. */
export async function updatePartner(
  db: Kysely<Database>,
  id: string,
  patch: Partial<Omit<PartnerWrite, 'id'>> & { heat?: PartnerHeatPatch },
  now: string,
): Promise<Partner | undefined> {
  if (!(await findPartner(db, id))) return undefined;
  const values: Updateable<PartnersTable> = { updated_at: now };
  // Each part is written whole (or cleared whole): never a rate without its source and year.
  const mortality = patch.heat?.mortality;
  if (mortality !== undefined) {
    values.heat_mortality_per_100k = mortality?.per100k ?? null;
    values.heat_mortality_age_from = mortality?.ageFrom ?? null;
    values.heat_mortality_age_to = mortality?.ageTo ?? null;
    values.heat_mortality_source = mortality?.source ?? null;
    values.heat_mortality_year = mortality?.year ?? null;
  }
  const vsl = patch.heat?.vsl;
  if (vsl !== undefined) {
    values.heat_vsl = vsl?.amount ?? null;
    values.heat_vsl_currency = vsl?.currency ?? null;
    values.heat_vsl_year = vsl?.year ?? null;
    values.heat_vsl_source = vsl?.source ?? null;
  }
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.country !== undefined) values.country = patch.country;
  if (patch.timezone !== undefined) values.timezone = patch.timezone;
  if (patch.locale !== undefined) values.locale = patch.locale;
  if (patch.factorSetId !== undefined) values.factor_set_id = patch.factorSetId;
  if (patch.center !== undefined) {
    values.center_lon = patch.center[0];
    values.center_lat = patch.center[1];
  }
  await db.updateTable('partners').set(values).where('id', '=', id).execute();
  await bumpDataVersions(db, [id]);
  // Trip writes of every server process cache the partner's time zone with its commuters.
  if (patch.timezone !== undefined) await bumpSharedCounter(db, 'commuter_scopes');
  return (await findPartner(db, id))!;
}

export async function partnerHasTrips(db: Kysely<Database>, id: string): Promise<boolean> {
  return !!(await db
    .selectFrom('trips')
    .select('id')
    .where('partner_id', '=', id)
    .limit(1)
    .executeTakeFirst());
}

export async function listSites(db: Kysely<Database>, partnerId: string): Promise<Site[]> {
  const rows = await db
    .selectFrom('sites')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .orderBy('name')
    .execute();
  return rows.map(toSite);
}

export async function findSite(db: Kysely<Database>, id: string): Promise<Site | null> {
  const row = await db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSite(row) : null;
}

/**
 * Stores a site of a partner. Nothing is written when the partner does not exist (undefined)
 * or the site's id is taken (a conflict).
 */
export async function insertSite(
  db: Kysely<Database>,
  partnerId: string,
  s: SiteWrite,
  now: string,
): Promise<Site | Conflict | undefined> {
  if (!(await findPartner(db, partnerId))) return undefined;
  if (await findSite(db, s.id)) return CONFLICT;
  await db
    .insertInto('sites')
    .values({
      id: s.id,
      partner_id: partnerId,
      name: s.name,
      kind: s.kind ?? 'workplace',
      lon: s.location?.[0] ?? null,
      lat: s.location?.[1] ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findSite(db, s.id))!;
}

/** The site as edited, or undefined (nothing written) when the partner has no such site. */
export async function updateSite(
  db: Kysely<Database>,
  partnerId: string,
  id: string,
  patch: Partial<Omit<SiteWrite, 'id'>>,
  now: string,
): Promise<Site | undefined> {
  const site = await findSite(db, id);
  if (!site || site.partnerId !== partnerId) return undefined;
  const values: Partial<SitesTable> = { updated_at: now };
  if (patch.name !== undefined) values.name = patch.name;
  if (patch.kind !== undefined) values.kind = patch.kind;
  if (patch.location !== undefined) {
    values.lon = patch.location?.[0] ?? null;
    values.lat = patch.location?.[1] ?? null;
  }
  await db.updateTable('sites').set(values).where('id', '=', id).execute();
  return (await findSite(db, id))!;
}
