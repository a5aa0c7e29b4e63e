import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, get, post } from '../api/client.js';
import type { Account, AgeBand, EnrolmentInfo, PrivacyNotice } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { getLanguage, modeName, t } from '../i18n/index.js';
import { MODES, type Mode } from '../lib/modes.js';
import { parseDecimal } from '../lib/trip-draft.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

const AGE_BANDS: ReadonlyArray<NonNullable<AgeBand>> = [
  '<20',
  '20-29',
  '30-39',
  '40-49',
  '50-59',
  '60-64',
  '65-74',
  '75+',
];

interface BaselineLeg {
  mode: Mode;
  km: string;
}

/**
 * Joining with an enrolment code (`#/join?code=…`, the link and QR code staff hand out), open
 * without signing in: the code is checked first (expired, used up, revoked and unknown codes
 * each get their own message), then account, privacy notice and baseline survey in one form,
 * sent in one request that also signs the new commuter in.
 */
@customElement('ms-join')
export class MsJoin extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      :host {
        max-width: 40rem;
      }
      form {
        display: grid;
        gap: 1rem;
      }
      .notice-text h3 {
        margin-top: 0.6rem;
      }
      .notice-text p {
        white-space: pre-line;
        font-size: 0.9rem;
      }
      .notice-text {
        max-height: 22rem;
        overflow: auto;
        border: 1px solid var(--ms-border);
        border-radius: 8px;
        padding: 0.25rem 0.75rem 0.75rem;
      }
    `,
  ];

  /** The enrolment code from the link. */
  @property() accessor code = '';
  /** Set when someone already signed in opens a join link. */
  @property({ attribute: false }) accessor account: Account | null = null;

  @state() private accessor _typed = '';
  @state() private accessor _info: EnrolmentInfo | null = null;
  @state() private accessor _codeError: ApiError | null = null;
  @state() private accessor _notice: PrivacyNotice | null = null;
  @state() private accessor _legs: BaselineLeg[] = [{ mode: 'car_driver', km: '' }];
  @state() private accessor _busy = false;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _invalid: string[] = [];

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _checked = '';
  private _noticeLang = '';

  override willUpdate(): void {
    if (this.code && this.code !== this._checked) {
      this._checked = this.code;
      void this._check(this.code);
    }
    const lang = getLanguage();
    if (this._info && lang !== this._noticeLang) {
      this._noticeLang = lang;
      get('/privacy-notice', { params: { query: { lang } } })
        .then((n) => (this._notice = n))
        .catch((err: unknown) => (this._error = asApiError(err)));
    }
  }

  private async _check(code: string): Promise<void> {
    this._info = null;
    this._codeError = null;
    try {
      this._info = await get('/enrolment/{code}', { params: { path: { code } } }, { fresh: true });
    } catch (err) {
      this._codeError = asApiError(err);
    }
  }

  private _codeMessage(e: ApiError): string {
    switch (e.code) {
      case 'enrolment_code_expired':
        return t('join.expired');
      case 'enrolment_code_exhausted':
        return t('join.exhausted');
      case 'enrolment_code_revoked':
        return t('join.revoked');
      case 'enrolment_code_unknown':
      case 'validation_failed':
        return t('join.unknown');
      case 'rate_limited':
        return t('join.rateLimited');
      case 'network':
        return t('error.network');
      default:
        return t('error.generic', { message: e.message });
    }
  }

  private _setLeg(i: number, change: Partial<BaselineLeg>): void {
    this._legs = this._legs.map((l, j) => (j === i ? { ...l, ...change } : l));
  }

  private async _submit(e: Event): Promise<void> {
    e.preventDefault();
    if (!this._info || !this._notice || this._busy) return;
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const text = (name: string): string => String(data.get(name) ?? '').trim();
    const invalid: string[] = [];
    const email = text('email');
    const password = String(data.get('password') ?? '');
    if (!/^[^\s@]+@[^\s@]+$/.test(email)) invalid.push('email');
    if (password.length < 10) invalid.push('password');
    const legs = this._legs.map((l) => ({ mode: l.mode, distanceKm: parseDecimal(l.km) }));
    legs.forEach((l, i) => {
      if (l.distanceKm === null || l.distanceKm < 0.001 || l.distanceKm > 300)
        invalid.push(`leg-${i}`);
    });
    const days = parseDecimal(text('days'));
    if (days === null || days > 7) invalid.push('days');
    const ageBand = text('ageBand');
    if (!(AGE_BANDS as readonly string[]).includes(ageBand)) invalid.push('ageBand');
    const weightText = text('weight');
    const weight = weightText === '' ? null : parseDecimal(weightText);
    if (weight !== null && (weight < 25 || weight > 250)) invalid.push('weight');
    if (weightText !== '' && weight === null) invalid.push('weight');
    if (data.get('accept') !== 'on') invalid.push('accept');
    this._invalid = invalid;
    if (invalid.length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    const displayName = text('displayName');
    this._busy = true;
    this._error = null;
    try {
      const res = await post('/enrolment/{code}/join', {
        params: { path: { code: this.code } },
        body: {
          email,
          password,
          locale: getLanguage(),
          displayName: displayName === '' ? null : displayName,
          shareName: data.get('shareName') === 'on',
          privacyNoticeAccepted: true,
          privacyNoticeVersion: this._notice.version,
          baseline: {
            usualLegs: legs.map((l) => ({ mode: l.mode, distanceKm: l.distanceKm! })),
            commutingDaysPerWeek: days!,
            ageBand: ageBand as NonNullable<AgeBand>,
            weightKg: weight,
          },
          session: 'cookie',
        },
      });
      location.hash = '#/home';
      this.dispatchEvent(
        new CustomEvent('ms-login', {
          detail: { account: res.account },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this._error = asApiError(err);
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('join.title')}</h1>
          <p class="sub">${t('join.lead')}</p>
        </div>
      </div>
      ${this.account ? html`<div class="notice info">${t('join.signedIn', { email: this.account.email })}</div>` : this._renderBody()}
    `;
  }

  private _renderBody(): TemplateResult {
    if (!this.code) return this._renderCodeForm(null);
    if (this._codeError) return this._renderCodeForm(this._codeError);
    if (!this._info) return html`<p class="loading" role="status">${t('common.loading')}</p>`;
    return this._renderForm(this._info);
  }

  private _renderCodeForm(error: ApiError | null): TemplateResult {
    return html`
      ${error ? html`<div class="notice error" role="alert" data-testid="code-error">${this._codeMessage(error)}</div>` : nothing}
      <form class="panel stack" @submit=${(e: Event) => {
        e.preventDefault();
        const code = this._typed.trim().toUpperCase();
        if (code) location.hash = `#/join?code=${encodeURIComponent(code)}`;
      }}>
        <div class="field">
          <label for="code">${t('join.code')}</label>
          <input id="code" type="text" autocomplete="off" autocapitalize="characters" .value=${this._typed || this.code}
            @input=${(e: Event) => (this._typed = (e.target as HTMLInputElement).value)} />
        </div>
        <div class="actions"><button type="submit" class="primary big">${t('join.checkCode')}</button></div>
      </form>
      <p><a href="#/">${t('join.haveAccount')}</a></p>
    `;
  }

  private _renderForm(info: EnrolmentInfo): TemplateResult {
    const bad = (name: string): 'true' | 'false' =>
      this._invalid.includes(name) ? 'true' : 'false';
    const where = info.siteName ? `${info.partnerName}, ${info.siteName}` : info.partnerName;
    return html`
      <div class="notice info" role="status" data-testid="code-ok">${t('join.valid', { where })}</div>
      ${this._error ? html`<div class="notice error" role="alert" data-testid="join-error">${this._error.code === 'weak_password' ? t('join.weakPassword') : this._error.message}</div>` : nothing}
      <form @submit=${this._submit} novalidate>
        <section class="panel stack" aria-labelledby="acc-h">
          <h2 id="acc-h">${t('join.account')}</h2>
          <div class="field">
            <label for="email">${t('login.email')}</label>
            <input id="email" name="email" type="email" autocomplete="email" aria-invalid=${bad('email')} />
          </div>
          <div class="field">
            <label for="password">${t('login.password')}</label>
            <input id="password" name="password" type="password" autocomplete="new-password" aria-invalid=${bad('password')}
              aria-describedby="pw-hint" />
            <span id="pw-hint" class="small muted">${t('join.passwordHint')}</span>
          </div>
          <div class="field">
            <label for="displayName">${t('join.displayName')}</label>
            <input id="displayName" name="displayName" type="text" autocomplete="nickname" />
          </div>
          <label class="check"><input type="checkbox" name="shareName" /> ${t('join.shareName')}</label>
        </section>
        <section class="panel stack" aria-labelledby="pn-h">
          <h2 id="pn-h">${this._notice?.title ?? t('join.privacy')}</h2>
          <div class="notice-text" tabindex="0" role="region" aria-labelledby="pn-h" data-testid="privacy-notice">
            ${this._notice ? this._notice.sections.map((s) => html`<h3>${s.heading}</h3><p>${s.body}</p>`) : html`<p class="loading">${t('common.loading')}</p>`}
          </div>
          <label class="check"><input type="checkbox" name="accept" data-testid="accept" aria-invalid=${bad('accept')} />
            ${t('join.accept')}</label>
          ${this._invalid.includes('accept') ? html`<span class="err">${t('join.mustAccept')}</span>` : nothing}
        </section>
        <section class="panel stack" aria-labelledby="bl-h">
          <h2 id="bl-h">${t('join.baseline')}</h2>
          <p class="small">${t('join.baselineLead')}</p>
          <ol class="plain">
            ${this._legs.map(
              (leg, i) => html`<li class="leg" data-testid="baseline-leg">
                <div class="fields">
                  <div class="field">
                    <label for=${`bl-mode-${i}`}>${t('log.mode', { n: i + 1 })}</label>
                    <select id=${`bl-mode-${i}`} @change=${(e: Event) => this._setLeg(i, { mode: (e.target as HTMLSelectElement).value as Mode })}>
                      ${MODES.map((m) => html`<option value=${m} ?selected=${leg.mode === m}>${modeName(m)}</option>`)}
                    </select>
                  </div>
                  <div class="field">
                    <label for=${`bl-km-${i}`}>${t('log.distanceKm')}</label>
                    <input id=${`bl-km-${i}`} type="text" inputmode="decimal" .value=${leg.km} aria-invalid=${bad(`leg-${i}`)}
                      @input=${(e: Event) => this._setLeg(i, { km: (e.target as HTMLInputElement).value })} />
                  </div>
                </div>
                ${this._legs.length > 1 ? html`<button type="button" @click=${() => (this._legs = this._legs.filter((_, j) => j !== i))}>${t('log.removeLeg', { n: i + 1 })}</button>` : nothing}
              </li>`,
            )}
          </ol>
          <button type="button" @click=${() => (this._legs = [...this._legs, { mode: 'walk', km: '' }])}>+ ${t('log.addLeg')}</button>
          <div class="fields">
            <div class="field">
              <label for="days">${t('survey.days')}</label>
              <input id="days" name="days" type="text" inputmode="decimal" value="5" aria-invalid=${bad('days')} />
            </div>
            <div class="field">
              <label for="ageBand">${t('join.ageBand')}</label>
              <select id="ageBand" name="ageBand" aria-invalid=${bad('ageBand')}>
                <option value="">${t('join.choose')}</option>
                ${AGE_BANDS.map((b) => html`<option value=${b}>${b}</option>`)}
              </select>
            </div>
            <div class="field">
              <label for="weight">${t('join.weight')}</label>
              <input id="weight" name="weight" type="text" inputmode="decimal" aria-invalid=${bad('weight')} />
            </div>
          </div>
        </section>
        ${this._invalid.length > 0 ? html`<p class="err" role="alert">${t('join.fixFields')}</p>` : nothing}
        <div class="actions">
          <button type="submit" class="primary big" ?disabled=${this._busy} data-testid="join-submit">${t('join.submit')}</button>
        </div>
      </form>
    `;
  }
}

function asApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-join': MsJoin;
  }
}
