import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { Account, CommuterDetail } from '../api/models.js';
import type { PendingTrip } from '../lib/local-db.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { discardPending, flushOutbox, onOutboxChange, pendingTrips } from '../lib/outbox.js';
import { mainModeOf } from '../lib/trip-draft.js';
import {
  cachedUsual,
  loadUsual,
  logUsual,
  type Tap,
  type UsualCommute,
} from '../lib/usual-commute.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

type FollowUp = CommuterDetail['followUpsDue'][number];

/**
 * The commuter's landing page: the usual commute logged with one tap ("to work", "back" or
 * "both today", so a normal day takes at most two taps), trips still waiting on this phone,
 * follow-up surveys when due, and the way to everything else.
 */
@customElement('ms-commuter-home')
export class MsCommuterHome extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      .usual-legs {
        font-weight: 600;
      }
      section + section {
        margin-top: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _usual: UsualCommute | null | undefined = undefined;
  @state() private accessor _pending: PendingTrip[] = [];
  @state() private accessor _followUps: FollowUp[] = [];
  @state() private accessor _busy = false;
  /** What the last tap did, for the status line (and which buttons are spent today). */
  @state() private accessor _logged: { tap: Tap; outcome: 'sent' | 'queued' } | null = null;
  @state() private accessor _tapError = '';
  @state() private accessor _online = navigator.onLine;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _off: Array<() => void> = [];
  private _loadedFor = '';
  private readonly _onNet = (): void => {
    this._online = navigator.onLine;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    this._off.push(onOutboxChange(() => void this._loadPending()));
    window.addEventListener('online', this._onNet);
    window.addEventListener('offline', this._onNet);
  }

  override disconnectedCallback(): void {
    for (const off of this._off) off();
    this._off = [];
    window.removeEventListener('online', this._onNet);
    window.removeEventListener('offline', this._onNet);
    super.disconnectedCallback();
  }

  override willUpdate(): void {
    const id = this.account?.commuterId;
    if (!id || id === this._loadedFor) return;
    this._loadedFor = id;
    void this._load(id);
    void this._loadPending();
  }

  /** The commuter (follow-ups due, as the server counts them) and then the usual commute. */
  private async _load(id: string): Promise<void> {
    let createdAt: string | null = null;
    try {
      const commuter = await get('/commuters/{id}', { params: { path: { id } } }, { fresh: true });
      createdAt = commuter.createdAt;
      this._followUps = commuter.followUpsDue;
    } catch {
      this._followUps = []; // offline: the dates come back with the connection
    }
    try {
      this._usual = await loadUsual(id, createdAt);
    } catch {
      this._usual = await cachedUsual(id).catch(() => null);
    }
  }

  private async _loadPending(): Promise<void> {
    const id = this.account?.commuterId;
    if (id) this._pending = await pendingTrips(id);
  }

  private async _tap(tap: Tap): Promise<void> {
    const id = this.account?.commuterId;
    if (!id || !this._usual?.oneTap || this._busy) return;
    this._busy = true;
    this._tapError = '';
    try {
      const outcome = await logUsual(this._usual, tap);
      if (typeof outcome === 'object') this._tapError = outcome.rejected.message;
      else this._logged = { tap, outcome };
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    return html`
      <div class="view-head">
        <div>
          <h1>${t('home.title')}</h1>
          <p class="sub">${t('home.lead')}</p>
        </div>
      </div>
      ${this._online ? nothing : html`<div class="notice info" role="status" data-testid="offline-note">${t('home.offline')}</div>`}
      ${this._renderUsual()} ${this._renderPending()} ${this._renderFollowUps()}
      <section class="panel" aria-labelledby="more-h">
        <h2 id="more-h" class="visually-hidden">${t('home.more')}</h2>
        <nav class="links" aria-labelledby="more-h">
          <a class="button" href="#/log" data-testid="link-log">${t('home.logTrip')}</a>
          <a class="button" href="#/my-trips">${t('nav.myTrips')}</a>
          <a class="button" href="#/impact">${t('nav.impact')}</a>
          <a class="button" href="#/import" data-testid="link-import">${t('nav.import')}</a>
          <a class="button" href="#/trackers">${t('nav.trackers')}</a>
          <a class="button" href="#/survey">${t('nav.survey')}</a>
          <a class="button" href="#/my-data">${t('nav.myData')}</a>
        </nav>
      </section>
    `;
  }

  private _renderUsual(): TemplateResult {
    const u = this._usual;
    if (u === undefined)
      return html`<section class="panel"><p class="loading">${t('common.loading')}</p></section>`;
    if (u === null)
      return html`<section class="panel stack" data-testid="no-usual">
        <h2>${t('home.usual')}</h2>
        <p>${t('home.noUsual')}</p>
        <p><a class="button primary big" href="#/log">${t('home.logTrip')}</a></p>
      </section>`;
    const f = fmt();
    const legs = u.legs
      .map((l) => `${modeName(l.mode)} ${f.number(l.distanceKm, 1)} km`)
      .join(' → ');
    return html`<section class="panel stack" aria-labelledby="usual-h" data-testid="usual">
      <h2 id="usual-h">${t('home.usual')}</h2>
      <p class="usual-legs">${legs}</p>
      ${
        u.oneTap
          ? nothing
          : html`<p data-testid="first-trip">${t('home.firstTrip')}</p>
            <p><a class="button primary big" href="#/log">${t('home.logFirstTrip')}</a></p>`
      }
      ${u.oneTap ? this._renderTaps() : nothing}
    </section>`;
  }

  private _renderTaps(): TemplateResult {
    const spent = (tap: Tap): boolean =>
      this._logged !== null &&
      (this._logged.tap === tap || this._logged.tap === 'both' || tap === 'both');
    return html`
      <div class="actions">
        <button type="button" class="primary big" data-testid="tap-to-work" ?disabled=${this._busy || spent('to_work')}
          @click=${() => this._tap('to_work')}>${t('home.toWork')}</button>
        <button type="button" class="primary big" data-testid="tap-back" ?disabled=${this._busy || spent('back')}
          @click=${() => this._tap('back')}>${t('home.back')}</button>
        <button type="button" class="big" data-testid="tap-both" ?disabled=${this._busy || spent('both')}
          @click=${() => this._tap('both')}>${t('home.both')}</button>
      </div>
      <p role="status" aria-live="polite" data-testid="tap-status">
        ${this._logged ? (this._logged.outcome === 'sent' ? t('home.loggedSent') : t('home.loggedQueued')) : ''}
        ${this._tapError ? html`<span class="err">${this._tapError}</span>` : nothing}
      </p>`;
  }

  private _renderPending(): TemplateResult | typeof nothing {
    if (this._pending.length === 0) return nothing;
    const f = fmt();
    return html`<section class="panel stack" aria-labelledby="pending-h" data-testid="pending">
      <h2 id="pending-h">${t('home.pending', { n: this._pending.length })}</h2>
      <ul class="plain">
        ${this._pending.map((p) => {
          const km = p.body.legs.reduce((s, l) => s + l.distanceKm, 0);
          return html`<li class="pending" data-testid="pending-trip">
            ${f.date(p.body.startedAt.slice(0, 10))} ${p.body.startedAt.slice(11, 16)} · ${modeName(mainModeOf(p.body.legs))} · ${f.number(km, 1)} km
            ${
              p.rejected
                ? html`<p class="err">${t('home.rejected', { message: p.rejected.message })}
                  <button type="button" class="danger" @click=${() => discardPending(p.id)}>${t('home.discard')}</button></p>`
                : html`<span class="small muted"> · ${t('home.waiting')}</span>`
            }
          </li>`;
        })}
      </ul>
      <p><button type="button" @click=${() => flushOutbox()} ?disabled=${!this._online}>${t('home.sendNow')}</button></p>
    </section>`;
  }

  private _renderFollowUps(): TemplateResult | typeof nothing {
    const open = this._followUps.filter((x) => !x.done);
    if (open.length === 0) return nothing;
    const f = fmt();
    return html`<section class="panel stack" aria-labelledby="fu-h" data-testid="follow-ups">
      <h2 id="fu-h">${t('home.followUps')}</h2>
      <ul class="plain">
        ${open.map(
          (x) => html`<li>
            ${t('home.followUpDue', { months: x.kind === 'followup_3m' ? 3 : 6, date: f.date(x.dueOn) })}
            ${x.due ? html` · <a href="#/survey">${t('home.followUpNow')}</a>` : nothing}
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-commuter-home': MsCommuterHome;
  }
}
