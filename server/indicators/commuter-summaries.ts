import type { AgeBand } from '../domain/age-bands.js';
import { withoutResidue } from '../domain/commuter-cum.js';
import type { Mode } from '../domain/modes.js';
import { estimateDurationMin } from './speeds.js';
import type { CommuterPeriodSummary } from './types.js';

/**
 * Commuter summaries from rollup rows, with no database: the one place their arithmetic lives,
 * whether the rows were just read (repositories/indicators.ts) or are kept in memory between
 * requests (services/live-inputs.ts), so both give the same summaries to the last bit.
 */

export type ScopedSummary = CommuterPeriodSummary & { partnerId: string };

/** What a summary takes from the commuter's profile. */
export interface SummaryProfile {
  partnerId: string;
  ageBand: AgeBand | null;
  weightKg: number | null;
}

/** One running-total row of rollup_commuter_cum (mode '_any' and '_cycling' count days). */
export interface CumRow {
  commuter_id: string;
  mode: string;
  month_no: number;
  main_trips: number;
  distance_km: number;
  timed_distance_km: number;
  duration_min: number;
  days: number;
}

/** A commuter-mode's sums over a run of whole months. */
export type CumDifference = Omit<CumRow, 'month_no'>;

/**
 * Per commuter and mode, the sums over the months after `before` up to `end` (month numbers):
 * the running total that holds at `end` minus the one at `before`. `rows` are the rows at
 * `before` and at `end` and the last rows of totals that stopped in between (as
 * summaryOfChains picks them from one chain); a commuter-mode without a day in the run is left
 * out.
 */
export function cumDifferences(rows: readonly CumRow[], before: number): CumDifference[] {
  const out: CumDifference[] = [];
  const atBefore = new Map<string, CumRow>();
  for (const r of rows)
    if (Number(r.month_no) === before) atBefore.set(`${r.commuter_id}|${r.mode}`, r);
  for (const e of rows) {
    if (Number(e.month_no) === before) continue;
    const d = differenceOf(e, atBefore.get(`${e.commuter_id}|${e.mode}`));
    if (d !== null) out.push(d);
  }
  return out;
}

export type Sums = { mainTrips: number; km: number; timedKm: number; minutes: number };

/** A mode's sums from a running-total difference (a float residue of a difference is 0). */
export function sumsOfDifference(r: CumDifference): Sums {
  return {
    mainTrips: Number(r.main_trips),
    km: withoutResidue(Number(r.distance_km)),
    timedKm: withoutResidue(Number(r.timed_distance_km)),
    minutes: withoutResidue(Number(r.duration_min)),
  };
}

/** Sums rollup rows per commuter and mode, then builds one summary per commuter. */
export class SummaryAccumulator {
  private readonly perMode = new Map<string, Map<Mode, Sums>>();
  private readonly activeDays = new Map<string, number>();
  private readonly cyclingDays = new Map<string, number>();

  add(commuterId: string, mode: Mode, a: Sums): void {
    let modes = this.perMode.get(commuterId);
    if (!modes) this.perMode.set(commuterId, (modes = new Map()));
    const cur = modes.get(mode) ?? { mainTrips: 0, km: 0, timedKm: 0, minutes: 0 };
    cur.mainTrips += a.mainTrips;
    cur.km += a.km;
    cur.timedKm += a.timedKm;
    cur.minutes += a.minutes;
    modes.set(mode, cur);
  }

  addActiveDays(commuterId: string, n: number): void {
    this.activeDays.set(commuterId, (this.activeDays.get(commuterId) ?? 0) + n);
  }

  addCyclingDays(commuterId: string, n: number): void {
    this.cyclingDays.set(commuterId, (this.cyclingDays.get(commuterId) ?? 0) + n);
  }

  /** A running-total difference: days for '_any' and '_cycling', sums for a mode. */
  addDifference(r: CumDifference): void {
    if (r.mode === '_any') this.addActiveDays(r.commuter_id, Number(r.days));
    else if (r.mode === '_cycling') this.addCyclingDays(r.commuter_id, Number(r.days));
    else this.add(r.commuter_id, r.mode as Mode, sumsOfDifference(r));
  }

  /** The commuters with a sum of some mode: those a summary is built for. */
  commuterIds(): string[] {
    return [...this.perMode.keys()];
  }

  /**
   * One summary per commuter with a mode's sums, in commuterId order (the order the indicators
   * sum them in); `profileOf` gives the partner, age band and weight (none: left blank).
   */
  build(profileOf: (commuterId: string) => SummaryProfile | undefined): ScopedSummary[] {
    const out: ScopedSummary[] = [];
    for (const [commuterId, modes] of this.perMode)
      out.push(
        summaryOf(
          commuterId,
          profileOf(commuterId),
          // Modes in one order whichever rows came first: the per-commuter figures sum over them.
          [...modes].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)),
          this.activeDays.get(commuterId) ?? 0,
          this.cyclingDays.get(commuterId) ?? 0,
        ),
      );
    return out.sort((a, b) =>
      a.commuterId < b.commuterId ? -1 : a.commuterId > b.commuterId ? 1 : 0,
    );
  }
}

/** One commuter's summary from its sums per mode, given in mode order. */
export function summaryOf(
  commuterId: string,
  profile: SummaryProfile | undefined,
  modes: ReadonlyArray<readonly [Mode, Sums]>,
  activeDays: number,
  cyclingDays: number,
): ScopedSummary {
  const s = emptySummary(commuterId, profile, activeDays, cyclingDays);
  for (const [mode, a] of modes) addMode(s, mode, a.mainTrips, a.km, a.timedKm, a.minutes);
  return s;
}

function emptySummary(
  commuterId: string,
  profile: SummaryProfile | undefined,
  activeDays: number,
  cyclingDays: number,
): ScopedSummary {
  return {
    commuterId,
    partnerId: profile?.partnerId ?? '',
    ageBand: profile?.ageBand ?? null,
    weightKg: profile?.weightKg ?? null,
    tripsByMainMode: {},
    kmByMode: {},
    minutesByMode: {},
    measuredByMode: {},
    cyclingDays,
    activeDays,
  };
}

/** A mode's sums into a summary: its trips, km, minutes (unmeasured km at the default speed). */
function addMode(
  s: ScopedSummary,
  mode: Mode,
  mainTrips: number,
  km: number,
  timedKm: number,
  minutes: number,
): void {
  if (mainTrips > 0) s.tripsByMainMode[mode] = mainTrips;
  s.kmByMode[mode] = km;
  s.minutesByMode[mode] = minutes + estimateDurationMin(mode, Math.max(0, km - timedKm));
  if (timedKm > 0) s.measuredByMode![mode] = { distanceKm: timedKm, durationMin: minutes };
}

/**
 * One commuter's summary over the months after `before` up to `end`, straight from its chains
 * of running totals (one per mode, in mode order): what the
 * chains' differences (differenceOf), sumsOfDifference and summaryOf give, the same arithmetic in the same order,
 * without an object per mode. It runs per commuter of every period a dashboard asks for (3,500
 * commuters at a campaign's partner), where those objects were half its time. Null: no mode
 * with a day in the run.
 */
export function summaryOfChains(
  commuterId: string,
  profile: SummaryProfile | undefined,
  chains: ReadonlyArray<readonly [string, readonly CumRow[]]>,
  before: number,
  end: number,
): ScopedSummary | null {
  let activeDays = 0;
  let cyclingDays = 0;
  let s: ScopedSummary | null = null;
  for (const [mode, chain] of chains) {
    const e = rowHoldingAt(chain, before, end);
    if (e === undefined) continue;
    const b = rowAt(chain, before);
    const days = e.days - (b?.days ?? 0);
    if (days <= 0) continue;
    if (mode === '_any') activeDays += days;
    else if (mode === '_cycling') cyclingDays += days;
    else {
      s ??= emptySummary(commuterId, profile, 0, 0);
      addMode(
        s,
        mode as Mode,
        e.main_trips - (b?.main_trips ?? 0),
        withoutResidue(e.distance_km - (b?.distance_km ?? 0)),
        withoutResidue(e.timed_distance_km - (b?.timed_distance_km ?? 0)),
        withoutResidue(e.duration_min - (b?.duration_min ?? 0)),
      );
    }
  }
  if (s === null) return null;
  s.activeDays = activeDays;
  s.cyclingDays = cyclingDays;
  return s;
}

/**
 * The row of one commuter-mode's chain of running totals (in month order, dense from its first
 * month to its last) that holds at `end`: the row of `end`, or the chain's last row before it;
 * none when the chain has no month in the run after `before`. The sums over the run are that
 * row minus the row of `before` (differenceOf), as cumDifferences takes them.
 */
function rowHoldingAt(chain: readonly CumRow[], before: number, end: number): CumRow | undefined {
  if (chain.length === 0) return undefined;
  const last = chain[chain.length - 1]!;
  // The chain stops before the run or starts after it: no day in it.
  if (last.month_no <= before || chain[0]!.month_no > end) return undefined;
  return last.month_no < end ? last : rowAt(chain, end);
}

/** The running total `e` minus the one before the run (none: zero); null without a day. */
function differenceOf(e: CumRow, b: CumRow | undefined): CumDifference | null {
  const days = Number(e.days) - Number(b?.days ?? 0);
  if (days <= 0) return null;
  return {
    commuter_id: e.commuter_id,
    mode: e.mode,
    main_trips: Number(e.main_trips) - Number(b?.main_trips ?? 0),
    distance_km: Number(e.distance_km) - Number(b?.distance_km ?? 0),
    timed_distance_km: Number(e.timed_distance_km) - Number(b?.timed_distance_km ?? 0),
    duration_min: Number(e.duration_min) - Number(b?.duration_min ?? 0),
    days,
  };
}

/** The row of month `m` in a chain in month order (binary search), if there is one. */
function rowAt(chain: readonly CumRow[], m: number): CumRow | undefined {
  let lo = 0;
  let hi = chain.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = chain[mid]!.month_no;
    if (x === m) return chain[mid];
    if (x < m) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}
