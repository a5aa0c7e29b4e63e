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
 * `before` and at `end` and the last rows of totals that stopped in between (what
 * `holdsAcross` keeps); a commuter-mode without a day in the run is left out.
 */
export function cumDifferences(rows: readonly CumRow[], before: number): CumDifference[] {
  const out: CumDifference[] = [];
  const atBefore = new Map<string, CumRow>();
  for (const r of rows)
    if (Number(r.month_no) === before) atBefore.set(`${r.commuter_id}|${r.mode}`, r);
  for (const e of rows) {
    if (Number(e.month_no) === before) continue;
    const b = atBefore.get(`${e.commuter_id}|${e.mode}`);
    const days = Number(e.days) - Number(b?.days ?? 0);
    if (days <= 0) continue;
    out.push({
      commuter_id: e.commuter_id,
      mode: e.mode,
      main_trips: Number(e.main_trips) - Number(b?.main_trips ?? 0),
      distance_km: Number(e.distance_km) - Number(b?.distance_km ?? 0),
      timed_distance_km: Number(e.timed_distance_km) - Number(b?.timed_distance_km ?? 0),
      duration_min: Number(e.duration_min) - Number(b?.duration_min ?? 0),
      days,
    });
  }
  return out;
}

/**
 * The rows `cumDifferences` needs from a commuter's running totals: those at `before` and at
 * `end`, and the last rows (`isLast`) of totals that stopped in between. The same condition as
 * the SQL read of repositories/indicators.ts.
 */
export function holdsAcross(
  monthNo: number,
  isLast: boolean,
  before: number,
  end: number,
): boolean {
  return monthNo === before || monthNo === end || (isLast && monthNo > before && monthNo < end);
}

type Sums = { mainTrips: number; km: number; timedKm: number; minutes: number };

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
    else
      this.add(r.commuter_id, r.mode as Mode, {
        mainTrips: Number(r.main_trips),
        km: withoutResidue(Number(r.distance_km)),
        timedKm: withoutResidue(Number(r.timed_distance_km)),
        minutes: withoutResidue(Number(r.duration_min)),
      });
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
    for (const [commuterId, modes] of this.perMode) {
      const p = profileOf(commuterId);
      const s: ScopedSummary = {
        commuterId,
        partnerId: p?.partnerId ?? '',
        ageBand: p?.ageBand ?? null,
        weightKg: p?.weightKg ?? null,
        tripsByMainMode: {},
        kmByMode: {},
        minutesByMode: {},
        measuredByMode: {},
        cyclingDays: this.cyclingDays.get(commuterId) ?? 0,
        activeDays: this.activeDays.get(commuterId) ?? 0,
      };
      // Modes in one order whichever rows came first: the per-commuter figures sum over them.
      for (const [mode, a] of [...modes].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
        if (a.mainTrips > 0) s.tripsByMainMode[mode] = a.mainTrips;
        s.kmByMode[mode] = a.km;
        s.minutesByMode[mode] =
          a.minutes + estimateDurationMin(mode, Math.max(0, a.km - a.timedKm));
        if (a.timedKm > 0)
          s.measuredByMode![mode] = { distanceKm: a.timedKm, durationMin: a.minutes };
      }
      out.push(s);
    }
    return out.sort((a, b) =>
      a.commuterId < b.commuterId ? -1 : a.commuterId > b.commuterId ? 1 : 0,
    );
  }
}
