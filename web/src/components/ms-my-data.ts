import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, del, get, patch } from '../api/client.js';
import type { Account, CommuterDetail } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { t } from '../i18n/index.js';
import { downloadText } from '../lib/download.js';
import { FetchController } from '../lib/fetch-controller.js';
import { localDb } from '../lib/local-db.js';
import { forgetAccount } from '../lib/offline-session.js';
import { renderError } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/**
 * My data: my display name and whether my town's staff see it (else a pseudonym); everything the server holds about me as a file, and deleting my account with all
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
  @state() private accessor _nameSaved = false;
  /** The display name as last saved here (the shell's account keeps the one it signed in with). */
  @state() private accessor _savedName: string | null | undefined = undefined;

  /** The profile, for whether the name is shared now. */
  private readonly _profile = new FetchController<CommuterDetail>(
    this,
    () => this.account?.commuterId ?? null,
    () =>
      get(
        '/commuters/{id}',
        { params: { path: { id: this.account!.commuterId! } } },
        { fresh: true },
      ),
  );

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

  private async _saveName(e: Event): Promise<void> {
    e.preventDefault();
    const id = this.account?.commuterId;
    if (!id) return;
    const data = new FormData(e.target as HTMLFormElement);
    const displayName = String(data.get('displayName') ?? '').trim();
    this._busy = true;
    this._error = null;
    this._nameSaved = false;
    try {
      await patch('/commuters/{id}', {
        params: { path: { id } },
        body: { displayName: displayName || null, shareName: data.get('shareName') === 'on' },
      });
      this._savedName = displayName || null;
      clearCache();
      this._profile.reload();
      this._nameSaved = true;
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
      <section class="panel stack" aria-labelledby="name-h">
        <h2 id="name-h">${t('data.nameTitle')}</h2>
        <p>${t('data.nameText')}</p>
        <form @submit=${this._saveName} class="stack" data-testid="name-form">
          <div class="field"><label for="displayName">${t('data.displayName')}</label>
            <input id="displayName" name="displayName" type="text" maxlength="200" autocomplete="name"
              .value=${(this._savedName === undefined ? this.account?.displayName : this._savedName) ?? ''} /></div>
          <label class="check">
            <input type="checkbox" name="shareName" data-testid="share-name"
              .checked=${this._profile.value?.shareName ?? false} />
            ${t('data.shareName')}
          </label>
          <div class="actions">
            <button type="submit" class="big" data-testid="save-name"
              ?disabled=${this._busy || !this._profile.value}>${t('data.saveName')}</button>
          </div>
          ${this._nameSaved ? html`<p role="status">${t('data.nameSaved')}</p>` : nothing}
        </form>
      </section>
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
