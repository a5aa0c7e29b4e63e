import { LitElement, css, html, type TemplateResult } from 'lit';
import type { Chart, ChartConfiguration } from 'chart.js';
import { onLanguageChange } from '../i18n/index.js';

/**
 * What every chart element shares: it draws on its canvas after the first render (Chart.js is
 * imported then, lazily), updates the same chart when its data changes, and destroys it when
 * the element leaves the page. Subclasses say what to draw and how to describe it in words.
 */
export abstract class ChartElement extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .frame {
      position: relative;
      height: var(--ms-chart-height, 320px);
    }
    canvas {
      display: block;
    }
  `;

  protected chart: Chart | null = null;
  private _loading: Promise<void> | null = null;
  private _offLanguage: (() => void) | null = null;

  /** The chart to draw from the element's current properties. */
  protected abstract chartConfig(): ChartConfiguration;
  /** A sentence for screen readers; the numbers are in the table next to the chart. */
  protected abstract describe(): string;

  override connectedCallback(): void {
    super.connectedCallback();
    this._offLanguage = onLanguageChange(() => this.requestUpdate());
    // Back on the page after being moved: draw again.
    if (this.hasUpdated && !this.chart) void this._create();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._offLanguage?.();
    this.chart?.destroy();
    this.chart = null;
  }

  protected override firstUpdated(): void {
    void this._create();
  }

  protected override updated(): void {
    this._refresh();
  }

  private _refresh(): void {
    if (!this.chart) return;
    const next = this.chartConfig();
    this.chart.data = next.data;
    if (next.options) this.chart.options = next.options;
    this.chart.update();
    this.dataset.drawn = String(Number(this.dataset.drawn ?? '0') + 1);
  }

  private async _create(): Promise<void> {
    if (this._loading) return this._loading;
    this._loading = (async () => {
      const { Chart: ChartCtor } = await import('./chartjs.js');
      const canvas = this.renderRoot.querySelector('canvas');
      if (!canvas || !this.isConnected) return;
      this.chart = new ChartCtor(canvas, this.chartConfig());
      this.dataset.drawn = '1';
      this.dispatchEvent(new CustomEvent('ms-chart-ready', { bubbles: true, composed: true }));
    })().finally(() => {
      this._loading = null;
    });
    return this._loading;
  }

  override render(): TemplateResult {
    return html`<div class="frame"><canvas role="img" aria-label=${this.describe()}></canvas></div>`;
  }
}
