import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, post } from '../api/client.js';
import type { Account } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { modeName, t } from '../i18n/index.js';
import { MODES, type Mode } from '../lib/modes.js';
import { renderError } from '../lib/states.js';
import { localParts, parseDecimal } from '../lib/trip-draft.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * The follow-up survey: the baseline's questions again (usual main mode, one-way distance,
 * commuting days a week), so the shift of each commuter can be measured. Offered 3 and 6 months
 * after joining and at any time from here.
 */
@customElement('ms-follow-up')
export class MsFollowUp extends LitElement {
  static override styles = [shared, viewStyles, commuterStyles];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _mode: Mode = 'bike';
  @state() private accessor _km = '';
  @state() private accessor _days = '5';
  @state() private accessor _busy = false;
  @state() private accessor _done = false;
  @state() private accessor _invalid: Array<'km' | 'days'> = [];
  @state() private accessor _error: ApiError | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private async _submit(e: Event): Promise<void> {
    e.preventDefault();
    const id = this.account?.commuterId;
    if (!id || this._busy) return;
    const km = parseDecimal(this._km);
    const days = parseDecimal(this._days);
    this._invalid = [
      ...(km === null || km < 0.001 || km > 300 ? (['km'] as const) : []),
      ...(days === null || days > 7 ? (['days'] as const) : []),
    ];
    if (this._invalid.length > 0) return;
    this._busy = true;
    this._error = null;
    try {
      await post('/commuters/{id}/surveys', {
        params: { path: { id } },
        body: {
          kind: 'followup',
          takenOn: localParts(new Date()).date,
          usualMode: this._mode,
          oneWayKm: km!,
          daysPerWeek: days!,
        },
      });
      clearCache();
      this._done = true;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    if (this._done)
      return html`<div class="notice info" role="status" data-testid="survey-done">${t('survey.thanks')}
        <a href="#/home">${t('nav.home')}</a></div>`;
    const bad = (f: 'km' | 'days'): boolean => this._invalid.includes(f);
    return html`
      <div class="view-head">
        <div>
          <h1>${t('survey.title')}</h1>
          <p class="sub">${t('survey.lead')}</p>
        </div>
      </div>
      ${this._error ? renderError(this._error) : nothing}
      <form class="panel stack" @submit=${this._submit} novalidate>
        <fieldset class="chips">
          <legend>${t('survey.usualMode')}</legend>
          ${MODES.map(
            (m) => html`<label class="chip"><input type="radio" name="mode" value=${m}
              .checked=${this._mode === m} @change=${() => (this._mode = m)} /><span>${modeName(m)}</span></label>`,
          )}
        </fieldset>
        <div class="fields">
          <div class="field">
            <label for="km">${t('survey.oneWayKm')}</label>
            <input id="km" type="text" inputmode="decimal" .value=${this._km} aria-invalid=${bad('km') ? 'true' : 'false'}
              @input=${(e: Event) => (this._km = (e.target as HTMLInputElement).value)} />
            ${bad('km') ? html`<span class="err">${t('log.errDistance')}</span>` : nothing}
          </div>
          <div class="field">
            <label for="days">${t('survey.days')}</label>
            <input id="days" type="text" inputmode="decimal" .value=${this._days} aria-invalid=${bad('days') ? 'true' : 'false'}
              @input=${(e: Event) => (this._days = (e.target as HTMLInputElement).value)} />
            ${bad('days') ? html`<span class="err">${t('survey.errDays')}</span>` : nothing}
          </div>
        </div>
        <div class="actions">
          <button type="submit" class="primary big" ?disabled=${this._busy} data-testid="survey-save">${t('survey.save')}</button>
        </div>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-follow-up': MsFollowUp;
  }
}
