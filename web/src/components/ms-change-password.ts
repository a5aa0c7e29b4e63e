import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, post } from '../api/client.js';
import type { Account } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * Changing one's own password (POST /auth/password), and the only page open after signing in
 * with a temporary password (`forced`). Fires `ms-password-changed` with the updated account.
 */
@customElement('ms-change-password')
export class MsChangePassword extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      form {
        display: grid;
        gap: 0.9rem;
        max-width: 26rem;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      .field input {
        width: 100%;
      }
      .hint {
        color: var(--ms-muted);
        font-size: 0.85rem;
      }
      .notice {
        margin-bottom: 1rem;
      }
    `,
  ];

  @property({ type: Boolean }) accessor forced = false;
  @state() private accessor _busy = false;
  @state() private accessor _message: {
    kind: 'info' | 'error';
    text: string;
    detail?: string;
  } | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const currentPassword = String(data.get('current') ?? '');
    const newPassword = String(data.get('new') ?? '');
    if (newPassword !== String(data.get('confirm') ?? '')) {
      this._message = { kind: 'error', text: t('password.mismatch') };
      return;
    }
    this._busy = true;
    this._message = null;
    try {
      const res = await post('/auth/password', { body: { currentPassword, newPassword } });
      form.reset();
      this._message = {
        kind: 'info',
        text: t('password.changed', { count: String(res.endedSessions) }),
      };
      this.dispatchEvent(
        new CustomEvent('ms-password-changed', {
          detail: { account: res.account },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (err) {
      this._message = this._explain(err);
    } finally {
      this._busy = false;
    }
  }

  private _explain(err: unknown): { kind: 'error'; text: string; detail?: string } {
    if (!(err instanceof ApiError)) return { kind: 'error', text: String(err) };
    if (err.code === 'weak_password') {
      // zxcvbn's reasons come in English from the server: shown under the translated sentence.
      const reasons = Array.isArray(err.details)
        ? (err.details as Array<{ message?: string }>).map((d) => d.message ?? '').join(' ')
        : '';
      return { kind: 'error', text: t('password.weak'), detail: reasons };
    }
    const wrongCurrent =
      Array.isArray(err.details) &&
      (err.details as Array<{ path?: string }>).some((d) => d.path === 'currentPassword');
    if (wrongCurrent) return { kind: 'error', text: t('password.wrongCurrent') };
    return { kind: 'error', text: err.message };
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${this.forced ? t('password.forcedTitle') : t('password.title')}</h1>
          <p class="sub">${this.forced ? t('password.forced') : t('password.lead')}</p>
        </div>
      </div>
      <section class="panel">
        ${
          this._message
            ? html`<div class="notice ${this._message.kind}" role=${this._message.kind === 'error' ? 'alert' : 'status'} data-testid="password-message">
              ${this._message.text}${this._message.detail ? html`<br /><small>${this._message.detail}</small>` : nothing}
            </div>`
            : nothing
        }
        <form @submit=${this._submit} data-testid="password-form">
          <div class="field">
            <label for="current">${t('password.current')}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required />
          </div>
          <div class="field">
            <label for="new">${t('password.new')}</label>
            <input id="new" name="new" type="password" autocomplete="new-password" minlength="10" required aria-describedby="hint" />
            <span class="hint" id="hint">${t('password.hint')}</span>
          </div>
          <div class="field">
            <label for="confirm">${t('password.confirm')}</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength="10" required />
          </div>
          <div><button class="primary" type="submit" ?disabled=${this._busy}>${this._busy ? t('password.busy') : t('password.submit')}</button></div>
        </form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-change-password': MsChangePassword;
  }
  interface HTMLElementEventMap {
    'ms-password-changed': CustomEvent<{ account: Account }>;
  }
}
