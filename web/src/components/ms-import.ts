import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, get, post, upload } from '../api/client.js';
import type { Account, ImportResult, Trip } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { dropReasonName, fmt, modeName, t } from '../i18n/index.js';
import { renderError } from '../lib/states.js';
import { localParts } from '../lib/trip-draft.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/** How many unconfirmed trips the list shows (the newest first); the rest come after these. */
const UNCONFIRMED_SHOWN = 100;

/** A trip's local start: "31 Aug 2012 07:45". */
function when(iso: string): string {
  const at = localParts(new Date(iso));
  return `${fmt().date(at.date)} ${at.time}`;
}

/**
 * Trips from a file the commuter's phone or watch recorded (issue 12): a file picker or drag
 * and drop, an upload progress bar, the server's report (points read, used and dropped with
 * reasons, warnings, trips created), and the unconfirmed trips with one-tap confirm, or
 * "correct", which opens the trip in the log form (saving the correction confirms it).
 */
@customElement('ms-import')
export class MsImport extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      .drop {
        border: 2px dashed var(--ms-border);
        border-radius: 0.5rem;
        padding: 1.25rem 1rem;
        text-align: center;
      }
      .drop.over {
        border-color: var(--ms-accent);
        background: var(--ms-surface-2, transparent);
      }
      .drop input[type='file'] {
        max-width: 100%;
      }
      progress {
        width: 100%;
        height: 1rem;
      }
      dl.report {
        display: grid;
        grid-template-columns: auto auto;
        gap: 0.2rem 1rem;
        margin: 0;
      }
      dl.report dd {
        margin: 0;
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      li.trip {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 0.5rem;
        padding: 0.5rem 0;
        border-bottom: 1px solid var(--ms-border);
      }
      li.trip .what {
        flex: 1 1 12rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _over = false;
  @state() private accessor _uploading: { name: string; sent: number; total: number } | null = null;
  @state() private accessor _result: ImportResult | null = null;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _unconfirmed: Trip[] | null = null;
  @state() private accessor _confirmed = new Set<string>();
  @state() private accessor _busyTrip = '';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _loadedFor = '';

  override willUpdate(): void {
    const id = this.account?.commuterId;
    if (!id || id === this._loadedFor) return;
    this._loadedFor = id;
    void this._loadUnconfirmed();
  }

  private async _loadUnconfirmed(): Promise<void> {
    try {
      const page = await get(
        '/trips',
        { params: { query: { status: 'unconfirmed', limit: UNCONFIRMED_SHOWN } } },
        { fresh: true },
      );
      this._unconfirmed = page.items;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    }
  }

  private async _send(file: File): Promise<void> {
    if (this._uploading) return;
    this._error = null;
    this._result = null;
    this._uploading = { name: file.name, sent: 0, total: file.size };
    const form = new FormData();
    form.append('file', file, file.name);
    try {
      this._result = await upload<ImportResult>('/imports', form, (sent, total) => {
        this._uploading = { name: file.name, sent, total };
      });
      clearCache();
      await this._loadUnconfirmed();
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._uploading = null;
    }
  }

  private _picked(e: Event): void {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this._send(file);
    input.value = ''; // the same file may be chosen again (a re-import stores nothing twice)
  }

  private _drop(e: DragEvent): void {
    e.preventDefault();
    this._over = false;
    const file = e.dataTransfer?.files[0];
    if (file) void this._send(file);
  }

  private async _confirm(trip: Trip): Promise<void> {
    if (this._busyTrip) return;
    this._busyTrip = trip.id;
    this._error = null;
    try {
      await post('/trips/{id}/confirm', { params: { path: { id: trip.id } } });
      clearCache();
      this._confirmed = new Set([...this._confirmed, trip.id]);
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busyTrip = '';
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('import.title')}</h1>
          <p class="sub">${t('import.lead')}</p>
        </div>
      </div>
      ${this._renderPicker()}
      ${this._error ? html`<div data-testid="import-error">${this._error.status >= 400 && this._error.status < 500 ? html`<div class="notice error" role="alert">${t('import.failed', { message: this._error.message })}</div>` : renderError(this._error)}</div>` : nothing}
      ${this._renderReport()} ${this._renderUnconfirmed()}
      <p><a href="#/trackers">${t('import.trackersLink')}</a></p>
    `;
  }

  private _renderPicker(): TemplateResult {
    const u = this._uploading;
    return html`<section class="panel stack">
      <div class=${this._over ? 'drop over' : 'drop'} data-testid="drop"
        @dragover=${(e: DragEvent) => {
          e.preventDefault();
          this._over = true;
        }}
        @dragleave=${() => (this._over = false)}
        @drop=${this._drop}>
        <label for="file" class="button primary big">${t('import.pick')}</label>
        <input id="file" type="file" data-testid="import-file" class="visually-hidden" ?disabled=${u !== null}
          accept=".gpx,.kml,.kmz,.geojson,.json,.fit,.rec,.zip,application/gpx+xml,application/vnd.google-earth.kml+xml,application/geo+json,application/json"
          @change=${this._picked} />
        <p class="small muted">${t('import.drop')}</p>
      </div>
      ${
        u
          ? html`<div role="status" aria-live="polite">
              <p>${u.sent < u.total ? t('import.uploading', { name: u.name }) : t('import.processing')}</p>
              <progress data-testid="import-progress" aria-label=${t('import.progress')}
                max=${u.total || 1} value=${u.sent}></progress>
            </div>`
          : nothing
      }
    </section>`;
  }

  private _renderReport(): TemplateResult | typeof nothing {
    const r = this._result;
    if (!r) return nothing;
    const f = fmt();
    const rep = r.report;
    return html`<section class="panel stack" aria-labelledby="rep-h" data-testid="import-report">
      <h2 id="rep-h">${t('import.report')}</h2>
      <dl class="report">
        <dt>${t('import.format')}</dt><dd>${rep.format}</dd>
        <dt>${t('import.pointsRead')}</dt><dd data-testid="points-read">${f.number(rep.pointsRead, 0)}</dd>
        <dt>${t('import.pointsUsed')}</dt><dd data-testid="points-used">${f.number(rep.pointsUsed, 0)}</dd>
        ${rep.dropped.map((d) => html`<dt>${t('import.dropped')}: ${dropReasonName(d.reason)}</dt><dd>${f.number(d.count, 0)}</dd>`)}
        ${rep.droppedBySegmentation.map((d) => html`<dt>${t('import.droppedNoise')}: ${dropReasonName(d.reason)}</dt><dd>${f.number(d.count, 0)}</dd>`)}
        <dt>${t('import.tripsCreated')}</dt><dd data-testid="trips-created">${f.number(r.trips.length, 0)}</dd>
        ${rep.tripsAlreadyStored > 0 ? html`<dt>${t('import.tripsAlready')}</dt><dd>${f.number(rep.tripsAlreadyStored, 0)}</dd>` : nothing}
        ${rep.tripsRefused.length > 0 ? html`<dt>${t('import.tripsRefused')}</dt><dd>${f.number(rep.tripsRefused.length, 0)}</dd>` : nothing}
      </dl>
      ${
        rep.warnings.length > 0 || rep.tripsRefused.length > 0
          ? html`<h3>${t('import.warnings')}</h3>
            <ul data-testid="import-warnings">
              ${rep.warnings.map((w) => html`<li>${w}</li>`)}
              ${rep.tripsRefused.map((x) => html`<li>${when(x.startedAt)}: ${x.message}</li>`)}
            </ul>`
          : nothing
      }
    </section>`;
  }

  private _renderUnconfirmed(): TemplateResult {
    const f = fmt();
    const trips = this._unconfirmed;
    return html`<section class="panel stack" aria-labelledby="unc-h" data-testid="unconfirmed">
      <h2 id="unc-h">${t('import.unconfirmed')}</h2>
      ${
        trips === null
          ? html`<p class="loading">${t('common.loading')}</p>`
          : trips.length === 0
            ? html`<p>${t('import.noUnconfirmed')}</p>`
            : html`<ul class="plain">
              ${trips.map((trip) => {
                const km = trip.legs.reduce((s, l) => s + l.distanceKm, 0);
                const done = this._confirmed.has(trip.id);
                return html`<li class="trip" data-testid="unconfirmed-trip" data-id=${trip.id}>
                  <span class="what">${when(trip.startedAt)} · ${trip.legs.map((l) => modeName(l.mode)).join(' → ')} · ${f.number(km, 1)} km</span>
                  ${
                    done
                      ? html`<span role="status" data-testid="confirmed">${t('import.confirmed')}</span>`
                      : html`<button type="button" class="primary big" data-testid="confirm"
                          ?disabled=${this._busyTrip !== ''} @click=${() => this._confirm(trip)}>${t('import.confirm')}</button>
                        <a class="button big" data-testid="correct" href=${`#/log?id=${encodeURIComponent(trip.id)}`}>${t('import.correct')}</a>`
                  }
                </li>`;
              })}
            </ul>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-import': MsImport;
  }
}
