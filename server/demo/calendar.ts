import { type Rng, clamp } from './random.js';

/**
 * Days of the demo period, precomputed once so that the per-trip work is string concatenation:
 * local dates, weekdays, each partner's UTC offset per day (from Intl, so DST follows the tz
 * database) and a day-by-day weather factor per partner.
 */

export const DAY_MS = 86_400_000;

/** UTC milliseconds of midnight of a 'YYYY-MM-DD' day; throws on anything else. */
export function parseDay(day: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== day)
    throw new RangeError(`not a YYYY-MM-DD day: ${day}`);
  return ms;
}

export interface Calendar {
  firstDayMs: number;
  days: number;
  /** 'YYYY-MM-DD' */
  dates: string[];
  /** 'YYYYMMDD', for ids */
  compact: string[];
  /** 0 = Sunday .. 6 = Saturday */
  weekday: Uint8Array;
  /** 0..1: 1 in the depth of winter (around 20 January), 0 in midsummer */
  winterness: Float64Array;
}

export function buildCalendar(from: string, to: string): Calendar {
  const firstDayMs = parseDay(from);
  const lastDayMs = parseDay(to);
  if (lastDayMs < firstDayMs)
    throw new RangeError(`the demo period ends (${to}) before it starts (${from})`);
  const days = Math.round((lastDayMs - firstDayMs) / DAY_MS) + 1;
  const dates: string[] = new Array<string>(days);
  const compact: string[] = new Array<string>(days);
  const weekday = new Uint8Array(days);
  const winterness = new Float64Array(days);
  for (let i = 0; i < days; i++) {
    const d = new Date(firstDayMs + i * DAY_MS);
    const iso = d.toISOString().slice(0, 10);
    dates[i] = iso;
    compact[i] = iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10);
    weekday[i] = d.getUTCDay();
    const dayOfYear = (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS;
    winterness[i] = (1 + Math.cos((2 * Math.PI * (dayOfYear - 20)) / 365.25)) / 2;
  }
  return { firstDayMs, days, dates, compact, weekday, winterness };
}

/** Index of a 'YYYY-MM-DD' day in the calendar (may be negative or past the end). */
export function dayIndexOf(cal: Calendar, day: string): number {
  return Math.round((parseDay(day) - cal.firstDayMs) / DAY_MS);
}

export interface ZoneDays {
  /** Offset from UTC in seconds, per calendar day, valid for the daytime of that day. */
  offsetSec: Int32Array;
  /** The same as an ISO 8601 suffix: '+01:00' */
  offsetText: string[];
}

/**
 * The UTC offset of a time zone on each day of the calendar, taken at 12:00 UTC. European DST
 * switches at 01:00 UTC on Sundays, so the noon offset holds for every commuting hour of the day.
 */
export function zoneDays(cal: Calendar, timeZone: string): ZoneDays {
  const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsetSec = new Int32Array(cal.days);
  const offsetText: string[] = new Array<string>(cal.days);
  let lastName = '';
  let lastSec = 0;
  let lastText = '+00:00';
  for (let i = 0; i < cal.days; i++) {
    const parts = format.formatToParts(new Date(cal.firstDayMs + i * DAY_MS + DAY_MS / 2));
    const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    if (name !== lastName) {
      const m = /^GMT(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$/.exec(name);
      if (!m) throw new Error(`unexpected offset ${name} for ${timeZone}`);
      const sign = m[1] === '-' ? -1 : 1;
      const hours = Number(m[2] ?? 0);
      const minutes = Number(m[3] ?? 0);
      lastSec = sign * (hours * 3600 + minutes * 60);
      lastText = `${sign < 0 ? '-' : '+'}${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
      lastName = name;
    }
    offsetSec[i] = lastSec;
    offsetText[i] = lastText;
  }
  return { offsetSec, offsetText };
}

/**
 * A factor per day, 0.2..1, by which weather scales the chance of walking or cycling: a seasonal
 * part (winter, scaled by the town's severity) and rain, which comes in spells (a two-state
 * Markov chain, a rainy day is followed by another with probability 0.55). The same for every
 * commuter of a town on a given day, as real weather is.
 */
export function weatherDays(
  cal: Calendar,
  rng: Rng,
  winterSeverity: number,
  rainShare: number,
): Float64Array {
  const out = new Float64Array(cal.days);
  let raining = false;
  for (let i = 0; i < cal.days; i++) {
    const w = cal.winterness[i]!;
    // More rain (or snow) in the cold half of the year; keep the yearly mean near rainShare.
    const pRain = clamp(rainShare * (0.7 + 0.6 * w), 0.02, 0.9);
    // Stationary share of a chain with p(rain | rain) = 0.55 equals pRain when p(rain | dry) is:
    const pStart = clamp((0.45 * pRain) / (1 - pRain), 0.01, 0.9);
    raining = rng.chance(raining ? 0.55 : pStart);
    const seasonal = 1 - 0.6 * winterSeverity * w;
    out[i] = clamp(seasonal * (raining ? 0.55 : 1), 0.2, 1);
  }
  return out;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** 'hh:mm:ss' of a second of the local day (0 <= sec < 86400). */
export function clockText(sec: number): string {
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${TWO_DIGITS[h] ?? String(h)}:${TWO_DIGITS[m]!}:${TWO_DIGITS[s % 60]!}`;
}
