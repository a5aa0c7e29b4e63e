import type { Kysely, Selectable } from 'kysely';
import type { Database, EnrolmentCodesTable } from '../db/schema.js';

export interface EnrolmentCode {
  id: string;
  code: string;
  partnerId: string;
  siteId: string | null;
  label: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  createdBy: string | null;
  createdAt: string;
  revokedAt: string | null;
}

/** The code with the names a joining commuter is shown. */
export interface EnrolmentCodeWithNames extends EnrolmentCode {
  partnerName: string;
  siteName: string | null;
}

function toCode(row: Selectable<EnrolmentCodesTable>): EnrolmentCode {
  return {
    id: row.id,
    code: row.code,
    partnerId: row.partner_id,
    siteId: row.site_id,
    label: row.label,
    expiresAt: row.expires_at,
    maxUses: row.max_uses === null ? null : Number(row.max_uses),
    uses: Number(row.uses),
    createdBy: row.created_by,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

export interface EnrolmentCodeInsert {
  id: string;
  code: string;
  partnerId: string;
  siteId: string | null;
  label: string | null;
  expiresAt: string | null;
  maxUses: number | null;
  createdBy: string | null;
}

/** Stores a code; a site that is not the partner's answers `{ unknown: 'siteId' }`, nothing written. */
export async function insertEnrolmentCode(
  db: Kysely<Database>,
  c: EnrolmentCodeInsert,
  now: string,
): Promise<EnrolmentCode | { unknown: 'siteId' }> {
  if (c.siteId !== null) {
    const site = await db
      .selectFrom('sites')
      .select('partner_id')
      .where('id', '=', c.siteId)
      .executeTakeFirst();
    if (!site || site.partner_id !== c.partnerId) return { unknown: 'siteId' };
  }
  await db
    .insertInto('enrolment_codes')
    .values({
      id: c.id,
      code: c.code,
      partner_id: c.partnerId,
      site_id: c.siteId,
      label: c.label,
      expires_at: c.expiresAt,
      max_uses: c.maxUses,
      uses: 0,
      created_by: c.createdBy,
      created_at: now,
      revoked_at: null,
    })
    .execute();
  return (await findEnrolmentCodeById(db, c.id))!;
}

export async function findEnrolmentCodeById(
  db: Kysely<Database>,
  id: string,
): Promise<EnrolmentCode | null> {
  const row = await db
    .selectFrom('enrolment_codes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toCode(row) : null;
}

/** The code as typed (already normalised), with its partner's and site's names. */
export async function findEnrolmentCode(
  db: Kysely<Database>,
  code: string,
): Promise<EnrolmentCodeWithNames | null> {
  const row = await db
    .selectFrom('enrolment_codes as e')
    .innerJoin('partners as p', 'p.id', 'e.partner_id')
    .leftJoin('sites as s', 's.id', 'e.site_id')
    .selectAll('e')
    .select(['p.name as partner_name', 's.name as site_name'])
    .where('e.code', '=', code)
    .executeTakeFirst();
  if (!row) return null;
  const { partner_name, site_name, ...code_row } = row;
  return { ...toCode(code_row), partnerName: partner_name, siteName: site_name ?? null };
}

/** A partner's codes, newest first. */
export async function listEnrolmentCodes(
  db: Kysely<Database>,
  partnerId: string,
  limit: number,
): Promise<EnrolmentCode[]> {
  const rows = await db
    .selectFrom('enrolment_codes')
    .selectAll()
    .where('partner_id', '=', partnerId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toCode);
}

/** Marks a code revoked (a revoked one stays as it was); undefined when there is none. */
export async function revokeEnrolmentCode(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<EnrolmentCode | undefined> {
  await db
    .updateTable('enrolment_codes')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  return (await findEnrolmentCodeById(db, id)) ?? undefined;
}

/**
 * Takes one use of a code in a single conditional UPDATE, so that two joins racing for the
 * last use cannot both get it. False when the code was revoked, expired or used up meanwhile.
 */
export async function consumeEnrolmentCode(
  db: Kysely<Database>,
  id: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('enrolment_codes')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// --- enrolments -----------------------------------------------------------------------------

export interface Enrolment {
  commuterId: string;
  codeId: string | null;
  joinedAt: string;
  privacyNoticeVersion: string;
  privacyAcceptedAt: string;
}

export async function insertEnrolment(db: Kysely<Database>, e: Enrolment): Promise<void> {
  await db
    .insertInto('enrolments')
    .values({
      commuter_id: e.commuterId,
      code_id: e.codeId,
      joined_at: e.joinedAt,
      privacy_notice_version: e.privacyNoticeVersion,
      privacy_accepted_at: e.privacyAcceptedAt,
    })
    .execute();
}

export async function findEnrolment(
  db: Kysely<Database>,
  commuterId: string,
): Promise<Enrolment | null> {
  const row = await db
    .selectFrom('enrolments')
    .selectAll()
    .where('commuter_id', '=', commuterId)
    .executeTakeFirst();
  return row
    ? {
        commuterId: row.commuter_id,
        codeId: row.code_id,
        joinedAt: row.joined_at,
        privacyNoticeVersion: row.privacy_notice_version,
        privacyAcceptedAt: row.privacy_accepted_at,
      }
    : null;
}

/** Whether staff may see the commuter's display name (they chose to share it). */
export async function setShareName(
  db: Kysely<Database>,
  commuterId: string,
  share: boolean,
): Promise<void> {
  await db
    .updateTable('commuters')
    .set({ share_name: share ? 1 : 0 })
    .where('id', '=', commuterId)
    .execute();
}

/** The demo partners' working codes, for the start-up log. */
export async function listDemoEnrolmentCodes(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('enrolment_codes')
    .select('code')
    .where('partner_id', 'in', db.selectFrom('partners').select('id').where('demo', '=', 1))
    .where('revoked_at', 'is', null)
    .orderBy('code')
    .execute();
  return rows.map((r) => r.code);
}

export async function findShareName(db: Kysely<Database>, commuterId: string): Promise<boolean> {
  const row = await db
    .selectFrom('commuters')
    .select('share_name')
    .where('id', '=', commuterId)
    .executeTakeFirst();
  return Number(row?.share_name ?? 0) === 1;
}
