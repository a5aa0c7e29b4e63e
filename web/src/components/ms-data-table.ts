import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { I18nController } from '../i18n/controller.js';
import { fmt, t } from '../i18n/index.js';
import { toCsv, type CsvValue } from '../lib/csv.js';
import { downloadText } from '../lib/download.js';
import { shared } from '../styles/shared.js';

export type TableRow = Record<string, CsvValue>;

export interface TableColumn {
  key: string;
  /** Shown in the header and used as the CSV header (with its unit). */
  label: string;
  numeric?: boolean;
  /** How a cell is shown; the CSV always has the raw value. */
  format?: (value: CsvValue, row: TableRow) => string | TemplateResult;
  /** A colour swatch before the cell text (modes). */
  swatch?: (row: TableRow) => string | null;
  /** Link the cell to another view. */
  href?: (row: TableRow) => string | null;
}

/**
 * A data table with a CSV download of exactly its rows. Charts put one of these next to them
 * as their text alternative.
 */
@customElement('ms-data-table')
export class MsDataTable extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      .tools {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 0.5rem;
        margin-bottom: 0.5rem;
        flex-wrap: wrap;
      }
      .scroll {
        overflow-x: auto;
        border: 1px solid var(--ms-border);
        border-radius: 10px;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
        font-variant-numeric: tabular-nums;
      }
      caption {
        text-align: left;
        font-weight: 600;
        padding: 0.6rem 0.75rem 0.2rem;
      }
      th,
      td {
        padding: 0.45rem 0.75rem;
        text-align: left;
        border-bottom: 1px solid var(--ms-border);
        white-space: nowrap;
      }
      thead th {
        white-space: normal;
        vertical-align: bottom;
        min-width: 4.5rem;
        line-height: 1.25;
        background: #f8fafb;
        font-size: 0.8125rem;
        color: var(--ms-muted);
        font-weight: 650;
        position: sticky;
        top: 0;
      }
      th.num,
      td.num {
        text-align: right;
      }
      /* The first column stays in view while a wide table scrolls sideways (phones). */
      tbody th,
      tfoot th,
      thead th:first-child {
        position: sticky;
        left: 0;
        z-index: 1;
      }
      tbody th {
        background: var(--ms-surface);
      }
      thead th:first-child {
        z-index: 2;
      }
      tbody tr:last-child td,
      tbody tr:last-child th {
        border-bottom: none;
      }
      tbody tr:hover {
        background: #fafbfc;
      }
      tfoot td,
      tfoot th {
        font-weight: 700;
        border-top: 2px solid var(--ms-border-strong);
        border-bottom: none;
        background: #f8fafb;
      }
      th button {
        all: unset;
        cursor: pointer;
        display: inline-flex;
        align-items: center;
        gap: 0.2rem;
      }
      th button:focus-visible {
        outline: 3px solid var(--ms-focus);
        outline-offset: 2px;
        border-radius: 3px;
      }
      .cell {
        display: inline-flex;
        align-items: center;
      }
      .empty {
        padding: 1rem;
        color: var(--ms-muted);
      }
    `,
  ];

  @property() accessor caption = '';
  @property({ type: Boolean }) accessor showCaption = false;
  @property({ attribute: false }) accessor columns: TableColumn[] = [];
  @property({ attribute: false }) accessor rows: TableRow[] = [];
  /** Totals, shown last and written last in the CSV. */
  @property({ attribute: false }) accessor footer: TableRow | null = null;
  @property() accessor filename = 'modeshift.csv';
  @property({ type: Boolean }) accessor sortable = false;

  @state() private accessor _sortKey: string | null = null;
  @state() private accessor _sortDesc = true;

  /** Registered with the element: it re-renders when the language changes. */
  protected readonly i18n = new I18nController(this);

  /** The rows as CSV: header of column labels, raw values. */
  toCsv(): string {
    const rows = this._sorted().map((r) => this.columns.map((c) => r[c.key]));
    if (this.footer) rows.push(this.columns.map((c) => this.footer![c.key]));
    return toCsv(
      this.columns.map((c) => c.label),
      rows,
    );
  }

  private _download(): void {
    downloadText(this.filename, this.toCsv(), 'text/csv;charset=utf-8');
  }

  private _sorted(): TableRow[] {
    if (!this._sortKey) return this.rows;
    const key = this._sortKey;
    const dir = this._sortDesc ? -1 : 1;
    return [...this.rows].sort((a, b) => {
      const x = a[key];
      const y = b[key];
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (
        (typeof x === 'number' && typeof y === 'number'
          ? x - y
          : String(x).localeCompare(String(y))) * dir
      );
    });
  }

  private _sortBy(key: string): void {
    if (this._sortKey === key) this._sortDesc = !this._sortDesc;
    else {
      this._sortKey = key;
      this._sortDesc = true;
    }
  }

  private _cell(c: TableColumn, row: TableRow, header: boolean): TemplateResult {
    const raw = row[c.key];
    const shown = c.format
      ? c.format(raw, row)
      : typeof raw === 'number'
        ? fmt().quantity(raw)
        : (raw ?? '');
    const swatch = c.swatch?.(row);
    const href = c.href?.(row);
    const content = html`<span class="cell">${swatch ? html`<span class="swatch" style="background:${swatch}"></span>` : nothing}${href ? html`<a href=${href}>${shown}</a>` : shown}</span>`;
    return header
      ? html`<th scope="row" class=${c.numeric ? 'num' : ''}>${content}</th>`
      : html`<td class=${c.numeric ? 'num' : ''}>${content}</td>`;
  }

  override render(): TemplateResult {
    const rows = this._sorted();
    return html`
      <div class="tools">
        ${this.showCaption ? html`<h3>${this.caption}</h3>` : html`<span></span>`}
        <button type="button" @click=${this._download} data-testid="csv" aria-label=${t('table.downloadNamed', { name: this.caption })}>
          <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><path d="M8 1v9m0 0 3.5-3.5M8 10 4.5 6.5M2 12v2h12v-2" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" /></svg>
          ${t('table.download')}
        </button>
      </div>
      <div class="scroll" tabindex="0" role="region" aria-label=${this.caption}>
        <table>
          <caption class=${this.showCaption ? 'visually-hidden' : 'visually-hidden'}>${this.caption}</caption>
          <thead>
            <tr>
              ${this.columns.map((c) => {
                const sorted = this._sortKey === c.key;
                const aria = sorted ? (this._sortDesc ? 'descending' : 'ascending') : 'none';
                return html`<th scope="col" class=${c.numeric ? 'num' : ''} aria-sort=${this.sortable ? aria : nothing}>
                  ${this.sortable ? html`<button type="button" @click=${() => this._sortBy(c.key)}>${c.label}${sorted ? (this._sortDesc ? ' ↓' : ' ↑') : ''}</button>` : c.label}
                </th>`;
              })}
            </tr>
          </thead>
          <tbody>
            ${rows.length === 0 ? html`<tr><td class="empty" colspan=${this.columns.length}>${t('common.noData')}</td></tr>` : nothing}
            ${rows.map((r) => html`<tr>${this.columns.map((c, i) => this._cell(c, r, i === 0))}</tr>`)}
          </tbody>
          ${this.footer ? html`<tfoot><tr>${this.columns.map((c, i) => this._cell(c, this.footer!, i === 0))}</tr></tfoot>` : nothing}
        </table>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ms-data-table': MsDataTable;
  }
}
