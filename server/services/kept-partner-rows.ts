import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { monthNo } from '../domain/commuter-cum.js';
import {
  type CumRow,
  type ScopedSummary,
  type SummaryProfile,
  summaryOfChains,
} from '../indicators/commuter-summaries.js';
import type { CommuteSurvey } from '../indicators/types.js';
import { readChangedCommuters } from '../repositories/data-versions.js';
import {
  type DatedSurvey,
  readBaselineHistory,
  readCommuterCumRows,
  readSummaryProfiles,
} from '../repositories/indicators.js';

/**
 * One commuter's rows as kept: every running total as chains (one per mode, in mode order, each
 * in month order), the profile, every baseline survey.
 */
interface KeptCommuter {
  chains: Array<[string, CumRow[]]>;
  rows: number;
  profile: SummaryProfile | undefined;
  baselines: DatedSurvey[];
}

/** A partner's rows at a data version (or newer: a write may land while they are read). */
export interface PartnerRows {
  partnerId: string;
  version: number;
  /** The commuters' rows by id: the last full read, then what changed since (see `changes`). */
  base: Map<string, KeptCommuter>;
  /** Commuters re-read since the base (null: gone); looked up before the base. */
  changes: Map<string, KeptCommuter | null>;
  /** The commuters in commuterId order: the order of the summaries. */
  ids: string[];
  /** Running-total rows plus surveys held: what the memory bound counts. */
  size: number;
}

/**
 * Past this many commuters changed since the base, a new base is made. Until then a write costs
 * a copy of the small change map, not of a map of every commuter: each write's answer keeps a
 * consistent set of rows (answers built from the older set may still be running), and a copy of
 * 3,500 entries per write was a third of what an answer after a write allocated.
 */
const MAX_CHANGES = 256;

function commuterOf(rows: PartnerRows, id: string): KeptCommuter | undefined {
  const changed = rows.changes.get(id);
  return changed === undefined ? rows.base.get(id) : (changed ?? undefined);
}

const sizeOf = (c: KeptCommuter | null | undefined) => (c ? c.rows + c.baselines.length : 0);
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every running total (rollup_commuter_cum), profile and baseline survey of a partner's
 * commuters, kept in memory and brought forward by the change log (data_changes): the inputs of
 * an own-staff answer over any run of whole months are then computed here, for any period, with
 * no read of the commuters. A dashboard varies its period (a month, 12 months, the project, a
 * custom range), and each period read from the database costs a read of every active commuter
 * (about 150 ms of CPU for 3,500 commuters); from these rows, a few milliseconds. About 120,000
 * running-total rows for a partner of 3,500 commuters over two years (some 15 MB).
 */
export class KeptPartnerRows {
  private readonly partners = new Map<string, PartnerRows>();
  private held = 0;

  constructor(
    /** Rows (running totals and surveys) over all partners kept, the least recently used out. */
    private readonly maxRows = 1_000_000,
    /** Past this many changed commuters the partner is read again in full. */
    private readonly maxChanged = 500,
    /** Past this many commuters changed since the last base, a new base (tests make it small). */
    private readonly maxChanges = MAX_CHANGES,
  ) {}

  /** Reads in flight per partner: concurrent requests wait for one read instead of each reading. */
  private readonly reading = new Map<string, Promise<PartnerRows>>();
  /** Reads of a partner's rows in full, since the start (tests, metrics). */
  fullReads = 0;

  /**
   * The partner's rows at `version` or newer, changed commuters re-read since last time. One
   * read per partner at a time: at a server's start a hundred dashboard requests arrive
   * together, and each reading the whole partner (150 ms of CPU at 3,500 commuters) stalled the
   * process for seconds.
   */
  async at(db: Kysely<Database>, partnerId: string, version: number): Promise<PartnerRows> {
    for (;;) {
      const kept = this.partners.get(partnerId);
      // Newer than asked is as good: a request that read its version before a write another
      // request has since brought in.
      if (kept && kept.version >= version) {
        this.touch(kept);
        return kept;
      }
      const pending = this.reading.get(partnerId);
      if (pending === undefined) break;
      const read = await pending.catch(() => null);
      if (read && read.version >= version) return read;
    }
    const read = this.bringForward(db, partnerId, version);
    this.reading.set(partnerId, read);
    try {
      return await read;
    } finally {
      if (this.reading.get(partnerId) === read) this.reading.delete(partnerId);
    }
  }

  private async bringForward(
    db: Kysely<Database>,
    partnerId: string,
    version: number,
  ): Promise<PartnerRows> {
    const kept = this.partners.get(partnerId);
    const changed = kept
      ? await readChangedCommuters(db, partnerId, kept.version, version, this.maxChanged)
      : 'all';
    let rows: PartnerRows;
    if (kept === undefined || changed === 'all') {
      this.fullReads += 1;
      const base = await readCommuters(db, partnerId);
      let size = 0;
      for (const c of base.values()) size += sizeOf(c);
      rows = {
        partnerId,
        version,
        base,
        changes: new Map(),
        ids: [...base.keys()].sort(byId),
        size,
      };
    } else {
      const fresh = await readCommuters(db, partnerId, changed);
      const changes = new Map(kept.changes);
      let size = kept.size;
      let sameIds = true;
      for (const id of changed) {
        const before = commuterOf(kept, id);
        const after = fresh.get(id) ?? null;
        size += sizeOf(after) - sizeOf(before);
        if ((before === undefined) !== (after === null)) sameIds = false;
        changes.set(id, after);
      }
      rows = { partnerId, version, base: kept.base, changes, ids: kept.ids, size };
      if (changes.size > this.maxChanges) {
        const base = new Map(kept.base);
        for (const [id, c] of changes) {
          if (c) base.set(id, c);
          else base.delete(id);
        }
        rows.base = base;
        rows.changes = new Map();
      }
      // A commuter came or went: the order is made again (otherwise it is the kept one).
      if (!sameIds) {
        const ids = new Set(kept.ids);
        for (const [id, c] of changes) {
          if (c) ids.add(id);
          else ids.delete(id);
        }
        rows.ids = [...ids].sort(byId);
      }
    }
    this.forget(partnerId);
    for (const [oldest] of this.partners) {
      if (this.held + rows.size <= this.maxRows) break;
      this.forget(oldest);
    }
    if (rows.size <= this.maxRows) {
      this.partners.set(partnerId, rows);
      this.held += rows.size;
    }
    return rows;
  }

  private touch(rows: PartnerRows): void {
    this.partners.delete(rows.partnerId);
    this.partners.set(rows.partnerId, rows);
  }

  private forget(partnerId: string): void {
    const rows = this.partners.get(partnerId);
    if (rows === undefined) return;
    this.partners.delete(partnerId);
    this.held -= rows.size;
  }

  clear(): void {
    this.partners.clear();
    this.held = 0;
  }
}

async function readCommuters(
  db: Kysely<Database>,
  partnerId: string,
  ids?: readonly string[],
): Promise<Map<string, KeptCommuter>> {
  const out = new Map<string, KeptCommuter>();
  const entry = (id: string) => {
    let c = out.get(id);
    if (!c) out.set(id, (c = { chains: [], rows: 0, profile: undefined, baselines: [] }));
    return c;
  };
  const chains = new Map<string, Map<string, CumRow[]>>();
  for (const r of await readCommuterCumRows(db, partnerId, ids)) {
    let byMode = chains.get(r.commuter_id);
    if (!byMode) chains.set(r.commuter_id, (byMode = new Map()));
    let chain = byMode.get(r.mode);
    if (!chain) byMode.set(r.mode, (chain = []));
    chain.push({
      commuter_id: r.commuter_id,
      mode: r.mode,
      month_no: Number(r.month_no),
      main_trips: Number(r.main_trips),
      distance_km: Number(r.distance_km),
      timed_distance_km: Number(r.timed_distance_km),
      duration_min: Number(r.duration_min),
      days: Number(r.days),
    });
  }
  const byName = <T>([x]: [string, T], [y]: [string, T]) => (x < y ? -1 : x > y ? 1 : 0);
  for (const [id, byMode] of chains) {
    const c = entry(id);
    for (const [mode, chain] of byMode) {
      chain.sort((a, b) => a.month_no - b.month_no);
      c.chains.push([mode, chain]);
      c.rows += chain.length;
    }
    c.chains.sort(byName);
  }
  for (const [id, list] of await readBaselineHistory(db, partnerId, ids))
    entry(id).baselines = list;
  const profiles = await readSummaryProfiles(db, [...out.keys()]);
  for (const [id, c] of out) c.profile = profiles.get(id);
  return out;
}

/**
 * The summaries of the commuters (all, or `ids`) active in a run of whole months, as
 * readCommuterSummaries gives them for a partner: the same running totals, the same arithmetic
 * (indicators/commuter-summaries.ts).
 */
export function keptSummaries(
  rows: PartnerRows,
  [first, last]: [string, string],
  ids?: Iterable<string>,
): ScopedSummary[] {
  const end = monthNo(last);
  const before = monthNo(first) - 1;
  const out: ScopedSummary[] = [];
  const order = ids ? [...new Set(ids)].sort(byId) : rows.ids;
  for (const id of order) {
    const c = commuterOf(rows, id);
    if (!c) continue;
    // Chains in mode order: the order SummaryAccumulator.build sorts a commuter's modes into.
    const summary = summaryOfChains(id, c.profile, c.chains, before, end);
    if (summary !== null) out.push(summary);
  }
  return out;
}

/**
 * Each commuter's (all, or `ids`) latest baseline survey taken by `onOrBefore`, in the order
 * (taken on, created at, id) that readSurveys uses; in commuterId order.
 */
export function keptSurveys(
  rows: PartnerRows,
  onOrBefore: string,
  ids?: Iterable<string>,
): Array<CommuteSurvey & { partnerId: string }> {
  const out: Array<CommuteSurvey & { partnerId: string }> = [];
  for (const id of ids ?? rows.ids) {
    const list = commuterOf(rows, id)?.baselines;
    if (!list) continue;
    for (let i = list.length - 1; i >= 0; i--)
      if (list[i]!.takenOn <= onOrBefore) {
        out.push(list[i]!.survey);
        break;
      }
  }
  // In rows.ids order already when all are asked for.
  return ids === undefined ? out : out.sort((a, b) => byId(a.commuterId, b.commuterId));
}
