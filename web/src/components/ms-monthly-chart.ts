import type { ChartConfiguration } from 'chart.js';
import { customElement, property } from 'lit/decorators.js';
import type { ModeRecord, MonthRow } from '../api/models.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { ChartElement } from '../lib/chart-element.js';
import { MODE_COLOURS, modesPresent } from '../lib/modes.js';

/**
 * Modal split by month as stacked bars (Chart.js): counts of trips or km, or shares, in which
 * case the baseline survey stands first, next to the follow-up months.
 */
@customElement('ms-monthly-chart')
export class MsMonthlyChart extends ChartElement {
  @property({ attribute: false }) accessor months: MonthRow[] = [];
  @property() accessor metric: 'trips' | 'km' = 'trips';
  /** Show shares (100 % stacks) instead of counts. */
  @property({ type: Boolean }) accessor shares = false;
  /** Baseline shares by mode, shown as the first bar when `shares` is on. */
  @property({ attribute: false }) accessor baseline: ModeRecord | null = null;

  private _records(): ModeRecord[] {
    return this.months.map((m) => (this.metric === 'trips' ? m.trips : m.distanceKm));
  }

  protected override describe(): string {
    const n = this.months.length;
    const first = this.months[0]?.month;
    const last = this.months[n - 1]?.month;
    if (!first || !last) return t('chart.monthlyEmpty');
    return t('chart.monthlyDescribe', {
      metric: this.metric === 'trips' ? t('basis.trips') : t('basis.km'),
      from: fmt().month(first),
      to: fmt().month(last),
    });
  }

  protected override chartConfig(): ChartConfiguration {
    const f = fmt();
    const records = this._records();
    const withBaseline = this.shares && this.baseline !== null;
    const modes = modesPresent(...records, withBaseline ? this.baseline! : undefined);
    const totals = records.map((r) => modes.reduce((s, m) => s + (r[m] ?? 0), 0));
    const labels = [
      ...(withBaseline ? [t('common.baselineSurvey')] : []),
      ...this.months.map((m) => f.monthShort(m.month)),
    ];
    const datasets = modes.map((mode) => {
      const values = records.map((r, i) => {
        const v = r[mode] ?? 0;
        return this.shares ? (totals[i]! > 0 ? (v / totals[i]!) * 100 : 0) : v;
      });
      return {
        label: modeName(mode),
        data: withBaseline ? [(this.baseline![mode] ?? 0) * 100, ...values] : values,
        backgroundColor: MODE_COLOURS[mode],
        borderColor: '#ffffff',
        borderWidth: { top: 1, right: 0, bottom: 0, left: 0 },
        stack: 'modes',
        barPercentage: 0.92,
        categoryPercentage: 0.9,
      };
    });
    const unit = this.shares ? '%' : this.metric === 'km' ? ' km' : '';
    const value = (v: number): string => (this.shares ? f.number(v, 1) : f.number(v));
    return {
      type: 'bar',
      data: { labels, datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            stacked: true,
            grid: { display: false },
            ticks: { maxRotation: 0, autoSkipPadding: 8 },
          },
          y: {
            stacked: true,
            max: this.shares ? 100 : undefined,
            ticks: { callback: (v) => `${value(Number(v))}${unit}` },
            title: {
              display: true,
              text: this.shares
                ? t('chart.sharePct')
                : this.metric === 'trips'
                  ? t('basis.trips')
                  : t('unit.km'),
            },
          },
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, padding: 14 } },
          tooltip: {
            callbacks: {
              label: (ctx) => `${ctx.dataset.label}: ${value(Number(ctx.parsed.y))}${unit}`,
            },
          },
        },
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-monthly-chart': MsMonthlyChart;
  }
}
