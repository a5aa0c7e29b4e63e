import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { readChangedCommuters, readDataVersion } from '../repositories/data-versions.js';
import {
  countRegistered,
  readCommuterSummaries,
  readLegAggregates,
  readSurveys,
  readTripAggregates,
  type IndicatorScope,
} from '../repositories/indicators.js';
import type { FactorSet } from '../indicators/index.js';
import type { Partner } from '../repositories/partners.js';
import { splitPeriod } from '../domain/period.js';
import {
  KeptPartnerRows,
  keptSummaries,
  keptSurveys,
  type PartnerRows,
} from './kept-partner-rows.js';
import {
  byCommuterId,
  indicatorsFromInputs,
  readLiveInputs,
  type IndicatorResult,
  type LiveInputs,
} from './indicators.js';

/** How the inputs of an answer were had: kept as they were, changed commuters re-read, or all. */
export type InputsRead = { how: 'kept' | 'incremental' | 'full'; reread: number; version: number };

/**
 * The inputs of own-staff answers (issue 14), kept per partner scope and period with the
 * partner's data version they were read at. When the version has moved, the change log
 * (data_changes, written in each write's transaction by whichever app server wrote) names the
 * commuters whose data changed; only their summaries and surveys are re-read, the small
 * aggregates (legs, trips, registered) are read again in full, and the rest is kept. The
 * per-commuter lists stay in commuterId order, so the answer is the one a full read gives.
 * Network scopes (every partner's versions) are read in full.
 */
export class LiveInputsCache {
  private readonly entries = new Map<string, { version: number; inputs: LiveInputs }>();
  /** Summaries and surveys held over all entries: what the memory bound counts. */
  private held = 0;
  constructor(
    /**
     * At most this many per-commuter rows (summaries plus surveys) over all kept periods, about
     * 1 KB each with the activity figures kept beside them: 150,000 is some 150 MB at most, a
     * dozen periods of a 3,500-commuter partner. A whole-month period not kept is computed
     * from the partner's kept rows (KeptPartnerRows); another one is read in full.
     */
    private readonly maxHeld = 150_000,
    /** Past this many changed commuters a full read is about as cheap, and bounds the request. */
    private readonly maxChanged = 500,
    /** Partners' running totals and surveys, from which a period not kept is computed. */
    private readonly partnerRows = new KeptPartnerRows(),
  ) {}

  async read(
    db: Kysely<Database>,
    scope: IndicatorScope,
  ): Promise<{ inputs: LiveInputs; read: InputsRead }> {
    if (scope.partnerId === null)
      return {
        inputs: await readLiveInputs(db, scope),
        read: { how: 'full', reread: 0, version: 0 },
      };
    const key = JSON.stringify([scope.partnerId, scope.siteId, scope.from, scope.to]);
    // The version before the data: inputs read after it are at least as new as it says, and a
    // commuter written meanwhile is logged after it and re-read next time.
    const version = await readDataVersion(db, scope.partnerId);
    const kept = this.entries.get(key);
    if (kept && kept.version === version) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return { inputs: kept.inputs, read: { how: 'kept', reread: 0, version } };
    }
    const changed = kept
      ? await readChangedCommuters(db, scope.partnerId, kept.version, version, this.maxChanged)
      : 'all';
    let inputs: LiveInputs;
    let read: InputsRead;
    // A partner's run of whole months: its commuters' rows come from the kept partner rows.
    const { months, dayRanges } = splitPeriod(scope.from, scope.to);
    const rows =
      months && dayRanges.length === 0 && scope.siteId === null
        ? { months, of: await this.partnerRows.at(db, scope.partnerId, version) }
        : null;
    if (kept === undefined || changed === 'all') {
      inputs = rows
        ? await readFromRows(db, scope, rows.of, rows.months)
        : await readLiveInputs(db, scope);
      read = { how: 'full', reread: inputs.summaries.length, version };
    } else {
      inputs = await this.reread(db, scope, kept.inputs, changed, rows);
      read = { how: 'incremental', reread: changed.length, version };
    }
    this.forget(key);
    const size = sizeOf(inputs);
    // Least recently used first out (a Map iterates in insertion order; a hit is re-inserted).
    for (const [oldest] of this.entries) {
      if (this.held + size <= this.maxHeld) break;
      this.forget(oldest);
    }
    if (size <= this.maxHeld) {
      this.entries.set(key, { version, inputs });
      this.held += size;
    }
    return { inputs, read };
  }

  /** New lists (the kept ones may still be in use): the changed commuters' entries replaced. */
  private async reread(
    db: Kysely<Database>,
    scope: IndicatorScope,
    kept: LiveInputs,
    changed: string[],
    rows: { months: [string, string]; of: PartnerRows } | null,
  ): Promise<LiveInputs> {
    const gone = new Set(changed);
    const legs = await readLegAggregates(db, scope);
    const trips = await readTripAggregates(db, scope);
    const summaries = rows
      ? keptSummaries(rows.of, rows.months, changed)
      : await readCommuterSummaries(db, scope, changed);
    const surveys = rows
      ? keptSurveys(rows.of, scope.to, changed)
      : await readSurveys(db, scope, 'baseline', scope.to, changed);
    const registeredRows = await countRegistered(db, scope);
    return {
      legs,
      trips,
      registeredRows,
      // Sorting a list that is sorted but for a few entries at its end is one merge pass.
      summaries: byCommuterId(
        kept.summaries.filter((s) => !gone.has(s.commuterId)).concat(summaries),
      ),
      surveys: byCommuterId(kept.surveys.filter((s) => !gone.has(s.commuterId)).concat(surveys)),
    };
  }

  private forget(key: string): void {
    const kept = this.entries.get(key);
    if (kept === undefined) return;
    this.entries.delete(key);
    this.held -= sizeOf(kept.inputs);
  }

  /** Full reads of a partner's rows since the start (for tests and metrics). */
  get partnerFullReads(): number {
    return this.partnerRows.fullReads;
  }

  /** Per-commuter rows kept now (for tests and metrics). */
  get size(): number {
    return this.held;
  }

  clear(): void {
    this.entries.clear();
    this.held = 0;
    this.partnerRows.clear();
  }
}

/** A partner's whole-month inputs from its kept rows; the small aggregates from the database. */
async function readFromRows(
  db: Kysely<Database>,
  scope: IndicatorScope,
  rows: PartnerRows,
  months: [string, string],
): Promise<LiveInputs> {
  return {
    legs: await readLegAggregates(db, scope),
    trips: await readTripAggregates(db, scope),
    registeredRows: await countRegistered(db, scope),
    summaries: keptSummaries(rows, months),
    surveys: keptSurveys(rows, scope.to),
  };
}

function sizeOf(inputs: LiveInputs): number {
  return inputs.summaries.length + inputs.surveys.length;
}

/** An own-staff answer from kept inputs: what computeIndicators gives, for less reading. */
export async function computeKeptIndicators(
  db: Kysely<Database>,
  cache: LiveInputsCache,
  scope: IndicatorScope,
  factorSet: FactorSet,
  partners: Map<string, Partner>,
): Promise<IndicatorResult> {
  const { inputs } = await cache.read(db, scope);
  return indicatorsFromInputs(scope, inputs, factorSet, partners);
}
