import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get, type QueryOf } from '../api/client.js';
import type { AppConfig, DensityCollection, Partner, Site } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { exportFilename } from '../lib/csv.js';
import { densityBreaks, densityColour, densityGeoJSON } from '../lib/density.js';
import { downloadText } from '../lib/download.js';
import { FetchController } from '../lib/fetch-controller.js';
import { definitionHref, type RouteParams } from '../lib/route.js';
import { renderError } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import type { NavigateDetail } from './ms-app.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';
import { AREA_RADIUS_KM, type CellHover, type MapLayers } from './ms-density-map.js';
import './ms-density-map.js';

/** Route density on a map, with layer switches, a legend and the GeoJSON export. */
@customElement('ms-map-view')
export class MsMapView extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 17.5rem;
        gap: 1.25rem;
        align-items: start;
      }
      ms-density-map {
        height: 36rem;
        border: 1px solid var(--ms-border);
        border-radius: 12px;
      }
      aside {
        display: grid;
        gap: 1rem;
        min-width: 0;
      }
      aside select,
      aside button {
        width: 100%;
      }
      aside button {
        justify-content: center;
      }
      fieldset {
        border: none;
        margin: 0;
        padding: 0;
      }
      legend {
        font-weight: 650;
        font-size: 0.9375rem;
        margin-bottom: 0.4rem;
        padding: 0;
      }
      .check {
        display: flex;
        align-items: center;
        gap: 0.5rem;
        padding: 0.2rem 0;
        font-size: 0.9rem;
        color: var(--ms-text);
        font-weight: 500;
        cursor: pointer;
      }
      .check input {
        width: 1.05rem;
        height: 1.05rem;
        accent-color: var(--ms-accent);
      }
      .key {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 0.25rem;
        font-size: 0.8125rem;
        font-variant-numeric: tabular-nums;
      }
      .key li {
        display: flex;
        align-items: center;
        gap: 0.5rem;
      }
      .key .box {
        width: 1.4rem;
        height: 0.9rem;
        border-radius: 3px;
        flex: none;
      }
      .ring {
        width: 1.4rem;
        height: 0.9rem;
        border: 1.5px dashed #0b6e4f;
        border-radius: 50%;
        flex: none;
      }
      .site-dot {
        width: 0.75rem;
        height: 0.75rem;
        margin: 0 0.33rem;
        border-radius: 50%;
        background: #0f1c24;
        box-shadow: 0 0 0 2px #fff, 0 0 0 3px #b9c3ca;
        flex: none;
      }
      .hover {
        min-height: 1.3rem;
        font-size: 0.8125rem;
        color: var(--ms-muted);
      }
      .field {
        display: grid;
        gap: 0.15rem;
      }
      @media (max-width: 960px) {
        .layout {
          grid-template-columns: minmax(0, 1fr);
        }
        ms-density-map {
          height: 26rem;
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @property({ attribute: false }) accessor config: AppConfig | null = null;
  @state() private accessor _layers: MapLayers = {
    density: true,
    areas: true,
    sites: true,
    labels: true,
  };
  @state() private accessor _hover: CellHover | null = null;
  @state() private accessor _resolution = 8;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private _isNetwork(): boolean {
    return (this.params.partner ?? 'network') === 'network';
  }

  private _query(): QueryOf<'/map/density'> {
    const p = this.params;
    return {
      partner: p.partner ?? 'network',
      site: p.site,
      from: p.from,
      to: p.to,
      resolution: this._resolution,
    };
  }

  private readonly _density = new FetchController<DensityCollection>(
    this,
    () => JSON.stringify(this._query()),
    () => get('/map/density', { params: { query: this._query() } }),
  );

  private readonly _sites = new FetchController<{ items: Site[] }>(
    this,
    () => (this._isNetwork() ? null : (this.params.partner ?? null)),
    () => get('/partners/{id}/sites', { params: { path: { id: this.params.partner! } } }),
  );

  private _toggle(key: keyof MapLayers, e: Event): void {
    this._layers = { ...this._layers, [key]: (e.target as HTMLInputElement).checked };
  }

  private _exportGeoJSON(density: DensityCollection): void {
    const p = this.params;
    const body = densityGeoJSON(density, {
      partner: p.partner,
      site: p.site,
      from: p.from,
      to: p.to,
      resolution: this._resolution,
    });
    downloadText(
      exportFilename(
        ['modeshift', 'route-density', p.partner, p.site, p.from, p.to, `r${this._resolution}`],
        'geojson',
      ),
      JSON.stringify(body),
      'application/geo+json',
    );
  }

  /** Which quarters the map shows, and why some or all of the period is missing. */
  private _renderPeriod(density: DensityCollection): TemplateResult {
    const f = fmt();
    const period = density.releasedPeriod;
    const days = density.releaseUnit.releaseDelayDays;
    const notice = (key: 'map.noWholeQuarter' | 'map.noClosedQuarter' | 'map.openLeftOut') =>
      html`<p class="notice info small" style="margin-top:.5rem" data-testid="map-period-notice">${t(key, { days })}</p>`;
    return html`
      ${period.from && period.to ? html`<p class="small muted" style="margin-top:.5rem" data-testid="map-released">${t('map.released', { from: f.date(period.from), to: f.date(period.to) })}</p>` : nothing}
      ${period.reason === 'no_whole_unit' ? notice('map.noWholeQuarter') : nothing}
      ${period.reason === 'no_closed_unit' ? notice('map.noClosedQuarter') : nothing}
      ${period.reason === 'open_units_left_out' ? notice('map.openLeftOut') : nothing}
      <p class="small muted" style="margin-top:.5rem" data-testid="map-why"><a href=${definitionHref('map-release-units')}>${t('map.why')}</a></p>
    `;
  }

  private _onPartnerPick(e: CustomEvent<string>): void {
    const detail: NavigateDetail = { params: { ...this.params, partner: e.detail } };
    this.dispatchEvent(new CustomEvent('ms-navigate', { detail, bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    const network = this._isNetwork();
    const partner = network
      ? null
      : (this.partners.find((p) => p.id === this.params.partner) ?? null);
    const ds = this._density.state;
    const density = this._density.value;
    const breaks = density ? densityBreaks(density.features.map((f) => f.properties.trips)) : [];
    const sites = this._sites.value?.items ?? [];
    return html`
      <div class="view-head">
        <div>
          <h1>${t('map.title', { scope: network ? t('scope.network') : (partner?.name ?? this.params.partner ?? '') })}</h1>
          <p class="sub">${network ? t('map.networkLead') : t('map.lead')}</p>
        </div>
      </div>
      ${ds.status === 'error' ? renderError(ds.error) : nothing}
      <div class="layout">
        <ms-density-map
          data-testid="density-map"
          .density=${density}
          .breaks=${breaks}
          .partners=${this.partners}
          .partner=${partner}
          .sites=${sites}
          .styleUrl=${this.config?.mapStyleUrl ?? null}
          .layers=${this._layers}
          @ms-cell-hover=${(e: CustomEvent<CellHover | null>) => (this._hover = e.detail)}
          @ms-partner-pick=${this._onPartnerPick}
        ></ms-density-map>
        <aside class="panel">
          ${network ? html`<p class="small">${t('map.choosePartner')}</p>` : nothing}
          ${this._renderControls(density, breaks, ds.status === 'loading')}
        </aside>
      </div>
      ${density?.features.length ? this._renderTable(density) : nothing}
    `;
  }

  private _renderControls(
    density: DensityCollection | null,
    breaks: number[],
    loading: boolean,
  ): TemplateResult {
    const f = fmt();
    const upper = (i: number): string =>
      i + 1 < breaks.length ? `–${f.number(breaks[i + 1]! - 1)}` : '+';
    return html`
      <fieldset>
        <legend>${t('map.layers')}</legend>
        <label class="check"><input type="checkbox" data-testid="layer-density" .checked=${this._layers.density} @change=${(e: Event) => this._toggle('density', e)} />${t('map.layerDensity')}</label>
        <label class="check"><input type="checkbox" data-testid="layer-areas" .checked=${this._layers.areas} @change=${(e: Event) => this._toggle('areas', e)} />${t('map.layerAreas', { km: AREA_RADIUS_KM })}</label>
        <label class="check"><input type="checkbox" data-testid="layer-sites" .checked=${this._layers.sites} @change=${(e: Event) => this._toggle('sites', e)} />${t('map.layerSites')}</label>
        <label class="check"><input type="checkbox" data-testid="layer-labels" .checked=${this._layers.labels} @change=${(e: Event) => this._toggle('labels', e)} />${t('map.layerLabels')}</label>
      </fieldset>
      <div class="field">
        <label for="res">${t('map.detail')}</label>
        <select id="res" @change=${(e: Event) => (this._resolution = Number((e.target as HTMLSelectElement).value))}>
          ${[6, 7, 8].map((r) => html`<option value=${r} ?selected=${r === this._resolution}>${t(`map.res${r}` as 'map.res7')}</option>`)}
        </select>
      </div>
      <div>
        <h2 style="font-size:.9375rem;margin-bottom:.4rem"><a class="def" href=${definitionHref('suppression')}>${t('map.legend')}</a></h2>
        ${loading && !density ? html`<p class="small muted" role="status">${t('common.loading')}</p>` : nothing}
        <ul class="key" data-testid="legend">
          ${breaks.map((b, i) => html`<li><span class="box" style="background:${densityColour(i, breaks.length)}"></span>${f.number(b)}${upper(i)} ${t('map.tripsPerCell')}</li>`)}
          <li><span class="ring"></span>${t('map.layerAreas', { km: AREA_RADIUS_KM })}</li>
          <li><span class="site-dot"></span>${t('map.layerSites')}</li>
        </ul>
        ${
          density
            ? html`<p class="small muted" style="margin-top:.5rem" data-testid="suppressed-cells">
              ${t('map.cellsShown', { n: f.number(density.features.length) })}${density.suppressedCells ? html` · <a href=${definitionHref('suppression')}>${t('map.suppressedCells', { n: f.number(density.suppressedCells) })}</a>` : nothing}
            </p>
            ${density.truncated ? html`<p class="notice info small" style="margin-top:.5rem" data-testid="cells-truncated">${t('map.truncated', { n: f.number(density.maxCells ?? density.features.length) })}</p>` : nothing}
            ${density.features.length === 0 && (density.suppressedCells ?? 0) > 0 && this._resolution > 6 ? html`<p class="notice info small" style="margin-top:.5rem" data-testid="no-cells">${t('map.noCells')}</p>` : nothing}
            ${this._renderPeriod(density)}`
            : nothing
        }
      </div>
      <p class="hover" aria-live="polite">${this._hover ? t('map.hover', { trips: f.number(this._hover.trips), commuters: f.number(this._hover.commuters) }) : ''}</p>
      <button type="button" ?disabled=${!density} @click=${() => density && this._exportGeoJSON(density)} data-testid="geojson">${t('map.exportGeoJSON')}</button>
    `;
  }

  private _renderTable(density: DensityCollection): TemplateResult {
    const f = fmt();
    const rows: TableRow[] = [...density.features]
      .sort((a, b) => b.properties.trips - a.properties.trips)
      .map((x) => ({
        h3: x.properties.h3,
        trips: x.properties.trips,
        commuters: x.properties.commuters,
      }));
    const columns: TableColumn[] = [
      { key: 'h3', label: t('col.h3') },
      { key: 'trips', label: t('col.trips'), numeric: true, format: (v) => f.number(Number(v)) },
      {
        key: 'commuters',
        label: t('col.commuters'),
        numeric: true,
        format: (v) => f.number(Number(v)),
      },
    ];
    const p = this.params;
    return html`<section class="panel" style="margin-top:1.25rem" aria-labelledby="cells-h">
      <details>
        <summary id="cells-h">${t('map.tableSummary', { n: f.number(rows.length) })}</summary>
        <ms-data-table .caption=${t('map.tableCaption')} .columns=${columns} .rows=${rows} filename=${exportFilename(['modeshift', 'route-density', p.partner, p.site, p.from, p.to, `r${this._resolution}`], 'csv')}></ms-data-table>
      </details>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-map-view': MsMapView;
  }
}
