import type { Indicators, ModeRecordHidden as ModeRecord } from '../api/models.js';
import type { TableColumn, TableRow } from '../components/ms-data-table.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { MODE_COLOURS, modesPresent } from './modes.js';

export interface SplitComparison {
  /** Mode shares of the baseline surveys and of the follow-up trips. */
  baseline: ModeRecord;
  followUp: ModeRecord;
  /** Pooled share of the hidden modes (fewer than 5 commuters), 0 when none. */
  hidden: { baseline: number; followUp: number };
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
      format: (v) => (v === 'hidden' ? t('split.hiddenPool') : modeName(String(v))),
      swatch: (r) => MODE_COLOURS[r.mode as keyof typeof MODE_COLOURS] ?? null,
    },
    {
      key: 'baseline',
      label: t('col.baselineShare'),
      numeric: true,
      format: (v) => (v === null ? t('split.hidden') : f.percent(Number(v))),
    },
    {
      key: 'followUp',
      label: t('col.followUpShare'),
      numeric: true,
      format: (v) => (v === null ? t('split.hidden') : f.percent(Number(v))),
    },
    {
      key: 'pp',
      label: t('col.changePp'),
      numeric: true,
      // undefined: no follow-up trips or no baseline, so no shift at all (not a drop to zero).
      format: (v) => (v === undefined ? '–' : v === null ? t('split.hidden') : f.pp(Number(v))),
    },
  ];
  // A hidden mode (null: fewer than 5 commuters, or pooled with one) keeps its row, saying so.
  const cell = (r: Partial<Record<string, number | null>> | null, m: string) =>
    r === null ? 0 : r[m] === null ? null : (r[m] ?? 0);
  const rows: TableRow[] = modesPresent(baseline, followUp).map((m) => ({
    mode: m,
    baseline: cell(baseline, m),
    followUp: cell(followUp, m),
    pp: pp === null ? undefined : cell(pp, m),
  }));
  const bh = byTrips ? ind.baseline.hidden.byTrips : ind.baseline.hidden.byDistance;
  const fh = byTrips ? ind.modalSplit.hidden.byTrips : ind.modalSplit.hidden.byDistance;
  // The pooled hidden modes: their shares together, so the column still adds up to 100 %.
  if (bh > 0 || fh > 0) rows.push({ mode: 'hidden', baseline: bh, followUp: fh, pp: null });
  return { baseline, followUp, hidden: { baseline: bh, followUp: fh }, columns, rows };
}
