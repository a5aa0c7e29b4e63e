import { LitElement, css, html, nothing, svg, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, del, get, post } from '../api/client.js';
import type { Account, TrackerDevice, TrackerDeviceCreated } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { qrPath } from '../lib/qr.js';
import { renderError } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

type Kind = TrackerDeviceCreated extends { kind: infer K } ? K : string;
const KINDS = [
  { kind: 'owntracks', label: 'OwnTracks' },
  { kind: 'osmand', label: 'Traccar Client / OsmAnd' },
  { kind: 'gpslogger', label: 'GPSLogger' },
] as const;

/**
 * The commuter's trackers (issue 12): a phone app that sends positions to Modeshift with a
 * token of its own. Creating one shows the token once, the ready-to-paste settings and a QR
 * code of them for the app to scan; the list shows when each last sent a position; revoke.
 */
@customElement('ms-trackers')
export class MsTrackers extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      svg.qr {
        width: 100%;
        max-width: 16rem;
        height: auto;
        display: block;
        background: #fff;
      }
      svg.qr path {
        fill: #000;
      }
      code {
        word-break: break-all;
      }
      dl.settings {
        display: grid;
        grid-template-columns: minmax(0, auto) minmax(0, 1fr);
        gap: 0.2rem 0.75rem;
        margin: 0;
      }
      dl.settings dd {
        margin: 0;
      }
      .field {
        display: grid;
        gap: 0.25rem;
      }
      li.device {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--ms-border);
      }
      li.device .what {
        flex: 1 1 12rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _devices: TrackerDevice[] | null = null;
  @state() private accessor _created: TrackerDeviceCreated | null = null;
  @state() private accessor _kind: Kind = 'owntracks';
  @state() private accessor _name = '';
  @state() private accessor _busy = false;
  @state() private accessor _error: ApiError | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _loaded = false;

  override willUpdate(): void {
    if (this._loaded || !this.account) return;
    this._loaded = true;
    void this._load();
  }

  private async _load(): Promise<void> {
    try {
      this._devices = (await get('/devices', undefined, { fresh: true })).devices;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  private async _create(e: Event): Promise<void> {
    e.preventDefault();
    if (this._busy || !this._name.trim()) return;
    this._busy = true;
    this._error = null;
    try {
      this._created = await post('/devices', {
        body: { kind: this._kind as 'owntracks', name: this._name.trim() },
      });
      this._name = '';
      await this._load();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  private async _revoke(d: TrackerDevice): Promise<void> {
    if (this._busy || !confirm(t('trackers.confirmRevoke'))) return;
    this._busy = true;
    try {
      await del('/devices/{id}', { params: { path: { id: d.id } } });
      if (this._created?.id === d.id) this._created = null;
      await this._load();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('trackers.title')}</h1>
          <p class="sub">${t('trackers.lead')}</p>
        </div>
      </div>
      ${this._error ? renderError(this._error) : nothing}
      ${this._created ? this._renderCreated(this._created) : this._renderForm()}
      ${this._renderList()}
    `;
  }

  private _renderForm(): TemplateResult {
    return html`<form class="panel stack" @submit=${this._create} data-testid="tracker-form">
      <div class="field">
        <label for="kind">${t('trackers.kind')}</label>
        <select id="kind" data-testid="tracker-kind" .value=${this._kind}
          @change=${(e: Event) => (this._kind = (e.target as HTMLSelectElement).value as Kind)}>
          ${KINDS.map((k) => html`<option value=${k.kind} ?selected=${k.kind === this._kind}>${k.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="name">${t('trackers.name')}</label>
        <input id="name" data-testid="tracker-name" required maxlength="100" .value=${this._name}
          @input=${(e: Event) => (this._name = (e.target as HTMLInputElement).value)} />
      </div>
      <div class="actions">
        <button type="submit" class="primary big" data-testid="tracker-create" ?disabled=${this._busy}>${t('trackers.create')}</button>
      </div>
    </form>`;
  }

  private _renderCreated(c: TrackerDeviceCreated): TemplateResult {
    const qr = qrPath(c.setup.qrPayload);
    const rows: Array<[string, string]> = [
      ...Object.entries(c.setup.auth).map(([k, v]): [string, string] => [k, v]),
      ...Object.entries(c.setup.settings).map(([k, v]): [string, string] => [k, String(v)]),
    ];
    return html`<section class="panel stack" aria-labelledby="new-h" data-testid="tracker-created">
      <h2 id="new-h">${c.name}</h2>
      <p class="notice info" role="status">${t('trackers.tokenOnce')}</p>
      <dl class="settings">
        <dt>${t('trackers.token')}</dt><dd><code data-testid="tracker-token">${c.token}</code></dd>
        <dt>${t('trackers.url')}</dt><dd><code data-testid="tracker-url">${c.setup.url}</code></dd>
        ${rows.map(([k, v]) => html`<dt>${k}</dt><dd><code>${v}</code></dd>`)}
      </dl>
      <svg class="qr" data-testid="tracker-qr" viewBox=${`0 0 ${qr.size} ${qr.size}`} role="img"
        aria-label=${t('trackers.qr', { name: c.name })}>
        ${svg`<path d=${qr.d}></path>`}
      </svg>
      <div class="actions">
        <button type="button" class="big" data-testid="tracker-done" @click=${() => (this._created = null)}>${t('trackers.done')}</button>
      </div>
    </section>`;
  }

  private _renderList(): TemplateResult {
    const f = fmt();
    const devices = this._devices;
    return html`<section class="panel stack" aria-labelledby="list-h" data-testid="trackers">
      <h2 id="list-h">${t('trackers.list')}</h2>
      ${
        devices === null
          ? html`<p class="loading">${t('common.loading')}</p>`
          : devices.length === 0
            ? html`<p>${t('trackers.none')}</p>`
            : html`<ul class="plain">
              ${devices.map(
                (d) => html`<li class="device" data-testid="tracker">
                  <span class="what"><strong>${d.name}</strong> · ${KINDS.find((k) => k.kind === d.kind)?.label ?? d.kind} ·
                    ${
                      d.revokedAt
                        ? t('trackers.revoked')
                        : d.lastSeenAt
                          ? t('trackers.lastSeen', { date: f.date(d.lastSeenAt.slice(0, 10)) })
                          : t('trackers.neverSeen')
                    }</span>
                  ${
                    d.revokedAt
                      ? nothing
                      : html`<button type="button" class="danger" data-testid="tracker-revoke"
                          ?disabled=${this._busy} @click=${() => this._revoke(d)}>${t('trackers.revoke')}</button>`
                  }
                </li>`,
              )}
            </ul>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-trackers': MsTrackers;
  }
}
