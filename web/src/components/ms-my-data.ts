import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, del, get } from '../api/client.js';
import type { Account } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { downloadText } from '../lib/download.js';
import { localDb } from '../lib/local-db.js';
import { forgetAccount } from '../lib/offline-session.js';
import { renderError } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * My data: everything the server holds about me as a file, and deleting my account with all
 * my trips (after an explicit confirmation). What this phone keeps (queued trips, the usual
 * commute) goes too.
 */
@customElement('ms-my-data')
export class MsMyData extends LitElement {
  static override styles = [shared, viewStyles, commuterStyles];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _busy = false;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _confirm = false;
  @state() private accessor _exported = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private async _export(): Promise<void> {
    const id = this.account?.commuterId;
    if (!id) return;
    this._busy = true;
    this._error = null;
    try {
      const data = await get(
        '/commuters/{id}/export',
        { params: { path: { id } } },
        { fresh: true },
      );
      downloadText(
        `modeshift-my-data-${id}.json`,
        JSON.stringify(data, null, 2),
        'application/json',
      );
      this._exported = true;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  private async _delete(e: Event): Promise<void> {
    e.preventDefault();
    const id = this.account?.commuterId;
    if (!id || !this._confirm) return;
    this._busy = true;
    this._error = null;
    try {
      await del('/commuters/{id}', { params: { path: { id } } });
      const db = await localDb();
      await db.delete('usual', id);
      for (const key of await db.getAllKeysFromIndex('outbox', 'byCommuter', id))
        await db.delete('outbox', key);
      clearCache();
      forgetAccount();
      // The session went with the account: back to the sign-in page.
      location.hash = '#/';
      location.reload();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('data.title')}</h1>
          <p class="sub">${t('data.lead')}</p>
        </div>
      </div>
      ${this._error ? renderError(this._error) : nothing}
      <section class="panel stack" aria-labelledby="exp-h">
        <h2 id="exp-h">${t('data.exportTitle')}</h2>
        <p>${t('data.exportText')}</p>
        <div class="actions">
          <button type="button" class="big" data-testid="export-json" ?disabled=${this._busy}
            @click=${this._export}>${t('data.exportJson')}</button>
          <!-- A plain same-origin link: the session cookie goes with it, and the browser
               streams the ZIP to disk instead of holding it in a Blob. -->
          <a class="button big" data-testid="export-zip" download=${`modeshift-my-data-${this.account?.commuterId ?? ''}.zip`}
            href=${`/api/v1/commuters/${encodeURIComponent(this.account?.commuterId ?? '')}/export?format=zip`}
            @click=${() => (this._exported = true)}>${t('data.exportZip')}</a>
        </div>
        ${this._exported ? html`<p role="status">${t('data.exported')}</p>` : nothing}
      </section>
      <section class="panel stack" aria-labelledby="del-h">
        <h2 id="del-h">${t('data.deleteTitle')}</h2>
        <p>${t('data.deleteText')}</p>
        <form @submit=${this._delete} class="stack">
          <label class="check">
            <input type="checkbox" data-testid="confirm-delete" .checked=${this._confirm}
              @change=${(e: Event) => (this._confirm = (e.target as HTMLInputElement).checked)} />
            ${t('data.confirm')}
          </label>
          <div class="actions">
            <button type="submit" class="danger big" data-testid="delete-account"
              ?disabled=${this._busy || !this._confirm}>${t('data.delete')}</button>
          </div>
        </form>
      </section>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-my-data': MsMyData;
  }
}
