import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, get } from '../api/client.js';
import type { CommuterListItem, CommuterPage, Partner, Site } from '../api/models.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { exportFilename } from '../lib/csv.js';
import { FetchController } from '../lib/fetch-controller.js';
import { formatRoute, type RouteParams } from '../lib/route.js';
import { renderError, renderLoading } from '../lib/states.js';
import { shared } from '../styles/shared.js';
import { viewStyles } from '../styles/view.js';
import './ms-data-table.js';
import type { TableColumn, TableRow } from './ms-data-table.js';

/**
 * Staff's list of their partner's commuters: the display name of those who chose to share it,
 * a stable pseudonym for everyone else, when they joined and their latest trip, each linked to
 * the commuter page. Pages of `pageSize`, the next one on "Load more".
 */
@customElement('ms-commuters')
export class MsCommuters extends LitElement {
  static override styles = [
    shared,
    viewStyles,
    css`
      .pseudonym {
        margin-left: 0.4rem;
        font-size: 0.75rem;
        color: var(--ms-muted);
        border: 1px solid var(--ms-border);
        border-radius: 99px;
        padding: 0 0.45rem;
      }
      .more {
        margin-top: 0.9rem;
      }
    `,
  ];

  @property({ attribute: false }) accessor params: RouteParams = {};
  @property({ attribute: false }) accessor partners: Partner[] = [];
  /** Commuters per page (the browser tests make it small to page through a small town). */
  @property({ attribute: false }) accessor pageSize = 100;
  /** The pages after the first, loaded with "Load more". */
  @state() private accessor _more: CommuterListItem[] = [];
  @state() private accessor _cursor: string | null = null;
  @state() private accessor _busy = false;
  @state() private accessor _error: ApiError | null = null;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  private readonly _first = new FetchController<CommuterPage>(
    this,
    () => (this.params.partner ? `${this.params.partner}|${this.pageSize}` : null),
    () => this._page(null),
    (page) => {
      this._more = [];
      this._cursor = page.nextCursor;
    },
  );

  private readonly _sites = new FetchController<{ items: Site[] }>(
    this,
    () => this.params.partner ?? null,
    () => get('/partners/{id}/sites', { params: { path: { id: this.params.partner! } } }),
  );

  private _page(cursor: string | null): Promise<CommuterPage> {
    return get(
      '/commuters',
      {
        params: {
          query: {
            partnerId: this.params.partner!,
            limit: this.pageSize,
            ...(cursor ? { cursor } : {}),
          },
        },
      },
      { fresh: true },
    );
  }

  private async _loadMore(): Promise<void> {
    if (!this._cursor) return;
    this._busy = true;
    this._error = null;
    try {
      const page = await this._page(this._cursor);
      this._more = [...this._more, ...page.items];
      this._cursor = page.nextCursor;
    } catch (err) {
      this._error = err instanceof ApiError ? err : new ApiError(0, 'network', String(err));
    } finally {
      this._busy = false;
    }
  }

  override render(): TemplateResult {
    const s = this._first.state;
    const first = this._first.value;
    const name =
      this.partners.find((p) => p.id === this.params.partner)?.name ?? this.params.partner ?? '';
    return html`
      <div class="view-head">
        <div>
          <h1>${t('commuters.title', { scope: name })}</h1>
          <p class="sub">${t('commuters.lead')}</p>
        </div>
      </div>
      ${s.status === 'error' ? renderError(s.error) : nothing}
      ${s.status === 'loading' && !first ? renderLoading() : nothing}
      ${first ? this._renderTable([...first.items, ...this._more]) : nothing}
      ${this._error ? renderError(this._error) : nothing}
    `;
  }

  private _renderTable(items: CommuterListItem[]): TemplateResult {
    const f = fmt();
    const partner = this.params.partner;
    const day = (v: unknown): string => (v ? f.date(String(v).slice(0, 10)) : '–');
    const columns: TableColumn[] = [
      {
        key: 'name',
        label: t('commuters.name'),
        href: (r) => formatRoute('commuter', { id: String(r.id), partner }),
        format: (v, r) =>
          r.pseudonymous
            ? html`${String(v)}<span class="pseudonym" data-testid="pseudonym">${t('commuters.pseudonym')}</span>`
            : String(v),
      },
      { key: 'joinedOn', label: t('commuters.joinedOn'), format: day },
      { key: 'lastTripOn', label: t('commuters.lastTrip'), format: day },
      {
        key: 'siteId',
        label: t('col.site'),
        format: (v) =>
          v ? (this._sites.value?.items.find((x) => x.id === v)?.name ?? String(v)) : '–',
      },
    ];
    const rows: TableRow[] = items.map((c) => ({
      id: c.id,
      name: c.name,
      pseudonymous: c.pseudonymous,
      joinedOn: c.joinedOn,
      lastTripOn: c.lastTripOn,
      siteId: c.siteId,
    }));
    return html`<section class="panel" data-testid="commuters">
      <div class="panel-head">
        <h2>${t('commuters.list')}</h2>
        <span class="small muted" data-testid="commuters-count">${t('commuters.shown', { n: f.number(rows.length) })}</span>
      </div>
      <ms-data-table .caption=${t('commuters.list')} .columns=${columns} .rows=${rows} sortable
        filename=${exportFilename(['modeshift', 'commuters', partner], 'csv')}></ms-data-table>
      ${
        this._cursor
          ? html`<div class="actions more"><button type="button" data-testid="load-more"
              ?disabled=${this._busy} @click=${this._loadMore}>${t('commuters.loadMore')}</button></div>`
          : nothing
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-commuters': MsCommuters;
  }
}
