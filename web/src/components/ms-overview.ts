import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { get, type QueryOf } from '../api/client.js';
import type { Indicators, IndicatorsAnswer, Partner } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { factorSetName, fmt, t } from '../i18n/index.js';
import { describeSuppressed } from '../lib/suppression.js';
import { exportFilename, toCsv } from '../lib/csv.js';
import { downloadText } from '../lib/download.js';
import { FetchController } from '../lib/fetch-controller.js';
import { splitComparison } from '../lib/split-table.js';
import {
  activeShift,
  formatCo2,
  groupShift,
  heatTotal,
  overviewValues,
  WHO_MINUTES_PER_WEEK,
} from '../lib/figures.js';
import { definitionHref, formatRoute, scopeParams, type RouteParams } from '../lib/route.js';
import type { NavigateDetail } from './ms-app.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-data-table.js';
import './ms-split-bars.js';
import './ms-stat-card.js';

/** The overview of a partner or the network: a few strong numbers, each against the baseline. */
@customElement('ms-overview')
export class MsOverview extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .cards {
        display: grid;
        grid-template-columns: repeat(3, minmax(0, 1fr));
        gap: 0.9rem;
      }
      @media (max-width: 960px) {
        .cards {
          grid-template-columns: repeat(2, minmax(0, 1fr));
        }
      }
      @media (max-width: 560px) {
        .cards {
          grid-template-columns: minmax(0, 1fr);
          gap: 0.6rem;
        }
      }
      .head-tools {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.5rem 0.75rem;
      }
      .head-tools .field {
        display: grid;
        gap: 0.15rem;
      }
      .head-tools select {
        max-width: 22rem;
      }
      .suppressed-note {
        font-size: 0.8125rem;
        color: var(--ms-muted);
        margin-top: 0.6rem;
      }
      .meter {
        height: 0.5rem;
        border-radius: 99px;
        background: var(--ms-hover);
        overflow: hidden;
        position: relative;
      }
      .meter span {
        display: block;
        height: 100%;
        background: var(--ms-accent);
        border-radius: 99px;
      }
      .more {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr));
        gap: 0.5rem 1.5rem;
        margin: 0;
      }
      .more div {
        display: flex;
        flex-direction: column;
      }
      .more dt {
        font-size: 0.8125rem;
        color: var(--ms-muted);
        font-weight: 600;
      }
      .more dd {
        margin: 0;
        font-weight: 650;
        font-size: 1.05rem;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _basis: 'trips' | 'km' = 'trips';

  private readonly _data = new FetchController<IndicatorsAnswer>(
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

  private _query(): QueryOf<'/indicators'> {
    const p = this.params;
    return {
      partner: p.partner ?? 'network',
      site: p.site,
      from: p.from,
      to: p.to,
      factorSet: p.factors,
    };
  }

  private readonly _factorSets = new FetchController<{
    items: Array<{ id: string; name: string }>;
  }>(
    this,
    () => 'factor-sets',
    () => get('/factor-sets'),
  );

  private _onFactors(e: Event): void {
    const factors = (e.target as HTMLSelectElement).value;
    const params: RouteParams = { ...this.params, factors };
    const detail: NavigateDetail = { params, replace: true };
    this.dispatchEvent(new CustomEvent('ms-navigate', { detail, bubbles: true, composed: true }));
  }

  private _scopeName(): string {
    const p = this.params.partner ?? 'network';
    return p === 'network'
      ? t('scope.network')
      : (this.partners.find((x) => x.id === p)?.name ?? p);
  }

  override render(): TemplateResult {
    const s = this._data.state;
    const ind = this._data.value;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('overview.title', { scope: this._scopeName() })}</h1>
          ${ind ? html`<p class="sub" data-testid="period">${this._periodLine(ind)}</p>` : nothing}
        </div>
        <div class="head-tools">
          ${
            ind && !ind.withheld && this._factorSets.value
              ? html`<div class="field">
                <label for="factors">${t('overview.factors')}</label>
                <select id="factors" data-testid="factor-set" @change=${this._onFactors}>
                  ${this._factorSets.value.items.map((fs) => html`<option value=${fs.id} ?selected=${fs.id === ind.factorSet.id}>${factorSetName(fs)}</option>`)}
                </select>
              </div>`
              : nothing
          }
          ${ind && !ind.withheld ? html`<button type="button" @click=${() => this._downloadFigures(ind)} data-testid="overview-csv">${t('table.download')}</button>` : nothing}
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !ind ? renderLoading() : nothing}
      ${ind?.release ? this._renderRelease(ind.release) : nothing}
      ${ind?.withheld ? html`<div class="notice info" data-testid="withheld">${ind.release ? t('overview.withheldReleased') : t('overview.withheld')} <a href=${definitionHref(ind.release ? 'release-units' : 'suppression')}>${t('common.fewerThan5Why')}</a>${this._renderReasons(ind.suppressed)}</div>` : nothing}
      ${ind && !ind.withheld ? this._renderBody(ind, s.status === 'loading') : nothing}
    `;
  }

  /** Which months the figures of an analyst (or another partner) cover, and why (issue 10). */
  private _renderRelease(release: NonNullable<IndicatorsAnswer['release']>) {
    return html`<p class="notice info small" data-testid="release">
      ${
        release.months.length === 0 || release.from === null || release.to === null
          ? t('overview.releaseNone')
          : t('overview.release', {
              // ISO dates read as English-ish code in every language: format them.
              from: fmt().date(release.from),
              to: fmt().date(release.to),
              months: String(release.months.length),
            })
      }
      <a href=${definitionHref('release-units')}>${t('overview.releaseWhy')}</a>
    </p>`;
  }

  /** Each hidden figure with its reason, so that a reader knows what is missing and why. */
  private _renderReasons(items: IndicatorsAnswer['suppressed']) {
    if (items.length === 0) return nothing;
    return html`<ul class="small" data-testid="suppressed-list">
      ${items.map((x) => html`<li data-code=${x.code}>${describeSuppressed(x)}${x.shownToYou ? html` (${t('overview.shownToYou')})` : nothing}</li>`)}
    </ul>`;
  }

  private _periodLine(ind: IndicatorsAnswer): string {
    const f = fmt();
    const site = ind.scope.site ? ` · ${ind.scope.site}` : '';
    return `${f.date(ind.scope.from)} – ${f.date(ind.scope.to)} · ${t('overview.weeks', { weeks: f.number(ind.scope.weeks, ind.scope.weeks % 1 ? 1 : 0) })}${site}`;
  }

  private _renderBody(ind: Indicators, stale: boolean): TemplateResult {
    const f = fmt();
    const values = overviewValues(ind, f);
    const car = groupShift(ind, 'car');
    const active = activeShift(ind, false);
    const withEbike = activeShift(ind, true);
    const carKm = groupShift(ind, 'car', 'km');
    const co2 = formatCo2(ind.co2AvoidedKg, f);
    const heat = heatTotal(ind);
    const minutes = ind.activity.activeMinutesPerCommuterWeek;
    const target = ind.activity.whoTargetMinutesPerWeek ?? WHO_MINUTES_PER_WEEK;
    const tone = (v: number | null, goodWhenNegative: boolean): 'good' | 'bad' | 'neutral' =>
      v === null || Math.abs(v) < 0.05 ? 'neutral' : v < 0 === goodWhenNegative ? 'good' : 'bad';
    const noShift = ind.modalShift.noShiftReason;
    // Without trips (or without baseline surveys) there is no shift: say so, not "−62 pp".
    const shiftCompare = (baseline: number | null, followUp: number | null) =>
      noShift === 'no baseline survey'
        ? t('card.noBaselineCompare')
        : noShift !== null || baseline === null || followUp === null
          ? t('card.noShiftCompare', { baseline: baseline === null ? '–' : f.percent(baseline) })
          : t('card.shiftCompare', {
              baseline: f.percent(baseline),
              followUp: f.percent(followUp),
            });
    const crr = ind.modalShift.carReplacementRate;
    return html`
      <div class="stack ${stale ? 'stale' : ''}" aria-busy=${stale ? 'true' : 'false'}>
        ${noShift ? this._renderNoShift(ind) : nothing}
        <section class="cards" aria-label=${t('overview.figures')} data-testid="cards">
          <ms-stat-card data-testid="card-participants" label=${t('card.participants')} anchor="participants" .value=${values.participants} unit=${t('unit.activeCommuters')}
            .compare=${t('card.participantsCompare', { registered: f.number(ind.participants.registered), baseline: f.number(ind.baseline.commuters) })}></ms-stat-card>
          <ms-stat-card data-testid="card-trips" label=${t('card.trips')} anchor="trips" .value=${values.trips} unit=${t('unit.trips')}
            .compare=${t('card.byCarCompare', { share: f.percent(car.followUp), baseline: f.percent(car.baseline) })}></ms-stat-card>
          <ms-stat-card data-testid="card-distance" label=${t('card.distance')} anchor="distance" .value=${values.distance} unit=${t('unit.km')}
            .compare=${t('card.byCarKmCompare', { share: f.percent(carKm.followUp), baseline: f.percent(carKm.baseline) })}></ms-stat-card>
          <ms-stat-card data-testid="card-car-shift" label=${t('card.carShift')} anchor="modal-shift" .value=${values['car-shift']} unit=${t('unit.pp')} tone=${tone(car.pp, true)}
            emptyText=${t('card.noShift')} .compare=${shiftCompare(ind.baseline.commuters === 0 ? null : car.baseline, noShift ? null : car.followUp)}></ms-stat-card>
          <ms-stat-card data-testid="card-active-shift" label=${t('card.activeShift')} anchor="modal-shift" .value=${values['active-shift']} unit=${t('unit.pp')} tone=${tone(active.pp, false)}
            emptyText=${t('card.noShift')} .compare=${html`${shiftCompare(active.baseline, active.followUp)}${
              withEbike.pp === null || withEbike.baseline === null || withEbike.followUp === null
                ? nothing
                : html`<br /><span data-testid="incl-ebike">${t('card.inclEbike', { baseline: f.percent(withEbike.baseline), followUp: f.percent(withEbike.followUp), pp: f.pp(withEbike.pp) })}</span>`
            }`}></ms-stat-card>
          <ms-stat-card data-testid="card-car-km" label=${t('card.carKm')} anchor="car-km-substituted" .value=${values['car-km']} unit=${t('unit.km')}
            .compare=${html`${this._carKmCompare(ind)}${crr === null ? '' : html` · <a href=${definitionHref('car-replacement-rate')}>${t('card.carReplacement', { rate: f.percent(crr, 0) })}</a>`}`}></ms-stat-card>
          <ms-stat-card data-testid="card-co2" label=${t('card.co2')} anchor="co2-avoided" .value=${values.co2} unit=${co2.unit === 't' ? t('unit.tCo2') : t('unit.kgCo2')}
            .compare=${html`${t('card.co2Compare')} <a href=${definitionHref('factor-sets')}>${factorSetName(ind.factorSet)}</a>`}></ms-stat-card>
          <ms-stat-card data-testid="card-active-minutes" label=${t('card.activeMinutes')} anchor="activity" .value=${values['active-minutes']} unit=${t('unit.minPerWeek')}
            .compare=${t('card.activeMinutesCompare', { share: f.percent(minutes / target, 0), target: f.number(target) })}>
            <div class="meter" role="img" aria-label=${t('card.activeMinutesMeter', { minutes: f.number(minutes), target: f.number(target) })}>
              <span style="width:${Math.min(100, (minutes / target) * 100)}%"></span>
            </div>
          </ms-stat-card>
          <ms-stat-card data-testid="card-heat" label=${t('card.heat')} anchor="heat" .value=${values.heat} unit=${t('unit.perYear')}
            .compare=${t('card.heatCompare', { deaths: f.number(heat.deathsPreventedPerYear, Math.abs(heat.deathsPreventedPerYear) < 0.1 ? 3 : 2) })}></ms-stat-card>
        </section>
        ${
          ind.suppressed.length
            ? html`<p class="suppressed-note" data-testid="suppressed" title=${ind.suppressed.map((x) => describeSuppressed(x)).join(' ')}>
              ${t('overview.suppressed')}
              <a href=${definitionHref('suppression')}>${t('common.fewerThan5Why')}</a>
            </p>${this._renderReasons(ind.suppressed)}`
            : nothing
        }

        <section class="panel" aria-labelledby="more-h">
          <div class="panel-head"><h2 id="more-h">${t('overview.more')}</h2></div>
          <dl class="more">
            <div><dt><a class="def" href=${definitionHref('kcal')}>${t('more.kcal')}</a></dt><dd data-testid="kcal">${f.number(ind.activity.kcalNet)} kcal</dd></div>
            <div><dt><a class="def" href=${definitionHref('cycling-days')}>${t('more.cyclingDays')}</a></dt><dd data-testid="cycling-days">${ind.activity.cyclingDays === null ? t('common.fewerThan5') : f.number(ind.activity.cyclingDays)}</dd></div>
            <div><dt><a class="def" href=${definitionHref('unlabelled-km')}>${t('more.unlabelledKm')}</a></dt><dd>${f.number(ind.unlabelledKm)} ${t('unit.km')}</dd></div>
            <div><dt><a class="def" href=${definitionHref('heat')}>${t('more.cyclists')}</a></dt><dd data-testid="cyclists">${ind.health.cycling === null ? t('common.fewerThan5') : f.number(ind.health.cycling.people)}</dd></div>
            <div><dt><a class="def" href=${definitionHref('heat')}>${t('more.walkers')}</a></dt><dd>${ind.health.walking === null ? t('common.fewerThan5') : f.number(ind.health.walking.people)}</dd></div>
          </dl>
        </section>

        ${this._renderSplit(ind)}
      </div>
    `;
  }

  /** The empty state of a period without trips (or a scope without baseline surveys). */
  private _renderNoShift(ind: Indicators): TemplateResult {
    const f = fmt();
    if (ind.modalShift.noShiftReason === 'no baseline survey')
      return html`<div class="notice info" role="status" data-testid="no-data">${t('overview.noBaseline')}</div>`;
    const range = ind.dataRange;
    return html`<div class="notice info" role="status" data-testid="no-data">
      ${t('overview.noTrips')}${range ? html`: ${t('overview.noTripsRange', { from: f.date(range.from), to: f.date(range.to) })}` : '.'}
    </div>`;
  }

  /** Both ways of counting car-km (DESIGN.md section 3), per week so they can be compared. */
  private _carKmCompare(ind: Indicators): string {
    const f = fmt();
    const c = ind.carKmSubstituted;
    const perWeek =
      c.replacedModeKmPerWeek ?? (ind.scope.weeks > 0 ? c.replacedModeKm / ind.scope.weeks : 0);
    if (c.surveyKmPerWeek === null || c.surveyKmPerWeek === undefined)
      return t('card.carKmNoSurvey');
    return t('card.carKmPerWeek', {
      replaced: f.number(perWeek),
      survey: f.number(c.surveyKmPerWeek),
    });
  }

  private _renderSplit(ind: Indicators): TemplateResult {
    const byTrips = this._basis === 'trips';
    const { baseline: base, followUp: follow, columns, rows } = splitComparison(ind, this._basis);
    const caption = byTrips ? t('overview.splitTrips') : t('overview.splitKm');
    return html`<section class="panel" aria-labelledby="split-h">
      <div class="panel-head">
        <h2 id="split-h"><a class="def" href=${definitionHref('modal-split')}>${t('overview.split')}</a></h2>
        <div class="seg" role="group" aria-label=${t('overview.basis')}>
          <button type="button" aria-pressed=${byTrips} @click=${() => this._setBasis('trips')}>${t('basis.trips')}</button>
          <button type="button" aria-pressed=${!byTrips} @click=${() => this._setBasis('km')}>${t('basis.km')}</button>
        </div>
      </div>
      <ms-split-bars .rows=${[{ label: t('common.baseline'), shares: base }, { label: t('common.followUp'), shares: follow }]}></ms-split-bars>
      <details>
        <summary>${t('common.showTable')}</summary>
        <ms-data-table .caption=${caption} .columns=${columns} .rows=${rows} filename=${exportFilename(['modeshift', 'modal-split', this.params.partner, this.params.site, ind.scope.from, ind.scope.to, byTrips ? 'trips' : 'km'], 'csv')}></ms-data-table>
      </details>
      <p class="small muted" style="margin-top:.75rem">
        ${t('overview.splitMore')} <a href=${formatRoute('modal-split', scopeParams(this.params))}>${t('nav.modalSplit')}</a>
      </p>
    </section>`;
  }

  private _setBasis(basis: 'trips' | 'km'): void {
    this._basis = basis;
    this.requestUpdate();
  }

  private _downloadFigures(ind: Indicators): void {
    const heat = heatTotal(ind);
    const rows: Array<[string, number | null, string]> = [
      ['participants_registered', ind.participants.registered, 'commuters'],
      ['participants_active', ind.participants.active, 'commuters'],
      ['baseline_commuters', ind.baseline.commuters, 'commuters'],
      ['trips', ind.trips, 'trips'],
      ['distance', ind.distanceKm, 'km'],
      ['car_share_trips_baseline', groupShift(ind, 'car').baseline, 'fraction'],
      ['car_share_trips_follow_up', groupShift(ind, 'car').followUp, 'fraction'],
      ['car_shift_trips', groupShift(ind, 'car').pp, 'pp'],
      // Walking and pedal cycling; e-bikes in the rows after (the API's two shares).
      ['active_share_trips_baseline', activeShift(ind, false).baseline, 'fraction'],
      ['active_share_trips_follow_up', activeShift(ind, false).followUp, 'fraction'],
      ['active_shift_trips', activeShift(ind, false).pp, 'pp'],
      ['active_incl_ebike_share_trips_baseline', activeShift(ind, true).baseline, 'fraction'],
      ['active_incl_ebike_share_trips_follow_up', activeShift(ind, true).followUp, 'fraction'],
      ['active_incl_ebike_shift_trips', activeShift(ind, true).pp, 'pp'],
      ['car_km_substituted_replaced_mode', ind.carKmSubstituted.replacedModeKm, 'km'],
      [
        'car_km_substituted_replaced_mode_per_week',
        ind.carKmSubstituted.replacedModeKmPerWeek ?? null,
        'km/week',
      ],
      ['car_km_substituted_survey_per_week', ind.carKmSubstituted.surveyKmPerWeek, 'km/week'],
      ['car_replacement_rate', ind.modalShift.carReplacementRate, 'fraction'],
      ['co2_avoided', ind.co2AvoidedKg, `kg CO2e (${ind.factorSet.id})`],
      ['active_minutes_per_commuter_week', ind.activity.activeMinutesPerCommuterWeek, 'min/week'],
      ['kcal_net', ind.activity.kcalNet, 'kcal'],
      ['cycling_days', ind.activity.cyclingDays, 'days'],
      ['unlabelled_km', ind.unlabelledKm, 'km'],
      ['heat_value_per_year', heat.valuePerYear, `${heat.currency}/year`],
      ['heat_deaths_prevented_per_year', heat.deathsPreventedPerYear, 'deaths/year'],
    ];
    const scope = ind.scope;
    const csv = toCsv(
      ['indicator', 'value', 'unit', 'partner', 'site', 'from', 'to'],
      rows.map(([k, v, u]) => [k, v, u, scope.partner, scope.site ?? '', scope.from, scope.to]),
    );
    downloadText(
      exportFilename(
        ['modeshift', 'overview', scope.partner, scope.site, scope.from, scope.to],
        'csv',
      ),
      csv,
      'text/csv;charset=utf-8',
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-overview': MsOverview;
  }
}
