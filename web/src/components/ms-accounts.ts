import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, get, patch } from '../api/client.js';
import type { Account } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t, type MessageKey } from '../i18n/index.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * The admin's accounts page: every account, disabled or not; disable or re-enable one, or set
 * a temporary password that the account must change at its next sign-in (PATCH /accounts/{id}).
 */
@customElement('ms-accounts')
export class MsAccounts extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .scroll {
        overflow-x: auto;
        /* Contains the headers' visually hidden (absolute) labels, which otherwise widen the page. */
        position: relative;
        border: 1px solid var(--ms-border);
        border-radius: 10px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.5rem 0.75rem;
        border-bottom: 1px solid var(--ms-border);
        vertical-align: middle;
      }
      th {
        font-weight: 600;
        color: var(--ms-muted);
        background: var(--ms-hover);
      }
      tr.off td {
        color: var(--ms-muted);
      }
      .actions {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
      }
      .tag {
        font-size: 0.75rem;
        padding: 0.05rem 0.4rem;
        border-radius: 6px;
        background: #fff4d6;
        color: #4a3500;
        margin-left: 0.35rem;
      }
      form.temp {
        display: flex;
        flex-wrap: wrap;
        gap: 0.4rem;
        align-items: center;
      }
      form.temp input {
        min-width: 14rem;
      }
      .notice {
        margin-bottom: 1rem;
      }
    `,
  ];

  @state() private accessor _accounts: Account[] | null = null;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _busy = false;
  @state() private accessor _editing: string | null = null;
  @state() private accessor _message: { kind: 'info' | 'error'; text: string } | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    try {
      this._accounts = (await get('/accounts', {}, { fresh: true })).items;
      this._error = null;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  private async _change(
    account: Account,
    body: { disabled?: boolean; temporaryPassword?: string },
    done: string,
  ): Promise<void> {
    this._busy = true;
    this._message = null;
    try {
      await patch('/accounts/{id}', { params: { path: { id: account.id } }, body });
      this._editing = null;
      // Reload first, so the confirmation never shows beside a table that still has the old state.
      await this._load();
      this._message = { kind: 'info', text: done };
    } catch (err) {
      this._message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this._busy = false;
    }
  }

  private _setTemporary(e: SubmitEvent, account: Account): void {
    e.preventDefault();
    const password = String(new FormData(e.target as HTMLFormElement).get('temporary') ?? '');
    if (password)
      void this._change(
        account,
        { temporaryPassword: password },
        t('accounts.temporarySet', { email: account.email }),
      );
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('accounts.title')}</h1>
          <p class="sub">${t('accounts.lead')}</p>
        </div>
      </div>
      ${this._message ? html`<div class="notice ${this._message.kind}" role=${this._message.kind === 'error' ? 'alert' : 'status'} data-testid="accounts-message">${this._message.text}</div>` : nothing}
      ${this._error ? renderError(this._error) : nothing} ${this._accounts === null && !this._error ? renderLoading() : nothing}
      ${this._accounts ? this._renderTable(this._accounts) : nothing}
    `;
  }

  private _renderTable(accounts: Account[]): TemplateResult {
    return html`<div class="scroll">
      <table data-testid="account-list">
        <thead>
          <tr>
            <th scope="col">${t('accounts.email')}</th>
            <th scope="col">${t('accounts.role')}</th>
            <th scope="col">${t('accounts.partner')}</th>
            <th scope="col">${t('accounts.status')}</th>
            <th scope="col"><span class="visually-hidden">${t('accounts.setTemporary')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${accounts.map((a) => this._renderRow(a))}
        </tbody>
      </table>
    </div>`;
  }

  private _renderRow(a: Account): TemplateResult {
    const status = a.disabled
      ? t('accounts.disabled')
      : a.mustChangePassword
        ? t('accounts.mustChange')
        : t('accounts.active');
    return html`<tr class=${a.disabled ? 'off' : ''} data-email=${a.email}>
      <td>${a.email}${a.demo ? html`<span class="tag">${t('accounts.demo')}</span>` : nothing}</td>
      <td>${t(`role.${a.role}` as MessageKey)}</td>
      <td>${a.partnerId ?? '–'}</td>
      <td>${status}</td>
      <td>
        ${
          this._editing === a.id
            ? html`<form class="temp" @submit=${(e: SubmitEvent) => this._setTemporary(e, a)}>
              <label class="visually-hidden" for="temp-${a.id}">${t('accounts.temporary', { email: a.email })}</label>
              <input id="temp-${a.id}" name="temporary" type="text" autocomplete="off" minlength="10" required placeholder=${t('accounts.temporary', { email: a.email })} />
              <button class="primary" type="submit" ?disabled=${this._busy}>${t('accounts.save')}</button>
              <button type="button" @click=${() => (this._editing = null)}>${t('accounts.cancel')}</button>
            </form>`
            : html`<div class="actions">
              <button
                type="button"
                class=${a.disabled ? '' : 'danger'}
                ?disabled=${this._busy}
                aria-label=${`${a.disabled ? t('accounts.enable') : t('accounts.disable')}: ${a.email}`}
                @click=${() => this._change(a, { disabled: !a.disabled }, t(a.disabled ? 'accounts.enabledDone' : 'accounts.disabledDone', { email: a.email }))}
              >
                ${a.disabled ? t('accounts.enable') : t('accounts.disable')}
              </button>
              <button type="button" ?disabled=${this._busy} aria-label=${`${t('accounts.setTemporary')}: ${a.email}`} @click=${() => (this._editing = a.id)}>${t('accounts.setTemporary')}</button>
            </div>`
        }
      </td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-accounts': MsAccounts;
  }
}
