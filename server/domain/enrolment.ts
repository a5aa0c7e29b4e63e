/**
 * Enrolment codes (issue 11): whether a code still lets a commuter join, and when the follow-up
 * surveys are due. Pure: the routes pass the stored code and the clock.
 */

/** Characters of a code: Crockford's base32 without I, L, O, U, so a code read aloud or off
 * a poster is not misread. */
export const ENROLMENT_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Length of a generated code: 16 characters of 32 = 80 bits. With joins rate-limited per
 * client address like logins, guessing one of even a thousand live codes is hopeless.
 */
export const ENROLMENT_CODE_LENGTH = 16;

/** Codes as they may be typed: letters and digits, 12-64 (the demo's codes are readable words). */
export const ENROLMENT_CODE_PATTERN = /^[A-Za-z0-9-]{12,64}$/;

/** What makes a code stop working; `valid` when it still lets someone join. */
export type EnrolmentCodeState = 'valid' | 'expired' | 'exhausted' | 'revoked';

export interface EnrolmentCodeLimits {
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
}

/** Revocation wins over expiry, expiry over exhaustion: the most deliberate reason is named. */
export function enrolmentCodeState(code: EnrolmentCodeLimits, nowIso: string): EnrolmentCodeState {
  if (code.revokedAt !== null) return 'revoked';
  if (code.expiresAt !== null && Date.parse(code.expiresAt) <= Date.parse(nowIso)) return 'expired';
  if (code.maxUses !== null && code.uses >= code.maxUses) return 'exhausted';
  return 'valid';
}

/** Maps random bytes to a code of ENROLMENT_CODE_ALPHABET (32 letters: 5 bits of each byte). */
export function enrolmentCodeFromBytes(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += ENROLMENT_CODE_ALPHABET[b & 31];
  return out;
}

/** Codes compare in upper case: someone typing the code from a poster may use lower case. */
export function normalizeEnrolmentCode(code: string): string {
  return code.trim().toUpperCase();
}

// --- follow-up surveys ----------------------------------------------------------------------

/** Follow-up surveys are offered this many months after joining (issue 11). */
export const FOLLOW_UP_MONTHS = [3, 6] as const;

/**
 * A follow-up survey taken this many days before its due date still counts for it: a commuter
 * who answers from the menu a week early should not be asked again.
 */
export const FOLLOW_UP_EARLY_DAYS = 14;

export interface FollowUpDue {
  kind: 'followup_3m' | 'followup_6m';
  /** YYYY-MM-DD */
  dueOn: string;
  /** A follow-up survey was taken on or after dueOn − FOLLOW_UP_EARLY_DAYS (each counts once). */
  done: boolean;
  /** dueOn has come and it is not done. */
  due: boolean;
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const dd = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The 3- and 6-month follow-ups of a commuter who joined on `joinedOn`, given the days their
 * follow-up surveys were taken and today's date. Each survey satisfies at most one follow-up,
 * the earliest it can.
 */
export function followUpsDue(
  joinedOn: string,
  followUpDays: readonly string[],
  today: string,
): FollowUpDue[] {
  const unused = [...followUpDays].sort();
  return FOLLOW_UP_MONTHS.map((months) => {
    const dueOn = addMonths(joinedOn, months);
    const from = addDays(dueOn, -FOLLOW_UP_EARLY_DAYS);
    const i = unused.findIndex((d) => d >= from);
    const done = i >= 0;
    if (done) unused.splice(i, 1);
    return {
      kind: months === 3 ? ('followup_3m' as const) : ('followup_6m' as const),
      dueOn,
      done,
      due: !done && today >= dueOn,
    };
  });
}

/**
 * A stable pseudonym for a commuter, shown to staff instead of a name: the same commuter always
 * gets the same one, and it says nothing about them (FNV-1a of the id, 6 base32 letters).
 */
export function pseudonymOf(commuterId: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < commuterId.length; i++) {
    h ^= commuterId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += ENROLMENT_CODE_ALPHABET[h & 31];
    h >>>= 5;
  }
  return `Commuter ${out}`;
}
