import type { Indicators, ModeRecord } from '../api/models.js';
import type { TableColumn, TableRow } from '../components/ms-data-table.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { MODE_COLOURS, modesPresent } from './modes.js';

export interface SplitComparison {
  /** Mode shares of the baseline surveys and of the follow-up trips. */
  baseline: ModeRecord;
  followUp: ModeRecord;
  /** The table both dashboard views show beside the bars: share before, after, and the change. */
  columns: TableColumn[];
  rows: TableRow[];
}

/** Baseline against follow-up modal split, by trips or by km, as bars and table rows. */
export function splitComparison(ind: Indicators, basis: 'trips' | 'km'): SplitComparison {
  const f = fmt();
  const byTrips = basis === 'trips';
  const baseline = byTrips ? ind.baseline.byTrips : ind.baseline.byDistance;
  const followUp = byTrips ? ind.modalSplit.byTrips : ind.modalSplit.byDistance;
  const pp = byTrips ? ind.modalShift.byTripsPp : ind.modalShift.byDistancePp;
  const columns: TableColumn[] = [
    {
      key: 'mode',
      label: t('col.mode'),
      format: (v) => modeName(String(v)),
      swatch: (r) => MODE_COLOURS[r.mode as keyof typeof MODE_COLOURS] ?? null,
    },
    {
      key: 'baseline',
      label: t('col.baselineShare'),
      numeric: true,
      format: (v) => f.percent(Number(v)),
    },
    {
      key: 'followUp',
      label: t('col.followUpShare'),
      numeric: true,
      format: (v) => f.percent(Number(v)),
    },
    {
      key: 'pp',
      label: t('col.changePp'),
      numeric: true,
      // No follow-up trips (or no baseline): there is no shift to show, not a drop to zero.
      format: (v) => (v === null || v === undefined ? '–' : f.pp(Number(v))),
    },
  ];
  const rows: TableRow[] = modesPresent(baseline, followUp).map((m) => ({
    mode: m,
    baseline: baseline[m] ?? 0,
    followUp: followUp[m] ?? 0,
    pp: pp ? (pp[m] ?? 0) : null,
  }));
  return { baseline, followUp, columns, rows };
}
