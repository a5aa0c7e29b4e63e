import type { Kysely, Selectable, Updateable } from 'kysely';
import type { CommutersTable, Database, SurveysTable } from '../db/schema.js';
import type { AgeBand } from '../domain/age-bands.js';
import type { Mode } from '../domain/modes.js';
import { deleteTrips, findTrips } from './trips.js';
import { bumpDataVersions, forgetInChangeLog } from './data-versions.js';
import { bumpSharedCounter } from './shared-counters.js';
import { forgetInAuditLog } from './my-data.js';

export interface Commuter {
  id: string;
  partnerId: string;
  siteId: string | null;
  ageBand: AgeBand | null;
  weightKg: number | null;
  joinedOn: string;
  createdAt: string;
  updatedAt: string;
}

/** A commuter write refused because a reference does not hold (nothing was written). */
export interface UnknownReference {
  unknown: 'partnerId' | 'siteId';
}

export interface CommuterWrite {
  id: string;
  partnerId: string;
  siteId?: string | null;
  ageBand?: AgeBand | null;
  weightKg?: number | null;
  joinedOn: string;
}

function toCommuter(row: Selectable<CommutersTable>): Commuter {
  return {
    id: row.id,
    partnerId: row.partner_id,
    siteId: row.site_id,
    ageBand: row.age_band as AgeBand | null,
    weightKg: row.weight_kg,
    joinedOn: row.joined_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findCommuter(db: Kysely<Database>, id: string): Promise<Commuter | null> {
  const row = await db.selectFrom('commuters').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toCommuter(row) : null;
}

/** Whether a site (none given is fine) belongs to the partner. */
async function siteBelongs(
  db: Kysely<Database>,
  partnerId: string,
  siteId: string | null | undefined,
): Promise<boolean> {
  if (siteId == null) return true;
  const site = await db
    .selectFrom('sites')
    .select(['id', 'partner_id'])
    .where('id', '=', siteId)
    .executeTakeFirst();
  return !!site && site.partner_id === partnerId;
}

/** Stores a commuter; an unknown partner, or a site of another partner, writes nothing. */
export async function insertCommuter(
  db: Kysely<Database>,
  c: CommuterWrite,
  now: string,
): Promise<Commuter | UnknownReference> {
  const partner = await db
    .selectFrom('partners')
    .select('id')
    .where('id', '=', c.partnerId)
    .executeTakeFirst();
  if (!partner) return { unknown: 'partnerId' };
  if (!(await siteBelongs(db, c.partnerId, c.siteId))) return { unknown: 'siteId' };
  await db
    .insertInto('commuters')
    .values({
      id: c.id,
      partner_id: c.partnerId,
      site_id: c.siteId ?? null,
      age_band: c.ageBand ?? null,
      weight_kg: c.weightKg ?? null,
      joined_on: c.joinedOn,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await bumpDataVersions(db, [c.partnerId], new Map([[c.partnerId, [c.id]]]));
  return (await findCommuter(db, c.id))!;
}

/** The commuter as edited; undefined when there is none, nothing written on an unknown site. */
export async function updateCommuter(
  db: Kysely<Database>,
  id: string,
  patch: { siteId?: string | null; ageBand?: AgeBand | null; weightKg?: number | null },
  now: string,
): Promise<Commuter | UnknownReference | undefined> {
  const commuter = await findCommuter(db, id);
  if (!commuter) return undefined;
  const values: Updateable<CommutersTable> = { updated_at: now };
  if (patch.siteId !== undefined) {
    if (!(await siteBelongs(db, commuter.partnerId, patch.siteId))) return { unknown: 'siteId' };
    values.site_id = patch.siteId;
  }
  if (patch.ageBand !== undefined) values.age_band = patch.ageBand;
  if (patch.weightKg !== undefined) values.weight_kg = patch.weightKg;
  await db.updateTable('commuters').set(values).where('id', '=', id).execute();
  await bumpDataVersions(db, [commuter.partnerId], new Map([[commuter.partnerId, [id]]]));
  // Trip writes of every server process cache the commuter's site.
  if (patch.siteId !== undefined) await bumpSharedCounter(db, 'commuter_scopes');
  return (await findCommuter(db, id))!;
}

export interface CommuterListFilter {
  partnerId: string | null;
  siteId?: string;
  limit: number;
  afterId?: string;
}

export async function listCommuters(
  db: Kysely<Database>,
  f: CommuterListFilter,
): Promise<Commuter[]> {
  let q = db.selectFrom('commuters').selectAll().orderBy('id').limit(f.limit);
  if (f.partnerId !== null) q = q.where('partner_id', '=', f.partnerId);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  if (f.afterId) q = q.where('id', '>', f.afterId);
  return (await q.execute()).map(toCommuter);
}

// --- surveys --------------------------------------------------------------------------------

export interface UsualLeg {
  mode: Mode;
  distanceKm: number;
}

export interface Survey {
  id: string;
  commuterId: string;
  kind: 'baseline' | 'followup';
  takenOn: string;
  usualMode: Mode;
  usualLegs: UsualLeg[] | null;
  oneWayKm: number;
  daysPerWeek: number;
  createdAt: string;
}

function toSurvey(row: Selectable<SurveysTable>): Survey {
  return {
    id: row.id,
    commuterId: row.commuter_id,
    kind: row.kind as Survey['kind'],
    takenOn: row.taken_on,
    usualMode: row.usual_mode as Mode,
    usualLegs: row.usual_legs ? (JSON.parse(row.usual_legs) as UsualLeg[]) : null,
    oneWayKm: row.one_way_km,
    daysPerWeek: row.days_per_week,
    createdAt: row.created_at,
  };
}

export async function insertSurvey(
  db: Kysely<Database>,
  s: Omit<Survey, 'createdAt'>,
  now: string,
): Promise<Survey> {
  await db
    .insertInto('surveys')
    .values({
      id: s.id,
      commuter_id: s.commuterId,
      kind: s.kind,
      taken_on: s.takenOn,
      usual_mode: s.usualMode,
      usual_legs: s.usualLegs ? JSON.stringify(s.usualLegs) : null,
      one_way_km: s.oneWayKm,
      days_per_week: s.daysPerWeek,
      created_at: now,
    })
    .execute();
  const commuter = await db
    .selectFrom('commuters')
    .select('partner_id')
    .where('id', '=', s.commuterId)
    .executeTakeFirst();
  if (commuter)
    await bumpDataVersions(
      db,
      [commuter.partner_id],
      new Map([[commuter.partner_id, [s.commuterId]]]),
    );
  return { ...s, createdAt: now };
}

export async function listSurveys(db: Kysely<Database>, commuterId: string): Promise<Survey[]> {
  const rows = await db
    .selectFrom('surveys')
    .selectAll()
    .where('commuter_id', '=', commuterId)
    .orderBy('taken_on')
    .orderBy('created_at')
    .execute();
  return rows.map(toSurvey);
}

/**
 * Removes a commuter and everything stored about them: trips (with their rollup
 * contributions), legs, surveys, tracker devices, enrolment, usual commute, the account with
 * its sessions and tokens, and every link from the audit log. Run inside a transaction.
 */
export async function deleteCommuterData(db: Kysely<Database>, commuterId: string): Promise<void> {
  const ids = (
    await db.selectFrom('trips').select('id').where('commuter_id', '=', commuterId).execute()
  ).map((r) => r.id);
  for (let i = 0; i < ids.length; i += 1000)
    await deleteTrips(db, await findTrips(db, ids.slice(i, i + 1000)));
  // The running totals outlive deletions (carried forward unchanged): the commuter goes with them.
  await db.deleteFrom('rollup_commuter_cum').where('commuter_id', '=', commuterId).execute();
  await db.deleteFrom('surveys').where('commuter_id', '=', commuterId).execute();
  await db.deleteFrom('tracker_devices').where('commuter_id', '=', commuterId).execute();
  await db.deleteFrom('enrolments').where('commuter_id', '=', commuterId).execute();
  await db.deleteFrom('usual_commutes').where('commuter_id', '=', commuterId).execute();
  const accounts = await db
    .selectFrom('accounts')
    .select('id')
    .where('commuter_id', '=', commuterId)
    .execute();
  await forgetInAuditLog(db, { commuterId, accountIds: accounts.map((a) => a.id) });
  if (accounts.length > 0)
    await db
      .updateTable('enrolment_codes')
      .set({ created_by: null })
      .where(
        'created_by',
        'in',
        accounts.map((a) => a.id),
      )
      .execute();
  for (const a of accounts) {
    await db.deleteFrom('sessions').where('account_id', '=', a.id).execute();
    await db.deleteFrom('api_tokens').where('account_id', '=', a.id).execute();
  }
  // Every server process forgets the sessions and the commuter's scope before its next request.
  if (accounts.length > 0) await bumpSharedCounter(db, 'auth');
  await bumpSharedCounter(db, 'commuter_scopes');
  await db.deleteFrom('accounts').where('commuter_id', '=', commuterId).execute();
  const partner = await db
    .selectFrom('commuters')
    .select('partner_id')
    .where('id', '=', commuterId)
    .executeTakeFirst();
  await db.deleteFrom('commuters').where('id', '=', commuterId).execute();
  // The change log would still name the commuter (its trips' deletions above logged it): its
  // rows go, and the deletion is logged as "anything may have changed", so that kept inputs
  // are read again in full and nothing of the id stays.
  await forgetInChangeLog(db, commuterId);
  if (partner) await bumpDataVersions(db, [partner.partner_id]);
}

// --- staff roster (issue 11 point 2) --------------------------------------------------------

export interface RosterExtras {
  shareName: boolean;
  displayName: string | null;
  /** Local day of the commuter's latest trip, null without trips. */
  lastTripOn: string | null;
}

/**
 * What the staff list shows beside each commuter: whether they share their name, the name of
 * their account, and the day of their latest trip. One query per page (ids are one page).
 */
export async function readRosterExtras(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, RosterExtras>> {
  const out = new Map<string, RosterExtras>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('commuters as c')
    .leftJoin('accounts as a', 'a.commuter_id', 'c.id')
    .select((eb) => [
      'c.id as id',
      'c.share_name as share_name',
      'a.display_name as display_name',
      eb
        .selectFrom('trips as t')
        .whereRef('t.commuter_id', '=', 'c.id')
        .select((t) => t.fn.max('t.local_day').as('d'))
        .as('last_trip_on'),
    ])
    .where('c.id', 'in', ids)
    .execute();
  for (const r of rows)
    out.set(r.id, {
      shareName: Number(r.share_name) === 1,
      displayName: r.display_name ?? null,
      lastTripOn: (r.last_trip_on as string | null) ?? null,
    });
  return out;
}

/** The display name on the commuter's own account (no-op for a profile without an account). */
export async function setCommuterDisplayName(
  db: Kysely<Database>,
  commuterId: string,
  displayName: string | null,
  now: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ display_name: displayName, updated_at: now })
    .where('commuter_id', '=', commuterId)
    .execute();
  // The display name is part of the actor every server's auth cache holds.
  await bumpSharedCounter(db, 'auth');
}
