import type {
  CommuteSurvey,
  CommuterPeriodSummary,
  LegAggregate,
  TripAggregate,
} from '../../server/indicators/types.js';

/**
 * DESIGN.md's worked week, as the rollups would deliver it: five commuters, one logged week,
 * baseline from surveys (5 commuting days, so 10 one-way trips each). Durations are estimated
 * at the default speeds (bike 14, e-bike 18, walk 4.8 km/h) because nothing was measured.
 */

export const WEEKS = 1;

export const baselineSurveys: CommuteSurvey[] = [
  { commuterId: 'A', usualLegs: [{ mode: 'car_driver', distanceKm: 5 }], daysPerWeek: 5 },
  { commuterId: 'B', usualLegs: [{ mode: 'car_driver', distanceKm: 8 }], daysPerWeek: 5 },
  { commuterId: 'C', usualLegs: [{ mode: 'walk', distanceKm: 3 }], daysPerWeek: 5 },
  { commuterId: 'D', usualLegs: [{ mode: 'bus', distanceKm: 12 }], daysPerWeek: 5 },
  { commuterId: 'E', usualLegs: [{ mode: 'train', distanceKm: 20 }], daysPerWeek: 5 },
];

const bikeMin = (km: number) => (km / 14) * 60;

export const legAggregates: LegAggregate[] = [
  { mode: 'bike', replacedMode: 'car_driver', distanceKm: 50, durationMin: bikeMin(50), legs: 10 },
  {
    mode: 'ebike',
    replacedMode: 'car_driver',
    distanceKm: 48,
    durationMin: (48 / 18) * 60,
    legs: 6,
  },
  { mode: 'car_driver', replacedMode: null, distanceKm: 32, durationMin: (32 / 32) * 60, legs: 4 },
  { mode: 'walk', replacedMode: null, distanceKm: 30, durationMin: (30 / 4.8) * 60, legs: 10 },
  { mode: 'bus', replacedMode: null, distanceKm: 120, durationMin: (120 / 20) * 60, legs: 10 },
  { mode: 'bike', replacedMode: null, distanceKm: 20, durationMin: bikeMin(20), legs: 10 },
  { mode: 'train', replacedMode: null, distanceKm: 180, durationMin: (180 / 50) * 60, legs: 10 },
];

export const tripAggregates: TripAggregate[] = [
  { mainMode: 'bike', trips: 10 },
  { mainMode: 'ebike', trips: 6 },
  { mainMode: 'car_driver', trips: 4 },
  { mainMode: 'walk', trips: 10 },
  { mainMode: 'bus', trips: 10 },
  { mainMode: 'train', trips: 10 },
];

export const summaries: CommuterPeriodSummary[] = [
  {
    commuterId: 'A',
    ageBand: '30-39',
    weightKg: null,
    tripsByMainMode: { bike: 10 },
    kmByMode: { bike: 50 },
    minutesByMode: { bike: bikeMin(50) },
    cyclingDays: 5,
  },
  {
    commuterId: 'B',
    ageBand: '40-49',
    weightKg: 80,
    tripsByMainMode: { ebike: 6, car_driver: 4 },
    kmByMode: { ebike: 48, car_driver: 32 },
    minutesByMode: { ebike: (48 / 18) * 60, car_driver: 60 },
    cyclingDays: 3,
  },
  {
    commuterId: 'C',
    ageBand: '50-59',
    weightKg: 60,
    tripsByMainMode: { walk: 10 },
    kmByMode: { walk: 30 },
    minutesByMode: { walk: (30 / 4.8) * 60 },
    cyclingDays: 0,
  },
  {
    commuterId: 'D',
    ageBand: '20-29',
    weightKg: null,
    tripsByMainMode: { bus: 10 },
    kmByMode: { bus: 120 },
    minutesByMode: { bus: 360 },
    cyclingDays: 0,
  },
  {
    commuterId: 'E',
    ageBand: '60-64',
    weightKg: null,
    tripsByMainMode: { train: 10 },
    kmByMode: { bike: 20, train: 180 },
    minutesByMode: { bike: bikeMin(20), train: 216 },
    cyclingDays: 5,
  },
];
