import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, del, get, patch } from '../api/client.js';
import type { Account, Leg, Mode, ReplacedMode, Trip } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { MODES } from '../lib/modes.js';
import { formatRoute } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

/** A leg as its form holds it: the selects offer only the API's modes, '' for none. */
interface LegDraft {
  mode: Mode;
  distanceKm: string;
  durationMin: string;
  replacedMode: ReplacedMode | '';
  /** Index of the stored leg this row edits (its start time and route stay), null for a new leg. */
  orig: number | null;
}

/** The API keeps 1 to 20 legs a trip. */
const MAX_LEGS = 20;

/** One trip, for staff to correct: modes, distances, the replaced mode; or to delete it. */
@customElement('ms-trip-fix')
export class MsTripFix extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.6rem 1.5rem;
        margin: 0 0 1.25rem;
      }
      dt {
        font-size: 0.8125rem;
        color: var(--ms-muted);
        font-weight: 600;
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      .legs {
        display: grid;
        gap: 0.75rem;
      }
      fieldset {
        border: 1px solid var(--ms-border);
        border-radius: 10px;
        padding: 0.75rem 1rem 1rem;
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0.6rem 1rem;
        margin: 0;
      }
      legend {
        font-weight: 650;
        padding: 0 0.3rem;
      }
      .field {
        display: grid;
        gap: 0.15rem;
        /* A grid item's minimum is its content: without this, inputs wider than the column
           spill into the next field (the distance box covered the duration box). */
        min-width: 0;
      }
      .field input,
      .field select {
        width: 100%;
        min-width: 0;
        box-sizing: border-box;
      }
      .leg-actions {
        display: flex;
        align-items: end;
      }
      .add-leg {
        margin-top: 0.75rem;
      }
      .actions {
        display: flex;
        gap: 0.75rem;
        flex-wrap: wrap;
        margin-top: 1.25rem;
      }
      .notice {
        margin-top: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor tripId = '';
  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _draft: { replacedMode: ReplacedMode | ''; legs: LegDraft[] } | null =
    null;
  @state() private accessor _message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() private accessor _busy = false;
  @state() private accessor _deleted = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _trip = new FetchController<Trip>(
    this,
    () => this.tripId || null,
    () => get('/trips/{id}', { params: { path: { id: this.tripId } } }, { fresh: true }),
    (trip) => {
      this._draft = {
        replacedMode: trip.replacedMode ?? '',
        legs: trip.legs.map((l, i) => ({
          orig: i,
          mode: l.mode,
          distanceKm: String(l.distanceKm),
          durationMin: l.durationMin === null ? '' : String(l.durationMin),
          replacedMode: l.replacedMode ?? '',
        })),
      };
    },
  );

  /** `value` comes from this form's own inputs; its selects list only the API's modes. */
  private _setLeg(i: number, key: keyof LegDraft, value: string): void {
    if (!this._draft) return;
    const legs = this._draft.legs.map((l, k) =>
      k === i ? ({ ...l, [key]: value } as LegDraft) : l,
    );
    this._draft = { ...this._draft, legs };
  }

  private _addLeg(): void {
    if (!this._draft || this._draft.legs.length >= MAX_LEGS) return;
    const leg: LegDraft = {
      mode: 'walk',
      distanceKm: '',
      durationMin: '',
      replacedMode: '',
      orig: null,
    };
    this._draft = { ...this._draft, legs: [...this._draft.legs, leg] };
    void this.updateComplete.then(() =>
      this.renderRoot
        .querySelector<HTMLSelectElement>(`#mode-${this._draft!.legs.length - 1}`)
        ?.focus(),
    );
  }

  private _removeLeg(i: number): void {
    if (!this._draft || this._draft.legs.length <= 1) return;
    this._draft = { ...this._draft, legs: this._draft.legs.filter((_, k) => k !== i) };
  }

  private async _save(e: SubmitEvent, trip: Trip): Promise<void> {
    e.preventDefault();
    if (!this._draft) return;
    this._busy = true;
    this._message = null;
    const legs = this._draft.legs.map((d) => {
      const orig: Leg | undefined = d.orig === null ? undefined : trip.legs[d.orig];
      return {
        mode: d.mode,
        distanceKm: Number(d.distanceKm.replace(',', '.')),
        durationMin: d.durationMin === '' ? null : Number(d.durationMin.replace(',', '.')),
        startedAt: orig?.startedAt ?? null,
        replacedMode: d.replacedMode || null,
        geometry: orig?.geometry ?? null,
      };
    });
    try {
      await patch('/trips/{id}', {
        params: { path: { id: trip.id } },
        body: { replacedMode: this._draft.replacedMode || null, legs },
      });
      clearCache();
      this._message = { kind: 'ok', text: t('trip.saved') };
      this._trip.reload();
    } catch (err) {
      this._message = {
        kind: 'error',
        text: err instanceof ApiError ? t('error.generic', { message: err.message }) : String(err),
      };
    } finally {
      this._busy = false;
    }
  }

  private async _delete(trip: Trip): Promise<void> {
    if (!confirm(t('trip.confirmDelete'))) return;
    this._busy = true;
    try {
      await del('/trips/{id}', { params: { path: { id: trip.id } } });
      clearCache();
      this._deleted = true;
    } catch (err) {
      this._message = {
        kind: 'error',
        text: err instanceof ApiError ? t('error.generic', { message: err.message }) : String(err),
      };
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    const back = html`<a href=${formatRoute('data-quality', this.account?.partnerId ? { partner: this.account.partnerId } : {})}>← ${t('nav.dataQuality')}</a>`;
    if (!this.tripId)
      return html`<div class="notice error" role="alert">${t('error.notFound')}</div>`;
    if (this._deleted)
      return html`<div class="notice info" role="status">${t('trip.deleted')}</div><p style="margin-top:1rem">${back}</p>`;
    const s = this._trip.state;
    const trip = this._trip.value;
    return html`
      <p class="small">${back}</p>
      <div class="view-head"><h1>${t('trip.title')}</h1></div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !trip ? renderLoading() : nothing}
      ${trip && this._draft ? this._renderTrip(trip) : nothing}
    `;
  }

  private _renderTrip(trip: Trip): TemplateResult {
    const f = fmt();
    const draft = this._draft!;
    const replacedOptions = [...MODES, 'none'];
    return html`<section class="panel">
      <dl>
        <div><dt>${t('col.trip')}</dt><dd>${trip.id}</dd></div>
        <div><dt>${t('col.commuter')}</dt><dd><a href=${formatRoute('commuter', { id: trip.commuterId })}>${trip.commuterId}</a></dd></div>
        <div><dt>${t('trip.day')}</dt><dd>${f.date(trip.localDay)}</dd></div>
        <div><dt>${t('trip.mainMode')}</dt><dd>${modeName(trip.mainMode)}</dd></div>
        <div><dt>${t('card.distance')}</dt><dd>${f.number(trip.distanceKm, 1)} ${t('unit.km')}</dd></div>
        <div><dt>${t('trip.duration')}</dt><dd>${trip.durationMin === null ? '–' : `${f.number(trip.durationMin)} min`}</dd></div>
      </dl>
      <form @submit=${(e: SubmitEvent) => this._save(e, trip)}>
        <div class="field" style="max-width:20rem;margin-bottom:1rem">
          <label for="replaced">${t('trip.replacedMode')}</label>
          <select id="replaced" @change=${(e: Event) => (this._draft = { ...draft, replacedMode: (e.target as HTMLSelectElement).value as ReplacedMode | '' })}>
            <option value="" ?selected=${draft.replacedMode === ''}>${t('trip.unlabelled')}</option>
            ${replacedOptions.map((m) => html`<option value=${m} ?selected=${m === draft.replacedMode}>${m === 'none' ? t('trip.noTrip') : modeName(m)}</option>`)}
          </select>
        </div>
        <div class="legs">
          ${draft.legs.map(
            (l, i) => html`<fieldset>
              <legend>${t('trip.leg', { n: i + 1 })}</legend>
              <div class="field">
                <label for="mode-${i}">${t('col.mode')}</label>
                <select id="mode-${i}" @change=${(e: Event) => this._setLeg(i, 'mode', (e.target as HTMLSelectElement).value)}>
                  ${MODES.map((m) => html`<option value=${m} ?selected=${m === l.mode}>${modeName(m)}</option>`)}
                </select>
              </div>
              <div class="field">
                <label for="km-${i}">${t('col.distanceKm')}</label>
                <input id="km-${i}" type="text" inputmode="decimal" .value=${l.distanceKm} @input=${(e: Event) => this._setLeg(i, 'distanceKm', (e.target as HTMLInputElement).value)} required />
              </div>
              <div class="field">
                <label for="min-${i}">${t('trip.durationMin')}</label>
                <input id="min-${i}" type="text" inputmode="decimal" .value=${l.durationMin} @input=${(e: Event) => this._setLeg(i, 'durationMin', (e.target as HTMLInputElement).value)} />
              </div>
              <div class="field">
                <label for="rep-${i}">${t('trip.legReplaced')}</label>
                <select id="rep-${i}" @change=${(e: Event) => this._setLeg(i, 'replacedMode', (e.target as HTMLSelectElement).value)}>
                  <option value="" ?selected=${l.replacedMode === ''}>${t('trip.asTrip')}</option>
                  ${replacedOptions.map((m) => html`<option value=${m} ?selected=${m === l.replacedMode}>${m === 'none' ? t('trip.noTrip') : modeName(m)}</option>`)}
                </select>
              </div>
              <div class="leg-actions">
                <button type="button" class="remove-leg" ?disabled=${this._busy || draft.legs.length <= 1} @click=${() => this._removeLeg(i)}>${t('trip.removeLeg', { n: i + 1 })}</button>
              </div>
            </fieldset>`,
          )}
        </div>
        <button type="button" class="add-leg" ?disabled=${this._busy || draft.legs.length >= MAX_LEGS} @click=${() => this._addLeg()}>${t('trip.addLeg')}</button>
        <div class="actions">
          <button class="primary" type="submit" ?disabled=${this._busy}>${t('trip.save')}</button>
          <button class="danger" type="button" ?disabled=${this._busy} @click=${() => this._delete(trip)}>${t('trip.delete')}</button>
        </div>
        ${this._message ? html`<div class="notice ${this._message.kind === 'error' ? 'error' : 'info'}" role=${this._message.kind === 'error' ? 'alert' : 'status'}>${this._message.text}</div>` : nothing}
      </form>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-trip-fix': MsTripFix;
  }
}
