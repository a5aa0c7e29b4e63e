import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { Account, Impact } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { factorScopeName, factorSetName, fmt, modeName, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { MODE_COLOURS, isMode, type Mode } from '../lib/modes.js';
import { renderError, renderLoading } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-bar-chart.js';
import './ms-data-table.js';

type Period = 'week' | 'month' | 'year' | 'all';
const PERIODS: readonly Period[] = ['week', 'month', 'year', 'all'];

/**
 * My impact: what the commuter's own trips add up to this week, month, year or ever, computed
 * by the server with the dashboard's indicator functions over all of their trips (GET
 * /commuters/{id}/impact). CO2 names its factor set and links to the method.
 */
@customElement('ms-impact')
export class MsImpact extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      .figures {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
        gap: 0.75rem;
      }
      .figure {
        background: var(--ms-surface);
        border: 1px solid var(--ms-border);
        border-radius: 12px;
        padding: 0.75rem 0.9rem;
      }
      .figure strong {
        display: block;
        font-size: 1.5rem;
        font-variant-numeric: tabular-nums;
      }
      .figure span {
        color: var(--ms-muted);
        font-size: 0.85rem;
      }
      meter {
        width: 100%;
        height: 1.1rem;
      }
      section + section {
        margin-top: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _period: Period = 'month';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _impact = new FetchController<Impact>(
    this,
    () => (this.account?.commuterId ? `${this.account.commuterId}|${this._period}` : null),
    () =>
      get(
        '/commuters/{id}/impact',
        { params: { path: { id: this.account!.commuterId! }, query: { period: this._period } } },
        { fresh: true },
      ),
  );

  override render(): TemplateResult {
    const s = this._impact.state;
    const value = this._impact.value;
    return html`
      <div class="view-head">
        <div>
          <h1>${t('impact.title')}</h1>
          <p class="sub">${t('impact.lead')}</p>
        </div>
        <div class="seg" role="group" aria-label=${t('impact.period')}>
          ${PERIODS.map(
            (p) => html`<button type="button" aria-pressed=${this._period === p ? 'true' : 'false'}
              data-testid=${`period-${p}`} @click=${() => (this._period = p)}>${t(`impact.${p}`)}</button>`,
          )}
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !value ? renderLoading() : nothing}
      ${value ? this._renderImpact(value) : nothing}
    `;
  }

  private _renderImpact(v: Impact): TemplateResult {
    const f = fmt();
    const a = v.activity;
    const modes = Object.entries(v.kmByMode)
      .filter(([m, km]) => isMode(m) && km > 0)
      .sort((x, y) => y[1] - x[1]) as Array<[Mode, number]>;
    return html`
      <p class="small muted">${t('impact.range', { from: f.date(v.from), to: f.date(v.to) })}</p>
      <div class="figures" data-testid="impact-figures">
        <div class="figure"><strong data-testid="impact-trips">${f.number(v.trips)}</strong><span>${t('unit.trips')}</span></div>
        <div class="figure"><strong data-testid="impact-km">${f.number(v.distanceKm, 1)}</strong><span>${t('unit.km')}</span></div>
        <div class="figure"><strong data-testid="impact-co2">${f.number(v.co2.co2AvoidedKg, 1)}</strong><span>${t('impact.co2')}</span></div>
        <div class="figure"><strong>${f.number(a.netKcal)}</strong><span>${a.weightKnown ? t('impact.netKcal') : t('impact.netKcal70')}</span></div>
        <div class="figure"><strong>${f.number(v.cyclingDays)}</strong><span>${t('more.cyclingDays')}</span></div>
        <div class="figure"><strong>${f.number(v.currentStreakDays)}</strong><span>${t('impact.streak')}</span></div>
      </div>
      <section class="panel stack" aria-labelledby="who-h">
        <h2 id="who-h">${t('impact.who')}</h2>
        <meter min="0" max=${a.whoTargetMinutesPerWeek} low=${a.whoTargetMinutesPerWeek * 0.99}
          optimum=${a.whoTargetMinutesPerWeek} value=${Math.min(a.activeMinutesPerWeek, a.whoTargetMinutesPerWeek)}
          aria-label=${t('impact.who')}></meter>
        <p>${t('impact.whoText', { min: f.number(a.activeMinutesPerWeek), target: f.number(a.whoTargetMinutesPerWeek) })}</p>
      </section>
      <section class="panel stack" aria-labelledby="co2-h">
        <h2 id="co2-h">${t('impact.co2')}</h2>
        <p>${t('impact.co2Text', { set: factorSetName(v.co2.factorSet), year: v.co2.factorSet.year, scope: factorScopeName(v.co2.factorSet.scope) })}
          <a href=${`#/methodology#${v.co2.methodologyAnchor}`}>${t('impact.how')}</a></p>
        ${v.co2.unlabelledKm > 0 ? html`<p class="small muted">${t('impact.unlabelled', { km: f.number(v.co2.unlabelledKm, 1) })}</p>` : nothing}
      </section>
      <section class="panel stack" aria-labelledby="km-h">
        <h2 id="km-h">${t('impact.kmByMode')}</h2>
        ${
          modes.length === 0
            ? html`<p class="muted">${t('my.none')}</p>`
            : html`<ms-bar-chart .items=${modes.map(([m, km]) => ({ label: modeName(m), value: km }))}
                axisLabel=${t('unit.km')} digits="1"></ms-bar-chart>
              <ms-data-table .caption=${t('impact.kmByMode')} filename="modeshift-my-km.csv"
                .columns=${[
                  {
                    key: 'mode',
                    label: t('col.mode'),
                    format: (x: unknown) => modeName(String(x)),
                    swatch: (r: { mode?: unknown }) => MODE_COLOURS[r.mode as Mode] ?? null,
                  },
                  {
                    key: 'km',
                    label: t('col.distanceKm'),
                    numeric: true,
                    format: (x: unknown) => f.number(Number(x), 1),
                  },
                ]}
                .rows=${modes.map(([mode, km]) => ({ mode, km: Math.round(km * 10) / 10 }))}></ms-data-table>`
        }
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-impact': MsImpact;
  }
}
