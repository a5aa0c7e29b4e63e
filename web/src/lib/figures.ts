/**
 * The overview's figures from an /indicators answer: which number each card shows and how it
 * is rounded. Pure, so that the browser tests check the page against the API with the very
 * same rules.
 */
import type { Indicators } from '../api/models.js';
import type { Formatter } from './format.js';
import { ACTIVE_MODES, CAR_MODES, sumModes } from './modes.js';

export interface Co2Display {
  value: string;
  /** `t` from 10 tonnes up, `kg` below. */
  unit: 'kg' | 't';
}

export function formatCo2(kg: number, f: Formatter): Co2Display {
  return Math.abs(kg) >= 10_000
    ? { value: f.number(kg / 1000, 1), unit: 't' }
    : { value: f.number(kg), unit: 'kg' };
}

/**
 * Baseline and follow-up share of trips (0..1) of a group of modes, and the change in pp; the
 * change is null when the API gives none (a period without trips, or no baseline survey).
 */
export interface GroupShift {
  baseline: number;
  followUp: number;
  pp: number | null;
}

export function groupShift(
  ind: Indicators,
  group: 'car' | 'active',
  basis: 'trips' | 'km' = 'trips',
): GroupShift {
  const modes = group === 'car' ? CAR_MODES : ACTIVE_MODES;
  const base = basis === 'trips' ? ind.baseline.byTrips : ind.baseline.byDistance;
  const follow = basis === 'trips' ? ind.modalSplit.byTrips : ind.modalSplit.byDistance;
  const pp = basis === 'trips' ? ind.modalShift.byTripsPp : ind.modalShift.byDistancePp;
  return {
    baseline: sumModes(base, modes),
    followUp: sumModes(follow, modes),
    pp: pp ? sumModes(pp, modes) : null,
  };
}

/**
 * The headline's walking and cycling share as the API counts it: walking and pedal cycling, or
 * with e-bikes (`inclEbike`). Null sides: no data there.
 */
export function activeShift(
  ind: Indicators,
  inclEbike: boolean,
): { baseline: number | null; followUp: number | null; pp: number | null } {
  const a = inclEbike ? ind.modalShift.activeShareInclEbike : ind.modalShift.activeShare;
  return { baseline: a.baseline, followUp: a.followUp, pp: a.shiftPp };
}

export interface HeatTotal {
  valuePerYear: number;
  deathsPreventedPerYear: number;
  currency: string;
}

/** Cycling and walking together (HEAT assesses them separately; the benefits add up). */
export function heatTotal(ind: Indicators): HeatTotal {
  const c = ind.health.cycling;
  const w = ind.health.walking;
  return {
    valuePerYear: (c?.valuePerYear ?? 0) + (w?.valuePerYear ?? 0),
    deathsPreventedPerYear: (c?.deathsPreventedPerYear ?? 0) + (w?.deathsPreventedPerYear ?? 0),
    currency: c?.currency ?? w?.currency ?? 'EUR',
  };
}

/** The WHO recommends at least 150 minutes of moderate activity a week. */
export const WHO_MINUTES_PER_WEEK = 150;

/**
 * The headline number of each overview card, formatted, keyed by the card's test id; null
 * where the card has no number (no modal shift without trips in the period).
 */
export function overviewValues(ind: Indicators, f: Formatter): Record<string, string | null> {
  const heat = heatTotal(ind);
  const car = groupShift(ind, 'car').pp;
  const active = activeShift(ind, false).pp;
  return {
    participants: f.number(ind.participants.active),
    trips: f.number(ind.trips),
    distance: f.number(ind.distanceKm),
    'car-shift': car === null ? null : f.pp(car),
    'active-shift': active === null ? null : f.pp(active),
    'car-km': f.number(ind.carKmSubstituted.replacedModeKm),
    co2: formatCo2(ind.co2AvoidedKg, f).value,
    'active-minutes': f.number(ind.activity.activeMinutesPerCommuterWeek),
    heat: f.money(heat.valuePerYear, heat.currency),
  };
}
