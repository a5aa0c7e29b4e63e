import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { DataRange, Partner, Site } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t, type MessageKey } from '../i18n/index.js';
import { detectPreset, presetRange, PERIOD_PRESETS, type PeriodPreset } from '../lib/period.js';
import { isIsoDate, type RouteParams, type View } from '../lib/route.js';
import { shared } from '../styles/shared.js';
import type { NavigateDetail } from './ms-app.js';

const PRESET_LABELS: Record<PeriodPreset, MessageKey> = {
  month: 'period.month',
  '12m': 'period.12m',
  project: 'period.project',
  custom: 'period.custom',
};

/**
 * Partner, site and period pickers. Changes go into the URL (events up); the view reads them
 * back from there, so every state of the dashboard is a link.
 */
@customElement('ms-filter-bar')
export class MsFilterBar extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        background: var(--ms-surface);
        border-bottom: 1px solid var(--ms-border);
      }
      .bar {
        max-width: 1240px;
        margin: 0 auto;
        padding: 0.6rem 1.25rem 0.7rem;
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.6rem 1rem;
      }
      .field {
        display: grid;
        gap: 0.15rem;
        min-width: 0;
      }
      .field select {
        min-width: 10rem;
      }
      .static {
        min-height: 2.25rem;
        display: flex;
        align-items: center;
        font-weight: 600;
      }
      .custom {
        display: flex;
        align-items: flex-end;
        gap: 0.5rem;
        flex-wrap: wrap;
      }
      .latest {
        margin-left: auto;
        align-self: center;
        font-size: 0.8125rem;
        color: var(--ms-muted);
        white-space: nowrap;
      }
      @media (max-width: 640px) {
        .bar {
          padding: 0.5rem 0.85rem 0.6rem;
          display: grid;
          grid-template-columns: 1fr 1fr;
        }
        .field select {
          min-width: 0;
          width: 100%;
        }
        .field.period,
        .field.wide,
        .custom,
        .latest {
          grid-column: 1 / -1;
        }
        .custom input {
          flex: 1;
          min-width: 8.5rem;
        }
        .latest {
          margin-left: 0;
        }
      }
    `,
  ];

  @property({ attribute: false }) accessor view: View = 'overview';
  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  @property({ attribute: false }) accessor dataRange: DataRange | null = null;
  @property({ type: Boolean }) accessor networkAllowed = false;
  @property({ type: Boolean }) accessor showPartner = true;
  @property({ type: Boolean }) accessor showSite = true;
  @property({ type: Boolean }) accessor showPeriod = true;

  @state() private accessor _sites: Site[] = [];
  @state() private accessor _customOpen = false;
  @state() private accessor _ownRange: DataRange | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _sitesFor: string | null = null;
  private _rangeTimer: ReturnType<typeof setTimeout> | null = null;

  override disconnectedCallback(): void {
    if (this._rangeTimer) clearTimeout(this._rangeTimer);
    super.disconnectedCallback();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const partner = this.params.partner ?? 'network';
    if (this.showSite && partner !== 'network' && partner !== this._sitesFor) {
      this._sitesFor = partner;
      this._sites = [];
      get('/partners/{id}/sites', { params: { path: { id: partner } } })
        .then((res) => {
          if (this._sitesFor === partner)
            this._sites = [...res.items].sort((a, b) => a.name.localeCompare(b.name));
        })
        .catch(() => {
          this._sites = [];
        });
    }
    if (
      changed.has('params') &&
      detectPreset(this.params.from, this.params.to, this._range()) !== 'custom'
    )
      this._customOpen = false;
    // Views report the data range with their first answer; ask for it (the data version's
    // cheap range, not the figures) only if none has.
    if (this.showPeriod && !this._range() && !this._rangeTimer) {
      this._rangeTimer = setTimeout(() => {
        if (this._range()) return;
        get('/data-version', { params: { query: { partner } } })
          .then((res) => {
            this._ownRange = res.dataRange;
          })
          .catch(() => undefined);
      }, 1200);
    }
  }

  private _range(): DataRange | null {
    return this.dataRange ?? this._ownRange;
  }

  private _go(params: RouteParams): void {
    const detail: NavigateDetail = { params, replace: false };
    this.dispatchEvent(new CustomEvent('ms-navigate', { detail, bubbles: true, composed: true }));
  }

  private _onPartner(e: Event): void {
    const partner = (e.target as HTMLSelectElement).value;
    const next: RouteParams = { ...this.params, partner };
    delete next.site;
    this._go(next);
  }

  private _onSite(e: Event): void {
    const site = (e.target as HTMLSelectElement).value;
    const next: RouteParams = { ...this.params };
    if (site) next.site = site;
    else delete next.site;
    this._go(next);
  }

  private _onPreset(e: Event): void {
    const preset = (e.target as HTMLSelectElement).value as PeriodPreset;
    if (preset === 'custom') {
      this._customOpen = true;
      return;
    }
    const range = this._range();
    const next: RouteParams = { ...this.params };
    if (range) Object.assign(next, presetRange(preset, range));
    else {
      delete next.from;
      delete next.to;
    }
    this._go(next);
  }

  private _onCustom(e: SubmitEvent): void {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const from = String(data.get('from') ?? '');
    const to = String(data.get('to') ?? '');
    if (!isIsoDate(from) || !isIsoDate(to) || from > to) return;
    this._go({ ...this.params, from, to });
  }

  override render(): TemplateResult {
    const range = this._range();
    const preset = this._customOpen
      ? 'custom'
      : detectPreset(this.params.from, this.params.to, range);
    const partner = this.params.partner ?? 'network';
    const sorted = [...this.partners].sort((a, b) => a.name.localeCompare(b.name));
    const single = !this.networkAllowed && sorted.length <= 1;
    return html`<div class="bar" role="group" aria-label=${t('filter.label')}>
      ${
        this.showPartner
          ? html`<div class="field partner ${this.showSite && partner !== 'network' ? '' : 'wide'}">
            ${
              single
                ? html`<span class="label muted small" id="partner-label">${t('filter.partner')}</span>
                  <span class="static" aria-labelledby="partner-label" data-testid="partner-static">${sorted[0]?.name ?? partner}</span>`
                : html`<label for="partner">${t('filter.partner')}</label>
                  <select id="partner" data-testid="partner-select" @change=${this._onPartner}>
                    ${this.networkAllowed ? html`<option value="network" ?selected=${partner === 'network'}>${t('scope.networkAll')}</option>` : nothing}
                    ${sorted.map((p) => html`<option value=${p.id} ?selected=${p.id === partner}>${p.name}</option>`)}
                  </select>`
            }
          </div>`
          : nothing
      }
      ${
        this.showSite && partner !== 'network'
          ? html`<div class="field">
            <label for="site">${t('filter.site')}</label>
            <select id="site" data-testid="site-select" @change=${this._onSite}>
              <option value="" ?selected=${!this.params.site}>${t('filter.allSites')}</option>
              ${this._sites.map((s) => html`<option value=${s.id} ?selected=${s.id === this.params.site}>${s.name}</option>`)}
            </select>
          </div>`
          : nothing
      }
      ${
        this.showPeriod
          ? html`<div class="field period">
              <label for="period">${t('filter.period')}</label>
              <select id="period" data-testid="period-select" @change=${this._onPreset}>
                ${PERIOD_PRESETS.map((p) => html`<option value=${p} ?selected=${p === preset} ?disabled=${p !== 'custom' && p !== 'project' && !range}>${this._presetLabel(p, range)}</option>`)}
              </select>
            </div>
            ${
              preset === 'custom'
                ? html`<form class="custom" @submit=${this._onCustom} data-testid="custom-period">
                  <div class="field">
                    <label for="from">${t('filter.from')}</label>
                    <input id="from" name="from" type="date" .value=${this.params.from ?? range?.from ?? ''} min=${range?.from ?? ''} max=${range?.to ?? ''} required />
                  </div>
                  <div class="field">
                    <label for="to">${t('filter.to')}</label>
                    <input id="to" name="to" type="date" .value=${this.params.to ?? range?.to ?? ''} min=${range?.from ?? ''} max=${range?.to ?? ''} required />
                  </div>
                  <button type="submit" class="primary">${t('filter.apply')}</button>
                </form>`
                : nothing
            }
            ${range ? html`<span class="latest" data-testid="latest-data" title=${t('filter.latestHint')}>${t('filter.latest', { date: fmt().date(range.to) })}</span>` : nothing}`
          : nothing
      }
    </div>`;
  }

  private _presetLabel(p: PeriodPreset, range: DataRange | null): string {
    const label = t(PRESET_LABELS[p]);
    if (!range || p === 'custom') return label;
    const r = presetRange(p, range);
    const f = fmt();
    return p === 'month'
      ? `${label} (${f.month(r.from.slice(0, 7))})`
      : `${label} (${f.month(r.from.slice(0, 7))} – ${f.month(r.to.slice(0, 7))})`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-filter-bar': MsFilterBar;
  }
}
