/**
 * When the follow-up surveys are due: 3 and 6 months after joining (issue 11). Pure, so
 * test/web/follow-ups.test.ts covers month ends and leap years.
 */

export interface FollowUp {
  months: 3 | 6;
  dueOn: string;
  done: boolean;
}

/** `YYYY-MM-DD` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${year}-${p(month)}-${p(Math.min(d, last))}`;
}

/**
 * The follow-ups of a commuter who joined on `joinedOn`; one counts as done when a follow-up
 * survey was taken on or after the day a month before it fell due (an early answer counts,
 * and one answer covers one follow-up only, in order).
 */
export function followUpsOf(joinedOn: string, followUpDays: readonly string[]): FollowUp[] {
  const taken = [...followUpDays].sort();
  const out: FollowUp[] = [];
  for (const months of [3, 6] as const) {
    const dueOn = addMonths(joinedOn, months);
    const opensOn = addMonths(joinedOn, months - 1);
    const at = taken.findIndex((d) => d >= opensOn);
    if (at >= 0) taken.splice(0, at + 1);
    out.push({ months, dueOn, done: at >= 0 });
  }
  return out;
}
