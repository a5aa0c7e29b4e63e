/**
 * Arithmetic on periods of local days ('YYYY-MM-DD') and months ('YYYY-MM'). Local days are
 * calendar dates, not instants: they are computed at UTC midnight, where no day has 23 or 25
 * hours.
 */

const DAY_MS = 86_400_000;

function dayAt(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function msOfDay(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

/** The day after (by = 1) or before (by = -1) a local day. */
export function shiftDay(day: string, by: number): string {
  return dayAt(msOfDay(day) + by * DAY_MS);
}

/** The month 'YYYY-MM' of a local day 'YYYY-MM-DD'. */
export function monthOfDay(localDay: string): string {
  return localDay.slice(0, 7);
}

/** Last day of a month 'YYYY-MM'. */
export function lastDayOf(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return dayAt(Date.UTC(y, m, 0));
}

/** The month `by` months after (or, negative, before) a month 'YYYY-MM'. */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + by, 1)).toISOString().slice(0, 7);
}

/** Days in an inclusive period, both ends counted. */
export function daysBetween(from: string, to: string): number {
  return Math.round((msOfDay(to) - msOfDay(from)) / DAY_MS) + 1;
}

/**
 * Splits a period into the whole months it covers (read from the month rollup) and the days
 * before and after them (read from the day rollup). Together they cover every day of the
 * period exactly once.
 */
export function splitPeriod(
  from: string,
  to: string,
): { months: [string, string] | null; dayRanges: Array<[string, string]> } {
  let first = monthOfDay(from);
  if (!from.endsWith('-01')) first = shiftMonth(first, 1);
  let last = monthOfDay(to);
  if (lastDayOf(last) !== to) last = shiftMonth(last, -1);
  if (first > last) return { months: null, dayRanges: [[from, to]] };
  const dayRanges: Array<[string, string]> = [];
  if (from < `${first}-01`) dayRanges.push([from, shiftDay(`${first}-01`, -1)]);
  if (to > lastDayOf(last)) dayRanges.push([shiftDay(lastDayOf(last), 1), to]);
  return { months: [first, last], dayRanges };
}

/**
 * The calendar year a report covers by default (the builder opens on it; GET /reports without
 * from and to uses it): the last year that the data cover to its end, else the year the data
 * start in; the previous calendar year when there are no data. `dataRange` is the range the
 * caller may see (whole released months for aggregate callers).
 */
export function defaultReportYear(
  dataRange: { from: string; to: string } | null,
  today: string,
): number {
  const lastYear = Number(today.slice(0, 4)) - 1;
  if (!dataRange) return lastYear;
  const endYear = Number(dataRange.to.slice(0, 4));
  const startYear = Number(dataRange.from.slice(0, 4));
  const complete = dataRange.to.slice(5) === '12-31' ? endYear : endYear - 1;
  return Math.min(lastYear, Math.max(startYear, complete));
}
