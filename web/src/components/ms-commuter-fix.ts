import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, clearCache, get, post } from '../api/client.js';
import type { Account, Commuter, Survey } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, modeName, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import { MODES } from '../lib/modes.js';
import { formatRoute } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';

/** One commuter's surveys, with a form to record the missing baseline survey. */
@customElement('ms-commuter-fix')
export class MsCommuterFix extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
        gap: 0.6rem 1.5rem;
        margin: 0;
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
      form {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr));
        gap: 0.75rem 1rem;
        align-items: end;
      }
      .field {
        display: grid;
        gap: 0.15rem;
      }
      .notice {
        margin-top: 1rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor commuterId = '';
  @property({ attribute: false }) accessor account: Account | null = null;
  @state() private accessor _message: { kind: 'ok' | 'error'; text: string } | null = null;
  @state() private accessor _busy = false;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _data = new FetchController<{ commuter: Commuter; surveys: Survey[] }>(
    this,
    () => this.commuterId || null,
    async () => {
      const params = { path: { id: this.commuterId } };
      const [commuter, surveys] = await Promise.all([
        get('/commuters/{id}', { params }, { fresh: true }),
        get('/commuters/{id}/surveys', { params }, { fresh: true }),
      ]);
      return { commuter, surveys: surveys.items };
    },
  );

  private async _submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const body = {
      // The form's selects offer only the API's survey kinds and modes; the server checks again.
      kind: String(data.get('kind')) as Survey['kind'],
      takenOn: String(data.get('takenOn')),
      usualMode: String(data.get('usualMode')) as Survey['usualMode'],
      oneWayKm: Number(String(data.get('oneWayKm')).replace(',', '.')),
      daysPerWeek: Number(String(data.get('daysPerWeek')).replace(',', '.')),
    };
    this._busy = true;
    this._message = null;
    try {
      await post('/commuters/{id}/surveys', { params: { path: { id: this.commuterId } }, body });
      clearCache();
      this._message = { kind: 'ok', text: t('commuter.saved') };
      (e.target as HTMLFormElement).reset();
      this._data.reload();
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
    if (!this.commuterId)
      return html`<div class="notice error" role="alert">${t('error.notFound')}</div>`;
    const s = this._data.state;
    const d = this._data.value;
    return html`
      <p class="small">${back}</p>
      <div class="view-head"><h1>${t('commuter.title')}</h1></div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !d ? renderLoading() : nothing}
      ${d ? this._renderBody(d.commuter, d.surveys) : nothing}
    `;
  }

  private _renderBody(c: Commuter, surveys: Survey[]): TemplateResult {
    const f = fmt();
    const hasBaseline = surveys.some((s) => s.kind === 'baseline');
    const columns: TableColumn[] = [
      {
        key: 'kind',
        label: t('commuter.kind'),
        format: (v) => (v === 'baseline' ? t('common.baseline') : t('common.followUp')),
      },
      { key: 'takenOn', label: t('commuter.takenOn'), format: (v) => f.date(String(v)) },
      { key: 'usualMode', label: t('commuter.usualMode'), format: (v) => modeName(String(v)) },
      {
        key: 'oneWayKm',
        label: t('commuter.oneWayKm'),
        numeric: true,
        format: (v) => f.number(Number(v), 1),
      },
      {
        key: 'daysPerWeek',
        label: t('commuter.daysPerWeek'),
        numeric: true,
        format: (v) => f.number(Number(v), 1),
      },
    ];
    const rows: TableRow[] = surveys.map((s) => ({
      kind: s.kind,
      takenOn: s.takenOn,
      usualMode: s.usualMode,
      oneWayKm: s.oneWayKm,
      daysPerWeek: s.daysPerWeek,
    }));
    return html`<div class="stack">
      <section class="panel">
        <dl>
          <div><dt>${t('col.commuter')}</dt><dd>${c.id}</dd></div>
          <div><dt>${t('col.site')}</dt><dd>${c.siteId ?? '–'}</dd></div>
          <div><dt>${t('commuter.ageBand')}</dt><dd>${c.ageBand ?? '–'}</dd></div>
          <div><dt>${t('commuter.joined')}</dt><dd>${c.joinedOn ? f.date(c.joinedOn) : '–'}</dd></div>
        </dl>
      </section>
      <section class="panel" aria-labelledby="sv-h">
        <div class="panel-head"><h2 id="sv-h">${t('commuter.surveys')}</h2></div>
        ${hasBaseline ? nothing : html`<div class="notice info" style="margin-bottom:1rem">${t('commuter.noBaseline')}</div>`}
        <ms-data-table .caption=${t('commuter.surveys')} .columns=${columns} .rows=${rows} filename=${`modeshift-surveys-${c.id}.csv`}></ms-data-table>
      </section>
      <section class="panel" aria-labelledby="add-h">
        <div class="panel-head"><h2 id="add-h">${t('commuter.addSurvey')}</h2></div>
        <form @submit=${this._submit}>
          <div class="field">
            <label for="kind">${t('commuter.kind')}</label>
            <select id="kind" name="kind">
              <option value="baseline" ?selected=${!hasBaseline}>${t('common.baseline')}</option>
              <option value="followup" ?selected=${hasBaseline}>${t('common.followUp')}</option>
            </select>
          </div>
          <div class="field">
            <label for="takenOn">${t('commuter.takenOn')}</label>
            <input id="takenOn" name="takenOn" type="date" required .value=${c.joinedOn ?? ''} />
          </div>
          <div class="field">
            <label for="usualMode">${t('commuter.usualMode')}</label>
            <select id="usualMode" name="usualMode">
              ${MODES.map((m) => html`<option value=${m} ?selected=${m === 'car_driver'}>${modeName(m)}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="oneWayKm">${t('commuter.oneWayKm')}</label>
            <input id="oneWayKm" name="oneWayKm" type="number" min="0.1" max="300" step="0.1" required />
          </div>
          <div class="field">
            <label for="daysPerWeek">${t('commuter.daysPerWeek')}</label>
            <input id="daysPerWeek" name="daysPerWeek" type="number" min="0" max="7" step="0.5" value="5" required />
          </div>
          <div><button class="primary" type="submit" ?disabled=${this._busy}>${t('commuter.save')}</button></div>
        </form>
        ${this._message ? html`<div class="notice ${this._message.kind === 'error' ? 'error' : 'info'}" role=${this._message.kind === 'error' ? 'alert' : 'status'}>${this._message.text}</div>` : nothing}
      </section>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-commuter-fix': MsCommuterFix;
  }
}
