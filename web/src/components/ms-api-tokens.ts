import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { ApiError, del, get, post } from '../api/client.js';
import type { ApiToken, ApiTokenCreated } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/** Lifetimes offered when creating a token, in days; 0: until revoked. */
const EXPIRY_CHOICES_DAYS = [0, 30, 90, 365] as const;

/**
 * The signed-in account's API tokens, for scripts and integrations: create one (its secret is
 * shown once, here), read-only or not and with or without an expiry; see when each was last used,
 * revoke it.
 */
@customElement('ms-api-tokens')
export class MsApiTokens extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      form {
        display: flex;
        flex-wrap: wrap;
        align-items: flex-end;
        gap: 0.75rem;
      }
      form .field {
        display: grid;
        gap: 0.2rem;
        flex: 1 1 18rem;
        max-width: 28rem;
      }
      form .field input,
      form .field select {
        width: 100%;
      }
      form .field.narrow {
        flex: 0 1 16rem;
      }
      form .check {
        display: flex;
        align-items: center;
        gap: 0.4rem;
        flex: 1 1 100%;
      }
      .secret {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        margin-top: 0.6rem;
      }
      .secret code {
        font-size: 0.875rem;
        padding: 0.35rem 0.5rem;
        background: var(--ms-surface);
        border: 1px solid var(--ms-border);
        border-radius: 6px;
        word-break: break-all;
      }
      .scroll {
        overflow-x: auto;
        border: 1px solid var(--ms-border);
        border-radius: 10px;
        margin-top: 1.25rem;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
      }
      th,
      td {
        text-align: left;
        padding: 0.55rem 0.75rem;
        border-bottom: 1px solid var(--ms-border);
        vertical-align: middle;
      }
      tr:last-child td {
        border-bottom: none;
      }
      th {
        font-weight: 600;
        color: var(--ms-muted);
        background: var(--ms-hover);
      }
      tr.revoked td,
      tr.expired td {
        color: var(--ms-muted);
      }
      .notice {
        margin-top: 1rem;
      }
    `,
  ];

  @state() private accessor _tokens: ApiToken[] | null = null;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _name = '';
  @state() private accessor _readOnly = false;
  /** Lifetime in days, or 0 for a token that lasts until it is revoked. */
  @state() private accessor _expiresInDays = 0;
  @state() private accessor _busy = false;
  @state() private accessor _created: ApiTokenCreated | null = null;
  @state() private accessor _copied = false;
  @state() private accessor _message: { kind: 'info' | 'error'; text: string } | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void this._load();
  }

  private async _load(): Promise<void> {
    try {
      this._tokens = (await get('/auth/tokens', {}, { fresh: true })).items;
      this._error = null;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  private async _create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const name = this._name.trim();
    if (!name) return;
    this._busy = true;
    this._message = null;
    this._created = null;
    this._copied = false;
    try {
      const body = {
        name,
        scope: this._readOnly ? ('read' as const) : ('read_write' as const),
        ...(this._expiresInDays > 0 ? { expiresInDays: this._expiresInDays } : {}),
      };
      this._created = await post('/auth/tokens', { body });
      this._name = '';
      this._readOnly = false;
      this._expiresInDays = 0;
      await this._load();
    } catch (err) {
      this._message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this._busy = false;
    }
  }

  private async _revoke(token: ApiToken): Promise<void> {
    if (!confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    this._busy = true;
    this._message = null;
    try {
      await del('/auth/tokens/{id}', { params: { path: { id: token.id } } });
      if (this._created?.id === token.id) this._created = null;
      this._message = { kind: 'info', text: t('tokens.revoked', { name: token.name }) };
      await this._load();
    } catch (err) {
      this._message = { kind: 'error', text: err instanceof Error ? err.message : String(err) };
    } finally {
      this._busy = false;
    }
  }

  private async _copy(secret: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(secret);
      this._copied = true;
    } catch {
      // No clipboard (an insecure origin): the secret stays selectable on the page.
      const code = this.renderRoot.querySelector('[data-testid="token-secret"]');
      if (code) getSelection()?.selectAllChildren(code);
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('tokens.title')}</h1>
          <p class="sub">${t('tokens.lead')}</p>
        </div>
      </div>
      <section class="panel">
        <form @submit=${this._create}>
          <div class="field">
            <label for="token-name">${t('tokens.name')}</label>
            <input
              id="token-name"
              type="text"
              maxlength="100"
              required
              placeholder=${t('tokens.namePlaceholder')}
              .value=${this._name}
              @input=${(e: Event) => (this._name = (e.target as HTMLInputElement).value)}
            />
          </div>
          <div class="field narrow">
            <label for="token-expiry">${t('tokens.expiry')}</label>
            <select id="token-expiry" .value=${String(this._expiresInDays)} @change=${(e: Event) => (this._expiresInDays = Number((e.target as HTMLSelectElement).value))}>
              ${EXPIRY_CHOICES_DAYS.map(
                (days) =>
                  html`<option value=${String(days)} ?selected=${days === this._expiresInDays}>${days === 0 ? t('tokens.expiryNever') : t('tokens.expiryDays', { days })}</option>`,
              )}
            </select>
          </div>
          <label class="check">
            <input id="token-read-only" type="checkbox" .checked=${this._readOnly} @change=${(e: Event) => (this._readOnly = (e.target as HTMLInputElement).checked)} />
            ${t('tokens.readOnly')}
          </label>
          <button class="primary" type="submit" ?disabled=${this._busy || !this._name.trim()}>${t('tokens.create')}</button>
        </form>
        ${this._created ? this._renderSecret(this._created) : nothing}
        ${this._message ? html`<div class="notice ${this._message.kind}" role=${this._message.kind === 'error' ? 'alert' : 'status'}>${this._message.text}</div>` : nothing}
      </section>
      ${this._error ? renderError(this._error) : nothing} ${this._tokens === null && !this._error ? renderLoading() : nothing}
      ${this._tokens ? this._renderList(this._tokens) : nothing}
    `;
  }

  private _renderSecret(created: ApiTokenCreated): TemplateResult {
    return html`<div class="notice info" role="status" data-testid="new-token">
      <strong>${t('tokens.created', { name: created.name })}</strong>
      <div class="secret">
        <code data-testid="token-secret">${created.token}</code>
        <button type="button" @click=${() => this._copy(created.token)}>${this._copied ? t('tokens.copied') : t('tokens.copy')}</button>
      </div>
      <p>${t('tokens.usage')} <code>Authorization: Bearer ${created.token.slice(0, 8)}…</code></p>
    </div>`;
  }

  private _renderList(tokens: ApiToken[]): TemplateResult {
    if (tokens.length === 0) return html`<div class="notice info">${t('tokens.none')}</div>`;
    const f = fmt();
    const day = (iso: string) => f.date(iso.slice(0, 10));
    return html`<div class="scroll">
      <table data-testid="token-list">
        <thead>
          <tr>
            <th scope="col">${t('tokens.name')}</th>
            <th scope="col">${t('tokens.access')}</th>
            <th scope="col">${t('tokens.createdAt')}</th>
            <th scope="col">${t('tokens.lastUsed')}</th>
            <th scope="col">${t('tokens.status')}</th>
            <th scope="col"><span class="visually-hidden">${t('tokens.revoke')}</span></th>
          </tr>
        </thead>
        <tbody>
          ${tokens.map((tok) => {
            const expired = tok.expiresAt !== null && Date.parse(tok.expiresAt) <= Date.now();
            const status = tok.revokedAt
              ? t('tokens.revokedOn', { date: day(tok.revokedAt) })
              : expired
                ? t('tokens.expiredOn', { date: day(tok.expiresAt!) })
                : tok.expiresAt
                  ? `${t('tokens.active')}, ${t('tokens.expiresOn', { date: day(tok.expiresAt) }).toLowerCase()}`
                  : t('tokens.active');
            return html`<tr class=${tok.revokedAt ? 'revoked' : expired ? 'expired' : ''}>
              <td>${tok.name}</td>
              <td>${tok.scope === 'read' ? t('tokens.scopeRead') : t('tokens.scopeReadWrite')}</td>
              <td>${day(tok.createdAt)}</td>
              <td>${tok.lastUsedAt ? day(tok.lastUsedAt) : t('tokens.never')}</td>
              <td>${status}</td>
              <td>
                ${
                  tok.revokedAt
                    ? nothing
                    : html`<button class="danger" type="button" ?disabled=${this._busy} aria-label=${`${t('tokens.revoke')}: ${tok.name}`} @click=${() => this._revoke(tok)}>${t('tokens.revoke')}</button>`
                }
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-api-tokens': MsApiTokens;
  }
}
