import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, post } from '../api/client.js';
import type { AppConfig } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';

/** The sign-in form. Fires `ms-login` with the account once the session cookie is set. */
@customElement('ms-login')
export class MsLogin extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 3rem 0 2rem;
      }
      .card {
        max-width: 24rem;
        margin: 0 auto;
        padding: 2rem 1.75rem;
        background: var(--ms-surface);
        border: 1px solid var(--ms-border);
        border-radius: 14px;
        box-shadow: 0 1px 2px rgb(15 28 36 / 0.04), 0 8px 24px rgb(15 28 36 / 0.06);
      }
      .logo {
        display: flex;
        align-items: center;
        gap: 0.6rem;
        font-size: 1.35rem;
        font-weight: 750;
        margin-bottom: 0.35rem;
      }
      h1 {
        font-size: 1.35rem;
        margin-bottom: 0.35rem;
      }
      .lead {
        color: var(--ms-muted);
        margin-bottom: 1.5rem;
        font-size: 0.9375rem;
      }
      .field {
        display: grid;
        gap: 0.3rem;
        margin-bottom: 1rem;
      }
      .field input {
        width: 100%;
        min-height: 2.6rem;
      }
      button.primary {
        width: 100%;
        justify-content: center;
        min-height: 2.6rem;
        margin-top: 0.5rem;
        font-size: 1rem;
      }
      .notice {
        margin-bottom: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor config: AppConfig | null = null;
  @state() private accessor _busy = false;
  @state() private accessor _error: string | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      this._error = t('login.missing');
      return;
    }
    this._busy = true;
    this._error = null;
    try {
      // session "cookie": the secret stays in the HttpOnly cookie and out of this page's reach.
      const res = await post('/auth/login', { body: { email, password, session: 'cookie' } });
      this.dispatchEvent(
        new CustomEvent('ms-login', {
          detail: { account: res.account },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      if (
        err instanceof ApiError &&
        (err.status === 401 || err.status === 422 || err.status === 400)
      )
        this._error = t('login.failed');
      else if (err instanceof ApiError && err.status === 429) this._error = t('login.rateLimited');
      else
        this._error =
          err instanceof ApiError && err.status === 0 ? t('error.network') : t('login.failed');
      this._busy = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#password')?.select();
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="card">
        <div class="logo" aria-hidden="true">
          <svg width="32" height="32" viewBox="0 0 32 32">
            <rect width="32" height="32" rx="8" fill="#0b6e4f" />
            <path d="M8 22a4 4 0 1 0 0-.01M24 22a4 4 0 1 0 0-.01M8 22l5-9h7l4 9M13 13l-2-3h-2M20 13l1-3h3" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" />
          </svg>
          Modeshift
        </div>
        <h1>${t('login.title')}</h1>
        <p class="lead">${t('login.lead')}</p>
        ${this._error ? html`<div class="notice error" role="alert" data-testid="login-error">${this._error}</div>` : nothing}
        <form @submit=${this._submit} novalidate>
          <div class="field">
            <label for="email">${t('login.email')}</label>
            <input id="email" name="email" type="email" autocomplete="username" required autofocus />
          </div>
          <div class="field">
            <label for="password">${t('login.password')}</label>
            <input id="password" name="password" type="password" autocomplete="current-password" required />
          </div>
          <button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? t('login.busy') : t('login.submit')}</button>
        </form>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-login': MsLogin;
  }
}
