import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get, type QueryOf } from '../api/client.js';
import type { Indicators, IndicatorsAnswer, Monthly, Partner } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { exportFilename } from '../lib/csv.js';
import { FetchController } from '../lib/fetch-controller.js';
import { splitComparison } from '../lib/split-table.js';
import { modesPresent } from '../lib/modes.js';
import { definitionHref, type RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import type { NavigateDetail } from './ms-app.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';
import './ms-monthly-chart.js';
import './ms-split-bars.js';
import './ms-transition-matrix.js';

/** Modal split over time, the baseline next to the follow-up, and who moved from which mode to which. */
@customElement('ms-modal-split')
export class MsModalSplit extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .toggles {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1.5rem;
        margin-top: 0.9rem;
        font-size: 0.875rem;
      }
      .facts strong {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @state() private accessor _shares = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private _query(): QueryOf<'/indicators/monthly'> {
    const p = this.params;
    return { partner: p.partner ?? 'network', site: p.site, from: p.from, to: p.to };
  }

  private readonly _monthly = new FetchController<Monthly>(
    this,
    () => JSON.stringify(this._query()),
    () => get('/indicators/monthly', { params: { query: this._query() } }),
  );

  private readonly _ind = new FetchController<IndicatorsAnswer>(
    this,
    () => JSON.stringify(this._query()),
    () => get('/indicators', { params: { query: this._query() } }),
    (ind) => {
      if (ind.dataRange)
        this.dispatchEvent(
          new CustomEvent('ms-data-range', {
            detail: ind.dataRange,
            bubbles: true,
            composed: true,
          }),
        );
    },
  );

  private get _metric(): 'trips' | 'km' {
    return this.params.metric === 'km' ? 'km' : 'trips';
  }

  private _setMetric(metric: 'trips' | 'km'): void {
    const detail: NavigateDetail = { params: { ...this.params, metric }, replace: true };
    this.dispatchEvent(new CustomEvent('ms-navigate', { detail, bubbles: true, composed: true }));
  }

  private _scopeName(): string {
    const p = this.params.partner ?? 'network';
    return p === 'network'
      ? t('scope.network')
      : (this.partners.find((x) => x.id === p)?.name ?? p);
  }

  override render(): TemplateResult {
    const metric = this._metric;
    const monthly = this._monthly.value;
    const ind = this._ind.value;
    const ms = this._monthly.state;
    const is = this._ind.state;
    const error = ms.status === 'error' ? ms.error : is.status === 'error' ? is.error : null;
    const f = fmt();
    return html`
      <div class="view-head">
        <div>
          <h1>${t('split.title', { scope: this._scopeName() })}</h1>
          ${ind ? html`<p class="sub">${f.date(ind.scope.from)} – ${f.date(ind.scope.to)}</p>` : nothing}
        </div>
        <div class="toggles">
          <div class="seg" role="group" aria-label=${t('split.metric')}>
            <button type="button" aria-pressed=${metric === 'trips'} @click=${() => this._setMetric('trips')} data-testid="metric-trips">${t('basis.trips')}</button>
            <button type="button" aria-pressed=${metric === 'km'} @click=${() => this._setMetric('km')} data-testid="metric-km">${t('basis.km')}</button>
          </div>
          <div class="seg" role="group" aria-label=${t('split.display')}>
            <button type="button" aria-pressed=${!this._shares} @click=${() => (this._shares = false)}>${t('split.counts')}</button>
            <button type="button" aria-pressed=${this._shares} @click=${() => (this._shares = true)} data-testid="show-shares">${t('split.shares')}</button>
          </div>
        </div>
      </div>
      ${error ? renderError(error) : nothing}
      ${!error && !monthly ? renderLoading() : nothing}
      ${monthly && !error ? this._renderBody(monthly, ind, ms.status === 'loading' || is.status === 'loading') : nothing}
    `;
  }

  private _renderBody(
    monthly: Monthly,
    answer: IndicatorsAnswer | null,
    stale: boolean,
  ): TemplateResult {
    const ind = answer && !answer.withheld ? answer : null;
    const f = fmt();
    const metric = this._metric;
    const records = monthly.months.map((m) => (metric === 'trips' ? m.trips : m.distanceKm));
    const modes = modesPresent(...records);
    const columns: TableColumn[] = [
      { key: 'month', label: t('col.month'), format: (v) => f.month(String(v)) },
      ...modes.map<TableColumn>((m) => ({
        key: m,
        label: `${modeName(m)}${metric === 'km' ? ' (km)' : ''}`,
        numeric: true,
        format: (v) => f.number(Number(v ?? 0)),
      })),
      {
        key: 'total',
        label: `${t('col.total')}${metric === 'km' ? ' (km)' : ''}`,
        numeric: true,
        format: (v) => f.number(Number(v ?? 0)),
      },
      {
        key: 'activeCommuters',
        label: t('col.activeCommuters'),
        numeric: true,
        format: (v) =>
          v === null || v === undefined ? t('common.fewerThan5') : f.number(Number(v)),
      },
    ];
    const rows: TableRow[] = monthly.months.map((m, i) => {
      const r = records[i]!;
      const row: TableRow = { month: m.month };
      let total = 0;
      for (const mode of modes) {
        const v = r[mode] ?? 0;
        row[mode] = Math.round(v * 100) / 100;
        total += v;
      }
      row.total = Math.round(total * 100) / 100;
      row.activeCommuters = m.activeCommuters;
      return row;
    });
    const scope = [
      this.params.partner ?? 'network',
      this.params.site,
      answer?.scope.from ?? this.params.from,
      answer?.scope.to ?? this.params.to,
    ];
    const baseline = ind
      ? metric === 'trips'
        ? ind.baseline.byTrips
        : ind.baseline.byDistance
      : null;
    return html`<div class="stack ${stale ? 'stale' : ''}" aria-busy=${stale ? 'true' : 'false'}>
      <section class="panel" aria-labelledby="monthly-h">
        <div class="panel-head">
          <h2 id="monthly-h"><a class="def" href=${definitionHref('modal-split')}>${metric === 'trips' ? t('split.monthlyTrips') : t('split.monthlyKm')}</a></h2>
          <span class="small muted">${metric === 'trips' ? t('split.byMainMode') : t('split.byLegMode')}</span>
        </div>
        <ms-monthly-chart data-testid="monthly-chart" .months=${monthly.months} .metric=${metric} ?shares=${this._shares} .baseline=${baseline}></ms-monthly-chart>
        <details>
          <summary>${t('common.showTable')}</summary>
          <ms-data-table data-testid="monthly-table" .caption=${metric === 'trips' ? t('split.monthlyTrips') : t('split.monthlyKm')} .columns=${columns} .rows=${rows} filename=${exportFilename(['modeshift', 'monthly', metric, ...scope], 'csv')}></ms-data-table>
        </details>
      </section>
      ${monthly.withheld || answer?.withheld ? html`<div class="notice info" data-testid="withheld">${t('split.withheld')} <a href=${definitionHref('suppression')}>${t('common.fewerThan5Why')}</a></div>` : nothing}
      ${ind ? this._renderBaseline(ind, scope) : nothing}
    </div>`;
  }

  private _renderBaseline(ind: Indicators, scope: Array<string | undefined>): TemplateResult {
    const f = fmt();
    const metric = this._metric;
    const { baseline: base, followUp: follow, columns, rows } = splitComparison(ind, metric);
    const crr = ind.modalShift.carReplacementRate;
    const active = ind.modalShift.activeShare;
    return html`<div class="stack">
      <section class="panel" aria-labelledby="base-h">
        <div class="panel-head">
          <h2 id="base-h"><a class="def" href=${definitionHref('modal-shift')}>${t('split.baselineVsFollowUp')}</a></h2>
          <span class="small muted">${t('split.baselineCommuters', { n: f.number(ind.baseline.commuters) })}</span>
        </div>
        <ms-split-bars .rows=${[{ label: t('common.baseline'), shares: base }, { label: t('common.followUp'), shares: follow }]}></ms-split-bars>
        <div class="facts">
          ${active.baseline !== null && active.followUp !== null ? html`<span>${t('split.activeShare')}: <strong>${f.percent(active.baseline)} → ${f.percent(active.followUp)}</strong></span>` : nothing}
          ${crr !== null ? html`<span><a class="def" href=${definitionHref('car-replacement-rate')}>${t('split.carReplacementRate')}</a>: <strong>${f.percent(crr)}</strong></span>` : nothing}
        </div>
        <details>
          <summary>${t('common.showTable')}</summary>
          <ms-data-table .caption=${t('split.baselineVsFollowUp')} .columns=${columns} .rows=${rows} filename=${exportFilename(['modeshift', 'baseline-follow-up', metric, ...scope], 'csv')}></ms-data-table>
        </details>
      </section>
      <section class="panel" aria-labelledby="tr-h">
        <div class="panel-head">
          <h2 id="tr-h"><a class="def" href=${definitionHref('transitions')}>${t('split.transitions')}</a></h2>
        </div>
        <p class="small muted" style="margin-bottom:.6rem">${t('split.transitionsLead')}</p>
        <ms-transition-matrix .transitions=${ind.modalShift.transitions} filename=${exportFilename(['modeshift', 'transitions', ...scope], 'csv')}></ms-transition-matrix>
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-modal-split': MsModalSplit;
  }
}
