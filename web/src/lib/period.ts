/**
 * Period presets. The demo data ends in 2012, so "this month" and "last 12 months" count back
 * from the latest data day the API reports, never from the wall clock.
 */
export type PeriodPreset = 'month' | '12m' | 'project' | 'custom';
export const PERIOD_PRESETS: readonly PeriodPreset[] = ['month', '12m', 'project', 'custom'];

export interface DateRange {
  /** Inclusive local dates, YYYY-MM-DD. */
  from: string;
  to: string;
}

function parts(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

function fmt(y: number, m: number, d: number): string {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.toISOString().slice(0, 10);
}

/** The day after `date` minus `months` months: the start of a window of that many months ending on `date`. */
export function monthsBack(date: string, months: number): string {
  const [y, m, d] = parts(date);
  // Date.UTC rolls over: day d+1 of month m-months, clamped to the end of a short month first.
  const target = new Date(Date.UTC(y, m - 1 - months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return fmt(target.getUTCFullYear(), target.getUTCMonth() + 1, Math.min(d, lastDay) + 1);
}

/** Dates of a preset, relative to the data range. `custom` has no dates of its own. */
export function presetRange(preset: Exclude<PeriodPreset, 'custom'>, data: DateRange): DateRange {
  const clamp = (from: string): string => (from < data.from ? data.from : from);
  switch (preset) {
    case 'month':
      return { from: clamp(`${data.to.slice(0, 7)}-01`), to: data.to };
    case '12m':
      return { from: clamp(monthsBack(data.to, 12)), to: data.to };
    case 'project':
      return { from: data.from, to: data.to };
  }
}

/** Which preset a from/to pair is; no dates at all means the whole project period. */
export function detectPreset(
  from: string | undefined,
  to: string | undefined,
  data: DateRange | null,
): PeriodPreset {
  if (!from && !to) return 'project';
  if (!data || !from || !to) return 'custom';
  for (const p of ['month', '12m', 'project'] as const) {
    const r = presetRange(p, data);
    if (r.from === from && r.to === to) return p;
  }
  return 'custom';
}

/** Inclusive number of days between two dates: the server's own period arithmetic. */
export { daysBetween } from '../../../server/domain/period.js';
