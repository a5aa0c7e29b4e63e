import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get, type QueryOf } from '../api/client.js';
import type { NetworkSummary, Partner, PartnerComparison } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t, type MessageKey } from '../i18n/index.js';
import { exportFilename, type CsvValue } from '../lib/csv.js';
import { FetchController } from '../lib/fetch-controller.js';
import { definitionHref, formatRoute, type RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import type { NavigateDetail } from './ms-app.js';
import './ms-bar-chart.js';
import type { BarItem } from './ms-bar-chart.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';

type Metric = 'co2' | 'carKm' | 'trips' | 'km' | 'activeShift' | 'heat';

/** The figures a partner row and the network total share. */
type Summary = Omit<NetworkSummary, 'excludedPartners'>;

interface MetricDef {
  label: MessageKey;
  unit: MessageKey;
  anchor: string;
  digits: number;
  /** Per partner (or network), in total. */
  total: (r: Summary) => number | null;
  /** Per active participant; null where the metric is a share already. */
  perParticipant: ((r: Summary) => number | null) | null;
}

const perActive = (value: number, active: number): number | null =>
  active > 0 ? value / active : null;

const METRICS: Record<Metric, MetricDef> = {
  co2: {
    label: 'card.co2',
    unit: 'unit.kgCo2',
    anchor: 'co2-avoided',
    digits: 0,
    total: (r) => r.co2AvoidedKg,
    perParticipant: (r) =>
      r.co2AvoidedKgPerActiveCommuter ?? perActive(r.co2AvoidedKg, r.participants.active),
  },
  carKm: {
    label: 'card.carKm',
    unit: 'unit.km',
    anchor: 'car-km-substituted',
    digits: 0,
    total: (r) => r.carKmSubstituted.replacedModeKm,
    perParticipant: (r) => perActive(r.carKmSubstituted.replacedModeKm, r.participants.active),
  },
  trips: {
    label: 'card.trips',
    unit: 'unit.trips',
    anchor: 'trips',
    digits: 0,
    total: (r) => r.trips,
    perParticipant: (r) => r.tripsPerActiveCommuter ?? perActive(r.trips, r.participants.active),
  },
  km: {
    label: 'card.distance',
    unit: 'unit.km',
    anchor: 'distance',
    digits: 0,
    total: (r) => r.distanceKm,
    perParticipant: (r) => perActive(r.distanceKm, r.participants.active),
  },
  activeShift: {
    label: 'network.activeShift',
    unit: 'unit.pp',
    anchor: 'modal-shift',
    digits: 1,
    total: (r) =>
      r.activeShare.baseline === null || r.activeShare.followUp === null
        ? null
        : (r.activeShare.followUp - r.activeShare.baseline) * 100,
    perParticipant: null,
  },
  heat: {
    label: 'card.heat',
    unit: 'unit.eurPerYear',
    anchor: 'heat',
    digits: 0,
    total: (r) => r.healthValuePerYear ?? null,
    perParticipant: (r) =>
      r.healthValuePerYear === undefined
        ? null
        : perActive(r.healthValuePerYear, r.participants.active),
  },
};

/** Partners side by side, in total and per participant, with the network total. */
@customElement('ms-network')
export class MsNetwork extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: flex-end;
      }
      .field {
        display: grid;
        gap: 0.15rem;
      }
      .network-figure {
        font-size: 0.875rem;
        margin-top: 0.6rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @state() private accessor _metric: Metric = 'co2';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private _query(): QueryOf<'/indicators/partners'> {
    return { from: this.params.from, to: this.params.to };
  }

  private readonly _data = new FetchController<PartnerComparison>(
    this,
    () => JSON.stringify(this._query()),
    () => get('/indicators/partners', { params: { query: this._query() } }),
  );

  private get _perParticipant(): boolean {
    return (
      this.params.metric === 'per-participant' && METRICS[this._metric].perParticipant !== null
    );
  }

  private _setPer(per: boolean): void {
    const params = { ...this.params };
    if (per) params.metric = 'per-participant';
    else delete params.metric;
    const detail: NavigateDetail = { params, replace: true };
    this.dispatchEvent(new CustomEvent('ms-navigate', { detail, bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const s = this._data.state;
    const data = this._data.value;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('network.title')}</h1>
          <p class="sub">${t('network.lead')}</p>
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !data ? renderLoading() : nothing}
      ${data ? this._renderBody(data, s.status === 'loading') : nothing}
    `;
  }

  private _renderBody(data: PartnerComparison, stale: boolean): TemplateResult {
    const f = fmt();
    const def = METRICS[this._metric];
    const per = this._perParticipant;
    const pick = per ? def.perParticipant! : def.total;
    const digits = per ? 1 : def.digits;
    // A partner under the floor has no figures for this caller: no bar, a row that says why.
    const items: BarItem[] = data.items.flatMap((r) =>
      r.withheld ? [] : [{ label: r.name, value: pick(r) }],
    );
    const networkValue = pick(data.network);
    const unit = t(def.unit);
    const axis = `${t(def.label)} (${unit}${per ? ` ${t('network.perActive')}` : ''})`;
    return html`<div class="stack ${stale ? 'stale' : ''}">
      <section class="panel" aria-labelledby="chart-h">
        <div class="panel-head">
          <h2 id="chart-h"><a class="def" href=${definitionHref(def.anchor)}>${axis}</a></h2>
          <div class="controls">
            <div class="field">
              <label for="metric">${t('network.metric')}</label>
              <select id="metric" data-testid="network-metric" @change=${(e: Event) => (this._metric = (e.target as HTMLSelectElement).value as Metric)}>
                ${(Object.keys(METRICS) as Metric[]).map((m) => html`<option value=${m} ?selected=${m === this._metric}>${t(METRICS[m].label)}</option>`)}
              </select>
            </div>
            <div class="seg" role="group" aria-label=${t('network.basis')}>
              <button type="button" aria-pressed=${!per} @click=${() => this._setPer(false)}>${t('network.total')}</button>
              <button type="button" aria-pressed=${per} ?disabled=${def.perParticipant === null} @click=${() => this._setPer(true)} data-testid="per-participant">${t('network.perParticipant')}</button>
            </div>
          </div>
        </div>
        <ms-bar-chart data-testid="network-chart" .items=${items} .axisLabel=${axis} .digits=${digits}></ms-bar-chart>
        <p class="network-figure muted">${t('network.networkValue')}: <strong>${networkValue === null ? '–' : f.number(networkValue, digits)} ${unit}</strong></p>
        ${data.network.excludedPartners > 0 ? html`<p class="small muted" data-testid="network-excluded">${t('network.excluded', { n: f.number(data.network.excludedPartners) })} <a href=${definitionHref('suppression')}>${t('common.fewerThan5Why')}</a></p>` : nothing}
      </section>
      <section class="panel" aria-labelledby="table-h">
        <div class="panel-head"><h2 id="table-h">${t('network.tableTitle')}</h2></div>
        ${this._renderTable(data)}
      </section>
    </div>`;
  }

  private _renderTable(data: PartnerComparison): TemplateResult {
    const f = fmt();
    const n =
      (digits = 0) =>
      (v: CsvValue) =>
        v === null || v === undefined ? '–' : f.number(Number(v), digits);
    const pct = (v: CsvValue) => (v === null || v === undefined ? '–' : f.percent(Number(v)));
    const columns: TableColumn[] = [
      {
        key: 'name',
        label: t('col.partner'),
        href: (r) =>
          r.partnerId
            ? formatRoute('overview', {
                partner: String(r.partnerId),
                from: this.params.from,
                to: this.params.to,
              })
            : null,
      },
      { key: 'registered', label: t('col.registered'), numeric: true, format: n() },
      { key: 'active', label: t('col.active'), numeric: true, format: n() },
      { key: 'trips', label: t('col.trips'), numeric: true, format: n() },
      { key: 'distanceKm', label: t('col.distanceKm'), numeric: true, format: n() },
      { key: 'co2AvoidedKg', label: t('col.co2Kg'), numeric: true, format: n() },
      { key: 'carKm', label: t('col.carKm'), numeric: true, format: n() },
      { key: 'activeBaseline', label: t('col.activeBaseline'), numeric: true, format: pct },
      { key: 'activeFollowUp', label: t('col.activeFollowUp'), numeric: true, format: pct },
      { key: 'tripsPerActive', label: t('col.tripsPerActive'), numeric: true, format: n(1) },
      { key: 'co2PerActive', label: t('col.co2PerActive'), numeric: true, format: n(1) },
      { key: 'heat', label: t('col.heatEur'), numeric: true, format: n() },
      { key: 'privacy', label: t('col.privacy') },
    ];
    const toRow = (r: Summary & { partnerId?: string | undefined }, name: string): TableRow => ({
      name,
      partnerId: r.partnerId ?? null,
      registered: r.participants.registered,
      active: r.participants.active,
      trips: r.trips,
      distanceKm: round(r.distanceKm),
      co2AvoidedKg: round(r.co2AvoidedKg),
      carKm: round(r.carKmSubstituted.replacedModeKm),
      activeBaseline: r.activeShare.baseline,
      activeFollowUp: r.activeShare.followUp,
      tripsPerActive: r.tripsPerActiveCommuter === null ? null : round(r.tripsPerActiveCommuter),
      co2PerActive:
        r.co2AvoidedKgPerActiveCommuter === null ? null : round(r.co2AvoidedKgPerActiveCommuter),
      heat: r.healthValuePerYear === undefined ? null : round(r.healthValuePerYear),
    });
    // Under the floor: withheld for analysts (no figures), shown to admins but marked.
    const rows = data.items.map((r) =>
      r.withheld
        ? { name: r.name, partnerId: r.partnerId, privacy: t('common.fewerThan5') }
        : {
            ...toRow(r, r.name),
            privacy: r.belowK ? `${t('common.fewerThan5')}, ${t('network.shownToYou')}` : '',
          },
    );
    const footer = toRow({ ...data.network, partnerId: undefined }, t('scope.networkTotal'));
    return html`<ms-data-table
      data-testid="network-table"
      sortable
      .caption=${t('network.tableTitle')}
      .columns=${columns}
      .rows=${rows}
      .footer=${footer}
      filename=${exportFilename(['modeshift', 'network', this.params.from, this.params.to], 'csv')}
    ></ms-data-table>`;
  }
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-network': MsNetwork;
  }
}
