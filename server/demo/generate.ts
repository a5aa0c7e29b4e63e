import type { AgeBand } from '../domain/age-bands.js';
import type { LegInput } from '../domain/trips.js';
import { demoCommuterId } from './accounts.js';
import {
  DAY_MS,
  buildCalendar,
  clockText,
  dayIndexOf,
  weatherDays,
  zoneDays,
  type Calendar,
  type ZoneDays,
} from './calendar.js';
import {
  chooseDay,
  deriveProfile,
  usualPlanAt,
  type CommuterProfile,
  type TripPlan,
} from './profile.js';
import { Rng, clamp, round } from './random.js';
import { lineFromFlat } from './route-geometry.js';
import { DEMO_TOWNS, offsetLonLat, townSpecOf, type DemoTownSpec } from './towns.js';
import type {
  DemoCommuter,
  DemoNetwork,
  DemoOptions,
  DemoSite,
  DemoSurvey,
  DemoTrip,
} from './types.js';

/**
 * The demo network: the ten partner towns of the Active Travel Network with made-up sites,
 * commuters, surveys and a programme year of commute trips (2011-09-01 .. 2012-08-31 by default):
 * a launch in September, a spring campaign, baseline surveys on joining and follow-ups three and
 * six months later.
 *
 * Pure and deterministic: the seed and the options decide everything (no Math.random, no clock,
 * no I/O; time-zone offsets come from Intl's tz data). Each commuter draws from their own
 * random streams keyed by their id, so a larger scale keeps the smaller scale's commuters.
 *
 * @example
 * const network = generateDemoNetwork({ seed: 2010, scale: 1 });
 * for (const batch of generateDemoTrips(network, { seed: 2010, scale: 1 })) store(batch);
 */

export { DEMO_ACCOUNTS, demoCommuterId, type DemoAccount } from './accounts.js';
export { DEMO_TOWNS } from './towns.js';

export const DEFAULT_FROM = '2011-09-01';
export const DEFAULT_TO = '2012-08-31';
/** Nobody joins in the programme's last three months: they would bring no follow-up survey. */
const LAST_JOIN_BEFORE_END_DAYS = 92;
/** Trips per yielded batch: the API's and the seeder's batch limit. */
export const DEMO_TRIP_BATCH = 1000;

interface ResolvedOptions {
  seed: number;
  scale: number;
  from: string;
  to: string;
}

function resolveOptions(options: DemoOptions): ResolvedOptions {
  if (!Number.isFinite(options.seed)) throw new RangeError('the demo seed must be a finite number');
  if (!(Number.isFinite(options.scale) && options.scale > 0))
    throw new RangeError('the demo scale must be a positive number');
  const from = options.from ?? DEFAULT_FROM;
  const to = options.to ?? DEFAULT_TO;
  // buildCalendar validates the dates and their order.
  buildCalendar(from, to);
  return { seed: Math.trunc(options.seed), scale: options.scale, from, to };
}

export function generateDemoNetwork(options: DemoOptions): DemoNetwork {
  const o = resolveOptions(options);
  const cal = buildCalendar(o.from, o.to);
  const lastJoinIdx = Math.max(0, cal.days - 1 - LAST_JOIN_BEFORE_END_DAYS);
  const network: DemoNetwork = { partners: [], sites: [], commuters: [], surveys: [] };

  for (const town of DEMO_TOWNS) {
    const p = town.partner;
    network.partners.push({ ...p, center: [p.center[0], p.center[1]] });
    const sites: DemoSite[] = town.sites.map((s) => ({
      id: `${p.id}-${s.slug}`,
      partnerId: p.id,
      name: s.name,
      kind: s.kind,
      location: offsetLonLat(p.center, s.eastKm, s.northKm),
    }));
    network.sites.push(...sites);
    const siteWeights = sites.map((s, i): readonly [DemoSite, number] => [
      s,
      town.sites[i]!.weight,
    ]);

    const count = Math.max(1, Math.round(town.commuters * o.scale));
    for (let n = 1; n <= count; n++) {
      const id = demoCommuterId(p.id, n);
      const showcase = n === 1;
      const rng = new Rng(o.seed, `${id}:record`);
      const noSite = rng.chance(0.03) && !showcase;
      const site = rng.weighted(siteWeights);
      const commuter: DemoCommuter = {
        id,
        partnerId: p.id,
        siteId: noSite ? null : site.id,
        ageBand: drawAgeBand(rng, !noSite && site.kind === 'school' && !showcase, showcase),
        weightKg: null,
        joinedOn: '',
      };
      const hasWeight = rng.chance(0.7) || showcase;
      const weightKg = clamp(
        Math.round((commuter.ageBand === '<20' ? 63 : 77) + rng.normal() * 13),
        45,
        140,
      );
      commuter.weightKg = hasWeight ? weightKg : null;
      const joinIdx = showcase ? Math.min(lastJoinIdx, rng.int(3)) : drawJoinDay(rng, lastJoinIdx);
      commuter.joinedOn = cal.dates[joinIdx]!;
      network.commuters.push(commuter);

      const profile = deriveProfile(
        commuter,
        { seed: o.seed, town, site: noSite ? null : site, showcase },
        null,
      );
      const hasBaseline = rng.chance(0.9) || showcase;
      // Follow-ups are offered 3 and 6 months after joining (issue 11); not everyone answers.
      const answers = [rng.chance(0.75) || showcase, rng.chance(0.6) || showcase];
      const followupIdx = [joinIdx + 88 + rng.int(14), joinIdx + 180 + rng.int(21)];
      if (!hasBaseline) continue;
      network.surveys.push(
        surveyOf(
          `${id}-baseline`,
          id,
          'baseline',
          commuter.joinedOn,
          profile.usual,
          profile.daysPerWeek,
        ),
      );
      for (const [k, idx] of followupIdx.entries()) {
        if (!answers[k] || idx >= cal.days || idx - joinIdx >= profile.dropoutAfterDays) continue;
        // The follow-up reports the commute they make on most days by then.
        network.surveys.push(
          surveyOf(
            `${id}-followup-${k === 0 ? 3 : 6}m`,
            id,
            'followup',
            cal.dates[idx]!,
            usualPlanAt(profile, idx - joinIdx),
            profile.daysPerWeek,
          ),
        );
      }
    }
  }
  return network;
}

function surveyOf(
  id: string,
  commuterId: string,
  kind: DemoSurvey['kind'],
  takenOn: string,
  plan: TripPlan,
  daysPerWeek: number,
): DemoSurvey {
  return {
    id,
    commuterId,
    kind,
    takenOn,
    usualMode: plan.mainMode,
    usualLegs:
      plan.legs.length > 1 ? plan.legs.map((l) => ({ mode: l.mode, distanceKm: l.km })) : null,
    oneWayKm: plan.totalKm,
    daysPerWeek,
  };
}

/** Mostly working age; pupils at schools (with their teachers), a few over 65. 2 % did not say; `adult` forces an adult answer. */
function drawAgeBand(rng: Rng, school: boolean, adult: boolean): AgeBand | null {
  const unsaid = rng.chance(0.02);
  const band = school
    ? rng.weighted<AgeBand>([
        ['<20', 0.3],
        ['20-29', 0.12],
        ['30-39', 0.18],
        ['40-49', 0.19],
        ['50-59', 0.16],
        ['60-64', 0.05],
      ])
    : rng.weighted<AgeBand>([
        ['<20', 0.01],
        ['20-29', 0.17],
        ['30-39', 0.25],
        ['40-49', 0.27],
        ['50-59', 0.22],
        ['60-64', 0.06],
        ['65-74', 0.02],
      ]);
  if (adult) return band === '<20' ? '30-39' : band;
  return unsaid ? null : band;
}

/**
 * Day of joining, as an index into the programme: a launch wave in the first weeks, a trickle
 * through the year, a spring campaign half-way, a few at any time until three months before
 * the end (so that everyone can answer the 3-month follow-up).
 */
function drawJoinDay(rng: Rng, lastJoinIdx: number): number {
  const roll = rng.next();
  const x = rng.next();
  const y = rng.exponential(1);
  const spring = Math.floor(lastJoinIdx * 0.65);
  let day: number;
  if (roll < 0.55) day = Math.min(60, y * 18);
  else if (roll < 0.75) day = 60 + x * (spring - 60);
  else if (roll < 0.92) day = spring + Math.min(45, y * 14);
  else day = x * lastJoinIdx;
  return clamp(Math.floor(day), 0, lastJoinIdx);
}

interface PartnerDays {
  town: DemoTownSpec;
  zone: ZoneDays;
  weather: Float64Array;
}

/**
 * The network's commute trips, in batches of at most DEMO_TRIP_BATCH, commuter after commuter.
 * Only one batch is held at a time, so large scales stream.
 *
 * Replaced modes: the app asks on every trip, and each commuter answers on 80-99 % of them. A
 * trip made the programme's way (car → walk, bike, e-bike or public transport; public transport
 * → walking or cycling; walk → bike) carries the baseline usual mode; any other trip (the usual
 * commute, a bad-weather fallback, a move back to the car) carries the mode it was made by, so it
 * counts as labelled km that avoided nothing (car-km substituted leaves out car legs that
 * "replaced" the car). A bike leg to the station sometimes carries its own replaced mode, `bus`
 * (the feeder they used to take).
 */
export function* generateDemoTrips(
  network: DemoNetwork,
  options: DemoOptions,
): Generator<DemoTrip[]> {
  const o = resolveOptions(options);
  const cal = buildCalendar(o.from, o.to);
  const zones = new Map<string, ZoneDays>();
  const partners = new Map<string, PartnerDays>();
  for (const p of network.partners) {
    let zone = zones.get(p.timezone);
    if (!zone) zones.set(p.timezone, (zone = zoneDays(cal, p.timezone)));
    const town = townSpecOf(p);
    partners.set(p.id, {
      town,
      zone,
      weather: weatherDays(
        cal,
        new Rng(o.seed, `${p.id}:weather`),
        town.winterSeverity,
        town.rainShare,
      ),
    });
  }
  const sites = new Map(network.sites.map((s) => [s.id, s]));
  const baselines = new Map<string, DemoSurvey>();
  for (const s of network.surveys) if (s.kind === 'baseline') baselines.set(s.commuterId, s);
  const showcaseIds = new Set(network.partners.map((p) => demoCommuterId(p.id, 1)));

  let batch: DemoTrip[] = [];
  for (const commuter of network.commuters) {
    const pd = partners.get(commuter.partnerId);
    if (!pd) throw new Error(`commuter ${commuter.id}: unknown partner ${commuter.partnerId}`);
    const site = commuter.siteId ? (sites.get(commuter.siteId) ?? null) : null;
    const showcase = showcaseIds.has(commuter.id);
    const profile = deriveProfile(
      commuter,
      { seed: o.seed, town: pd.town, site, showcase },
      baselines.get(commuter.id) ?? null,
    );
    const rng = new Rng(o.seed, `${commuter.id}:trips`);
    const joinIdx = dayIndexOf(cal, commuter.joinedOn);
    const vacations = vacationDays(rng, cal, site?.kind === 'school');
    const dropIdx = joinIdx + Math.ceil(profile.dropoutAfterDays);
    let v = 0;
    for (let day = Math.max(0, joinIdx); day < cal.days && day < dropIdx; day++) {
      if (!(profile.weekdayMask & (1 << cal.weekday[day]!))) continue;
      while (v < vacations.length && vacations[v]![1] < day) v++;
      if (v < vacations.length && vacations[v]![0] <= day) continue;
      const since = day - joinIdx;
      // Logging fades a little over the year even for those who stay.
      if (rng.next() >= profile.loggingRate * (1 - 0.1 * Math.min(1, since / 365))) continue;
      const choice = chooseDay(profile, since, pd.weather[day]!, rng);
      const roll = rng.next();
      // Most days both ways; sometimes one of the two is not logged.
      if (roll < 0.97) {
        batch.push(
          buildTrip(commuter.id, profile, choice.plan, choice.shift, true, day, cal, pd.zone, rng),
        );
        if (batch.length >= DEMO_TRIP_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (roll < 0.94 || roll >= 0.97) {
        batch.push(
          buildTrip(commuter.id, profile, choice.plan, choice.shift, false, day, cal, pd.zone, rng),
        );
        if (batch.length >= DEMO_TRIP_BATCH) {
          yield batch;
          batch = [];
        }
      }
    }
  }
  if (batch.length > 0) yield batch;
}

// Per-leg scratch for buildTrip (a trip has at most a handful of legs); buildTrip never yields.
const legKm = new Float64Array(32);
const legMin = new Float64Array(32);
const legWaitSec = new Float64Array(32);

function buildTrip(
  commuterId: string,
  p: CommuterProfile,
  plan: TripPlan,
  shift: boolean,
  outbound: boolean,
  day: number,
  cal: Calendar,
  zone: ZoneDays,
  rng: Rng,
): DemoTrip {
  const tracker = p.usesTracker;
  const n = plan.legs.length;
  const congestion = outbound ? rng.uniform(0.82, 1.05) : rng.uniform(0.88, 1.05);
  let totalSec = 0;
  for (let k = 0; k < n; k++) {
    const i = outbound ? k : n - 1 - k;
    const lp = plan.legs[i]!;
    const km = tracker ? Math.max(0.1, round(lp.km * (0.97 + rng.next() * 0.06), 2)) : lp.km;
    let kmh: number;
    if (lp.mode === 'car_driver' || lp.mode === 'car_passenger') {
      // Short car trips are slow (town streets, parking); long ones reach the main roads.
      kmh = clamp((25 + 25 * clamp((km - 2) / 38, 0, 1)) * p.carFactor * congestion, 25, 50);
    } else {
      kmh = p.speedKmh[lp.mode] * (0.94 + rng.next() * 0.12);
      // Long bus legs are regional express buses.
      if (lp.mode === 'bus' && km > 20) kmh = Math.min(55, kmh * 1.6);
    }
    const minutes = (km / kmh) * 60;
    const durationMin = tracker
      ? Math.max(0.5, round(minutes, 1))
      : Math.max(1, Math.round(minutes));
    let waitSec = 0;
    if (k < n - 1) {
      const next = plan.legs[outbound ? i + 1 : i - 1]!.mode;
      waitSec =
        next === 'bus' || next === 'tram' || next === 'metro' || next === 'train'
          ? rng.uniform(60, 480)
          : rng.uniform(30, 120);
      waitSec = tracker ? Math.round(waitSec) : Math.max(60, Math.round(waitSec / 60) * 60);
    }
    legKm[k] = km;
    legMin[k] = durationMin;
    legWaitSec[k] = waitSec;
    totalSec += durationMin * 60 + waitSec;
  }

  const noise = rng.normal();
  let t = outbound
    ? p.departSec + clamp(noise * 480, -1200, 1200)
    : p.returnSec + clamp(noise * 900, -1800, 1800);
  // Long commutes home must still end on the same local day.
  t = Math.min(t, 86_000 - totalSec);
  // People logging by hand type round times; the tracker records the second.
  t = tracker ? Math.round(t) : Math.floor(t / 300) * 300;
  const prefix = `${cal.dates[day]!}T`;
  const offset = zone.offsetText[day]!;
  const startedAt = prefix + clockText(t) + offset;
  // The app asks on every trip, with the usual mode preselected, and most answer. A shift trip
  // replaced the usual mode; any other trip replaced nothing, so the answer is the mode it was
  // made by, leg by leg (the walk to the bus stop replaced a walk, not a bus ride).
  const answered = rng.next() < p.labelRate;
  const replacedMode = !answered ? null : shift ? p.usualMode : plan.mainMode;
  const legs: LegInput[] = new Array<LegInput>(n);
  for (let k = 0; k < n; k++) {
    const i = outbound ? k : n - 1 - k;
    const mode = plan.legs[i]!.mode;
    const leg: LegInput = {
      mode,
      distanceKm: legKm[k]!,
      durationMin: legMin[k]!,
      startedAt: k === 0 ? startedAt : prefix + clockText(t) + offset,
    };
    if (answered && !shift && mode !== plan.mainMode) leg.replacedMode = mode;
    else if (
      shift &&
      replacedMode !== null &&
      i === plan.feederLeg &&
      replacedMode !== 'bus' &&
      rng.next() < 0.15
    )
      leg.replacedMode = 'bus';
    const line = plan.lines?.[i];
    if (line) leg.geometry = lineFromFlat(line, rng, !outbound);
    legs[k] = leg;
    t += legMin[k]! * 60 + legWaitSec[k]!;
  }
  return {
    id: `${commuterId}-${cal.compact[day]!}-${outbound ? 1 : 2}`,
    commuterId,
    startedAt,
    endedAt: prefix + clockText(t) + offset,
    purpose: 'commute',
    replacedMode,
    legs,
  };
}

/**
 * Days off, as sorted inclusive [first, last] day indices: Christmas to New Year for everyone
 * (half take the whole fortnight), two to three weeks in summer (three in four in August),
 * the whole of July and August at schools, and for some a week in spring or autumn.
 */
function vacationDays(rng: Rng, cal: Calendar, school: boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const firstYear = new Date(cal.firstDayMs).getUTCFullYear() - 1;
  const lastYear = new Date(cal.firstDayMs + (cal.days - 1) * DAY_MS).getUTCFullYear();
  const idx = (y: number, m: number, d: number) =>
    Math.round((Date.UTC(y, m - 1, d) - cal.firstDayMs) / DAY_MS);
  for (let y = firstYear; y <= lastYear; y++) {
    const longXmas = rng.chance(0.5);
    out.push(longXmas ? [idx(y, 12, 20), idx(y + 1, 1, 6)] : [idx(y, 12, 24), idx(y + 1, 1, 1)]);
    const august = rng.chance(0.75);
    const start = rng.int(15);
    const length = 14 + rng.int(9);
    if (school) out.push([idx(y, 7, 1), idx(y, 8, 31)]);
    else
      out.push(
        august
          ? [idx(y, 8, 1 + start), idx(y, 8, 1 + start) + length - 1]
          : [idx(y, 7, 1 + start), idx(y, 7, 1 + start) + length - 1],
      );
    const extraWeek = rng.chance(0.6);
    const spring = rng.chance(0.5);
    const offset = rng.int(spring ? 100 : 50);
    if (extraWeek) {
      const first = spring ? idx(y, 2, 15) + offset : idx(y, 10, 1) + offset;
      out.push([first, first + 6]);
    }
  }
  return out.sort((a, b) => a[0] - b[0]);
}
