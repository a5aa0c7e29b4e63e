import { MODES, type Mode } from '../domain/modes.js';
import { HEAT_PARAMETERS, heatYearShares, type SuppressionCode } from '../indicators/index.js';
import type { ExchangeRate, Population } from './reference.js';
import type { ReportStrings } from './i18n/index.js';

/**
 * The report as data: every table the HTML, CSV and JSON outputs show, built from indicator
 * answers (the same objects GET /indicators sends) without computing any figure anew. The only
 * arithmetic here is presentation: currency conversion, per-inhabitant ratios, the HEAT
 * assessment period (heatYearShares of indicators/heat.ts), and sums of partner rows. Pure.
 */

/** What GET /indicators answers, in the shape the report reads. */
export interface IndicatorAnswerLike {
  withheld: boolean;
  suppressed: Array<{
    what: string;
    reason: string;
    code: SuppressionCode;
    count?: number | undefined;
    modes?: Mode[] | undefined;
    shownToYou?: true | undefined;
  }>;
  release?: { months: string[] } | undefined;
  participants?: { registered: number; active: number };
  trips?: number;
  distanceKm?: number;
  unconfirmedTrips?: number | undefined;
  modalSplit?: { byTrips: Record<Mode, number | null>; byDistance: Record<Mode, number | null> };
  baseline?: { byTrips: Record<Mode, number | null>; commuters: number };
  modalShift?: {
    byTripsPp: Record<Mode, number | null> | null;
    activeShare: { baseline: number | null; followUp: number | null; shiftPp: number | null };
    carReplacementRate: number | null;
    transitions: Array<{ from: Mode; to: Mode; commuters: number | null }>;
    commutersCompared: number;
  };
  carKmSubstituted?: {
    replacedModeKm: number;
    surveyKmPerWeek: number;
    replacedModeKmPerWeek: number;
    surveyCommuters: number;
  };
  unlabelledShare?: number;
  co2AvoidedKg?: number;
  factorSet?: {
    id: string;
    name: string;
    scope: 'direct' | 'well_to_wheel' | 'lifecycle' | 'unspecified';
    source: string;
    year: number;
    kgPerKm: Record<Mode, number>;
    perVehicleKm: Mode[];
  };
  activity?: {
    activeMinutesPerCommuterWeek: number;
    whoTargetMinutesPerWeek: number;
    shareMeetingWhoTarget: number;
    kcalNet: number;
    cyclingDays: number | null;
  };
  health?: {
    cycling: HealthLike | null;
    walking: HealthLike | null;
  };
}
interface HealthLike {
  people: number;
  minutesPerWeek: number;
  riskReduction: number;
  deathsPreventedPerYear: number;
  valuePerYear: number;
  currency: string;
}

export interface ReportScope {
  /** null: the network. */
  partnerId: string | null;
  name: string;
  answer: IndicatorAnswerLike;
  sites: Array<{ id: string; name: string; answer: IndicatorAnswerLike }> | null;
}

export interface RollUpRow {
  partnerId: string;
  name: string;
  answer: IndicatorAnswerLike;
  population: Population | null;
}

export interface MapCell {
  partnerId: string;
  h3: string;
  trips: number;
  commuters: number;
  polygon: Array<[number, number]>;
}

export interface ReportInput {
  partner: string;
  partnerIds: string[];
  from: string;
  to: string;
  factorSet: string;
  lang: string;
  currency: string;
  rate: ExchangeRate;
  /** true: released figures (analysts, other partners); false: live, own staff and admins. */
  aggregate: boolean;
  /** The scope shown in detail: one partner, the network, or each listed partner. */
  scopes: ReportScope[];
  rollUp: RollUpRow[] | null;
  map: {
    cells: MapCell[];
    markers: Array<{ partnerId: string; name: string; center: [number, number]; trips: number }>;
    quarters: string[];
  };
}

export type CellValue = string | number | null;
export interface ReportColumn {
  key: string;
  label: string;
  kind: 'text' | 'int' | 'num' | 'share' | 'pp' | 'money' | 'km' | 'kg';
}
export interface ReportTable {
  id: string;
  caption: string;
  /** The scope the table belongs to (a partner id, "network"), for lists of partners. */
  scope: string;
  columns: ReportColumn[];
  rows: Array<Record<string, CellValue>>;
}

export interface Headline {
  activeCommuters: number;
  registeredCommuters: number;
  trips: number;
  distanceKm: number;
  carKmSubstituted: number;
  co2AvoidedKg: number;
  /** In the report's currency. */
  healthValuePerYear: number;
  activeShare: number | null;
  activeShareBaseline: number | null;
}

const col = (key: string, label: string, kind: ReportColumn['kind'] = 'text'): ReportColumn => ({
  key,
  label,
  kind,
});

/** Headline figures of one answer (zeros for a withheld one). */
export function headlineOf(a: IndicatorAnswerLike, rate: number): Headline {
  const health = (a.health?.cycling?.valuePerYear ?? 0) + (a.health?.walking?.valuePerYear ?? 0);
  return {
    activeCommuters: a.participants?.active ?? 0,
    registeredCommuters: a.participants?.registered ?? 0,
    trips: a.trips ?? 0,
    distanceKm: a.distanceKm ?? 0,
    carKmSubstituted: a.carKmSubstituted?.replacedModeKm ?? 0,
    co2AvoidedKg: a.co2AvoidedKg ?? 0,
    healthValuePerYear: health * rate,
    activeShare: a.modalShift?.activeShare.followUp ?? null,
    activeShareBaseline: a.modalShift?.activeShare.baseline ?? null,
  };
}

/** The headline of the report: the one scope's, or the sum of the listed partners'. */
export function reportHeadline(input: ReportInput): Headline {
  const heads = input.scopes.map((s) => headlineOf(s.answer, input.rate.rate));
  if (heads.length === 1) return heads[0]!;
  const sum = (k: keyof Headline) => heads.reduce((t, h) => t + ((h[k] as number | null) ?? 0), 0);
  return {
    activeCommuters: sum('activeCommuters'),
    registeredCommuters: sum('registeredCommuters'),
    trips: sum('trips'),
    distanceKm: sum('distanceKm'),
    carKmSubstituted: sum('carKmSubstituted'),
    co2AvoidedKg: sum('co2AvoidedKg'),
    healthValuePerYear: sum('healthValuePerYear'),
    // A share of several partners would need their trip counts by mode: left out.
    activeShare: null,
    activeShareBaseline: null,
  };
}

/** HEAT over the assessment period: the yearly value at full effect times HEAT's ramps. */
export function heatPeriodRows(deathsPerYear: number, valuePerYear: number) {
  const years = HEAT_PARAMETERS.assessmentYears.value;
  const buildUp = HEAT_PARAMETERS.buildUpYears.value;
  const rate = HEAT_PARAMETERS.discountRate.value;
  const shares = heatYearShares(years, buildUp, HEAT_PARAMETERS.uptakeYears.value);
  return shares.map((s, i) => {
    const discountFactor = 1 / (1 + rate) ** i;
    return {
      year: i + 1,
      buildUpShare: s.buildUpShare,
      deathsPrevented: deathsPerYear * s.buildUpShare,
      valueUndiscounted: valuePerYear * s.buildUpShare,
      discountFactor,
      valueDiscounted: valuePerYear * s.buildUpShare * discountFactor,
    };
  });
}

function scopeTables(
  s: ReportScope,
  t: ReportStrings,
  rate: number,
  suffix: string,
): ReportTable[] {
  const a = s.answer;
  const scope = s.partnerId ?? 'network';
  const id = (x: string) => `${x}${suffix}`;
  const tables: ReportTable[] = [];
  if (a.withheld || !a.participants) return tables;
  tables.push({
    id: id('participation'),
    caption: t.participation,
    scope,
    columns: [col('figure', t.figure), col('value', t.value, 'num')],
    rows: [
      { figure: t.registeredCommuters, value: a.participants.registered },
      { figure: t.activeCommuters, value: a.participants.active },
      { figure: t.trips, value: a.trips ?? 0 },
      {
        figure: t.tripsPerActiveCommuter,
        value: a.participants.active > 0 ? (a.trips ?? 0) / a.participants.active : 0,
      },
    ],
  });
  const split = a.modalSplit!;
  const shift = a.modalShift!;
  tables.push({
    id: id('modes'),
    caption: t.modesCaption,
    scope,
    columns: [
      col('mode', t.mode),
      col('shareTrips', t.shareTrips, 'share'),
      col('shareKm', t.shareKm, 'share'),
      col('baselineShare', t.baselineShare, 'share'),
      col('shiftPp', t.shiftPp, 'pp'),
    ],
    rows: MODES.filter(
      (m) =>
        (split.byTrips[m] ?? 1) !== 0 ||
        (split.byDistance[m] ?? 1) !== 0 ||
        (a.baseline!.byTrips[m] ?? 1) !== 0,
    ).map((m) => ({
      mode: t.modeNames[m],
      shareTrips: split.byTrips[m],
      shareKm: split.byDistance[m],
      baselineShare: a.baseline!.byTrips[m],
      shiftPp: shift.byTripsPp ? shift.byTripsPp[m] : null,
    })),
  });
  tables.push({
    id: id('transitions'),
    caption: t.transitionsCaption,
    scope,
    columns: [col('from', t.fromMode), col('to', t.toMode), col('commuters', t.commuters, 'int')],
    rows: shift.transitions.map((x) => ({
      from: t.modeNames[x.from],
      to: t.modeNames[x.to],
      commuters: x.commuters,
    })),
  });
  const ck = a.carKmSubstituted!;
  tables.push({
    id: id('car_km'),
    caption: t.carKmCaption,
    scope,
    columns: [col('method', t.method), col('km', 'km', 'km')],
    rows: [
      { method: t.replacedModeMethod, km: ck.replacedModeKm },
      { method: t.replacedModePerWeek, km: ck.replacedModeKmPerWeek },
      { method: t.surveyMethod, km: ck.surveyKmPerWeek },
    ],
  });
  const fs = a.factorSet!;
  tables.push({
    id: id('co2_factors'),
    caption: t.co2Caption,
    scope,
    columns: [col('mode', t.mode), col('kgPerKm', t.factor, 'num'), col('unit', t.unit)],
    rows: MODES.map((m) => ({
      mode: t.modeNames[m],
      kgPerKm: fs.kgPerKm[m],
      unit: fs.perVehicleKm.includes(m) ? t.unitVehicleKm : t.unitPassengerKm,
    })),
  });
  const h = a.health!;
  const heatRow = (label: string, x: HealthLike | null) => ({
    mode: label,
    people: x?.people ?? null,
    minutesPerWeek: x?.minutesPerWeek ?? null,
    riskReduction: x?.riskReduction ?? null,
    deathsPreventedPerYear: x?.deathsPreventedPerYear ?? null,
    valuePerYear: x ? x.valuePerYear * rate : null,
  });
  const deaths =
    (h.cycling?.deathsPreventedPerYear ?? 0) + (h.walking?.deathsPreventedPerYear ?? 0);
  const value = (h.cycling?.valuePerYear ?? 0) + (h.walking?.valuePerYear ?? 0);
  tables.push({
    id: id('heat'),
    caption: t.heatCaption,
    scope,
    columns: [
      col('mode', t.mode),
      col('people', t.people, 'int'),
      col('minutesPerWeek', t.minutesPerWeek, 'num'),
      col('riskReduction', t.riskReduction, 'share'),
      col('deathsPreventedPerYear', t.deathsPreventedPerYear, 'num'),
      col('valuePerYear', t.valuePerYear, 'money'),
    ],
    rows: [
      heatRow(t.cycling, h.cycling),
      heatRow(t.walking, h.walking),
      {
        mode: t.total,
        people: null,
        minutesPerWeek: null,
        riskReduction: null,
        deathsPreventedPerYear: deaths,
        valuePerYear: value * rate,
      },
    ],
  });
  tables.push({
    id: id('heat_years'),
    caption: t.heatYearsCaption,
    scope,
    columns: [
      col('year', t.year, 'int'),
      col('buildUpShare', t.buildUpShare, 'share'),
      col('deathsPrevented', t.deathsPrevented, 'num'),
      col('valueUndiscounted', t.valueUndiscounted, 'money'),
      col('discountFactor', t.discountFactor, 'num'),
      col('valueDiscounted', t.valueDiscounted, 'money'),
    ],
    rows: heatPeriodRows(deaths, value * rate),
  });
  const act = a.activity!;
  tables.push({
    id: id('activity'),
    caption: t.activity,
    scope,
    columns: [col('figure', t.figure), col('value', t.value, 'num')],
    rows: [
      { figure: t.activeMinutes, value: act.activeMinutesPerCommuterWeek },
      { figure: t.whoTarget, value: act.whoTargetMinutesPerWeek },
      { figure: t.shareMeetingTarget, value: act.shareMeetingWhoTarget },
      { figure: t.kcalNet, value: act.kcalNet },
      { figure: t.cyclingDays, value: act.cyclingDays },
    ],
  });
  if (s.sites)
    tables.push({
      id: id('sites'),
      caption: t.sitesCaption,
      scope,
      columns: [
        col('site', t.site),
        col('activeCommuters', t.activeCommuters, 'int'),
        col('trips', t.trips, 'int'),
        col('distanceKm', t.distanceKm, 'km'),
        col('co2AvoidedKg', t.co2AvoidedKg, 'kg'),
      ],
      rows: s.sites.map((site) => ({
        site: site.name,
        activeCommuters: site.answer.withheld ? null : (site.answer.participants?.active ?? 0),
        trips: site.answer.withheld ? null : (site.answer.trips ?? 0),
        distanceKm: site.answer.withheld ? null : (site.answer.distanceKm ?? 0),
        co2AvoidedKg: site.answer.withheld ? null : (site.answer.co2AvoidedKg ?? 0),
      })),
    });
  tables.push({
    id: id('data_quality'),
    caption: t.dataQuality,
    scope,
    columns: [col('figure', t.figure), col('value', t.value, 'num')],
    rows: [
      { figure: t.unlabelledShare, value: a.unlabelledShare ?? 0 },
      ...(a.unconfirmedTrips === undefined
        ? []
        : [{ figure: t.unconfirmedTrips, value: a.unconfirmedTrips }]),
    ],
  });
  return tables;
}

const per1000 = (x: number, p: Population | null) => (p ? (x / p.population) * 1000 : null);

/** Every table of the report, in reading order. */
export function reportTables(input: ReportInput, t: ReportStrings): ReportTable[] {
  const h = reportHeadline(input);
  const tables: ReportTable[] = [
    {
      id: 'summary',
      caption: t.headline,
      scope: input.partner,
      columns: [col('figure', t.figure), col('value', t.value, 'num')],
      rows: [
        { figure: t.activeCommuters, value: h.activeCommuters },
        { figure: t.trips, value: h.trips },
        { figure: t.distanceKm, value: h.distanceKm },
        { figure: t.carKmSubstituted, value: h.carKmSubstituted },
        { figure: t.co2AvoidedKg, value: h.co2AvoidedKg },
        { figure: `${t.healthValuePerYear} (${input.currency})`, value: h.healthValuePerYear },
      ],
    },
  ];
  if (input.rollUp)
    tables.push({
      id: 'partners',
      caption: t.rollUpCaption,
      scope: input.partner,
      columns: [
        col('partner', t.partner),
        col('activeCommuters', t.activeCommuters, 'int'),
        col('trips', t.trips, 'int'),
        col('co2AvoidedKg', t.co2AvoidedKg, 'kg'),
        col('co2PerParticipant', t.co2PerParticipant, 'kg'),
        col('population', t.population, 'int'),
        col('populationYear', t.populationYear, 'text'),
        col('participantsPer1000', t.participantsPer1000, 'num'),
        col('tripsPer1000', t.tripsPer1000, 'num'),
        col('co2Per1000', t.co2Per1000, 'kg'),
      ],
      rows: input.rollUp.map((r) => {
        const x = headlineOf(r.answer, input.rate.rate);
        const w = r.answer.withheld;
        return {
          partner: r.name,
          activeCommuters: w ? null : x.activeCommuters,
          trips: w ? null : x.trips,
          co2AvoidedKg: w ? null : x.co2AvoidedKg,
          co2PerParticipant:
            w || x.activeCommuters === 0 ? null : x.co2AvoidedKg / x.activeCommuters,
          population: r.population?.population ?? null,
          populationYear: r.population ? String(r.population.year) : null,
          participantsPer1000: w ? null : per1000(x.activeCommuters, r.population),
          tripsPer1000: w ? null : per1000(x.trips, r.population),
          co2Per1000: w ? null : per1000(x.co2AvoidedKg, r.population),
        };
      }),
    });
  const several = input.scopes.length > 1;
  for (const s of input.scopes)
    tables.push(...scopeTables(s, t, input.rate.rate, several ? `-${s.partnerId}` : ''));
  tables.push({
    id: 'map_cells',
    caption: t.mapCells,
    scope: input.partner,
    columns: [
      col('partner', t.partner),
      col('cell', t.cell),
      col('trips', t.trips, 'int'),
      col('commuters', t.commuters, 'int'),
    ],
    rows: input.map.cells.map((c) => ({
      partner: c.partnerId,
      cell: c.h3,
      trips: c.trips,
      commuters: c.commuters,
    })),
  });
  return tables;
}
