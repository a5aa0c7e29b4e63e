import type { Kysely } from 'kysely';
import type {
  Database,
  ReleaseCommuterMonthTable,
  ReleaseCommuterProfileTable,
} from '../db/schema.js';
import type { Mode, ReplacedMode } from '../domain/modes.js';
import type { AgeBand } from '../domain/age-bands.js';
import { lastDayOf } from '../domain/period.js';
import {
  cellKey,
  countCellsByLevel,
  estimateDurationMin,
  firstUnreleasedDay,
  hierarchicalHiddenCells,
  type HierarchyMember,
  networkCellScope,
  partitionCellScope,
  partnerCellScope,
  partnerMonthKey,
  type PooledModeSums,
  baselineHiddenCells,
  releasedBaselineCells,
  releasedCarFigures,
  releasedTransitions,
  type ReleasedTransitions,
  type ReleasedCarFigures,
  type SurveyPartition,
  withheldSubgroupPartitions,
  releasedMonthsIn,
  rereleaseViolations,
  selectReleasedUnits,
  subgroupReleased,
  type CommuterFingerprint,
  SUPPRESSION_K,
  type SuppressionCode,
  unitKey,
  type LegAggregate,
  type ReleasedUnits,
  type TripAggregate,
} from '../indicators/index.js';
import type { CommuteSurvey } from '../indicators/types.js';
import { MAP_UNIT_LAYERS, quarterOfMonth, releasedPeriod } from '../domain/release-units.js';
import {
  readDataRange,
  type IndicatorScope,
  type ScopedSummary,
} from '../repositories/indicators.js';
import { readReleasedVersion } from '../repositories/data-versions.js';
import { listPartners, type Partner } from '../repositories/partners.js';
import { releaseUnits } from '../repositories/route-cells.js';
import {
  buildMonthSnapshot,
  freezeMonth,
  type MonthSnapshot,
  readFrozenMonths,
  readMonthStamps,
  readReleased,
  readStoredSnapshot,
  replaceSnapshot,
} from '../repositories/releases.js';
import type { FactorSet } from '../indicators/index.js';
import {
  computeIndicators,
  roundDistinctCounts,
  withholdSubgroups,
  type IndicatorResult,
} from './indicators.js';

/**
 * Issue 10: the inputs of an aggregate caller's answer, built only from released units
 * (docs/methodology.md#release-units): released calendar months, frozen at their first release;
 * inside each month the partner-months and site-months that pass k (selectReleasedUnits); and
 * inside each unit-month the subgroups (cyclists, walkers, commuters with cycling days, survey
 * commuters) of at least k, so that a longer period is always a sum of released pieces.
 */

export { releasedMonthsIn };

export const RELEASE_ANCHOR = 'release-units';

export interface ReleaseBlock {
  requestedFrom: string;
  requestedTo: string;
  /** Released months the figures cover, in order; empty: nothing released in the period. */
  months: string[];
  from: string | null;
  to: string | null;
  rule: string;
  /** Anchor in GET /methodology (docs/methodology.md). */
  methodology: string;
}

export function releaseRule(delayDays: number): string {
  return `Figures for analysts and other partners cover whole calendar months that ended at least ${delayDays} days ago, frozen when first released; each month of a partner or site counts only if it has at least ${SUPPRESSION_K} active commuters.`;
}

export function releaseBlock(
  from: string,
  to: string,
  today: string,
  delayDays: number,
): ReleaseBlock {
  const months = releasedMonthsIn(from, to, today, delayDays);
  return {
    requestedFrom: from,
    requestedTo: to,
    months,
    from: months.length > 0 ? `${months[0]}-01` : null,
    to: months.length > 0 ? lastDayOf(months[months.length - 1]!) : null,
    rule: releaseRule(delayDays),
    methodology: `#${RELEASE_ANCHOR}`,
  };
}

/**
 * Freezes every month of the list not frozen yet: ahead of time by releaseDue, and lazily on
 * the first query that needs a month releaseDue has not reached yet. Returns how many this call
 * froze.
 */
export async function ensureFrozen(
  db: Kysely<Database>,
  months: readonly string[],
  nowIso: string,
  between: () => Promise<void> = async () => {},
): Promise<number> {
  const frozen = await readFrozenMonths(db, months);
  let n = 0;
  for (const month of months)
    if (!frozen.has(month)) {
      if (await freezeMonth(db, month, nowIso)) n += 1;
      await between();
    }
  return n;
}

export interface ReleaseDueOutcome {
  /** Months due (ended RELEASE_DELAY_DAYS ago, with data), and how many this run froze. */
  monthsDue: number;
  monthsFrozen: number;
  /** Partner x closed quarter map periods due, and how many this run released. */
  mapPeriodsDue: number;
  mapPeriodsReleased: number;
}

/**
 * Releases everything due on `nowIso` ahead of the requests that read it (issue 10): every month
 * of the data that ended `delayDays` ago, and every partner's map quarters of the data that
 * closed (both
 * layers; site maps, for own staff only, stay released on their first request). One transaction
 * per month and per partner-quarter, with `between` awaited after each (the server yields to
 * its requests there), so a dashboard request only reads frozen units. `npm run release`, the
 * server's start-up and its timer call this; concurrent runs are safe (each unit is claimed
 * first).
 */
export async function releaseDue(
  db: Kysely<Database>,
  delayDays: number,
  nowIso: string,
  between: () => Promise<void> = async () => {},
): Promise<ReleaseDueOutcome> {
  const today = nowIso.slice(0, 10);
  const range = await readDataRange(db, { partnerId: null, siteId: null });
  if (range === null)
    return { monthsDue: 0, monthsFrozen: 0, mapPeriodsDue: 0, mapPeriodsReleased: 0 };
  // The months and quarters of the data (a later, empty month is frozen on its first request:
  // freezing every month up to today would copy every profile into each).
  const lastMonth = range.to.slice(0, 7);
  const months = releasedMonthsIn(
    `${range.from.slice(0, 7)}-01`,
    lastDayOf(lastMonth),
    today,
    delayDays,
  );
  const monthsFrozen = await ensureFrozen(db, months, nowIso, between);
  const quarters = releasedPeriod(
    quarterOfMonth(range.from.slice(0, 7)).from,
    quarterOfMonth(lastMonth).to,
    today,
    delayDays,
  ).units;
  const layers = { ...MAP_UNIT_LAYERS, k: SUPPRESSION_K };
  let mapPeriodsReleased = 0;
  const partners = await listPartners(db);
  for (const p of partners)
    for (const quarter of quarters) {
      mapPeriodsReleased += await releaseUnits(db, [p.id], null, [quarter], layers, nowIso);
      await between();
    }
  return {
    monthsDue: months.length,
    monthsFrozen,
    mapPeriodsDue: partners.length * quarters.length,
    mapPeriodsReleased,
  };
}

export interface ReleasedInputs {
  legs: Array<LegAggregate & { partnerId: string }>;
  trips: Array<TripAggregate & { partnerId: string }>;
  summaries: ScopedSummary[];
  /** Summaries without the bike/e-bike (walk) rows of unit-months with 1 to k-1 such commuters. */
  heat: { bike: ScopedSummary[]; walk: ScopedSummary[] };
  surveys: Array<CommuteSurvey & { partnerId: string }>;
  registeredRows: Array<{ partnerId: string; registered: number }>;
  units: ReleasedUnits;
  /** Unit-months (site-months or partner-months, by scope) the figures sum. */
  unitMonths: number;
  /**
   * Per-mode cells under the pooled rule: each mode's trips and km summed over the partitions
   * of released unit-months where the mode is shown; `hidden*` the pooled rest.
   */
  modeCells: ModeCells;
  /**
   * The baseline split as the same pooled sums over released partition-months (usual trips and
   * km per week of their survey commuters), docs/methodology.md#release-units.
   */
  baselineCells: ModeCells;
  /** The network's follow-up mode cells per level, and how many are hidden (privacy-report). */
  modeCellCounts: ReturnType<typeof countCellsByLevel>;
  /** The transition matrix summed from complementarily suppressed partition-month tables. */
  transitions: ReleasedTransitions;
  /** Car replacement and survey car-km as sums of released partition-months. */
  car: ReleasedCarFigures;
  /** Subgroup unit-months (surveys and car figures: partition-months) left out, by subgroup. */
  withheldSubgroups: Record<
    'cyclists' | 'heatCycling' | 'heatWalking' | 'surveys' | 'carReplacement' | 'surveyKm',
    number
  >;
}

const HEAT_BIKE: readonly string[] = ['bike', 'ebike'];

/** Per-mode cells under the pooled rule, summed over released partition-months. */
export type ModeCells = PooledModeSums;

/** What every scope of the same released months shares: read and suppressed once. */
interface MonthTables {
  snap: MonthSnapshot;
  units: ReleasedUnits;
  /** The network's released rows (partner-months that pass k). */
  network: ReleaseCommuterMonthTable[];
  /** The snapshot's released rows by partner, so that a partner or site reads only its own. */
  byPartner: Map<string, PartnerRows>;
  /** The same rows for the network (rows: `network`). */
  all: PartnerRows;
  /** A row's partition: a shown site-month, or the partner-month's rest. */
  partitionOf: (r: { partner_id: string; site_id: string; month: string }) => string;
  /** Profiles by `month|commuter`. */
  profileOf: Map<string, ReleaseCommuterProfileTable>;
  /** The follow-up mode cells hidden over the month's linked tables, and their count by level. */
  hiddenCells: Set<string>;
  modeCellCounts: ReturnType<typeof countCellsByLevel>;
  /**
   * Partitions whose subgroup is withheld (subgroup rule, withheldSubgroupPartitions): cyclists,
   * HEAT cyclists and walkers, survey commuters. A partition lies wholly inside every scope that
   * contains any of it, so the network's sets serve every scope.
   */
  withheld: Record<'cycling' | 'bike' | 'walk' | 'survey', Set<string>>;
  /** The released survey partitions of the network (transitions and car figures sum them). */
  surveyPartitions: SurveyPartition[];
  /** The baseline split's leaves and hidden cells over the network's linked tables. */
  baselineLeaves: SurveyPartition[];
  baselineHidden: Set<string>;
}

interface PartnerRows {
  rows: ReleaseCommuterMonthTable[];
  legs: MonthSnapshot['legs'];
  trips: MonthSnapshot['trips'];
  profiles: MonthSnapshot['profiles'];
}

/**
 * Month tables per database, the last few sets of months, keyed by the release stamp: a month's
 * tables change only when it is frozen or re-released, which moves the stamp (read from the
 * database, so several servers agree). A report asks for the network, every partner and every
 * site over the same months; without this each of them read every partner's snapshot and
 * suppressed the month's linked tables again (about 0.85 s each on the demo).
 */
const monthTablesByDb = new WeakMap<Kysely<Database>, Map<string, Promise<MonthTables>>>();
const MONTH_TABLES_KEPT = 4;

async function readMonthTables(
  db: Kysely<Database>,
  months: readonly string[],
  k: number,
): Promise<MonthTables> {
  const key = JSON.stringify([await readReleasedVersion(db), months, k]);
  let kept = monthTablesByDb.get(db);
  if (!kept) monthTablesByDb.set(db, (kept = new Map()));
  const hit = kept.get(key);
  if (hit) {
    // Most recently used last, so the oldest is the one dropped.
    kept.delete(key);
    kept.set(key, hit);
    return hit;
  }
  const tables = buildMonthTables(db, months, k);
  kept.set(key, tables);
  tables.catch(() => kept.delete(key));
  while (kept.size > MONTH_TABLES_KEPT) kept.delete(kept.keys().next().value!);
  return tables;
}

async function buildMonthTables(
  db: Kysely<Database>,
  months: readonly string[],
  k: number,
): Promise<MonthTables> {
  const snap = await readReleased(db, months, null);
  const units = selectReleasedUnits(
    snap.commuterMonths
      .filter((r) => r.mode === '_any')
      .map((r) => ({
        partnerId: r.partner_id,
        siteId: r.site_id,
        month: r.month,
        commuterId: r.commuter_id,
      })),
    k,
  );
  const released = (r: { partner_id: string; month: string }) =>
    units.partnerMonths.has(partnerMonthKey(r.partner_id, r.month));
  const network = snap.commuterMonths.filter(released);
  const byPartner = new Map<string, PartnerRows>();
  const partnerRows = (partnerId: string) => {
    let p = byPartner.get(partnerId);
    if (!p) byPartner.set(partnerId, (p = { rows: [], legs: [], trips: [], profiles: [] }));
    return p;
  };
  const all: PartnerRows = {
    rows: network,
    legs: snap.legs.filter(released),
    trips: snap.trips.filter(released),
    profiles: snap.profiles.filter(released),
  };
  for (const r of all.rows) partnerRows(r.partner_id).rows.push(r);
  for (const l of all.legs) partnerRows(l.partner_id).legs.push(l);
  for (const t of all.trips) partnerRows(t.partner_id).trips.push(t);
  for (const p of all.profiles) partnerRows(p.partner_id).profiles.push(p);
  const profileOf = new Map<string, ReleaseCommuterProfileTable>();
  for (const p of snap.profiles) profileOf.set(`${p.month}|${p.commuter_id}`, p);

  // A partition is a shown site-month, or the partner-month's rest (its commuters at sites not
  // shown and without a site): the leaves of the month's linked tables.
  const partitionOf = (r: { partner_id: string; site_id: string; month: string }): string => {
    const site = unitKey(r.partner_id, r.site_id, r.month);
    return units.siteMonths.has(site) ? site : unitKey(r.partner_id, '~rest', r.month);
  };
  const modeMembers = network.flatMap((r) => {
    if (r.mode === '_any' || r.mode === '_cycling') return [];
    const partition = partitionOf(r);
    const out: HierarchyMember[] = [];
    if (r.main_trips > 0)
      out.push({ partition, mode: r.mode, commuterId: r.commuter_id, kind: 'trips' });
    if (r.distance_km > 0)
      out.push({ partition, mode: r.mode, commuterId: r.commuter_id, kind: 'km' });
    return out;
  });

  // Members per partition-month of the commuters matching `pred`.
  const groupsOf = (pred: (r: ReleaseCommuterMonthTable) => boolean) => {
    const by = new Map<string, Set<string>>();
    for (const r of network) {
      if (!pred(r)) continue;
      const part = partitionOf(r);
      let set = by.get(part);
      if (!set) by.set(part, (set = new Set()));
      set.add(r.commuter_id);
    }
    return by;
  };
  const activeSets = groupsOf((r) => r.mode === '_any');
  const activeParts = new Map([...activeSets].map(([p, s]) => [p, s.size]));
  // Subgroups per partition-month (subgroup rule, withheldSubgroupPartitions): a subgroup of 1
  // to k-1 commuters, or beside 1 to k-1 other active commuters, is left out of that subgroup's
  // figures, so a period figure is a sum of released subgroup-months and never differs from the
  // all-commuter figures by a small group. Partitions, not unit-months: a partner-month is the
  // sum of its shown site-months and its rest, each checked on its own.
  const withheld = (pred: (r: ReleaseCommuterMonthTable) => boolean) =>
    withheldSubgroupPartitions(groupsOf(pred), activeParts, k);

  // Survey commuters per partition-month: active commuters whose baseline (as of the month's
  // end) exists. A partition-month of 1 to k-1 of them, or of 1 to k-1 active commuters without
  // one, gives no survey-based figure (subgroup rule), so neither the partner's (a sum of its
  // partitions) minus its shown sites' nor the all-commuter figures minus the survey commuters'
  // isolate 1 to k-1 commuters.
  const surveyParts = groupsOf(
    (r) => r.mode === '_any' && !!profileOf.get(`${r.month}|${r.commuter_id}`)?.baseline_legs,
  );
  const smallSurvey = withheldSubgroupPartitions(surveyParts, activeParts, k);
  const surveyOf = (month: string, commuterId: string) =>
    surveyOfProfile(profileOf, month, commuterId);
  const partRows = new Map<string, ReleaseCommuterMonthTable[]>();
  for (const r of network) {
    const part = partitionOf(r);
    if (smallSurvey.has(part) || !surveyParts.get(part)?.has(r.commuter_id)) continue;
    const list = partRows.get(part) ?? [];
    list.push(r);
    partRows.set(part, list);
  }
  const surveyPartitions: SurveyPartition[] = [...partRows]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partition, rows]) => ({
      partition,
      surveys: [...surveyParts.get(partition)!].sort().map((c) => surveyOf(rows[0]!.month, c)),
      summaries: summarize(rows, new Map()),
      activeCommuters: activeParts.get(partition)!,
    }));
  // The baseline split's leaves: every released partition's survey commuters, those of a
  // withheld subgroup too, so that the partner- and network-month cells sum them all. A row
  // whose survey subgroup breaks the subgroup rule at its own level (partition-, partner- or
  // network-month) starts hidden, and the hierarchy hides around it.
  const baselineLeaves: SurveyPartition[] = [...surveyParts]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([partition, set]) => ({
      partition,
      surveys: [...set].sort().map((c) => surveyOf(partition.split('|')[2]!, c)),
      summaries: [],
      activeCommuters: activeParts.get(partition)!,
    }));
  const forcedBaseline = new Set([...smallSurvey].map(partitionCellScope));
  const rollUp = (sets: Map<string, Set<string>>, level: (partition: string) => string) => {
    const out = new Map<string, Set<string>>();
    for (const [partition, set] of sets) {
      const key = level(partition);
      let union = out.get(key);
      if (!union) out.set(key, (union = new Set()));
      for (const c of set) union.add(c);
    }
    return out;
  };
  for (const level of [
    (p: string) => partnerCellScope(p.split('|')[0]!, p.split('|')[2]!),
    (p: string) => networkCellScope(p.split('|')[2]!),
  ]) {
    const active = rollUp(activeSets, level);
    for (const [key, set] of rollUp(surveyParts, level))
      if (!subgroupReleased(set.size, active.get(key)!.size, k)) forcedBaseline.add(key);
  }

  // Each month's hidden cells are decided on its own (hierarchicalHiddenCells), so they are
  // kept per frozen month and shared by every period that contains it.
  const stamps = await readMonthStamps(db, months);
  const monthOf = (partition: string) => partition.split('|')[2]!;
  const hiddenCells = new Set<string>();
  const baselineHidden = new Set<string>();
  const membersOf = groupBy(modeMembers, (m) => monthOf(m.partition));
  const leavesOf = groupBy(baselineLeaves, (p) => monthOf(p.partition));
  for (const month of months) {
    const hidden = monthHiddenCells(db, `${month}|${stamps.get(month) ?? ''}|${k}`, () => ({
      modes: hierarchicalHiddenCells(membersOf.get(month) ?? [], k),
      baseline: baselineHiddenCells(leavesOf.get(month) ?? [], forcedBaseline, k),
    }));
    for (const key of hidden.modes) hiddenCells.add(key);
    for (const key of hidden.baseline) baselineHidden.add(key);
  }

  return {
    snap,
    units,
    network,
    byPartner,
    all,
    partitionOf,
    profileOf,
    hiddenCells,
    modeCellCounts: countCellsByLevel(modeMembers, hiddenCells),
    withheld: {
      cycling: withheld((r) => r.mode === '_cycling' && r.days > 0),
      bike: withheld((r) => HEAT_BIKE.includes(r.mode) && r.distance_km > 0),
      walk: withheld((r) => r.mode === 'walk' && r.distance_km > 0),
      survey: smallSurvey,
    },
    surveyPartitions,
    baselineLeaves,
    baselineHidden,
  };
}

/** Items by key, in their order (Map.groupBy is Node 21+). */
function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(keyOf(item));
    if (list) list.push(item);
    else out.set(keyOf(item), [item]);
  }
  return out;
}

interface MonthHidden {
  modes: Set<string>;
  baseline: Set<string>;
}

/**
 * The hidden cells of frozen months, per database, keyed by month, the month's release stamp
 * and k: deciding a month's linked tables (hierarchicalHiddenCells, with its search for known
 * sums) is the costly part of a released answer, and a month's decision never changes until it
 * is re-released. Small (sets of cell keys), so many months are kept.
 */
const monthHiddenByDb = new WeakMap<Kysely<Database>, Map<string, MonthHidden>>();
const MONTH_HIDDEN_KEPT = 240;

function monthHiddenCells(
  db: Kysely<Database>,
  key: string,
  decide: () => MonthHidden,
): MonthHidden {
  let kept = monthHiddenByDb.get(db);
  if (!kept) monthHiddenByDb.set(db, (kept = new Map()));
  let hidden = kept.get(key);
  if (hidden) kept.delete(key);
  else hidden = decide();
  kept.set(key, hidden);
  while (kept.size > MONTH_HIDDEN_KEPT) kept.delete(kept.keys().next().value!);
  return hidden;
}

/** Most months a report or an indicator answer covers (the report's limit). */
const WARM_MONTHS = 36;

/**
 * Decides the hidden cells of the last released months with data ahead of the first request
 * (the server runs it after each background release), one month at a time with `between` in
 * between, so that the first report of a period reads them instead of deciding them.
 */
export async function warmReleasedMonths(
  db: Kysely<Database>,
  delayDays: number,
  nowIso: string,
  between: () => Promise<void> = async () => {},
  k: number = SUPPRESSION_K,
): Promise<number> {
  const range = await readDataRange(db, { partnerId: null, siteId: null });
  if (range === null) return 0;
  const months = releasedMonthsIn(
    `${range.from.slice(0, 7)}-01`,
    lastDayOf(range.to.slice(0, 7)),
    nowIso.slice(0, 10),
    delayDays,
  ).slice(-WARM_MONTHS);
  const stamps = await readMonthStamps(db, months);
  const kept = monthHiddenByDb.get(db);
  let n = 0;
  for (const month of months) {
    const stamp = stamps.get(month);
    if (stamp === undefined || kept?.has(`${month}|${stamp}|${k}`)) continue;
    await buildMonthTables(db, [month], k);
    n += 1;
    await between();
  }
  return n;
}

/** A commuter's baseline survey as of a month's end, from the month's profile. */
function surveyOfProfile(
  profileOf: ReadonlyMap<string, ReleaseCommuterProfileTable>,
  month: string,
  commuterId: string,
) {
  const p = profileOf.get(`${month}|${commuterId}`)!;
  return {
    commuterId,
    partnerId: p.partner_id,
    usualLegs: JSON.parse(p.baseline_legs!) as CommuteSurvey['usualLegs'],
    daysPerWeek: Number(p.baseline_days_per_week),
  };
}

/**
 * Reads the snapshots of `months` (released and frozen) and keeps the released units of the
 * scope. Pure apart from the read.
 */
export async function readReleasedInputs(
  db: Kysely<Database>,
  scope: IndicatorScope,
  months: readonly string[],
  k: number = SUPPRESSION_K,
): Promise<ReleasedInputs> {
  // Every partner's snapshot, even for one partner or site: the month's linked tables (network,
  // partners, partitions) are suppressed together (hierarchicalHiddenCells), so a partner's
  // hidden cells depend on the other partners' cells in the network's columns.
  const tables = await readMonthTables(db, months, k);
  const { units, partitionOf, profileOf, hiddenCells, withheld } = tables;
  // The scope's own released rows: the network's, or one partner's.
  const own: PartnerRows =
    scope.partnerId === null
      ? tables.all
      : (tables.byPartner.get(scope.partnerId) ?? { rows: [], legs: [], trips: [], profiles: [] });
  // The unit a row belongs to at the scope's level, or null when it is not released.
  const unitOf = (r: { partner_id: string; site_id: string; month: string }): string | null => {
    if (scope.siteId !== null) {
      if (r.site_id !== scope.siteId) return null;
      const key = unitKey(r.partner_id, r.site_id, r.month);
      return units.siteMonths.has(key) ? key : null;
    }
    return partnerMonthKey(r.partner_id, r.month);
  };
  const kept = scope.siteId === null ? own.rows : own.rows.filter((r) => unitOf(r) !== null);
  const shownUnits = new Set(kept.map((r) => unitOf(r)!));

  // The scope's own cell row of a month (docs/methodology.md#release-units): a site's
  // site-month, a partner's partner-month, the network's network-month.
  const scopeCellOf = (partnerId: string, siteId: string, month: string) =>
    scope.siteId !== null
      ? partitionCellScope(unitKey(partnerId, siteId, month))
      : scope.partnerId !== null
        ? partnerCellScope(partnerId, month)
        : networkCellScope(month);
  const partitionScopeCell = (partition: string): string | null => {
    const [partnerId, siteId, month] = partition.split('|') as [string, string, string];
    if (scope.partnerId !== null && partnerId !== scope.partnerId) return null;
    if (scope.siteId !== null && siteId !== scope.siteId) return null;
    return scopeCellOf(partnerId, siteId, month);
  };
  const inScope = (partitions: ReadonlySet<string>) =>
    [...partitions].filter((p) => partitionScopeCell(p) !== null).length;

  const summaries = summarize(
    kept.filter((r) => !(r.mode === '_cycling' && withheld.cycling.has(partitionOf(r)))),
    profileOf,
  );
  const heatBike = summarize(
    kept.filter((r) => !(HEAT_BIKE.includes(r.mode) && withheld.bike.has(partitionOf(r)))),
    profileOf,
  );
  const heatWalk = summarize(
    kept.filter((r) => !(r.mode === 'walk' && withheld.walk.has(partitionOf(r)))),
    profileOf,
  );

  const surveyPartitions = tables.surveyPartitions.filter(
    (p) => partitionScopeCell(p.partition) !== null,
  );
  // Each commuter's baseline as of the end of the last month of theirs in a partition with a
  // released survey subgroup (baseline.commuters counts these; the car figures are sums of the
  // partition-months, releasedCarFigures).
  const surveyMonth = new Map<string, string>();
  for (const p of surveyPartitions)
    for (const sv of p.surveys) {
      const month = p.partition.split('|')[2]!;
      const cur = surveyMonth.get(sv.commuterId);
      if (!cur || cur < month) surveyMonth.set(sv.commuterId, month);
    }
  const surveys: ReleasedInputs['surveys'] = [...surveyMonth]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([commuterId, month]) => surveyOfProfile(profileOf, month, commuterId));

  // Per-mode cells: hidden over the month's linked tables, read at the scope's own level.
  const isHidden = (r: { partner_id: string; site_id: string; month: string }, mode: string) =>
    hiddenCells.has(cellKey(scopeCellOf(r.partner_id, r.site_id, r.month), mode));
  const scopeCells = new Set(kept.map((r) => scopeCellOf(r.partner_id, r.site_id, r.month)));
  const hiddenInScope = [...hiddenCells]
    .map((key) => key.split('#') as [string, string])
    .filter(([cell]) => scopeCells.has(cell));
  const modeCells: ModeCells = {
    trips: {},
    distanceKm: {},
    hiddenTrips: 0,
    hiddenKm: 0,
    hiddenModes: [...new Set(hiddenInScope.map(([, mode]) => mode))].sort() as Mode[],
    partitionsWithHidden: new Set(hiddenInScope.map(([cell]) => cell)).size,
  };

  const legAgg = new Map<string, LegAggregate & { partnerId: string; timedKm: number }>();
  for (const l of own.legs) {
    if (unitOf(l) === null) continue;
    if (isHidden(l, l.mode)) modeCells.hiddenKm += l.distance_km;
    else
      modeCells.distanceKm[l.mode as Mode] =
        (modeCells.distanceKm[l.mode as Mode] ?? 0) + l.distance_km;
    const key = `${l.partner_id}|${l.mode}|${l.replaced_mode}`;
    const a = legAgg.get(key) ?? {
      partnerId: l.partner_id,
      mode: l.mode as Mode,
      replacedMode: l.replaced_mode === '' ? null : (l.replaced_mode as ReplacedMode),
      distanceKm: 0,
      durationMin: 0,
      legs: 0,
      timedKm: 0,
    };
    a.distanceKm += l.distance_km;
    a.durationMin += l.duration_min;
    a.timedKm += l.timed_distance_km;
    a.legs += l.legs;
    legAgg.set(key, a);
  }
  const legs = [...legAgg.values()].map(({ timedKm, ...a }) => ({
    ...a,
    durationMin: a.durationMin + estimateDurationMin(a.mode, Math.max(0, a.distanceKm - timedKm)),
  }));
  const tripAgg = new Map<string, TripAggregate & { partnerId: string }>();
  for (const t of own.trips) {
    if (unitOf(t) === null) continue;
    if (isHidden(t, t.main_mode)) modeCells.hiddenTrips += t.trips;
    else
      modeCells.trips[t.main_mode as Mode] = (modeCells.trips[t.main_mode as Mode] ?? 0) + t.trips;
    const key = `${t.partner_id}|${t.main_mode}`;
    const a = tripAgg.get(key) ?? {
      partnerId: t.partner_id,
      mainMode: t.main_mode as Mode,
      trips: 0,
    };
    a.trips += t.trips;
    tripAgg.set(key, a);
  }

  // Registered: commuters enrolled by the end of the last released month, in its shown units.
  const last = months[months.length - 1];
  const registered = new Map<string, number>();
  for (const p of own.profiles) {
    if (p.month !== last) continue;
    if (unitOf(p) === null) continue;
    registered.set(p.partner_id, (registered.get(p.partner_id) ?? 0) + 1);
  }

  const car = releasedCarFigures(surveyPartitions, k);
  return {
    legs,
    trips: [...tripAgg.values()],
    summaries,
    heat: { bike: heatBike, walk: heatWalk },
    surveys,
    registeredRows: [...registered].map(([partnerId, n]) => ({ partnerId, registered: n })),
    units,
    unitMonths: shownUnits.size,
    modeCells,
    baselineCells: releasedBaselineCells(
      tables.baselineLeaves,
      partitionScopeCell,
      tables.baselineHidden,
    ),
    modeCellCounts: tables.modeCellCounts,
    transitions: releasedTransitions(surveyPartitions, k),
    car,
    withheldSubgroups: {
      cyclists: inScope(withheld.cycling),
      heatCycling: inScope(withheld.bike),
      heatWalking: inScope(withheld.walk),
      surveys: inScope(withheld.survey),
      carReplacement: car.withheld.carReplacement,
      surveyKm: car.withheld.surveyKm,
    },
  };
}

/** Per-commuter period summaries from commuter-month rows (as readCommuterSummaries does). */
function summarize(
  rows: readonly ReleaseCommuterMonthTable[],
  /** Profiles by `month|commuter`, for age band and weight (empty: none needed). */
  profile: ReadonlyMap<string, { age_band: string | null; weight_kg: number | null }>,
): ScopedSummary[] {
  type Acc = { mainTrips: number; km: number; timedKm: number; minutes: number };
  const by = new Map<
    string,
    { partnerId: string; modes: Map<Mode, Acc>; active: number; cycling: number; lastMonth: string }
  >();
  for (const r of rows) {
    let c = by.get(r.commuter_id);
    if (!c)
      by.set(
        r.commuter_id,
        (c = {
          partnerId: r.partner_id,
          modes: new Map(),
          active: 0,
          cycling: 0,
          lastMonth: r.month,
        }),
      );
    if (r.month > c.lastMonth) c.lastMonth = r.month;
    if (r.mode === '_any') c.active += r.days;
    else if (r.mode === '_cycling') c.cycling += r.days;
    else {
      const a = c.modes.get(r.mode as Mode) ?? { mainTrips: 0, km: 0, timedKm: 0, minutes: 0 };
      a.mainTrips += r.main_trips;
      a.km += r.distance_km;
      a.timedKm += r.timed_distance_km;
      a.minutes += r.duration_min;
      c.modes.set(r.mode as Mode, a);
    }
  }
  const out: ScopedSummary[] = [];
  for (const [commuterId, c] of by) {
    // Age band and weight as of the last released month the commuter is in.
    const p = profile.get(`${c.lastMonth}|${commuterId}`);
    const s: ScopedSummary = {
      commuterId,
      partnerId: c.partnerId,
      ageBand: (p?.age_band ?? null) as AgeBand | null,
      weightKg: p?.weight_kg ?? null,
      tripsByMainMode: {},
      kmByMode: {},
      minutesByMode: {},
      measuredByMode: {},
      cyclingDays: c.cycling,
      activeDays: c.active,
    };
    for (const [mode, a] of c.modes) {
      if (a.mainTrips > 0) s.tripsByMainMode[mode] = a.mainTrips;
      s.kmByMode[mode] = a.km;
      s.minutesByMode[mode] = a.minutes + estimateDurationMin(mode, Math.max(0, a.km - a.timedKm));
      if (a.timedKm > 0)
        s.measuredByMode![mode] = { distanceKm: a.timedKm, durationMin: a.minutes };
    }
    out.push(s);
  }
  return out.sort((a, b) => a.commuterId.localeCompare(b.commuterId));
}

export interface ReleasedMonthRow {
  month: string;
  trips: Partial<Record<Mode, number>>;
  distanceKm: Partial<Record<Mode, number>>;
  activeCommuters: number | null;
  /** Trips and km of the modes hidden in the month (pooled rule), and which modes. */
  hidden: { trips: number; distanceKm: number; modes: Mode[] };
}

/**
 * The monthly series for an aggregate caller: one row per released month, each the sum of the
 * month's released units of the scope (null when none is released).
 */
export async function readReleasedMonthly(
  db: Kysely<Database>,
  scope: IndicatorScope,
  months: readonly string[],
): Promise<ReleasedMonthRow[]> {
  const inputsByMonth: ReleasedMonthRow[] = [];
  for (const month of months) {
    const r = await readReleasedInputs(db, scope, [month]);
    if (r.unitMonths === 0) {
      inputsByMonth.push({
        month,
        trips: {},
        distanceKm: {},
        activeCommuters: null,
        hidden: { trips: 0, distanceKm: 0, modes: [] },
      });
      continue;
    }
    // Only the shown mode cells; the hidden ones pooled (docs/methodology.md#release-units).
    const m = r.modeCells;
    inputsByMonth.push({
      month,
      trips: { ...m.trips },
      distanceKm: { ...m.distanceKm },
      activeCommuters: r.summaries.length,
      hidden: { trips: m.hiddenTrips, distanceKm: m.hiddenKm, modes: m.hiddenModes },
    });
  }
  return inputsByMonth;
}

/**
 * Every indicator for an aggregate caller: computed from the released units of `months` only,
 * with subgroups withheld and distinct counts rounded. null when no unit of the scope is
 * released in those months (the caller says why).
 */
export async function computeReleasedIndicators(
  db: Kysely<Database>,
  scope: IndicatorScope,
  months: readonly string[],
  factorSet: FactorSet,
  partners: Map<string, Partner>,
): Promise<IndicatorResult | null> {
  if (months.length === 0) return null;
  const narrowed = { ...scope, from: `${months[0]}-01`, to: lastDayOf(months[months.length - 1]!) };
  const released = await readReleasedInputs(db, narrowed, months);
  if (released.unitMonths === 0) return null;
  const full = await computeIndicators(db, narrowed, factorSet, partners, 'rollups', { released });
  const result = roundDistinctCounts(withholdSubgroups(full, false), months.length);
  // Partners of the network with no released partner-month in the period.
  const shownPartners = new Set([...released.units.partnerMonths].map((k) => k.split('|')[0]!));
  result.excludedPartners =
    scope.partnerId === null
      ? [...partners.keys()].filter((id) => !shownPartners.has(id)).length
      : 0;
  const scopeUnits = scope.siteId !== null ? 'site-months' : 'partner-months';
  const leftOut =
    scope.siteId !== null
      ? [...released.units.commuters.keys()].filter(
          (k) =>
            k.split('|').length === 3 &&
            k.split('|')[1] === scope.siteId &&
            !released.units.siteMonths.has(k),
        ).length
      : [...released.units.commuters.keys()].filter(
          (k) => k.split('|').length === 2 && !released.units.partnerMonths.has(k),
        ).length;
  if (leftOut > 0)
    result.suppressed.push({
      what: `${leftOut} ${scopeUnits} left out of these figures`,
      reason: `fewer than ${SUPPRESSION_K} active commuters in the month, or (a site) would give away the rest of its partner`,
      code: scope.siteId !== null ? 'site_months_left_out' : 'partner_months_left_out',
      count: leftOut,
    });
  const sub = released.withheldSubgroups;
  // A subgroup left out of every unit-month is no block at all (null), as for a single answer;
  // left out of some, the block sums the others and says so.
  const subgroup = (
    n: number,
    empty: boolean,
    what: string,
    who: string,
    code: SuppressionCode,
    clear: () => void,
  ) => {
    if (n === 0) return;
    if (empty) {
      clear();
      result.suppressed.push({ what, reason: `fewer than ${SUPPRESSION_K} ${who}`, code });
    } else
      result.suppressed.push({
        what: `${what}: ${n} ${scopeUnits} left out`,
        reason: `fewer than ${SUPPRESSION_K} ${who} in the month`,
        code,
        count: n,
      });
  };
  subgroup(
    sub.cyclists,
    !result.activity.cyclists,
    'cycling days and cyclists',
    'commuters with cycling days',
    'cycling_days',
    () => {
      result.activity = { ...result.activity, cyclingDays: null, cyclists: null };
    },
  );
  subgroup(
    sub.heatCycling,
    !result.health.cycling?.people,
    'health (HEAT) figures for cycling',
    'cyclists',
    'heat_cycling',
    () => {
      result.health = { ...result.health, cycling: null };
    },
  );
  subgroup(
    sub.heatWalking,
    !result.health.walking?.people,
    'health (HEAT) figures for walking',
    'walkers',
    'heat_walking',
    () => {
      result.health = { ...result.health, walking: null };
    },
  );
  // Car figures left out of every partition-month are no figure (null); the survey km then has
  // no commuter compared, and its per-week sum is 0 over 0 commuters.
  subgroup(
    sub.carReplacement,
    result.modalShift.carReplacementRate === null,
    'car-replacement rate',
    'baseline car drivers with trips',
    'car_replacement',
    () => {},
  );
  subgroup(
    sub.surveyKm,
    result.carKmSubstituted.surveyCommuters === 0,
    'survey-based car-km substituted',
    'commuters with car-driver km at baseline or in the month',
    'survey_car_km',
    () => {},
  );
  subgroup(
    sub.surveys,
    result.baseline.commuters === 0,
    'survey-based figures',
    'commuters with a baseline survey',
    'survey_figures',
    () => {},
  );
  if (months.length > 1)
    result.suppressed.push({
      what: 'counts of distinct commuters over several months',
      reason: 'rounded to the nearest 5, with the averages taken over the rounded counts',
      code: 'distinct_counts_rounded',
    });
  return result;
}

/** Per (partner, site, commuter) fingerprints of a month's snapshot: their rows and profile. */
function fingerprints(snap: MonthSnapshot): CommuterFingerprint[] {
  const by = new Map<string, string[]>();
  const add = (partnerId: string, siteId: string, commuterId: string, part: string) => {
    const key = `${partnerId}|${siteId}|${commuterId}`;
    const list = by.get(key) ?? [];
    list.push(part);
    by.set(key, list);
  };
  for (const r of snap.commuterMonths)
    add(
      r.partner_id,
      r.site_id,
      r.commuter_id,
      JSON.stringify([
        r.mode,
        r.main_trips,
        r.legs,
        r.commute_legs,
        r.distance_km,
        r.timed_distance_km,
        r.duration_min,
        r.days,
      ]),
    );
  for (const p of snap.profiles)
    add(
      p.partner_id,
      p.site_id,
      p.commuter_id,
      JSON.stringify([
        'profile',
        p.age_band,
        p.weight_kg,
        p.baseline_legs,
        p.baseline_days_per_week,
      ]),
    );
  return [...by].map(([key, parts]) => {
    const [partnerId, siteId, commuterId] = key.split('|') as [string, string, string];
    return { partnerId, siteId, commuterId, fingerprint: parts.sort().join('\n') };
  });
}

export type RereleaseOutcome =
  | { status: 'released' }
  | { status: 'unchanged' }
  | { status: 'replaced'; changedCommuters: number }
  | { status: 'refused'; units: Array<{ unit: string; changedCommuters: number }> };

/**
 * `npm run release -- --month M --rerelease`: rebuilds the month's snapshot from the live data
 * and replaces the frozen one only under the re-release rule (rereleaseViolations). A month
 * never released is simply frozen.
 */
export async function rereleaseMonth(
  db: Kysely<Database>,
  month: string,
  nowIso: string,
): Promise<RereleaseOutcome> {
  if (!(await readFrozenMonths(db, [month])).has(month)) {
    await freezeMonth(db, month, nowIso);
    return { status: 'released' };
  }
  const before = fingerprints(await readStoredSnapshot(db, month));
  const next = await buildMonthSnapshot(db, month);
  const after = fingerprints(next);
  const units = rereleaseViolations(before, after);
  if (units.length > 0) return { status: 'refused', units };
  const beforeMap = new Map(
    before.map((f) => [`${f.partnerId}|${f.siteId}|${f.commuterId}`, f.fingerprint]),
  );
  const changed = new Set<string>();
  for (const f of after)
    if (beforeMap.get(`${f.partnerId}|${f.siteId}|${f.commuterId}`) !== f.fingerprint)
      changed.add(f.commuterId);
  const afterKeys = new Set(after.map((f) => `${f.partnerId}|${f.siteId}|${f.commuterId}`));
  for (const f of before)
    if (!afterKeys.has(`${f.partnerId}|${f.siteId}|${f.commuterId}`)) changed.add(f.commuterId);
  if (changed.size === 0) return { status: 'unchanged' };
  await replaceSnapshot(db, month, next, nowIso);
  return { status: 'replaced', changedCommuters: changed.size };
}

/**
 * The data range an aggregate caller is told: whole months, from the first month with a trip to
 * the last *released* month with a trip (the first and last day with a trip are facts about
 * single commuters' days; a released month without trips after the data is no data).
 */
export async function readReleasedDataRange(
  db: Kysely<Database>,
  scope: { partnerId: string | null; siteId: string | null },
  today: string,
  delayDays: number,
): Promise<{ from: string; to: string } | null> {
  const range = await readDataRange(db, scope, firstUnreleasedDay(today, delayDays));
  if (range === null) return null;
  return { from: `${range.from.slice(0, 7)}-01`, to: lastDayOf(range.to.slice(0, 7)) };
}
