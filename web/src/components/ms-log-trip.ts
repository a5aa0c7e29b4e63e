import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, del, get, patch } from '../api/client.js';
import type { Account, ReplacedMode, Trip } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { modeName, t } from '../i18n/index.js';
import { MODES, type Mode } from '../lib/modes.js';
import { makeTripId, sendTrips } from '../lib/outbox.js';
import {
  checkDraft,
  draftLegsOf,
  localParts,
  MAX_LEGS_PER_TRIP,
  moveLeg,
  tripOfDraft,
  type DraftLeg,
  type DraftProblem,
  type DraftTrip,
} from '../lib/trip-draft.js';
import { latestBaseline, loadUsual, saveUsual } from '../lib/usual-commute.js';
import { renderError } from '../lib/states.js';
import { commuterStyles } from '../styles/commuter.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-route-draw.js';
import type { DrawnRoute } from './ms-route-draw.js';

const REPLACED: ReadonlyArray<NonNullable<ReplacedMode>> = [...MODES, 'none'];

/**
 * Log a trip, or edit one (`#/log?id=<trip>`): date and time (now by default), ordered legs
 * with a mode chip, distance and optional duration each, and the mode it replaced, asked every
 * time with the baseline's usual mode preselected and overridable per leg. A new trip goes
 * through the outbox, so it is kept on the phone when there is no connection.
 */
@customElement('ms-log-trip')
export class MsLogTrip extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    commuterStyles,
    css`
      form {
        display: grid;
        gap: 1rem;
        max-width: 40rem;
      }
      details.override summary {
        font-size: 0.85rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor account: Account | null = null;
  /** The trip being edited; empty for a new one. */
  @property() accessor tripId = '';

  @state() private accessor _draft: DraftTrip = newDraft();
  @state() private accessor _problems: DraftProblem[] = [];
  @state() private accessor _saveUsual = false;
  @state() private accessor _busy = false;
  @state() private accessor _done: 'sent' | 'queued' | 'updated' | 'deleted' | null = null;
  @state() private accessor _error: ApiError | null = null;
  @state() private accessor _loaded: Trip | null = null;
  /** The leg whose route is being drawn on the map, or null. */
  @state() private accessor _drawing: number | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);
  private _loadedFor = '';

  override willUpdate(): void {
    const key = `${this.account?.commuterId ?? ''}|${this.tripId}`;
    if (key === this._loadedFor || !this.account?.commuterId) return;
    this._loadedFor = key;
    this._done = null;
    this._error = null;
    void this._prefill(this.account.commuterId);
  }

  private async _prefill(commuterId: string): Promise<void> {
    if (this.tripId) {
      try {
        const trip = await get(
          '/trips/{id}',
          { params: { path: { id: this.tripId } } },
          { fresh: true },
        );
        const at = localParts(new Date(trip.startedAt));
        this._loaded = trip;
        this._draft = {
          date: at.date,
          time: at.time,
          legs: draftLegsOf(trip.legs),
          replacedMode: trip.replacedMode,
        };
      } catch (err) {
        this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
      }
      return;
    }
    this._loaded = null;
    this._draft = newDraft();
    // The question "how would you have travelled otherwise?" starts at the baseline's answer.
    const [usual, baseline] = await Promise.all([
      loadUsual(commuterId).catch(() => null),
      latestBaseline(commuterId),
    ]);
    const replaced = usual?.replacedMode ?? baseline?.usualMode ?? null;
    this._draft = { ...this._draft, replacedMode: replaced };
  }

  private _setLeg(i: number, change: Partial<DraftLeg>): void {
    const legs = this._draft.legs.map((l, j) => (j === i ? { ...l, ...change } : l));
    this._draft = { ...this._draft, legs };
  }

  /** "Done" on the map: the drawn length fills the distance, the line goes with the leg. */
  private _routeDrawn(i: number, e: CustomEvent<DrawnRoute>): void {
    this._setLeg(i, { distanceKm: e.detail.distanceKm, geometry: e.detail.geometry });
    this._drawing = null;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`#km-${i}`)?.focus(),
    );
  }

  private _addLeg(): void {
    if (this._draft.legs.length >= MAX_LEGS_PER_TRIP) return;
    this._draft = { ...this._draft, legs: [...this._draft.legs, blankLeg('walk')] };
    void this.updateComplete.then(() => {
      const fields = this.renderRoot.querySelectorAll<HTMLInputElement>('input[name="distanceKm"]');
      fields[fields.length - 1]?.focus();
    });
  }

  private async _startFromUsual(): Promise<void> {
    const usual = await loadUsual(this.account!.commuterId!);
    if (!usual) return;
    this._draft = {
      ...this._draft,
      legs: draftLegsOf(usual.legs),
      replacedMode: usual.replacedMode ?? this._draft.replacedMode,
    };
  }

  private async _submit(e: Event): Promise<void> {
    e.preventDefault();
    const commuterId = this.account?.commuterId;
    if (!commuterId || this._busy) return;
    this._problems = checkDraft(this._draft);
    this._error = null;
    if (this._problems.length > 0) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    this._busy = true;
    try {
      const body = tripOfDraft(this._draft, this._loaded?.id ?? makeTripId(), commuterId);
      if (this._loaded) {
        await patch('/trips/{id}', {
          params: { path: { id: this._loaded.id } },
          body: {
            startedAt: body.startedAt,
            replacedMode: body.replacedMode ?? null,
            legs: body.legs,
          },
        });
        clearCache();
        this._done = 'updated';
        if (this._saveUsual) await saveUsual(commuterId, body.legs, body.replacedMode ?? null);
      } else {
        const outcome = await sendTrips(commuterId, [body]);
        if (typeof outcome === 'object') this._error = outcome.rejected;
        else {
          // After the trip, so that a refused usual commute never loses the trip itself.
          if (this._saveUsual) await saveUsual(commuterId, body.legs, body.replacedMode ?? null);
          this._done = outcome;
          this._draft = newDraft(this._draft.replacedMode);
          this._saveUsual = false;
        }
      }
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  private async _delete(): Promise<void> {
    if (!this._loaded || !confirm(t('log.confirmDelete'))) return;
    this._busy = true;
    try {
      await del('/trips/{id}', { params: { path: { id: this._loaded.id } } });
      clearCache();
      this._done = 'deleted';
      this._loaded = null;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  private _problem(field: DraftProblem['field']): DraftProblem | undefined {
    return this._problems.find((p) => p.field === field);
  }

  override render(): TemplateResult {
    const editing = Boolean(this.tripId);
    if (this._done === 'deleted')
      return html`<div class="notice info" role="status">${t('log.deleted')}</div>
        <p><a class="button" href="#/my-trips">${t('nav.myTrips')}</a></p>`;
    const d = this._draft;
    const dateErr = this._problem('date');
    const timeErr = this._problem('time');
    return html`
      <div class="view-head">
        <div>
          <h1>${editing ? t('log.editTitle') : t('log.title')}</h1>
          <p class="sub">${t('log.lead')}</p>
        </div>
      </div>
      ${this._renderDone()}
      ${this._error ? renderError(this._error) : nothing}
      <form @submit=${this._submit} novalidate>
        <div class="fields">
          <div class="field">
            <label for="date">${t('log.date')}</label>
            <input id="date" name="date" type="date" required .value=${d.date}
              aria-invalid=${dateErr ? 'true' : 'false'}
              @input=${(e: Event) => (this._draft = { ...d, date: (e.target as HTMLInputElement).value })} />
            ${dateErr ? html`<span class="err">${t(dateErr.key)}</span>` : nothing}
          </div>
          <div class="field">
            <label for="time">${t('log.time')}</label>
            <input id="time" name="time" type="time" required .value=${d.time}
              aria-invalid=${timeErr ? 'true' : 'false'}
              @input=${(e: Event) => (this._draft = { ...d, time: (e.target as HTMLInputElement).value })} />
            ${timeErr ? html`<span class="err">${t(timeErr.key)}</span>` : nothing}
          </div>
        </div>
        <section aria-labelledby="legs-h" class="stack">
          <div class="leg-head">
            <h2 id="legs-h">${t('log.legs')}</h2>
            ${editing ? nothing : html`<button type="button" @click=${this._startFromUsual} data-testid="from-usual">${t('log.fromUsual')}</button>`}
          </div>
          <ol class="plain" data-testid="legs">
            ${d.legs.map((leg, i) => this._renderLeg(leg, i, d.legs.length))}
          </ol>
          ${this._problem('legs') ? html`<p class="err">${t('log.errLegs')}</p>` : nothing}
          <button type="button" class="big" @click=${this._addLeg} data-testid="add-leg"
            ?disabled=${d.legs.length >= MAX_LEGS_PER_TRIP}>+ ${t('log.addLeg')}</button>
        </section>
        <div class="field">
          <label for="replaced">${t('log.replaced')}</label>
          <select id="replaced" name="replacedMode" data-testid="replaced"
            @change=${(e: Event) => (this._draft = { ...d, replacedMode: replacedOf((e.target as HTMLSelectElement).value) })}>
            <option value="" ?selected=${d.replacedMode === null}>${t('log.replacedUnknown')}</option>
            ${REPLACED.map((m) => html`<option value=${m} ?selected=${d.replacedMode === m}>${m === 'none' ? t('trip.noTrip') : modeName(m)}</option>`)}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" .checked=${this._saveUsual} data-testid="save-usual"
            @change=${(e: Event) => (this._saveUsual = (e.target as HTMLInputElement).checked)} />
          ${t('log.saveUsual')}
        </label>
        <div class="actions">
          <button type="submit" class="primary big" ?disabled=${this._busy} data-testid="save-trip">
            ${editing ? t('log.saveChanges') : t('log.save')}
          </button>
          ${editing ? html`<button type="button" class="danger big" ?disabled=${this._busy} @click=${this._delete} data-testid="delete-trip">${t('log.delete')}</button>` : nothing}
        </div>
      </form>
    `;
  }

  private _renderDone(): TemplateResult | typeof nothing {
    if (!this._done) return nothing;
    const text =
      this._done === 'sent'
        ? t('log.sent')
        : this._done === 'queued'
          ? t('log.queued')
          : t('log.updated');
    return html`<div class="notice info" role="status" data-testid="log-done">${text}
      <a href="#/home">${t('nav.home')}</a></div>`;
  }

  private _renderLeg(leg: DraftLeg, i: number, count: number): TemplateResult {
    const kmErr = this._problem(`legs.${i}.distanceKm`);
    const minErr = this._problem(`legs.${i}.durationMin`);
    const n = i + 1;
    return html`<li class="leg" data-testid="leg">
      <div class="leg-head">
        <h3>${t('log.leg', { n })}</h3>
        <div class="leg-tools">
          <button type="button" aria-label=${t('log.moveUp', { n })} ?disabled=${i === 0}
            @click=${() => (this._draft = { ...this._draft, legs: moveLeg(this._draft.legs, i, -1) })}>↑</button>
          <button type="button" aria-label=${t('log.moveDown', { n })} ?disabled=${i === count - 1}
            @click=${() => (this._draft = { ...this._draft, legs: moveLeg(this._draft.legs, i, 1) })}>↓</button>
          <button type="button" aria-label=${t('log.removeLeg', { n })} ?disabled=${count === 1}
            data-testid="remove-leg"
            @click=${() => (this._draft = { ...this._draft, legs: this._draft.legs.filter((_, j) => j !== i) })}>✕</button>
        </div>
      </div>
      <fieldset class="chips" role="radiogroup">
        <legend>${t('log.mode', { n })}</legend>
        ${MODES.map(
          (m) => html`<label class="chip">
            <input type="radio" name=${`mode-${i}`} value=${m} .checked=${leg.mode === m}
              @change=${() => this._setLeg(i, { mode: m })} /><span>${modeName(m)}</span>
          </label>`,
        )}
      </fieldset>
      <div class="fields">
        <div class="field">
          <label for=${`km-${i}`}>${t('log.distanceKm')}</label>
          <input id=${`km-${i}`} name="distanceKm" type="text" inputmode="decimal" autocomplete="off"
            .value=${leg.distanceKm} aria-invalid=${kmErr ? 'true' : 'false'}
            aria-describedby=${kmErr ? `km-${i}-err` : nothing}
            @input=${(e: Event) => this._setLeg(i, { distanceKm: (e.target as HTMLInputElement).value, geometry: null })} />
          ${kmErr ? html`<span class="err" id=${`km-${i}-err`}>${t(kmErr.key)}</span>` : nothing}
        </div>
        <div class="field">
          <label for=${`min-${i}`}>${t('log.durationMin')}</label>
          <input id=${`min-${i}`} name="durationMin" type="text" inputmode="decimal" autocomplete="off"
            .value=${leg.durationMin} aria-invalid=${minErr ? 'true' : 'false'}
            aria-describedby=${minErr ? `min-${i}-err` : nothing}
            @input=${(e: Event) => this._setLeg(i, { durationMin: (e.target as HTMLInputElement).value })} />
          ${minErr ? html`<span class="err" id=${`min-${i}-err`}>${t(minErr.key)}</span>` : nothing}
        </div>
      </div>
      ${
        this._drawing === i
          ? html`<ms-route-draw partnerId=${this.account?.partnerId ?? ''}
            @ms-route-done=${(e: CustomEvent<DrawnRoute>) => this._routeDrawn(i, e)}
            @ms-route-cancel=${() => (this._drawing = null)}></ms-route-draw>`
          : html`<button type="button" data-testid="draw-route" @click=${() => (this._drawing = i)}>
            ${t('log.drawRoute', { n })}</button>
            ${leg.geometry ? html`<p class="sub" data-testid="route-drawn">${t('log.routeDrawn', { km: leg.distanceKm })}</p>` : nothing}`
      }
      <details class="override" ?open=${leg.replacedMode !== null}>
        <summary>${t('log.overrideLeg')}</summary>
        <div class="field">
          <label for=${`rep-${i}`}>${t('log.replacedLeg', { n })}</label>
          <select id=${`rep-${i}`} @change=${(e: Event) => this._setLeg(i, { replacedMode: replacedOf((e.target as HTMLSelectElement).value) })}>
            <option value="" ?selected=${leg.replacedMode === null}>${t('log.sameAsTrip')}</option>
            ${REPLACED.map((m) => html`<option value=${m} ?selected=${leg.replacedMode === m}>${m === 'none' ? t('trip.noTrip') : modeName(m)}</option>`)}
          </select>
        </div>
      </details>
    </li>`;
  }
}

function blankLeg(mode: Mode): DraftLeg {
  return { mode, distanceKm: '', durationMin: '', replacedMode: null };
}

function newDraft(replacedMode: ReplacedMode | null = null): DraftTrip {
  const now = localParts(new Date());
  return { date: now.date, time: now.time, legs: [blankLeg('bike')], replacedMode };
}

function replacedOf(value: string): ReplacedMode | null {
  return (REPLACED as readonly string[]).includes(value) ? (value as ReplacedMode) : null;
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-log-trip': MsLogTrip;
  }
}
