import type { ChartConfiguration } from 'chart.js';
import { customElement, property } from 'lit/decorators.js';
import { fmt, t } from '../i18n/index.js';
import { ChartElement } from '../lib/chart-element.js';

export interface BarItem {
  label: string;
  value: number | null;
  /** Drawn in the accent colour (e.g. the network average). */
  highlight?: boolean;
}

/** Horizontal bars, one per partner, largest first (Chart.js). */
@customElement('ms-bar-chart')
export class MsBarChart extends ChartElement {
  @property({ attribute: false }) accessor items: BarItem[] = [];
  /** Axis title, with its unit. */
  @property() accessor axisLabel = '';
  @property({ type: Number }) accessor digits = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.style.setProperty('--ms-chart-height', `${Math.max(220, this.items.length * 34 + 70)}px`);
  }

  override willUpdate(): void {
    this.style.setProperty('--ms-chart-height', `${Math.max(220, this.items.length * 34 + 70)}px`);
  }

  protected override describe(): string {
    const top = [...this.items]
      .filter((i) => i.value !== null)
      .sort((a, b) => b.value! - a.value!)[0];
    return top
      ? t('chart.barDescribe', {
          metric: this.axisLabel,
          top: top.label,
          value: fmt().number(top.value!, this.digits),
        })
      : t('common.noData');
  }

  protected override chartConfig(): ChartConfiguration {
    const f = fmt();
    const items = [...this.items].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
    return {
      type: 'bar',
      data: {
        labels: items.map((i) => i.label),
        datasets: [
          {
            label: this.axisLabel,
            data: items.map((i) => i.value ?? 0),
            backgroundColor: items.map((i) => (i.highlight ? '#0f1c24' : '#0b6e4f')),
            borderRadius: 4,
            barPercentage: 0.8,
          },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: {
            title: { display: true, text: this.axisLabel },
            ticks: {
              callback: (v) =>
                f.number(Number(v), this.digits > 0 && Math.abs(Number(v)) < 10 ? this.digits : 0),
            },
          },
          y: { grid: { display: false } },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: (ctx) => `${this.axisLabel}: ${f.number(Number(ctx.parsed.x), this.digits)}`,
            },
          },
        },
      },
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-bar-chart': MsBarChart;
  }
}
