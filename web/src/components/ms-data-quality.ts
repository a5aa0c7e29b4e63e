import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { DataQuality, Partner, Site } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t, type MessageKey } from '../i18n/index.js';
import { exportFilename } from '../lib/csv.js';
import { FetchController } from '../lib/fetch-controller.js';
import { definitionHref, formatRoute, type RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';
import './ms-stat-card.js';

const REASONS = ['fast_for_mode', 'replaced_by_itself', 'duplicate_start'];

/** What needs fixing in a partner's data, with a link to fix each thing. */
@customElement('ms-data-quality')
export class MsDataQuality extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .cards {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(15.5rem, 1fr));
        gap: 0.9rem;
      }
      .reasons {
        list-style: none;
        margin: 0 0 0.9rem;
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        font-size: 0.875rem;
      }
      .reasons li {
        background: var(--ms-hover);
        border-radius: 99px;
        padding: 0.15rem 0.7rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _data = new FetchController<DataQuality>(
    this,
    () => this.params.partner ?? null,
    () =>
      get(
        '/data-quality',
        { params: { query: { partner: this.params.partner! } } },
        { fresh: true },
      ),
  );

  private readonly _sites = new FetchController<{ items: Site[] }>(
    this,
    () => this.params.partner ?? null,
    () => get('/partners/{id}/sites', { params: { path: { id: this.params.partner! } } }),
  );

  override render(): TemplateResult {
    const s = this._data.state;
    const dq = this._data.value;
    const name =
      this.partners.find((p) => p.id === this.params.partner)?.name ?? this.params.partner ?? '';
    return html`
      <div class="view-head">
        <div>
          <h1>${t('dq.title', { scope: name })}</h1>
          <p class="sub">${t('dq.lead')}</p>
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !dq ? renderLoading() : nothing}
      ${dq ? this._renderBody(dq) : nothing}
    `;
  }

  private _renderBody(dq: DataQuality): TemplateResult {
    const f = fmt();
    const partner = this.params.partner;
    const reason = (code: string): string => {
      const key = `dq.reason.${code}` as MessageKey;
      return REASONS.includes(code) ? t(key) : code;
    };
    const tripColumns: TableColumn[] = [
      {
        key: 'id',
        label: t('col.trip'),
        href: (r) => formatRoute('trip', { id: String(r.id), partner }),
      },
      {
        key: 'startedAt',
        label: t('trip.day'),
        format: (v) => (v ? f.date(String(v).slice(0, 10)) : '–'),
      },
      { key: 'commuterId', label: t('col.commuter') },
      { key: 'reason', label: t('col.reason'), format: (v) => reason(String(v)) },
      { key: 'detail', label: t('col.detail') },
      {
        key: 'fix',
        label: t('col.action'),
        href: (r) => formatRoute('trip', { id: String(r.id), partner }),
      },
    ];
    const tripRows: TableRow[] = dq.implausibleTrips.examples.map((x) => ({
      id: x.id,
      startedAt: x.startedAt ?? null,
      commuterId: x.commuterId,
      reason: x.reason,
      detail: x.detail ?? '',
      fix: t('dq.fixTrip'),
    }));
    const byReason = Object.entries(dq.implausibleTrips.byReason ?? {}).filter(([, n]) => n > 0);
    const commuterColumns: TableColumn[] = [
      {
        key: 'id',
        label: t('col.commuter'),
        href: (r) => formatRoute('commuter', { id: String(r.id), partner }),
      },
      {
        key: 'siteId',
        label: t('col.site'),
        format: (v) => this._sites.value?.items.find((x) => x.id === v)?.name ?? String(v ?? '–'),
      },
      {
        key: 'fix',
        label: t('col.action'),
        href: (r) => formatRoute('commuter', { id: String(r.id), partner }),
      },
    ];
    const commuterRows: TableRow[] = dq.commutersWithoutBaseline.examples.map((x) => ({
      id: x.id,
      siteId: x.siteId ?? '',
      fix: t('dq.addBaseline'),
    }));
    const share = dq.unlabelledKmShare;
    return html`<div class="stack">
      <section class="cards" aria-label=${t('dq.summary')}>
        <ms-stat-card data-testid="dq-implausible" label=${t('dq.implausible')} anchor="limits" .value=${f.number(dq.implausibleTrips.count)} unit=${t('unit.trips')} tone=${dq.implausibleTrips.count > 0 ? 'bad' : 'good'} .compare=${t('dq.implausibleHint')}></ms-stat-card>
        <ms-stat-card data-testid="dq-unlabelled" label=${t('dq.unlabelled')} anchor="unlabelled-km" .value=${share === null ? '–' : f.percent(share)} unit="" .compare=${t('dq.unlabelledHint')}></ms-stat-card>
        <ms-stat-card data-testid="dq-no-baseline" label=${t('dq.noBaseline')} anchor="modal-shift" .value=${f.number(dq.commutersWithoutBaseline.count)} unit=${t('unit.commuters')} tone=${dq.commutersWithoutBaseline.count > 0 ? 'bad' : 'good'} .compare=${t('dq.noBaselineHint')}></ms-stat-card>
      </section>
      <section class="panel" aria-labelledby="imp-h">
        <div class="panel-head">
          <h2 id="imp-h">${t('dq.implausibleTitle')}</h2>
          <span class="small muted">${t('dq.examplesOf', { shown: f.number(tripRows.length), total: f.number(dq.implausibleTrips.count) })}</span>
        </div>
        ${
          byReason.length
            ? html`<ul class="reasons" data-testid="dq-reasons">
              ${byReason.map(([code, n]) => html`<li><strong>${f.number(n)}</strong> ${reason(code)}</li>`)}
            </ul>`
            : nothing
        }
        <ms-data-table .caption=${t('dq.implausibleTitle')} .columns=${tripColumns} .rows=${tripRows} filename=${exportFilename(['modeshift', 'implausible-trips', this.params.partner], 'csv')}></ms-data-table>
      </section>
      <section class="panel" aria-labelledby="nb-h">
        <div class="panel-head">
          <h2 id="nb-h">${t('dq.noBaselineTitle')}</h2>
          <span class="small muted">${t('dq.examplesOf', { shown: f.number(commuterRows.length), total: f.number(dq.commutersWithoutBaseline.count) })}</span>
        </div>
        <ms-data-table .caption=${t('dq.noBaselineTitle')} .columns=${commuterColumns} .rows=${commuterRows} filename=${exportFilename(['modeshift', 'commuters-without-baseline', this.params.partner], 'csv')}></ms-data-table>
      </section>
      <p class="small muted">${t('dq.unlabelledMore')} <a href=${definitionHref('unlabelled-km')}>${t('common.definition')}</a></p>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-data-quality': MsDataQuality;
  }
}
