import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, get, post } from '../api/client.js';
import type { HeatDefaults, HeatInputSource, HeatRequest, HeatResult } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import type { MessageKey } from '../i18n/en.js';
import { fmt, t } from '../i18n/index.js';
import { renderError, renderLoading } from '../lib/states.js';
import { definitionHref } from '../lib/route.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/** The inputs that replace a default; empty means "use the default" (shown as placeholder). */
type OptionalField =
  | 'ageFrom'
  | 'ageTo'
  | 'mortalityPer100k'
  | 'vsl'
  | 'currency'
  | 'vslYear'
  | 'years'
  | 'buildUpYears'
  | 'discountRatePct'
  | 'uptakeYears'
  | 'relativeRisk'
  | 'referenceMinutesPerWeek'
  | 'maxRiskReductionPct'
  | 'fatalitiesPer100MillionKm';

const OPTIONAL_FIELDS: readonly OptionalField[] = [
  'ageFrom',
  'ageTo',
  'mortalityPer100k',
  'vsl',
  'currency',
  'vslYear',
  'years',
  'buildUpYears',
  'discountRatePct',
  'uptakeYears',
  'relativeRisk',
  'referenceMinutesPerWeek',
  'maxRiskReductionPct',
  'fatalitiesPer100MillionKm',
];

/** Which request field an API error's `details[].path` names, for aria-invalid. */
const FIELD_OF_PATH: Record<string, OptionalField | 'people' | 'amount' | 'country'> = {
  'ageRange.from': 'ageFrom',
  'ageRange.to': 'ageTo',
  ageRange: 'ageFrom',
  mortalityPer100k: 'mortalityPer100k',
  vsl: 'vsl',
  currency: 'currency',
  vslYear: 'vslYear',
  years: 'years',
  buildUpYears: 'buildUpYears',
  discountRate: 'discountRatePct',
  uptakeYears: 'uptakeYears',
  relativeRisk: 'relativeRisk',
  referenceMinutesPerWeek: 'referenceMinutesPerWeek',
  maxRiskReduction: 'maxRiskReductionPct',
  fatalitiesPer100MillionKm: 'fatalitiesPer100MillionKm',
  people: 'people',
  minutesPerWeek: 'amount',
  kmPerWeek: 'amount',
  country: 'country',
};

/**
 * The WHO HEAT calculator (POST /calculators/heat) with the tool's own inputs: a country's
 * defaults, each of which the analyst may replace (mortality rate, VSL and its currency, age
 * range, period, build-up, discounting, uptake, and the relative risk at its reference volume
 * with the cap, for assessments made with an earlier HEAT version), shown as placeholders with their source and a
 * reset per field; an optional road fatality rate that adds HEAT's crash term (no default);
 * the answer with every parameter's source and the assessment year by year.
 */
@customElement('ms-heat-calculator')
export class MsHeatCalculator extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      form {
        display: grid;
        gap: 1rem;
      }
      fieldset {
        border: 1px solid var(--ms-border);
        border-radius: 6px;
        padding: 0.8rem 1rem 1rem;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(17rem, 1fr));
        gap: 0.9rem 1.2rem;
      }
      legend {
        font-weight: 600;
        padding: 0 0.3rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
        align-content: start;
      }
      .field input,
      .field select {
        width: 100%;
      }
      .with-reset {
        display: flex;
        gap: 0.4rem;
      }
      .with-reset input {
        flex: 1;
        min-width: 6rem;
      }
      .field .with-reset select {
        width: auto;
      }
      button.reset {
        font-size: 0.78rem;
        padding: 0.2rem 0.5rem;
        white-space: nowrap;
      }
      .scroll {
        overflow-x: auto;
        border: 1px solid var(--ms-border);
        border-radius: 10px;
        margin-bottom: 1rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.45rem 0.75rem;
        border-bottom: 1px solid var(--ms-border);
      }
      thead th,
      tfoot th,
      tfoot td {
        font-weight: 600;
        color: var(--ms-muted);
        background: var(--ms-hover);
      }
      tbody th {
        font-weight: 500;
      }
      #heat-result h2 {
        margin-top: 0;
      }
      .hint {
        color: var(--ms-muted);
        font-size: 0.82rem;
      }
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr));
        gap: 0.6rem 1.2rem;
        margin: 0 0 1rem;
      }
      .figures dt {
        color: var(--ms-muted);
        font-size: 0.85rem;
      }
      .figures dd {
        margin: 0;
        font-size: 1.25rem;
        font-weight: 600;
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .sources {
        font-size: 0.85rem;
        color: var(--ms-muted);
      }
      [aria-invalid='true'] {
        outline: 2px solid var(--ms-danger, #b00020);
      }
    `,
  ];

  @state() private accessor _defaults: HeatDefaults | null = null;
  @state() private accessor _loadError: ApiError | null = null;
  @state() private accessor _country = 'DK';
  @state() private accessor _mode: 'walk' | 'bike' = 'bike';
  @state() private accessor _people = '';
  @state() private accessor _amount = '';
  @state() private accessor _unit: 'minutesPerWeek' | 'kmPerWeek' = 'minutesPerWeek';
  @state() private accessor _values: Record<OptionalField, string> = emptyValues();
  @state() private accessor _busy = false;
  @state() private accessor _result: HeatResult | null = null;
  @state() private accessor _error: { message: string; fields: string[] } | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    try {
      this._defaults = await get('/calculators/heat/defaults');
    } catch (err) {
      this._loadError = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  private _set(field: OptionalField, value: string): void {
    this._values = { ...this._values, [field]: value };
  }

  private _reset(field: OptionalField): void {
    this._set(field, '');
    // Focus stays on the field just reset, so a keyboard user can type the next value.
    this.renderRoot.querySelector<HTMLInputElement>(`#${field}`)?.focus();
  }

  /** The defaults the server would use now, for the placeholders: null where there is none. */
  private _placeholders(): Record<OptionalField, { value: string; source: string } | null> {
    const d = this._defaults!;
    const f = fmt();
    const country = d.countries.find((c) => c.code === this._country) ?? null;
    const group = d.modes[this._mode].ageGroup;
    const [defFrom, defTo] = group.split('-');
    const from = this._values.ageFrom || defFrom!;
    const to = this._values.ageTo || defTo!;
    const range = `${from}-${to}`;
    const countryName = country?.name ?? '';
    const fromCountry = t('heat.src.countryOf', { country: countryName });
    const mortality =
      country && d.modes[this._mode].countryAgeGroups.includes(range)
        ? {
            value: String(country.mortalityPer100k[range as '20-64' | '20-74']),
            source: fromCountry,
          }
        : null;
    const heat = t('heat.src.heat');
    const dose = d.modes[this._mode];
    return {
      ageFrom: { value: defFrom!, source: heat },
      ageTo: { value: defTo!, source: heat },
      mortalityPer100k: mortality,
      vsl: country ? { value: String(country.vsl), source: fromCountry } : null,
      currency: country ? { value: country.currency, source: fromCountry } : null,
      vslYear: country?.vslPriceYear
        ? { value: String(country.vslPriceYear), source: fromCountry }
        : null,
      years: { value: String(d.years), source: heat },
      buildUpYears: { value: String(d.buildUpYears), source: heat },
      discountRatePct: {
        value: f.number(d.discountRate * 100, 1),
        source: t('heat.src.assumption'),
      },
      uptakeYears: { value: String(d.uptakeYears), source: heat },
      relativeRisk: { value: String(dose.referenceRelativeRisk), source: heat },
      referenceMinutesPerWeek: { value: String(dose.referenceMinutesPerWeek), source: heat },
      maxRiskReductionPct: { value: f.number(dose.maxRiskReduction * 100, 0), source: heat },
      // No sourced country rates: road crashes count only when the analyst gives a rate.
      fatalitiesPer100MillionKm: null,
    };
  }

  private _request(): HeatRequest {
    const v = this._values;
    const num = (s: string) => Number(s.replace(',', '.'));
    const group = this._defaults!.modes[this._mode].ageGroup.split('-');
    const body: HeatRequest = { mode: this._mode, people: num(this._people) };
    body[this._unit] = num(this._amount);
    if (this._country) body.country = this._country as HeatRequest['country'];
    if (v.ageFrom || v.ageTo)
      body.ageRange = { from: num(v.ageFrom || group[0]!), to: num(v.ageTo || group[1]!) };
    if (v.mortalityPer100k) body.mortalityPer100k = num(v.mortalityPer100k);
    if (v.vsl) body.vsl = num(v.vsl);
    if (v.currency) body.currency = v.currency.trim().toUpperCase();
    if (v.vslYear) body.vslYear = num(v.vslYear);
    if (v.years) body.years = num(v.years);
    if (v.buildUpYears) body.buildUpYears = num(v.buildUpYears);
    if (v.discountRatePct) body.discountRate = num(v.discountRatePct) / 100;
    if (v.uptakeYears) body.uptakeYears = num(v.uptakeYears);
    if (v.relativeRisk) body.relativeRisk = num(v.relativeRisk);
    if (v.referenceMinutesPerWeek) body.referenceMinutesPerWeek = num(v.referenceMinutesPerWeek);
    if (v.maxRiskReductionPct) body.maxRiskReduction = num(v.maxRiskReductionPct) / 100;
    if (v.fatalitiesPer100MillionKm)
      body.fatalitiesPer100MillionKm = num(v.fatalitiesPer100MillionKm);
    return body;
  }

  private async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    this._busy = true;
    this._error = null;
    try {
      this._result = await post('/calculators/heat', { body: this._request() });
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#heat-result')?.focus();
    } catch (err) {
      this._result = null;
      if (err instanceof ApiError) {
        const fields = Array.isArray(err.details)
          ? (err.details as Array<{ path?: string }>)
              .map((d) => FIELD_OF_PATH[d.path ?? ''] ?? '')
              .filter(Boolean)
          : [];
        this._error = { message: err.message, fields };
      } else this._error = { message: String(err), fields: [] };
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('heat.title')}</h1>
          <p class="sub">${t('heat.lead')} <a href=${definitionHref('heat')}>${t('heat.method')}</a></p>
        </div>
      </div>
      ${this._loadError ? renderError(this._loadError) : nothing}
      ${!this._defaults && !this._loadError ? renderLoading() : nothing}
      ${this._defaults ? this._renderForm() : nothing}
      ${this._error ? html`<div class="notice error" role="alert" data-testid="heat-error">${this._error.message}</div>` : nothing}
      ${this._result ? this._renderResult(this._result) : nothing}
    `;
  }

  private _invalid(field: string): 'true' | 'false' {
    return this._error?.fields.includes(field) ? 'true' : 'false';
  }

  private _renderForm(): TemplateResult {
    const d = this._defaults!;
    const ph = this._placeholders();
    return html`<section class="panel">
      <form @submit=${this._submit} data-testid="heat-form" novalidate>
        <fieldset>
          <legend>${t('heat.case')}</legend>
          <div class="field">
            <label for="country">${t('heat.country')}</label>
            <select id="country" name="country" aria-invalid=${this._invalid('country')}
              @change=${(e: Event) => {
                this._country = (e.target as HTMLSelectElement).value;
              }}>
              ${d.countries.map((c) => html`<option value=${c.code} ?selected=${c.code === this._country}>${c.name} (${c.code})</option>`)}
              <option value="" ?selected=${this._country === ''}>${t('heat.countryNone')}</option>
            </select>
          </div>
          <div class="field">
            <label for="mode">${t('heat.mode')}</label>
            <select id="mode" name="mode" @change=${(e: Event) => {
              this._mode = (e.target as HTMLSelectElement).value as 'walk' | 'bike';
            }}>
              <option value="bike" ?selected=${this._mode === 'bike'}>${t('mode.bike')}</option>
              <option value="walk" ?selected=${this._mode === 'walk'}>${t('mode.walk')}</option>
            </select>
          </div>
          <div class="field">
            <label for="people">${t('heat.people')}</label>
            <input id="people" name="people" type="number" min="0" step="1" required inputmode="numeric"
              aria-invalid=${this._invalid('people')} .value=${this._people}
              @input=${(e: Event) => {
                this._people = (e.target as HTMLInputElement).value;
              }} />
          </div>
          <div class="field">
            <label for="amount">${t('heat.amount')}</label>
            <div class="with-reset">
              <input id="amount" name="amount" type="number" min="0" step="any" required aria-invalid=${this._invalid('amount')}
                .value=${this._amount} @input=${(e: Event) => {
                  this._amount = (e.target as HTMLInputElement).value;
                }} />
              <select id="unit" aria-label=${t('heat.unit')} @change=${(e: Event) => {
                this._unit = (e.target as HTMLSelectElement).value as
                  | 'minutesPerWeek'
                  | 'kmPerWeek';
              }}>
                <option value="minutesPerWeek" ?selected=${this._unit === 'minutesPerWeek'}>${t('unit.minPerWeek')}</option>
                <option value="kmPerWeek" ?selected=${this._unit === 'kmPerWeek'}>${t('heat.kmPerWeek')}</option>
              </select>
            </div>
            <span class="hint">${t('heat.amountHint')}</span>
          </div>
        </fieldset>
        <fieldset>
          <legend>${t('heat.own')}</legend>
          ${this._field('ageFrom', 'heat.ageFrom', ph.ageFrom, { min: 18, step: 1 })}
          ${this._field('ageTo', 'heat.ageTo', ph.ageTo, { min: 18, step: 1 })}
          ${this._field('mortalityPer100k', 'heat.mortality', ph.mortalityPer100k, { min: 0, step: 'any' })}
          ${this._field('vsl', 'heat.vsl', ph.vsl, { min: 0, step: 'any' })}
          ${this._field('currency', 'heat.currency', ph.currency, null)}
          ${this._field('vslYear', 'heat.vslYear', ph.vslYear, { min: 1950, step: 1 })}
        </fieldset>
        <fieldset>
          <legend>${t('heat.period')}</legend>
          ${this._field('years', 'heat.years', ph.years, { min: 1, step: 1 })}
          ${this._field('buildUpYears', 'heat.buildUp', ph.buildUpYears, { min: 0, step: 1 })}
          ${this._field('discountRatePct', 'heat.discount', ph.discountRatePct, { min: 0, step: 'any' })}
          ${this._field('uptakeYears', 'heat.uptake', ph.uptakeYears, { min: 1, step: 1 })}
        </fieldset>
        <fieldset>
          <legend>${t('heat.dose')}</legend>
          ${this._field('relativeRisk', 'heat.relativeRisk', ph.relativeRisk, { min: 0, step: 'any' })}
          ${this._field('referenceMinutesPerWeek', 'heat.referenceMinutes', ph.referenceMinutesPerWeek, { min: 0, step: 'any' })}
          ${this._field('maxRiskReductionPct', 'heat.maxRiskReduction', ph.maxRiskReductionPct, { min: 0, step: 'any' })}
        </fieldset>
        <fieldset>
          <legend>${t('heat.crash')}</legend>
          ${this._field('fatalitiesPer100MillionKm', 'heat.fatalities', ph.fatalitiesPer100MillionKm, { min: 0, step: 'any' }, 'heat.crashHint')}
        </fieldset>
        <div><button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? t('heat.busy') : t('heat.calculate')}</button></div>
      </form>
    </section>`;
  }

  private _field(
    field: OptionalField,
    label: MessageKey,
    placeholder: { value: string; source: string } | null,
    numeric: { min: number; step: number | 'any' } | null,
    noDefault: MessageKey = 'heat.noDefault',
  ): TemplateResult {
    const value = this._values[field];
    const hint = placeholder
      ? t('heat.default', { value: placeholder.value, source: placeholder.source })
      : t(noDefault);
    return html`<div class="field">
      <label for=${field}>${t(label)}</label>
      <div class="with-reset">
        <input id=${field} name=${field} type=${numeric ? 'number' : 'text'}
          min=${numeric ? numeric.min : nothing} step=${numeric ? numeric.step : nothing}
          maxlength=${numeric ? nothing : 3} autocomplete="off"
          placeholder=${placeholder?.value ?? ''} aria-describedby=${`${field}-hint`}
          aria-invalid=${this._invalid(field)} .value=${value}
          @input=${(e: Event) => this._set(field, (e.target as HTMLInputElement).value)} />
        <button type="button" class="reset" data-reset=${field} ?disabled=${value === ''}
          aria-label=${t('heat.resetLabel', { field: t(label) })} @click=${() => this._reset(field)}>${t('heat.reset')}</button>
      </div>
      <span class="hint" id=${`${field}-hint`}>${hint}</span>
    </div>`;
  }

  private _sourceName(source: HeatInputSource, country: string | null): string {
    if (source === 'country') return t('heat.src.countryOf', { country: country ?? '' });
    return t(`heat.src.${source}` as MessageKey);
  }

  private _renderResult(r: HeatResult): TemplateResult {
    const f = fmt();
    const p = r.parameters;
    const country = this._defaults?.countries.find((c) => c.code === p.country)?.name ?? null;
    const money = (v: number) => `${f.number(v, 0)} ${r.currency}`;
    const deaths = (v: number) => f.number(v, Math.abs(v) >= 10 ? 1 : 4);
    const rows: Array<[MessageKey, string, HeatInputSource]> = [
      ['heat.ageRange', `${p.ageRange.from}–${p.ageRange.to}`, p.sourceOf.ageRange],
      ['heat.mortality', f.number(p.mortalityPer100k, 2), p.sourceOf.mortalityPer100k],
      ['heat.vsl', money(p.vsl), p.sourceOf.vsl],
      [
        'heat.vslYear',
        p.vslPriceYear === null ? '–' : String(p.vslPriceYear),
        p.sourceOf.vslPriceYear,
      ],
      ['heat.years', String(p.years), p.sourceOf.years],
      ['heat.buildUp', String(p.buildUpYears), p.sourceOf.buildUpYears],
      ['heat.discount', `${f.number(p.discountRate * 100, 2)} %`, p.sourceOf.discountRate],
      ['heat.uptake', String(p.uptakeYears), p.sourceOf.uptakeYears],
      ['heat.relativeRisk', f.number(p.referenceRelativeRisk, 3), p.sourceOf.referenceRelativeRisk],
      [
        'heat.referenceMinutes',
        f.number(p.referenceMinutesPerWeek, 0),
        p.sourceOf.referenceMinutesPerWeek,
      ],
      [
        'heat.maxRiskReduction',
        `${f.number(p.maxRiskReduction * 100, 1)} %`,
        p.sourceOf.maxRiskReduction,
      ],
    ];
    const crash = r.crash;
    const net = r.netOfCrashes;
    if (crash)
      rows.push(['heat.fatalities', f.number(crash.fatalitiesPer100MillionKm, 3), crash.source]);
    return html`<section class="panel" id="heat-result" tabindex="-1" aria-labelledby="heat-result-title" data-testid="heat-result">
      <h2 id="heat-result-title">${t('heat.result')}</h2>
      <p>${t('heat.riskLine', {
        minutes: f.number(p.minutesPerWeek, 1),
        reduction: f.number(r.riskReduction * 100, 2),
      })}${r.capped ? ` ${t('heat.capped')}` : ''}</p>
      <dl class="figures">
        <div><dt>${t('heat.deathsPerYear')}</dt><dd data-testid="heat-deaths">${deaths(r.deathsPreventedPerYear)}</dd></div>
        <div><dt>${t('heat.valuePerYear')}</dt><dd data-testid="heat-value">${money(r.valuePerYear)}</dd></div>
        <div><dt>${t('heat.valueTotal', { years: p.years })}</dt><dd>${money(r.valueTotal)}</dd></div>
        <div><dt>${t('heat.valueDiscounted')}</dt><dd data-testid="heat-discounted">${money(r.valueDiscounted)}</dd></div>
        <div><dt>${t('heat.valueAverage')}</dt><dd>${money(r.valueAveragePerYear)}</dd></div>
        ${
          crash && net
            ? html`<div><dt>${t('heat.crashDeaths')}</dt><dd data-testid="heat-crash-deaths">${deaths(crash.deathsPerYear)}</dd></div>
        <div><dt>${t('heat.netDeaths')}</dt><dd data-testid="heat-net-deaths">${deaths(net.deathsPreventedPerYear)}</dd></div>
        <div><dt>${t('heat.netValue')}</dt><dd data-testid="heat-net-value">${money(net.valueDiscounted)}</dd></div>`
            : nothing
        }
      </dl>
      ${
        crash
          ? html`<p data-testid="heat-crash-line">${t('heat.crashLine', {
              km: f.number(crash.kmPerYear, 0),
              kmPerWeek: f.number(crash.kmPerWeek, 2),
              rate: f.number(crash.fatalitiesPer100MillionKm, 3),
            })}</p>`
          : nothing
      }
      <h3>${t('heat.parameters')}</h3>
      <div class="scroll"><table data-testid="heat-parameters">
        <thead><tr><th scope="col">${t('heat.parameter')}</th><th scope="col" class="num">${t('heat.value')}</th><th scope="col">${t('heat.source')}</th></tr></thead>
        <tbody>${rows.map(([key, value, source]) => html`<tr data-param=${key}><th scope="row">${t(key)}</th><td class="num">${value}</td><td data-source=${source}>${this._sourceName(source, country)}</td></tr>`)}</tbody>
      </table></div>
      <h3>${t('heat.yearly')}</h3>
      <div class="scroll"><table data-testid="heat-yearly">
        <caption class="visually-hidden">${t('heat.yearly')}</caption>
        <thead><tr>
          <th scope="col">${t('heat.col.year')}</th>
          <th scope="col" class="num">${t('heat.col.share')}</th>
          <th scope="col" class="num">${t('heat.col.deaths')}</th>
          <th scope="col" class="num">${t('heat.col.undiscounted', { currency: r.currency })}</th>
          <th scope="col" class="num">${t('heat.col.factor')}</th>
          <th scope="col" class="num">${t('heat.col.discounted', { currency: r.currency })}</th>
          ${crash ? html`<th scope="col" class="num">${t('heat.col.crashDeaths')}</th>` : nothing}
        </tr></thead>
        <tbody>${r.yearly.map(
          (y) => html`<tr>
          <th scope="row">${y.year}</th>
          <td class="num">${f.number(y.buildUpShare * 100, 0)} %</td>
          <td class="num">${deaths(y.deathsPrevented)}</td>
          <td class="num">${f.number(y.valueUndiscounted, 0)}</td>
          <td class="num">${f.number(y.discountFactor, 4)}</td>
          <td class="num">${f.number(y.valueDiscounted, 0)}</td>
          ${crash ? html`<td class="num">${deaths(y.crashDeaths ?? 0)}</td>` : nothing}
        </tr>`,
        )}</tbody>
        <tfoot><tr>
          <th scope="row">${t('heat.col.total')}</th><td></td>
          <td class="num">${deaths(r.deathsPreventedTotal)}</td>
          <td class="num">${f.number(r.valueTotal, 0)}</td><td></td>
          <td class="num">${f.number(r.valueDiscounted, 0)}</td>
          ${crash ? html`<td class="num">${deaths(crash.deathsTotal)}</td>` : nothing}
        </tr></tfoot>
      </table></div>
      <details class="sources"><summary>${t('heat.sources')}</summary><ul>${r.sources.map((s) => html`<li>${s}</li>`)}</ul></details>
    </section>`;
  }
}

function emptyValues(): Record<OptionalField, string> {
  return Object.fromEntries(OPTIONAL_FIELDS.map((f) => [f, ''])) as Record<OptionalField, string>;
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-heat-calculator': MsHeatCalculator;
  }
}
