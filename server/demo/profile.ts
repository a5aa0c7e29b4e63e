import { groupOfMode, type Mode } from '../domain/modes.js';
import { mainModeOf } from '../domain/trips.js';
import { Rng, clamp, round } from './random.js';
import { cutLegLines, planCorridorRoute, planRoute, type RoutePlan } from './route-geometry.js';
import { offsetLonLat, type DemoTownSpec } from './towns.js';
import type { DemoCommuter, DemoSite, DemoSurvey } from './types.js';

/**
 * The hidden side of a demo commuter: how they travelled before joining, what they switch to and
 * how fast, how faithfully they log, when they leave home. Derived from (seed, commuter id) alone,
 * so the network generator (which writes the baseline survey from it) and the trip generator
 * (which replays it day by day) agree without passing anything but the DemoNetwork.
 */

export interface LegPlan {
  mode: Mode;
  km: number;
}

export interface TripPlan {
  legs: LegPlan[];
  mainMode: Mode;
  totalKm: number;
  /** Enough walking or cycling in it that rain and winter matter. */
  weatherSensitive: boolean;
  /** Index of an active feeder leg (cycling to the station), or -1. */
  feederLeg: number;
  /** Leg lines for tracker users (flat lon/lat arrays), outbound order; null for manual loggers. */
  lines: Array<number[] | null> | null;
}

/**
 * Network-wide baseline split before town factors, aiming at car 60 %, bike 18 %, public
 * transport 10 %, walk 5 %, car passenger 5 %, e-bike 2 %. Car driver is drawn a little above
 * 60 % because pupils, who cannot drive, are moved to other modes afterwards.
 */
const BASELINE_SHARES: ReadonlyArray<readonly [BaselineKind, number]> = [
  ['car_driver', 0.68],
  ['bike', 0.18],
  ['pt', 0.1],
  ['walk', 0.05],
  ['car_passenger', 0.05],
  ['ebike', 0.02],
];
type BaselineKind = 'car_driver' | 'car_passenger' | 'bike' | 'ebike' | 'walk' | 'pt';

/** One-way commute km by baseline mode: lognormal median, sigma, and plausible range. */
const DISTANCE_KM: Record<BaselineKind, readonly [number, number, number, number]> = {
  walk: [1.5, 0.45, 0.4, 4.5],
  bike: [4.5, 0.55, 0.8, 20],
  ebike: [8, 0.5, 1.5, 30],
  pt: [15, 0.6, 2, 60],
  // Short car trips are the programme's target: a third of car commutes are under 5 km (DESIGN.md:
  // 25-50 % of car trips in EU towns are).
  car_driver: [8, 0.9, 1.2, 80],
  car_passenger: [8, 0.8, 1.2, 60],
};

/** Legs longer than this get no line: they run mostly outside the town. */
export const MAX_LINE_LEG_KM = 25;

export interface CommuterProfile {
  usualMode: Mode;
  oneWayKm: number;
  daysPerWeek: number;
  /** Bit per JS weekday (1 << 1 = Monday) on which they commute. */
  weekdayMask: number;
  usual: TripPlan;
  /** What a car or public-transport commuter switches to on a "shift" day. */
  shiftTo: TripPlan | null;
  /** Their plan B on a shift day with bad weather (bus instead of the bike), if they have one. */
  shiftBadWeather: TripPlan | null;
  /** What a walking or cycling commuter falls back to in bad weather, and how readily. */
  fallback: TripPlan | null;
  fallbackRate: number;
  /** Probability of a shift day once the habit has formed, in good weather. */
  maxShift: number;
  /**
   * False for those who move away from the programme's modes (back to the car, or from the bike
   * to the bus): their new mode replaced nothing the programme counts, so their trips carry
   * their own mode as the replaced mode, like usual trips.
   */
  shiftReplacesUsual: boolean;
  /** Days for the habit to form: the shift probability is maxShift × (1 − e^(−days/tau)). */
  shiftTauDays: number;
  /** Share of commuting days they log, at first; it slowly decays. */
  loggingRate: number;
  /** Days after joining when they stop logging (Infinity: never). */
  dropoutAfterDays: number;
  usesTracker: boolean;
  /** Share of trips on which they answer "how would you have travelled otherwise?" (asked every time). */
  labelRate: number;
  /** Local departure times, seconds after midnight. */
  departSec: number;
  returnSec: number;
  /** Personal speeds, km/h. */
  speedKmh: Record<Mode, number>;
  /** Car speed factor (driving style, usual congestion). */
  carFactor: number;
  pupil: boolean;
}

export interface ProfileContext {
  seed: number;
  town: DemoTownSpec;
  site: DemoSite | null;
  /** The first commuter of each partner backs a demo login: it logs faithfully and uses the tracker. */
  showcase: boolean;
}

/**
 * Derives the profile. No draw on the main stream depends on the usual commute (plans draw from
 * their own streams), so a stored baseline survey, when given, replaces the drawn usual commute
 * without shifting any later draw: network and trip generator see the same commuter.
 */
export function deriveProfile(
  commuter: DemoCommuter,
  ctx: ProfileContext,
  baseline: DemoSurvey | null,
): CommuterProfile {
  const rng = new Rng(ctx.seed, `${commuter.id}:profile`);
  const { town } = ctx;
  const pupil = commuter.ageBand === '<20';

  // Baseline commute.
  const shares = BASELINE_SHARES.map(([kind, share]): readonly [BaselineKind, number] => {
    if (kind === 'bike' || kind === 'ebike') return [kind, share * town.bikeFactor];
    if (kind === 'walk') return [kind, share * town.walkFactor];
    return [kind, share];
  });
  let kind = rng.weighted(shares);
  const pupilKind = rng.weighted<BaselineKind>([
    ['car_passenger', 0.4],
    ['pt', 0.3],
    ['bike', 0.3],
  ]);
  if (pupil && kind === 'car_driver') kind = pupilKind;
  const [median, sigma, minKm, maxKm] = DISTANCE_KM[kind];
  let oneWayKm = round(rng.lognormal(median, sigma, minKm, maxKm), 1);
  const showcaseKm = round(rng.uniform(4, 12), 1);
  if (ctx.showcase && !pupil) {
    // The demo logins show the programme's story: a car commuter within cycling range.
    kind = 'car_driver';
    oneWayKm = showcaseKm;
  }
  const ptMultiLeg = rng.chance(0.55);
  const ptBikeFeeder = rng.chance(0.3);
  const ptRng = new Rng(ctx.seed, `${commuter.id}:pt`);
  let usual: TripPlan =
    kind === 'pt'
      ? ptPlan(
          ptRng,
          oneWayKm,
          town,
          ptMultiLeg ? (ptBikeFeeder && oneWayKm >= 8 ? 'bike' : 'walk') : 'none',
          null,
        )
      : singlePlan(kind, oneWayKm);
  let usualMode = usual.mainMode;

  const dayRoll = rng.next();
  let daysPerWeek = dayRoll < 0.78 ? 5 : dayRoll < 0.91 ? 4 : 3;
  // Weekdays off for part-timers: Friday for half of them, else any (1 = Monday).
  const friday = rng.chance(0.5);
  const dropDays = [friday ? 5 : 1 + rng.int(5), 1 + rng.int(5), 1 + rng.int(5), 1 + rng.int(5)];

  if (baseline) {
    // The stored survey is the truth; the trip generator must agree with it.
    usualMode = baseline.usualMode;
    oneWayKm = baseline.oneWayKm;
    daysPerWeek = clamp(Math.round(baseline.daysPerWeek), 1, 5);
    usual =
      baseline.usualLegs && baseline.usualLegs.length > 0
        ? multiPlan(baseline.usualLegs.map((l) => ({ mode: l.mode, km: l.distanceKm })))
        : singlePlan(usualMode, oneWayKm);
  }
  let weekdayMask = 0b0111110;
  for (let i = 0; i < 5 - daysPerWeek && i < dropDays.length; i++) {
    let day = dropDays[i]!;
    while (!(weekdayMask & (1 << day))) day = (day % 5) + 1;
    weekdayMask &= ~(1 << day);
  }

  // What they shift to, and how much. The town's investment scales both how many switch for
  // good and how often the others switch: a town that built nothing stays flat.
  const group = groupOfMode(usualMode);
  const d = oneWayKm;
  const invest = town.investment;
  const interested = rng.chance(0.8);
  const interest = ctx.showcase
    ? 1.2
    : interested
      ? rng.uniform(0.7, 1.25)
      : rng.uniform(0.05, 0.25);
  const shiftRng = new Rng(ctx.seed, `${commuter.id}:shift`);
  let shiftTo: TripPlan | null = null;
  let shiftBadWeather: TripPlan | null = null;
  let fallback: TripPlan | null = null;
  let fallbackRate = 0;
  let maxShift = 0;
  let shiftReplacesUsual = true;
  const hasPlanB = rng.chance(0.3);
  const fallbackToCar = !pupil && rng.chance(0.3);
  // A few move the other way for good: a new job, a move, a child to drive to school. Campaigns
  // see them too, and the transition matrix must show them (issue 11: "some go back to the car").
  const reverses = !ctx.showcase && rng.next() < (group === 'public_transport' ? 0.1 : 0.05);
  // Some commuters change their habit for good: most of their commutes move to the new mode
  // (campaigns report a minority of converts next to many occasional switchers). Drawn from
  // the shift stream so that the rest of the profile does not change with it.
  const convertShare = (d < 5 ? 0.5 : d < 10 ? 0.4 : d < 20 ? 0.27 : 0.13) * Math.min(1.2, invest);
  const converts = (interested || ctx.showcase) && shiftRng.chance(ctx.showcase ? 1 : convertShare);
  if (group === 'car') {
    // Short commutes shift more (DESIGN.md: short car trips are the programme's target).
    maxShift = converts
      ? shiftRng.uniform(0.75, 0.95)
      : clamp(
          (d < 3 ? 0.45 : d < 8 ? 0.4 : d < 15 ? 0.32 : d < 25 ? 0.26 : 0.2) * interest * invest,
          0,
          0.6,
        );
    shiftTo = carAlternative(shiftRng, d, town);
    if (shiftTo.weatherSensitive && hasPlanB && d >= 1.5)
      shiftBadWeather = ptPlan(shiftRng, round(d * 1.04, 1), town, 'walk', null);
  } else if (reverses && !pupil) {
    // Back to the car (or, for some cyclists and walkers, to the bus).
    const toBus = group === 'active' && shiftRng.chance(0.35);
    shiftTo = toBus
      ? ptPlan(shiftRng, round(Math.max(d, 1.2) * 1.04, 1), town, 'none', town.shortPt)
      : singlePlan('car_driver', round(Math.max(d, 1) * 1.05, 1));
    maxShift = shiftRng.uniform(0.7, 0.9);
    shiftReplacesUsual = false;
  } else if (group === 'public_transport') {
    // Without a car to give up, a bus rider's step to the bike is shorter: more convert.
    const ptConverts = converts || (interested && shiftRng.chance(0.5 * convertShare));
    maxShift = ptConverts
      ? shiftRng.uniform(0.7, 0.9)
      : clamp((d <= 15 ? 0.3 : 0.22) * interest * invest, 0, 0.5);
    shiftTo = ptAlternative(shiftRng, d, town, usual);
  } else if (usualMode === 'walk') {
    maxShift = d >= 1 ? 0.12 * interest * invest : 0;
    shiftTo = d >= 1 ? singlePlan('bike', round(d * 0.97, 1)) : null;
    fallback = d > 1.2 ? ptPlan(shiftRng, d, town, 'none', town.shortPt) : null;
    fallbackRate = 0.15;
  } else if (usualMode === 'bike' || usualMode === 'ebike') {
    fallback = fallbackToCar
      ? singlePlan('car_driver', round(d * 1.05, 1))
      : ptPlan(shiftRng, round(d * 1.04, 1), town, d >= 2.5 ? 'walk' : 'none', null);
    // Cleared and lit cycle paths keep cyclists on the bike in bad weather.
    fallbackRate = (usualMode === 'bike' ? 0.14 : 0.1) * (1.2 - 0.6 * Math.min(1, invest));
  }

  // Logging habits: the app asks for a trip in two taps, so most log most commuting days; a
  // minority log now and then, a few register and stop, some stop months in.
  const usesTracker = ctx.showcase || rng.chance(0.5);
  const occasional = !ctx.showcase && rng.chance(0.12);
  const loggingRate = ctx.showcase
    ? 0.9
    : occasional
      ? rng.uniform(0.3, 0.55)
      : rng.uniform(0.78, 0.97);
  const dropRoll = rng.next();
  const dropAfter = rng.exponential(120);
  const dropoutAfterDays = ctx.showcase
    ? Infinity
    : dropRoll < 0.05
      ? 3 + dropAfter / 8
      : dropRoll < 0.2
        ? 45 + dropAfter
        : Infinity;
  const labelRate = rng.uniform(0.8, 0.99);
  const departSec = pupil
    ? clamp(7.35 * 3600 + rng.normal() * 600, 6.8 * 3600, 7.75 * 3600)
    : clamp(7.75 * 3600 + rng.normal() * 1320, 6.75 * 3600, 8.8 * 3600);
  const returnSec = pupil
    ? clamp(14 * 3600 + rng.normal() * 2400, 13.25 * 3600, 15.5 * 3600)
    : clamp(17 * 3600 + rng.normal() * 2100, 16 * 3600, 18.5 * 3600);

  const speedKmh: Record<Mode, number> = {
    walk: rng.uniform(4.5, 5.5),
    bike: rng.uniform(13, 20),
    ebike: rng.uniform(18, 25),
    bus: rng.uniform(18, 30),
    tram: rng.uniform(15, 22),
    metro: rng.uniform(28, 40),
    train: rng.uniform(40, 70),
    car_driver: 0,
    car_passenger: 0,
    motorbike: rng.uniform(25, 50),
    other: 15,
  };
  const carFactor = rng.uniform(0.9, 1.1);

  if (usesTracker) {
    // One home, one route: every plan of this commuter runs along it.
    const geoRng = new Rng(ctx.seed, `${commuter.id}:route`);
    const destination: readonly [number, number] =
      ctx.site?.location ??
      offsetLonLat(town.partner.center, geoRng.uniform(-1.5, 1.5), geoRng.uniform(-1.5, 1.5));
    // Most live along one of the town's three main corridors (the busiest carries most).
    const corridor = geoRng.weighted<number>([
      [20, 0.45],
      [140, 0.3],
      [260, 0.25],
    ]);
    const route =
      planCorridorRoute(geoRng, destination, town.partner.center, town.gridDeg + corridor, d) ??
      planRoute(geoRng, destination, town.gridDeg, d);
    for (const plan of [usual, shiftTo, shiftBadWeather, fallback])
      if (plan) plan.lines = linesFor(route, geoRng, plan);
  }

  return {
    usualMode,
    oneWayKm,
    daysPerWeek,
    weekdayMask,
    usual,
    shiftTo,
    shiftBadWeather,
    fallback,
    fallbackRate,
    maxShift,
    shiftReplacesUsual,
    // Weeks rather than months: most who switch do it in the first season.
    shiftTauDays: rng.uniform(25, 75),
    loggingRate,
    dropoutAfterDays,
    usesTracker,
    labelRate,
    departSec,
    returnSec,
    speedKmh,
    carFactor,
    pupil,
  };
}

function linesFor(route: RoutePlan, rng: Rng, plan: TripPlan): Array<number[] | null> {
  return cutLegLines(
    route,
    rng,
    plan.legs.map((l) => l.km),
    MAX_LINE_LEG_KM,
  );
}

function singlePlan(mode: Mode, km: number): TripPlan {
  return multiPlan([{ mode, km }]);
}

function multiPlan(legs: LegPlan[]): TripPlan {
  let totalKm = 0;
  let activeKm = 0;
  let feederLeg = -1;
  legs.forEach((l, i) => {
    totalKm += l.km;
    if (l.mode === 'walk' || l.mode === 'bike' || l.mode === 'ebike') {
      activeKm += l.km;
      if (l.mode !== 'walk' && legs.length > 1 && feederLeg < 0) feederLeg = i;
    }
  });
  return {
    legs,
    mainMode: mainModeOf(legs.map((l) => ({ mode: l.mode, distanceKm: l.km }))),
    totalKm: round(totalKm, 1),
    weatherSensitive: legs.some((l) => l.mode === 'bike' || l.mode === 'ebike') || activeKm >= 1.5,
    feederLeg,
    lines: null,
  };
}

/**
 * A public-transport commute of about `km`: walk (or cycle) to the stop, ride, walk at the end.
 * The ride is bus for short distances, else the town's regional mode (train, U-Bahn, tram, bus).
 */
function ptPlan(
  rng: Rng,
  km: number,
  town: DemoTownSpec,
  feeder: 'walk' | 'bike' | 'none',
  mode: Mode | null,
): TripPlan {
  let main = mode ?? (km >= 8 ? rng.weighted(town.longPt) : town.shortPt);
  // Trams and the U-Bahn do not run to the next region.
  if (km > 25 && (main === 'tram' || main === 'metro'))
    main = town.longPt.some(([m]) => m === 'train') ? 'train' : 'bus';
  const accessKm =
    feeder === 'bike'
      ? round(rng.uniform(1.5, clamp(km * 0.25, 1.5, 4)), 1)
      : round(rng.uniform(0.3, 0.9), 1);
  const rail = main === 'train' || main === 'metro' || main === 'tram';
  const egressKm = rail || rng.chance(0.6) ? round(rng.uniform(0.3, 0.8), 1) : 0;
  if (feeder === 'none' || km < 2.5) return singlePlan(main, km);
  const rideKm = round(km - accessKm - egressKm, 1);
  if (rideKm < Math.max(accessKm, egressKm) + 0.5) return singlePlan(main, km);
  const legs: LegPlan[] = [
    { mode: feeder, km: accessKm },
    { mode: main, km: rideKm },
  ];
  if (egressKm > 0) legs.push({ mode: 'walk', km: egressKm });
  return multiPlan(legs);
}

/** A car commuter's alternative, by distance: walk or cycle when short, e-bike or bike+train when long. */
function carAlternative(rng: Rng, d: number, town: DemoTownSpec): TripPlan {
  type Alt = 'walk' | 'bike' | 'ebike' | 'pt';
  const options: ReadonlyArray<readonly [Alt, number]> =
    d <= 2
      ? [
          ['walk', 0.5],
          ['bike', 0.45],
          ['ebike', 0.05],
        ]
      : d <= 4
        ? [
            ['walk', d < 3.5 ? 0.2 : 0],
            ['bike', 0.65],
            ['ebike', 0.08],
            ['pt', 0.1],
          ]
        : d <= 8
          ? [
              ['bike', 0.65],
              ['ebike', 0.15],
              ['pt', 0.2],
            ]
          : d <= 15
            ? [
                ['bike', 0.3],
                ['ebike', 0.3],
                ['pt', 0.4],
              ]
            : d <= 25
              ? [
                  ['bike', 0.05],
                  ['ebike', 0.2],
                  ['pt', 0.75],
                ]
              : [['pt', 1]];
  // Where cycling is the local habit (and the town built for it), more switch to the bike.
  const alt = rng.weighted(
    options.map(([a, w]): readonly [Alt, number] => [a, a === 'bike' ? w * town.bikeFactor : w]),
  );
  // Cycling to the station: the bike + train + walk commute of the programme's leaflets.
  const bikeFeeder = rng.chance(0.6);
  switch (alt) {
    case 'walk':
      return singlePlan('walk', round(Math.max(0.4, d * 0.95), 1));
    case 'bike':
      return singlePlan('bike', round(Math.max(0.5, d * rng.uniform(0.9, 1)), 1));
    case 'ebike':
      return singlePlan('ebike', round(Math.max(0.5, d * rng.uniform(0.93, 1)), 1));
    case 'pt':
      return ptPlan(
        rng,
        round(d * rng.uniform(1, 1.08), 1),
        town,
        d >= 8 && bikeFeeder ? 'bike' : 'walk',
        null,
      );
  }
}

/** A public-transport commuter's alternative: cycle the whole way when short, cycle to the station when long. */
function ptAlternative(rng: Rng, d: number, town: DemoTownSpec, usual: TripPlan): TripPlan | null {
  const usualMode = usual.mainMode;
  const rail = usualMode === 'train' || usualMode === 'metro' || usualMode === 'tram';
  if (d <= 8) {
    const mode = rng.weighted<Mode>([
      ['walk', d < 3 ? 0.35 : 0],
      ['bike', 0.6],
      ['ebike', 0.15],
    ]);
    return singlePlan(
      mode,
      round(Math.max(0.5, d * (mode === 'walk' ? 0.95 : rng.uniform(0.9, 1))), 1),
    );
  }
  if (d <= 15 && (!rail || rng.chance(0.6)))
    return singlePlan('ebike', round(d * rng.uniform(0.93, 1), 1));
  // Those who already cycle to the station have made their shift.
  return usual.feederLeg >= 0 ? null : ptPlan(rng, d, town, 'bike', usualMode);
}

export interface DayChoice {
  plan: TripPlan;
  /**
   * A programme shift (car → active or public transport, public transport → active, walk → bike):
   * the trip replaced the usual mode. Otherwise it replaced nothing (its replaced mode, when the
   * commuter answers, is the mode it was made by).
   */
  shift: boolean;
}

/**
 * The plan a commuter makes on most days `sinceJoinDays` into the programme, in ordinary
 * weather: what they report in a follow-up survey then, so surveys agree with the trips.
 */
export function usualPlanAt(p: CommuterProfile, sinceJoinDays: number): TripPlan {
  if (p.shiftTo && p.maxShift > 0) {
    const progress = 1 - Math.exp(-Math.max(0, sinceJoinDays) / p.shiftTauDays);
    const weather = p.shiftTo.weatherSensitive ? 0.8 : 1;
    if (p.maxShift * progress * weather > 0.5) return p.shiftTo;
  }
  return p.usual;
}

/**
 * The plan of one commuting day. `weather` is the town's factor for the day (0.2..1, see
 * weatherDays), `sinceJoinDays` how long the commuter has been in the programme.
 */
export function chooseDay(
  p: CommuterProfile,
  sinceJoinDays: number,
  weather: number,
  rng: Rng,
): DayChoice {
  if (p.fallback && rng.next() < (1 - weather) * p.fallbackRate)
    return { plan: p.fallback, shift: false };
  if (p.shiftTo && p.maxShift > 0) {
    const progress = 1 - Math.exp(-Math.max(0, sinceJoinDays) / p.shiftTauDays);
    if (rng.next() < p.maxShift * progress) {
      if (!p.shiftTo.weatherSensitive || rng.next() < weather)
        return { plan: p.shiftTo, shift: p.shiftReplacesUsual };
      if (p.shiftBadWeather && rng.chance(0.5))
        return { plan: p.shiftBadWeather, shift: p.shiftReplacesUsual };
    }
  }
  return { plan: p.usual, shift: false };
}
