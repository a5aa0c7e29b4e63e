import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { insertEnrolmentCode } from '../repositories/enrolment.js';

/**
 * One public enrolment code per demo town, so that anyone trying the demo can join as a new
 * commuter (issue 11). Readable rather than random: like the demo's passwords they are printed
 * in the README and the start-up log, and they vanish with `npm run demo -- --remove`.
 */
export function demoEnrolmentCode(partnerId: string): string {
  return `DEMO-${partnerId.toUpperCase().replace(/[^A-Z0-9]+/g, '-')}-2010`;
}

/** Stores the demo towns' codes (no expiry, no use limit); run in the seeder's transaction. */
export async function seedDemoEnrolmentCodes(
  db: Kysely<Database>,
  partnerIds: readonly string[],
  now: string,
): Promise<void> {
  for (const partnerId of partnerIds) {
    const stored = await insertEnrolmentCode(
      db,
      {
        id: `enr_demo_${partnerId}`,
        code: demoEnrolmentCode(partnerId),
        partnerId,
        siteId: null,
        label: 'Demo code',
        expiresAt: null,
        maxUses: null,
        createdBy: null,
      },
      now,
    );
    if ('unknown' in stored) throw new Error(`demo enrolment code of ${partnerId} not stored`);
  }
}
