import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, fetchChecked, get } from '../api/client.js';
import type { Account, DataVersion, Partner } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { factorSetName, getLanguage, LANGUAGE_NAMES, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import {
  choiceProblems,
  defaultReportLanguage,
  defaultReportYear,
  REPORT_CURRENCIES,
  REPORT_LANGUAGES,
  reportFilename,
  reportUrl,
  type ReportChoice,
  type ReportCurrency,
  type ReportLanguage,
} from '../lib/report-url.js';
import { isNetworkRole } from '../lib/views.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/** What the report's JSON says about its tables: enough to list a CSV link per table. */
interface ReportTables {
  tables: Array<{ id: string; caption: string }>;
}

/**
 * The report builder (issue 13, point 1): period (a calendar year or whole months), one
 * partner, several or the network (within the account's scope), factor set, language and
 * currency; it links to GET /api/v1/reports as HTML, PDF, JSON, GeoJSON and a CSV per table.
 * The report is asked for as JSON first, so that a refusal shows here and not in a new tab.
 */
@customElement('ms-reports')
export class MsReports extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      form {
        display: grid;
        grid-template-columns: minmax(0, 1fr);
        gap: 1rem;
        max-width: 52rem;
      }
      select {
        max-width: 100%;
      }
      /* Factor-set names are long: the field takes the row and its select shrinks with it. */
      .field.wide {
        flex: 1 1 100%;
      }
      .field.wide select {
        width: 100%;
        max-width: 32rem;
      }
      fieldset {
        /* A fieldset is as wide as its content by default; let it shrink to a phone's width. */
        min-width: 0;
        grid-template-columns: minmax(0, 1fr);
        border: 1px solid var(--ms-border);
        border-radius: 8px;
        padding: 0.75rem 1rem 1rem;
        margin: 0;
        display: grid;
        gap: 0.6rem;
      }
      legend {
        font-weight: 650;
        padding: 0 0.3rem;
      }
      .row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem 1.25rem;
        align-items: end;
      }
      .field {
        display: grid;
        gap: 0.15rem;
        min-width: 0;
        max-width: 100%;
      }
      .choice {
        display: flex;
        gap: 0.4rem;
        align-items: center;
      }
      .partners {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.25rem 1rem;
      }
      .outputs {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5rem 1rem;
        align-items: center;
        list-style: none;
        padding: 0;
        margin: 0;
      }
      .outputs a,
      .outputs button {
        white-space: nowrap;
      }
      .hint {
        color: var(--ms-muted);
        font-size: 0.875rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @property({ attribute: false }) accessor partners: Partner[] = [];

  @state() private accessor _scope: 'network' | 'partners' | null = null;
  @state() private accessor _selected: string[] = [];
  @state() private accessor _periodKind: 'year' | 'months' = 'year';
  @state() private accessor _year: number | null = null;
  @state() private accessor _fromMonth = '';
  @state() private accessor _toMonth = '';
  @state() private accessor _factorSet = '';
  @state() private accessor _lang: ReportLanguage | null = null;
  @state() private accessor _currency: ReportCurrency = 'EUR';
  @state() private accessor _tables: ReportTables['tables'] | null = null;
  @state() private accessor _building = false;
  @state() private accessor _error: ApiError | null = null;
  /** The link the tables were listed for: a change of choice hides them. */
  @state() private accessor _builtFor: string | null = null;

  protected readonly i18n = new I18nController(this);

  private readonly _factorSets = new FetchController<{
    items: Array<{ id: string; name: string }>;
  }>(
    this,
    () => 'factor-sets',
    () => get('/factor-sets'),
  );

  /**
   * Where the data lie, for the year the page opens on: the data version's range, a cheap read,
   * since the figures themselves may take a while on a scope's first request.
   */
  private readonly _range = new FetchController<DataVersion>(
    this,
    () => (this.account ? this._ownScope() : null),
    () => get('/data-version', { params: { query: { partner: this._ownScope() } } }),
  );

  private _network(): boolean {
    return this.account !== null && isNetworkRole(this.account);
  }

  private _ownScope(): string {
    return this._network() ? 'network' : (this.account?.partnerId ?? 'network');
  }

  /** Partners the account may choose: all for network roles, else its own. */
  private _choosable(): Partner[] {
    if (this._network()) return this.partners;
    return this.partners.filter((p) => p.id === this.account?.partnerId);
  }

  private _choice(): ReportChoice {
    const network = this._network();
    const scope = this._scope ?? (network ? 'network' : 'partners');
    const own = this.account?.partnerId;
    const partners =
      scope === 'network' && network ? 'network' : network ? this._selected : own ? [own] : [];
    const lang = this._lang ?? defaultReportLanguage(getLanguage());
    const range = this._range.value?.dataRange ?? null;
    const year = this._year ?? defaultReportYear(range, new Date().toISOString().slice(0, 10));
    return {
      partners,
      period:
        this._periodKind === 'year'
          ? { kind: 'year', year }
          : {
              kind: 'months',
              fromMonth: this._fromMonth || `${year}-01`,
              toMonth: this._toMonth || `${year}-12`,
            },
      factorSet: this._factorSet || null,
      lang,
      currency: this._currency,
    };
  }

  override render(): TemplateResult {
    const choice = this._choice();
    const problems = choiceProblems(choice);
    const jsonUrl = reportUrl(choice, 'json');
    const built = this._builtFor === jsonUrl ? this._tables : null;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('reports.title')}</h1>
          <p class="sub">${t('reports.intro')}</p>
        </div>
      </div>
      <form @submit=${this._build} novalidate>
        ${this._renderScope(choice)} ${this._renderPeriod(choice)}
        <fieldset>
          <legend>${t('reports.options')}</legend>
          <div class="row">
            <div class="field wide">
              <label for="factor-set">${t('reports.factorSet')}</label>
              <select id="factor-set" @change=${(e: Event) => this._set(() => (this._factorSet = (e.target as HTMLSelectElement).value))}>
                <option value="" ?selected=${!this._factorSet}>${t('reports.factorSetDefault')}</option>
                ${(this._factorSets.value?.items ?? []).map((fs) => html`<option value=${fs.id} ?selected=${fs.id === this._factorSet}>${factorSetName(fs)}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="lang">${t('reports.language')}</label>
              <select id="lang" @change=${(e: Event) => this._set(() => (this._lang = (e.target as HTMLSelectElement).value as ReportLanguage))}>
                ${REPORT_LANGUAGES.map((l) => html`<option value=${l} lang=${l} ?selected=${l === choice.lang}>${LANGUAGE_NAMES[l] ?? l}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="currency">${t('reports.currency')}</label>
              <select id="currency" @change=${(e: Event) => this._set(() => (this._currency = (e.target as HTMLSelectElement).value as ReportCurrency))}>
                ${REPORT_CURRENCIES.map((c) => html`<option value=${c} ?selected=${c === choice.currency}>${c}</option>`)}
              </select>
            </div>
          </div>
          <p class="hint">${t('reports.currencyHint')}</p>
        </fieldset>
        ${
          problems.length
            ? html`<div class="notice info" role="status" data-testid="report-problems">${problems.map((p) => html`<p>${t(p === 'partners' ? 'reports.needPartner' : 'reports.badPeriod')}</p>`)}</div>`
            : nothing
        }
        <div>
          <button type="submit" class="primary" data-testid="report-build" ?disabled=${problems.length > 0 || this._building}>${t('reports.build')}</button>
        </div>
      </form>
      ${this._error ? html`<div data-testid="report-error">${renderError(this._error)}</div>` : nothing}
      ${this._building ? renderLoading() : nothing}
      ${problems.length ? nothing : this._renderOutputs(choice, built)}
    `;
  }

  private _renderScope(choice: ReportChoice): TemplateResult {
    const network = this._network();
    const choosable = this._choosable();
    if (!network) {
      const own = choosable[0];
      return html`<fieldset>
        <legend>${t('reports.scope')}</legend>
        <p data-testid="report-own-partner">${own?.name ?? this.account?.partnerId ?? ''}</p>
      </fieldset>`;
    }
    const isNetwork = choice.partners === 'network';
    return html`<fieldset>
      <legend>${t('reports.scope')}</legend>
      <label class="choice"><input type="radio" name="scope" value="network" ?checked=${isNetwork} @change=${() => this._set(() => (this._scope = 'network'))} data-testid="scope-network" />${t('reports.wholeNetwork')}</label>
      <label class="choice"><input type="radio" name="scope" value="partners" ?checked=${!isNetwork} @change=${() => this._set(() => (this._scope = 'partners'))} data-testid="scope-partners" />${t('reports.somePartners')}</label>
      ${
        isNetwork
          ? nothing
          : html`<div class="partners" role="group" aria-label=${t('reports.partners')}>
              ${choosable.map((p) => html`<label class="choice"><input type="checkbox" value=${p.id} data-partner=${p.id} .checked=${this._selected.includes(p.id)} @change=${(e: Event) => this._toggle(p.id, (e.target as HTMLInputElement).checked)} />${p.name}</label>`)}
            </div>`
      }
    </fieldset>`;
  }

  private _renderPeriod(choice: ReportChoice): TemplateResult {
    const year =
      choice.period.kind === 'year'
        ? choice.period.year
        : Number(choice.period.fromMonth.slice(0, 4));
    const thisYear = new Date().getUTCFullYear();
    const years: number[] = [];
    for (let y = thisYear; y >= Math.min(2009, year); y--) years.push(y);
    const months = choice.period.kind === 'months' ? choice.period : null;
    return html`<fieldset>
      <legend>${t('reports.period')}</legend>
      <div class="row">
        <label class="choice"><input type="radio" name="period" value="year" ?checked=${this._periodKind === 'year'} @change=${() => this._set(() => (this._periodKind = 'year'))} data-testid="period-year" />${t('reports.calendarYear')}</label>
        <label class="choice"><input type="radio" name="period" value="months" ?checked=${this._periodKind === 'months'} @change=${() => this._set(() => (this._periodKind = 'months'))} data-testid="period-months" />${t('reports.months')}</label>
      </div>
      ${
        months
          ? html`<div class="row">
              <div class="field"><label for="from-month">${t('reports.fromMonth')}</label>
                <input id="from-month" type="month" .value=${months.fromMonth} @change=${(e: Event) => this._set(() => (this._fromMonth = (e.target as HTMLInputElement).value))} /></div>
              <div class="field"><label for="to-month">${t('reports.toMonth')}</label>
                <input id="to-month" type="month" .value=${months.toMonth} @change=${(e: Event) => this._set(() => (this._toMonth = (e.target as HTMLInputElement).value))} /></div>
            </div>`
          : html`<div class="field"><label for="year">${t('reports.year')}</label>
              <select id="year" @change=${(e: Event) => this._set(() => (this._year = Number((e.target as HTMLSelectElement).value)))}>
                ${years.map((y) => html`<option value=${y} ?selected=${y === year}>${y}</option>`)}
              </select></div>`
      }
    </fieldset>`;
  }

  private _renderOutputs(
    choice: ReportChoice,
    tables: ReportTables['tables'] | null,
  ): TemplateResult {
    return html`<section class="panel" aria-labelledby="outputs-h" style="margin-top:1rem">
      <div class="panel-head"><h2 id="outputs-h">${t('reports.outputs')}</h2></div>
      <ul class="outputs" data-testid="report-links">
        <li><a href=${reportUrl(choice, 'html')} target="_blank" rel="noopener" data-format="html">${t('reports.openHtml')}</a></li>
        <li><button type="button" data-format="pdf" @click=${() => this._downloadPdf(choice)}>${t('reports.downloadPdf')}</button></li>
        <li><a href=${reportUrl(choice, 'json')} download=${reportFilename(choice, 'json')} data-format="json">${t('reports.json')}</a></li>
        <li><a href=${reportUrl(choice, 'geojson')} download=${reportFilename(choice, 'geojson')} data-format="geojson">${t('reports.geojson')}</a></li>
      </ul>
      ${
        tables
          ? html`<h3 style="margin-top:1rem">${t('reports.tables')}</h3>
            <ul data-testid="report-tables">
              ${tables.map((tb) => html`<li><a href=${reportUrl(choice, 'csv', tb.id)} download=${reportFilename(choice, 'csv', tb.id)} data-table=${tb.id}>${tb.caption}</a></li>`)}
            </ul>`
          : html`<p class="hint">${t('reports.tablesHint')}</p>`
      }
    </section>`;
  }

  /** Any change of choice: the listed tables and a shown error belong to the old one. */
  private _set(change: () => void): void {
    change();
    this._error = null;
  }

  private _toggle(id: string, on: boolean): void {
    this._set(() => {
      this._scope = 'partners';
      this._selected = on
        ? [...new Set([...this._selected, id])]
        : this._selected.filter((x) => x !== id);
    });
  }

  private async _build(e: Event): Promise<void> {
    e.preventDefault();
    const choice = this._choice();
    if (choiceProblems(choice).length) return;
    const url = reportUrl(choice, 'json');
    this._building = true;
    this._error = null;
    try {
      const res = await fetchChecked(url);
      const report = (await res.json()) as ReportTables;
      this._tables = (report.tables ?? []).map((tb) => ({ id: tb.id, caption: tb.caption }));
      this._builtFor = url;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
    } finally {
      this._building = false;
    }
  }

  /** Fetched rather than linked, so that 503 pdf_unavailable shows here, in the page. */
  private async _downloadPdf(choice: ReportChoice): Promise<void> {
    this._building = true;
    this._error = null;
    try {
      const res = await fetchChecked(reportUrl(choice, 'pdf'), 'application/pdf');
      const blob = await res.blob();
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = reportFilename(choice, 'pdf');
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
    } finally {
      this._building = false;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-reports': MsReports;
  }
}
