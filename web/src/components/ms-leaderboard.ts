import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { get } from '../api/client.js';
import type { Leaderboard } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { FetchController } from '../lib/fetch-controller.js';
import type { RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';

type Order = 'cyclingDays' | 'activeKm';

/** Default period without a filter (commuters): the last 12 whole months before this one. */
function defaultPeriod(today: Date): { from: string; to: string } {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const from = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
  const to = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return { from, to };
}

/**
 * Sites of a partner ranked by cycling days and active km per commuter (issue 11): live for
 * staff, from released months for commuters. Small sites are left out by the server and only
 * counted here.
 */
@customElement('ms-leaderboard')
export class MsLeaderboard extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .order {
        display: flex;
        gap: 0.5rem;
        flex-wrap: wrap;
        margin-bottom: 1rem;
      }
      .order button[aria-pressed='true'] {
        font-weight: 700;
        outline: 2px solid var(--ms-accent, currentColor);
      }
      table {
        width: 100%;
        border-collapse: collapse;
      }
      th,
      td {
        text-align: left;
        padding: 0.4rem 0.5rem;
        border-bottom: 1px solid var(--ms-border);
      }
      td.num,
      th.num {
        text-align: right;
        font-variant-numeric: tabular-nums;
      }
      .note {
        color: var(--ms-muted);
        font-size: 0.875rem;
        margin-top: 0.75rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor order: Order = 'cyclingDays';

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private _period(): { from: string; to: string } {
    const d = defaultPeriod(new Date());
    return { from: this.params.from ?? d.from, to: this.params.to ?? d.to };
  }

  private readonly _board = new FetchController<Leaderboard>(
    this,
    () => {
      const partner = this.params.partner;
      if (!partner || partner === 'network') return null;
      const p = this._period();
      return `${partner}|${p.from}|${p.to}|${this.order}`;
    },
    () => {
      const p = this._period();
      return get('/partners/{id}/leaderboard', {
        params: {
          path: { id: this.params.partner! },
          query: { from: p.from, to: p.to, by: this.order },
        },
      });
    },
  );

  override render(): TemplateResult {
    const s = this._board.state;
    const board = s.status === 'ok' ? s.value : null;
    return html`<section>
      <h1>${t('leaderboard.title')}</h1>
      <p>${t('leaderboard.intro')}</p>
      <div class="order" role="group" aria-label=${t('leaderboard.orderBy')}>
        ${(['cyclingDays', 'activeKm'] as const).map(
          (o) =>
            html`<button type="button" aria-pressed=${this.order === o ? 'true' : 'false'} @click=${() => (this.order = o)}>${t(o === 'cyclingDays' ? 'leaderboard.byCyclingDays' : 'leaderboard.byActiveKm')}</button>`,
        )}
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !board ? renderLoading() : nothing}
      ${board ? this._renderBoard(board) : nothing}
    </section>`;
  }

  private _renderBoard(b: Leaderboard): TemplateResult {
    const f = fmt();
    const rankOf = (s: Leaderboard['sites'][number]) =>
      this.order === 'cyclingDays' ? s.cyclingDaysRank : s.activeKmRank;
    return html`
      ${
        b.basis === 'released'
          ? html`<p class="note">${b.releasedMonths && b.releasedMonths.length > 0 ? t('leaderboard.released', { from: b.releasedMonths[0]!, to: b.releasedMonths[b.releasedMonths.length - 1]! }) : t('leaderboard.nothingReleased')}</p>`
          : html`<p class="note">${t('leaderboard.live', { from: b.from, to: b.to })}</p>`
      }
      ${
        b.sites.length === 0
          ? html`<p class="empty">${t('leaderboard.empty', { k: b.k })}</p>`
          : html`<table>
            <caption class="visually-hidden">${t('leaderboard.title')}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">${t('leaderboard.rank')}</th>
                <th scope="col">${t('leaderboard.site')}</th>
                <th scope="col" class="num">${t('leaderboard.cyclingDaysPerCommuter')}</th>
                <th scope="col" class="num">${t('leaderboard.activeKmPerCommuter')}</th>
                <th scope="col" class="num">${t('leaderboard.commuters')}</th>
              </tr>
            </thead>
            <tbody>
              ${b.sites.map(
                (s) => html`<tr>
                  <td class="num">${rankOf(s)}</td>
                  <th scope="row">${s.name}</th>
                  <td class="num">${f.number(s.cyclingDaysPerCommuter, 1)}</td>
                  <td class="num">${f.number(s.activeKmPerCommuter, 1)}</td>
                  <td class="num">${f.number(s.activeCommuters)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
      ${b.sitesLeftOut > 0 ? html`<p class="note left-out">${t('leaderboard.leftOut', { n: b.sitesLeftOut, k: b.k })}</p>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-leaderboard': MsLeaderboard;
  }
}
